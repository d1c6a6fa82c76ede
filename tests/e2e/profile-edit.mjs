// Where one edit's time goes, for the README's and ARCHITECTURE's figures (a tool, not a test):
//   node tests/e2e/profile-edit.mjs [dist]     (default: dist/, or SANDTABLE_DIST)
// Opens the default plan at 1400 × 1000 in headless Chromium, moves Tmall's conversion slider 60 times (one edit a
// frame) and prints, per edit: the page's own measures (`sandtable:update`, `sandtable:frame`), the DOM writes by
// kind and place (a MutationObserver), and the main thread's time by trace event (script, style, layout, paint).
// Run it on two builds back to back (a `git worktree` of the old commit) and compare within one run of the machine.
import { serve, launch, dist } from './lib.mjs';

const EDITS = 60;
const server = await serve(process.argv[2] || dist);
const browser = await launch();
const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
await page.goto(server.url);
await page.getByTestId('kpi-gmv').waitFor();
await page.waitForTimeout(1500);
await page.getByTestId('slider-channels.0.cvr').scrollIntoViewIfNeeded();

const cdp = await context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', d => events.push(...d.value));
const traced = new Promise(resolve => cdp.once('Tracing.tracingComplete', resolve));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink', transferMode: 'ReportEvents' });
await page.evaluate(() => performance.clearMeasures());
const writes = await page.evaluate(async edits => {
  const counts = {};
  // A node's place: its tag and the nearest test id (digits as #), or its class.
  const where = node => {
    const path = [];
    for (let e = node.nodeType === 1 ? node : node.parentElement; e && path.length < 4; e = e.parentElement) {
      const id = e.getAttribute('data-testid');
      const cls = typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '';
      path.unshift(e.tagName.toLowerCase() + (id ? `[${id.replace(/\d+/g, '#')}]` : cls));
      if (id) break;
    }
    return path.join('>');
  };
  const observer = new MutationObserver(list => {
    for (const m of list) {
      const key = `${m.type}${m.attributeName ? ':' + m.attributeName : ''} ${where(m.target)}`;
      counts[key] = (counts[key] || 0) + 1;
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const slider = document.querySelector('[data-testid="slider-channels.0.cvr"]');
  for (let i = 0; i < edits; i++) {
    slider.value = String(2 + (i % 10) * 0.2);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  await new Promise(resolve => setTimeout(resolve, 50));
  observer.disconnect();
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}, EDITS);
await cdp.send('Tracing.end');
await traced;

const measures = await page.evaluate(() => performance.getEntriesByType('measure').map(e => [e.name, e.duration]));
const byName = {};
for (const [name, d] of measures) (byName[name] ||= []).push(d);
console.log('# the page\'s measures');
for (const [name, ds] of Object.entries(byName)) {
  ds.sort((a, b) => a - b);
  const q = p => ds[Math.min(ds.length - 1, Math.floor(p * ds.length))].toFixed(1);
  console.log(`${name.padEnd(32)} n ${String(ds.length).padStart(3)}  p50 ${q(0.5)} ms  p95 ${q(0.95)} ms`);
}

const total = writes.reduce((s, [, n]) => s + n, 0);
console.log(`\n# DOM writes per edit: ${(total / EDITS).toFixed(1)}`);
for (const [key, n] of writes.slice(0, 20)) console.log(`${(n / EDITS).toFixed(1).padStart(6)}  ${key}`);

const main = events.find(e => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const spans = events.filter(e => e.ph === 'X' && e.dur && main && e.pid === main.pid && e.tid === main.tid);
const per = {};
for (const e of spans) per[e.name] = (per[e.name] || 0) + e.dur;
console.log('\n# main thread per edit (ms, tracing on; spans nest)');
for (const name of ['EventDispatch', 'FunctionCall', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'WebFrameWidgetImpl::UpdateLifecycle']) {
  console.log(`${name.padEnd(40)} ${((per[name] || 0) / 1000 / EDITS).toFixed(2)}`);
}
await browser.close();
await server.close();
