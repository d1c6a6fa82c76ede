// Where an edit's script time goes, by function, for the README's and ARCHITECTURE's figures (a tool, not a test):
//   bash scripts/profile-build.sh && node tests/e2e/profile-cpu.mjs target/dist-profiling
// Opens the default plan as the tests do (`open()`), moves Tmall's conversion slider 100 times (one edit a frame)
// under the CDP CPU profiler (sampled every 50 µs) and prints the time per edit by function: its own time, then its
// total (with what it calls). On dist/ itself the wasm's functions have no names; `scripts/profile-build.sh` makes a copy whose
// page wasm keeps them. Compare two builds in one run of the machine.
import { serve, launch, open, dist } from './lib.mjs';
const EDITS = 100;
const server = await serve(process.argv[2] || dist);
const browser = await launch();
// The page as the tests open it (1400 × 1000, zh-CN, the panels' wasm mounted), then left to settle.
const { page, context } = await open(browser, server.url);
await page.waitForTimeout(2000);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.evaluate(async edits => {
  const slider = document.querySelector('[data-testid="slider-channels.0.cvr"]');
  for (let i = 0; i < edits; i++) {
    slider.value = String(2 + (i % 10) * 0.2);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
}, EDITS);
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
await server.close();
// Each sample's time goes to its function (self) and, once, to every function on its stack (total).
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const name = n => (n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`).replace(/\[[0-9a-f]{16}\]/g, '');
const self = new Map();
const total = new Map();
const add = (m, k, dt) => m.set(k, (m.get(k) || 0) + dt);
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const leaf = byId.get(profile.samples[i]);
  add(self, name(leaf), dt);
  const seen = new Set();
  for (let id = leaf.id; id != null; id = parent.get(id)) {
    const nm = name(byId.get(id));
    if (!seen.has(nm)) { seen.add(nm); add(total, nm, dt); }
  }
}
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
  .map(([n, t]) => `${(t / EDITS).toFixed(3).padStart(7)}  ${n.slice(0, 200)}`).join('\n');
console.log(`# ms per edit, own time (${EDITS} edits)\n${top(self, 40)}`);
console.log(`\n# ms per edit, with what it calls\n${top(total, 80)}`);
