// What fills the update test's slow frames, from a Chromium trace (a tool, not a test):
//   node tests/e2e/profile-trace.mjs [dist] [pages] [ms]
// Opens the default plan as the tests do (`open()`), gives the slider the focus and makes the update test's 50
// changes (`focusedSlider`, `fillChanges`) under Chromium's tracing, then prints, for every `sandtable:frame` of `ms` (default 14) or more, the
// main thread's events in it (their start from the frame's input, and their length), with the wasm's lazy
// compiles and the garbage collections. The slow frames of 2026-12-06 were Playwright's own script (a 330 KB
// message from the DevTools session, `EvaluateScript`) and the focus's paint: see README, twenty-second session.
import { serve, launch, open, dist, focusedSlider, fillChanges } from './lib.mjs';
const server = await serve(process.argv[2] || dist);
const browser = await launch();
const [pages, slowMs] = [Number(process.argv[3] || 3), Number(process.argv[4] || 14)];
const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'v8.wasm',
  'disabled-by-default-v8.gc', 'toplevel', 'blink'];
// Containers every frame has: left out of the listing, their children are what it spends.
const plumbing = /^(ThreadControllerImpl|RunTask|v8\.callFunction|LocalFrameView::|Blink\.|Layout$|PaintArtifact|WebFrameWidget)/;
for (let p = 0; p < pages; p++) {
  const { page, context } = await open(browser, server.url);
  const slider = await focusedSlider(page);
  await browser.startTracing(page, { categories });
  await fillChanges(slider);
  await page.waitForFunction(() => performance.getEntriesByName('sandtable:update').length >= 50, null, { timeout: 20000 });
  await page.waitForTimeout(200);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  const thread = new Map(events.filter(e => e.ph === 'M' && e.name === 'thread_name').map(e => [`${e.pid}:${e.tid}`, e.args.name]));
  // Each measure is an async pair of events ('b', 'e') with one id.
  const begun = new Map();
  const frames = [];
  for (const e of events.filter(e => e.name === 'sandtable:frame')) {
    const id = e.id2?.local ?? e.id;
    if (e.ph === 'b') begun.set(id, e.ts);
    else if (e.ph === 'e' && begun.has(id)) frames.push([begun.get(id), e.ts]);
  }
  frames.sort((a, b) => a[0] - b[0]);
  const main = events.filter(e => thread.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X' && e.dur >= 500);
  const ms = us => (us / 1000).toFixed(1);
  const long = frames.map(([b, e], i) => [i, b, e]).filter(([, b, e]) => (e - b) / 1000 >= slowMs);
  console.log(`page ${p + 1}: ${frames.length} frames, ${long.length} of ${slowMs} ms or more`);
  for (const [i, b, e] of long) {
    const inside = main.filter(x => x.ts < e && x.ts + x.dur > b && !plumbing.test(x.name))
      .map(x => `${x.name}${x.args?.data?.type ? `[${x.args.data.type}]` : ''} @${ms(x.ts - b)}+${ms(x.dur)}`);
    console.log(`  frame ${i} (${ms(e - b)} ms): ${inside.join(' | ')}`);
  }
}
await browser.close();
await server.close();
