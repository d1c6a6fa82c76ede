// Where a Monte Carlo's time goes, for the README's figures (a tool, not a test):
//   node tests/e2e/profile-mc.mjs [dist]     (default: dist/, or SANDTABLE_DIST)
// Opens the default plan, waits for its Monte Carlo, then types 12 order values as the timing test does and splits
// each `sandtable:montecarlo` measure into: the page before it posts the plan, the worker (post to answer: the
// trials, in the worker and its helper), and the page after the answer (reading it, drawing the bands). Run it on
// two builds back to back (a `git worktree` of the old commit) and compare within one run of the machine. It also
// prints the typed edits' own `sandtable:update` and `sandtable:frame` (each edit alone with its Monte Carlo).
import { serve, launch, dist, quantile } from './lib.mjs';
const server = await serve(process.argv[2] || dist);
const browser = await launch();
const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
await page.addInitScript(() => {
  window.__mc = [];
  const W = window.Worker;
  window.Worker = function (url, opts) {
    const w = new W(url, opts);
    const post = w.postMessage.bind(w);
    w.postMessage = (m, t) => { if (Array.isArray(m) && m[1] === 'montecarlo') window.__mc.push({ sent: performance.now() }); return post(m, t); };
    w.addEventListener('message', e => { const last = window.__mc.at(-1); if (last && !last.back) last.back = performance.now(); });
    return w;
  };
});
await page.goto(server.url);
await page.getByTestId('kpi-gmv').waitFor();
const done = () => page.waitForFunction(() => document.querySelector('[data-testid="mc-status"]')?.dataset.state === 'done', null, { timeout: 60000 });
await done();
await page.evaluate(() => { performance.clearMeasures(); window.__mc = []; });
const input = page.getByTestId('input-channels.4.aov');
for (let i = 0; i < 12; i++) {
  const before = await page.getByTestId('mc-prob-gmv').getAttribute('data-value');
  await input.fill(String(200 + 7 * i));
  await input.press('Enter');
  await page.waitForFunction(b => document.querySelector('[data-testid="mc-status"]').dataset.state === 'done'
    && document.querySelector('[data-testid="mc-prob-gmv"]').dataset.value !== b, before, { timeout: 30000 }).catch(() => {});
}
const m = await page.evaluate(() => performance.getEntriesByName('sandtable:montecarlo').map(e => [e.startTime, e.duration]));
const mc = await page.evaluate(() => window.__mc);
const rows = m.map(([s, d]) => { const x = mc.find(x => x.sent >= s - 1 && x.sent < s + d); return x ? [d, x.sent - s, x.back - x.sent, s + d - x.back] : [d]; });
const med = k => { const v = rows.map(r => r[k]).filter(x => x !== undefined).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]?.toFixed(1); };
console.log(`n ${rows.length}; total p50 ${med(0)} ms = before post ${med(1)} + worker (post → answer) ${med(2)} + page after answer ${med(3)}`);
const get = n => page.evaluate(n => performance.getEntriesByName(n).map(e => e.duration).sort((a, b) => a - b), n);
const [u, f] = [await get('sandtable:update'), await get('sandtable:frame')];
const q = (x, p) => quantile(x, p).toFixed(1);
console.log(`typed edits ${f.length}: update p50 ${q(u, 0.5)} p95 ${q(u, 0.95)} ms; frame p50 ${q(f, 0.5)} p95 ${q(f, 0.95)} max ${f.at(-1).toFixed(1)} ms`);
await browser.close(); await server.close();
