// Boots the files worker (src/worker/mod.rs: actuals imports, results files): loads the wasm-bindgen glue Trunk
// built for the `sandtable-files` bin, then its wasm, next to this file; the page's version query is passed on
// as for the analysis worker (sandtable-worker-boot.js).
const version = self.location.search;
importScripts("./sandtable-files.js" + version);
wasm_bindgen({ module_or_path: "./sandtable-files_bg.wasm" + version });
