//! The editable embed's entry point (`?embed=1&edit=1`, see `sandtable::app::mount_editable_embed`): the embed
//! view with its few drivers to move. A read-only embed loads `sandtable-embed`, which links none of their code.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::app::mount_editable_embed();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-embed-edit is the browser's editable embed view: `trunk build` builds it (see README.md).");
}
