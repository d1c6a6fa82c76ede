//! The full embed's entry point (`?embed=1&edit=1`, or `&chart=fan|histogram|tornado`; see
//! `sandtable::app::mount_full_embed`): the embed view with every embeddable chart and its few drivers to move.
//! A read-only embed of a results chart loads `sandtable-embed`, which links none of their code.

#[cfg(target_arch = "wasm32")]
fn main() {
    sandtable::app::mount_full_embed();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sandtable-embed-full is the browser's full embed view: `trunk build` builds it (see README.md).");
}
