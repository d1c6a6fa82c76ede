// Boots the panels' wasm (src/app/lazy.rs: the decisions and the calibration): loads the wasm-bindgen glue Trunk
// built for the `sandtable-panels` bin, then its wasm, next to this file, with the page's version query passed on
// (as the workers' boot scripts do). The panels mount themselves into the page's roots.
(() => {
  const version = new URL(document.currentScript.src).search;
  const glue = document.createElement("script");
  glue.src = "./sandtable-panels.js" + version;
  // A glue or wasm that cannot load (the network, a host's filter) marks the page `data-panels-failed`: the
  // stylesheet then says so where the panels would be, instead of a loading that never ends.
  const failed = () => document.body.setAttribute("data-panels-failed", "");
  glue.onerror = failed;
  glue.onload = () => wasm_bindgen({ module_or_path: "./sandtable-panels_bg.wasm" + version }).catch(failed);
  document.head.appendChild(glue);
})();
