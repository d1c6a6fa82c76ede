// Boots the analysis worker (src/worker.rs): loads the wasm-bindgen glue Trunk built for the
// `sandtable-worker` bin, then its wasm. Both sit next to this file, so the app works from any path.
importScripts("./sandtable-worker.js");
wasm_bindgen({ module_or_path: "./sandtable-worker_bg.wasm" });
