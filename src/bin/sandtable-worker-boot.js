// Boots the analysis worker (src/worker/mod.rs): loads the wasm-bindgen glue Trunk built for the
// `sandtable-worker` bin, then its wasm. Both sit next to this file, so the app works from any path; the page's
// version query (`?v=<the app's hashed file name>`) is passed on, so a cache never pairs the app with another build's worker.
// A worker booted `?solo&?v=…` (an embed's: it starts no helper; the mark is src/worker/split.rs's solo_mark) fetches the
// same files as the page's.
const version = self.location.search.replace("?solo&", "");
// A glue or wasm that cannot load (a network's hiccup) is tried again after 1 s, then after 2 and 4 s; a fourth
// failure is thrown outside its promise, as the worker's error: the page then says the worker stopped and starts
// another for its next request (an embed, by itself), instead of waiting for a worker that will never be ready.
const boot = wait => {
  const again = e => setTimeout(() => { if (wait > 4000) throw e; boot(wait * 2); }, wait > 4000 ? 0 : wait);
  try {
    if (typeof wasm_bindgen !== "function") importScripts("./sandtable-worker.js" + version);
    wasm_bindgen({ module_or_path: "./sandtable-worker_bg.wasm" + version }).catch(again);
  } catch (e) {
    again(e);
  }
};
boot(1000);
