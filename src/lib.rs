//! Sandtable (沙盘): an e-commerce plan simulator. Everything but `app` is pure Rust, tested natively with
//! `cargo test`, and the folders name the architecture: the engine and scenario format (`model`), scenario
//! links with their deflate (`codec`), edits by field path with undo (`edit`), saved plans over any key-value
//! store (`library`), and presentation — number formats, the UI's words and exports (`present`) and charts over
//! any plotters backend (`charts`). Monte Carlo and the tornado (`analysis`) run on the same engine. The browser app (`app`) is compiled only for wasm32; the command line
//! (`cli`) only natively.

pub mod analysis;
pub mod calibrate;
pub mod charts;
pub mod codec;
pub mod edit;
pub mod import;
pub mod library;
pub mod model;
pub mod present;

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(target_arch = "wasm32")]
pub mod worker;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
