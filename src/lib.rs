//! Sandtable (沙盘): an e-commerce plan simulator. Everything but `app` is pure Rust, tested natively with
//! `cargo test`: the engine and scenario format (`model`), number formats (`format`), edits by field path
//! (`edit`), the UI's words (`i18n`), charts over any plotters backend (`charts`), scenario links (`codec`,
//! `deflate`), undo (`history`), saved plans over any key-value store (`library`) and CSV export (`export`).
//! The browser app (`app`) is compiled only for wasm32; the command line (`cli`) only natively.

pub mod charts;
pub mod codec;
pub mod deflate;
pub mod edit;
pub mod export;
pub mod format;
pub mod history;
pub mod i18n;
pub mod library;
pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
