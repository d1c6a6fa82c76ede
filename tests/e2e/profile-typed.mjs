// Typed edits, each with its Monte Carlo, for the README's figures (a tool, not a test):
//   node tests/e2e/profile-typed.mjs [dist]     (default: dist/, or SANDTABLE_DIST)
// Opens the default plan, waits for its Monte Carlo, then types 16 order values, each once the last one's chances
// are shown, and prints the edits' sandtable:update and sandtable:frame and the Monte Carlo's p50.
import { serve, launch, dist, quantile } from './lib.mjs';
const server = await serve(process.argv[2] || dist);
const browser = await launch();
const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
await page.goto(server.url);
await page.getByTestId('kpi-gmv').waitFor();
const done = () => page.waitForFunction(() => document.querySelector('[data-testid="mc-status"]')?.dataset.state === 'done', null, { timeout: 60000 });
await done();
await page.waitForTimeout(1000);
await page.evaluate(() => performance.clearMeasures());
const input = page.getByTestId('input-channels.4.aov');
for (let i = 0; i < 16; i++) {
  const before = await page.getByTestId('mc-prob-gmv').getAttribute('data-value');
  await input.fill(String(200 + 7 * i));
  await input.press('Enter');
  await page.waitForFunction(b => document.querySelector('[data-testid="mc-status"]').dataset.state === 'done'
    && document.querySelector('[data-testid="mc-prob-gmv"]').dataset.value !== b, before, { timeout: 30000 }).catch(() => {});
  await page.waitForTimeout(200);
}
const get = n => page.evaluate(n => performance.getEntriesByName(n).map(e => e.duration).sort((a, b) => a - b), n);
const [u, f, m] = [await get('sandtable:update'), await get('sandtable:frame'), await get('sandtable:montecarlo')];
const q = (x, p) => quantile(x, p).toFixed(1);
console.log(`typed ${f.length}: update p50 ${q(u, .5)} p95 ${q(u, .95)}; frame p50 ${q(f, .5)} p95 ${q(f, .95)} max ${f.at(-1).toFixed(1)}; mc p50 ${q(m, .5)}`);
await browser.close(); process.exit(0);
