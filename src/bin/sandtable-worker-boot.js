// Boots a worker: the analysis worker (src/worker/mod.rs: the Monte Carlo, the tornado, goal seek, the optimiser) or,
// booted `?files&?v=…`, the files worker (actuals imports, results files). It loads the wasm-bindgen glue Trunk built
// for that bin (`sandtable-worker`, `sandtable-files`), then its wasm. Both sit next to this file, so the app works from
// any path; the page's version query (`?v=<the app's hashed file name>`) is passed on, so a cache never pairs the app
// with another build's worker. A mark before the version (`?files&`, or an embed's `?solo&`: that analysis worker
// starts no helper; src/worker/split.rs's solo_mark) is dropped: both analysis workers fetch the same files.
const [, mark, version] = /^(\?files&|\?solo&)?(.*)$/.exec(self.location.search);
const bin = mark === "?files&" ? "sandtable-files" : "sandtable-worker";
// A glue or wasm that cannot load (a network's hiccup) is tried again after 1 s, then after 2 and 4 s; a fourth
// failure is thrown outside its promise, as the worker's error: the page then says the worker stopped and starts
// another for its next request (an embed, by itself), instead of waiting for a worker that will never be ready.
const boot = wait => {
  const again = e => setTimeout(() => { if (wait > 4000) throw e; boot(wait * 2); }, wait > 4000 ? 0 : wait);
  try {
    if (typeof wasm_bindgen !== "function") importScripts(`./${bin}.js${version}`);
    wasm_bindgen({ module_or_path: `./${bin}_bg.wasm${version}` }).catch(again);
  } catch (e) {
    again(e);
  }
};
boot(1000);
