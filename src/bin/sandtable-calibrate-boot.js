// Boots the calibration panel (src/app/calibrate.rs): loads the wasm-bindgen glue Trunk built for the
// `sandtable-calibrate` bin, then its wasm, next to this file, with the page's version query passed on (as the
// workers' boot scripts do). The panel mounts itself into the page's #calibrate-root.
(() => {
  const version = new URL(document.currentScript.src).search;
  const glue = document.createElement("script");
  glue.src = "./sandtable-calibrate.js" + version;
  glue.onload = () => wasm_bindgen({ module_or_path: "./sandtable-calibrate_bg.wasm" + version });
  document.head.appendChild(glue);
})();
