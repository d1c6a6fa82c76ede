//! The read-only embed's entry point (`?embed=1`, see `sandtable::app::mount_embed`): it only mounts the embed
//! view, so an iframe in a wiki page loads the engine, the KPI cards and a results chart, not the editor, the
//! drivers nor the Monte Carlo's charts (`&edit=1` and those charts load `sandtable-embed-full`).

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::app::mount_embed();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-embed is the browser's embed view: `trunk build` builds it (see README.md).");
}
