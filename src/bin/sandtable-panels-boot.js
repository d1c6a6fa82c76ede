// Boots the panels' wasm (src/app/lazy.rs: the decisions and the calibration): loads the wasm-bindgen glue Trunk
// built for the `sandtable-panels` bin, then its wasm, next to this file, with the page's version query passed on
// (as the workers' boot scripts do). The panels mount themselves into the page's roots.
(() => {
  const version = new URL(document.currentScript.src).search;
  const glue = document.createElement("script");
  glue.src = "./sandtable-panels.js" + version;
  glue.onload = () => wasm_bindgen({ module_or_path: "./sandtable-panels_bg.wasm" + version });
  document.head.appendChild(glue);
})();
