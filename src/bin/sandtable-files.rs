//! The files worker's entry point (see `sandtable::worker`): it only starts the worker.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::worker::start_files();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-files is the browser's files worker: `trunk build` builds it (see README.md).");
}
