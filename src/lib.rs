//! Sandtable (沙盘): an e-commerce plan simulator. The engine (`model`), number formats (`format`) and charts
//! (`charts`) are pure Rust, tested natively; the browser app (`app`) is compiled only for wasm32.

pub mod export;
pub mod format;
pub mod history;
pub mod i18n;
pub mod library;
pub mod charts;
pub mod codec;
pub mod deflate;
pub mod edit;
pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
