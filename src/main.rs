//! The browser app's entry point: it only mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-app is the browser app: build it with `trunk build` (see README.md).");
}
