// A drag's first frames, for the README's figures (a tool, not a test):
//   node tests/e2e/profile-drag.mjs [dist]     (default: dist/, or SANDTABLE_DIST)
// Opens the default plan four times, waits for its Monte Carlo and the panels, presses Tmall's conversion slider and
// drags it over 20 moves, and prints the longest task of 50 ms or more the page ran meanwhile (a `longtask` observer;
// 0 = none). Run it on two builds back to back (a `git worktree` of the old commit): before 57b0209 the slider's
// focus handed its first edit to the panels at once, and their re-render fell into the drag's first frame.
import { serve, launch, open, mcDone, dist } from './lib.mjs';
const server = await serve(process.argv[2] || dist);
const browser = await launch();
const out = [];
for (let round = 0; round < 4; round++) {
  const { page, context } = await open(browser, server.url);
  await mcDone(page);
  await page.locator('#decisions-root[data-mounted]').waitFor();
  await page.waitForTimeout(500);
  const slider = page.getByTestId('slider-channels.0.cvr');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  await page.evaluate(() => { window.longs = []; window.t0 = performance.now();
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.longs.push(e.duration); }).observe({ type: 'longtask' }); });
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 4, y);
  await page.mouse.down();
  for (let i = 0; i < 20; i++) await page.mouse.move(box.x + 10 + i * 8, y, { steps: 1 });
  const longs = await page.evaluate(() => window.longs.map(Math.round));
  await page.mouse.up();
  out.push(longs.length ? Math.max(...longs) : 0);
  await context.close();
}
console.log(process.argv[2] || dist, 'longest task during the first 20 moves of a drag (ms, 0 = none of 50 ms):', out.join(' '));
await browser.close(); await server.close();
