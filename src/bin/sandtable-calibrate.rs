//! The calibration panel's entry point (see `sandtable::app::calibrate`): it only mounts the panel.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::app::calibrate::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-calibrate is the browser's calibration panel: `trunk build` builds it (see README.md).");
}
