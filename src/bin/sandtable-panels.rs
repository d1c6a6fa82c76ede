//! The panels' entry point (see `sandtable::app::lazy`): the decisions and the calibration, which the page
//! fetches after its first paint; it only mounts them into their roots in the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::app::lazy::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "sandtable-panels is the browser's decisions and calibration panels: `trunk build` builds it (see README.md)."
    );
}
