// Boots the files worker (src/worker/mod.rs: actuals imports, results files): loads the wasm-bindgen glue Trunk
// built for the `sandtable-files` bin, then its wasm, next to this file; the page's version query is passed on
// as for the analysis worker (sandtable-worker-boot.js).
const version = self.location.search;
// A glue or wasm that cannot load (a network's hiccup) is tried again after 1 s, then after 2 and 4 s; a fourth
// failure is thrown outside its promise, as the worker's error: the page then says the worker stopped and starts
// another for its next request (an embed, by itself), instead of waiting for a worker that will never be ready.
const boot = wait => {
  const again = e => setTimeout(() => { if (wait > 4000) throw e; boot(wait * 2); }, wait > 4000 ? 0 : wait);
  try {
    if (typeof wasm_bindgen !== "function") importScripts("./sandtable-files.js" + version);
    wasm_bindgen({ module_or_path: "./sandtable-files_bg.wasm" + version }).catch(again);
  } catch (e) {
    again(e);
  }
};
boot(1000);
