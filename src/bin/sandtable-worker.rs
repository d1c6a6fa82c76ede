//! The analysis worker's entry point (see `sandtable::worker`): it only starts the worker.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::worker::start_analysis();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-worker is the browser's analysis worker: `trunk build` builds it (see README.md).");
}
