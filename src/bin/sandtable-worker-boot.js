// Boots the analysis worker (src/worker/mod.rs): loads the wasm-bindgen glue Trunk built for the
// `sandtable-worker` bin, then its wasm. Both sit next to this file, so the app works from any path; the page's
// version query (`?v=<the app's hashed file name>`) is passed on, so a cache never pairs the app with another build's worker.
// A worker booted `?solo&?v=…` (an embed's: it starts no helper; the mark is src/worker/split.rs's solo_mark) fetches the
// same files as the page's.
const version = self.location.search.replace("?solo&", "");
importScripts("./sandtable-worker.js" + version);
wasm_bindgen({ module_or_path: "./sandtable-worker_bg.wasm" + version });
