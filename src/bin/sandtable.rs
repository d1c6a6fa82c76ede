//! The `sandtable` command line (see `sandtable --help` and README.md).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(sandtable::cli::main());
}

#[cfg(target_arch = "wasm32")]
fn main() {}
