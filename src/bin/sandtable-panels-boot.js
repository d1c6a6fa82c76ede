// Boots the panels' wasm (src/app/lazy.rs: the decisions and the calibration): loads the wasm-bindgen glue Trunk
// built for the `sandtable-panels` bin, then its wasm, next to this file, with the page's version query passed on
// (as the workers' boot scripts do). The panels mount themselves into the page's roots.
(() => {
  const version = new URL(document.currentScript.src).search;
  const body = document.body;
  // A glue or wasm that cannot load (the network, a host's filter) marks the page `data-panels-failed`: the
  // stylesheet then says so where the panels would be, instead of a loading that never ends. The load is tried
  // again when the browser is back online, and after 5 s, then twice as long each time up to a minute; one at a time.
  let loading = false, wait = 5000, timer = 0;
  const failed = () => {
    loading = false;
    body.setAttribute("data-panels-failed", "");
    clearTimeout(timer);
    timer = setTimeout(load, wait);
    wait = Math.min(wait * 2, 60000);
  };
  const init = () => wasm_bindgen({ module_or_path: "./sandtable-panels_bg.wasm" + version }).then(() => {
    clearTimeout(timer);
    body.removeAttribute("data-panels-failed");
  }, failed);
  function load() {
    if (loading) return;
    loading = true;
    if (typeof wasm_bindgen === "function") return init();
    const glue = document.createElement("script");
    glue.src = "./sandtable-panels.js" + version;
    glue.onerror = () => { glue.remove(); failed(); };
    glue.onload = init;
    document.head.appendChild(glue);
  }
  addEventListener("online", () => { if (body.hasAttribute("data-panels-failed")) load(); });
  load();
})();
