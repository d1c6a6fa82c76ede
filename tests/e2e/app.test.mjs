// What a planner does on the page, in real Chromium: open it, change values, switch language, make mistakes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, defaultScenario, simulate, kpi, waitKpi, type, root, drawCharts, mcDone, firstResults, measures, quantile, sliderInView, focusedSlider, fillChanges, timeOwnFrames, ownFrames } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the page opens on the default plan with the engine\'s GMV', async () => {
  const { page, context, errors } = await open(browser, server.url);
  const expected = simulate(defaultScenario()).year;
  assert.equal(await kpi(page, 'gmv'), expected.gmv);
  assert.equal(await kpi(page, 'paid_roi'), expected.paid_roi);
  assert.equal(await kpi(page, 'net_margin'), expected.net_margin);
  // The seed plan meets every target but return rate and repeat share, which stay on watch.
  assert.equal(await page.getByTestId('kpi-paid_roi').getAttribute('data-status'), 'ok');
  assert.equal(await page.getByTestId('kpi-repeat_share').getAttribute('data-status'), 'watch');
  assert.match(await page.getByTestId('kpi-repeat_share').innerText(), /关注/);
  const engine = simulate(defaultScenario());
  for (const t of engine.targets) {
    assert.equal(await page.getByTestId(`target-${t.key}`).getAttribute('data-status'), t.status, t.key);
  }
  assert.match(await page.getByTestId('target-channels.0.gmv').innerText(), /天猫 GMV/);
  assert.equal(await page.getByTestId('badge-events.2.gmv').getAttribute('data-status'), 'ok');
  assert.equal(await page.getByTestId('input-name').inputValue(), '2026年计划');
  assert.equal(await page.getByTestId('input-year').inputValue(), '2026');
  assert.match(await page.getByTestId('title').innerText(), /沙盘/);
  assert.equal(await page.locator('canvas').count(), 7);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a conversion typed in percent and set on the slider both give the engine\'s GMV', async () => {
  const { page, context } = await open(browser, server.url);
  const sc = defaultScenario();
  await type(page, 'channels.0.cvr', '3.5');
  sc.channels[0].cvr = 0.035;
  assert.equal(await waitKpi(page, 'gmv', simulate(sc).year.gmv), simulate(sc).year.gmv);
  // The slider works in display units (percent) and applies while it moves.
  await page.getByTestId('slider-channels.1.cvr').fill('4.2');
  sc.channels[1].cvr = 0.042;
  const want = simulate(sc).year;
  assert.equal(await waitKpi(page, 'gmv', want.gmv), want.gmv);
  assert.equal(await page.getByTestId('input-channels.1.cvr').inputValue(), '4.2');
  assert.equal(await kpi(page, 'orders'), want.orders);
  await context.close();
});

test('money accepts 万 and 亿 and shows them back', async () => {
  const { page, context } = await open(browser, server.url);
  const sc = defaultScenario();
  await type(page, 'spend_lines.0.budget', '1.5亿');
  sc.spend_lines[0].budget = 150000000;
  const want = simulate(sc).year;
  assert.equal(await waitKpi(page, 'marketing', want.marketing), want.marketing);
  assert.equal(await page.getByTestId('input-spend_lines.0.budget').inputValue(), '150000000');
  assert.match(await page.getByTestId('spend-line-0').innerText(), /1\.50亿/);
  await type(page, 'targets.gmv', '40亿');
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-gmv"]').innerText.includes('40.00亿'));
  await context.close();
});

test('the assumptions below the channels (the panels\' wasm) edit the page\'s plan: one undoable step each, and they follow its undo', async () => {
  const { page, context, errors } = await open(browser, server.url);
  const sc = defaultScenario();
  await type(page, 'costs.fixed_costs', '5亿');
  sc.costs.fixed_costs = 500000000;
  assert.equal(await waitKpi(page, 'net_profit', simulate(sc).year.net_profit), simulate(sc).year.net_profit);
  await type(page, 'customers.repeat_aov_factor', '1.2');
  sc.customers.repeat_aov_factor = 1.2;
  assert.equal(await waitKpi(page, 'gmv', simulate(sc).year.gmv), simulate(sc).year.gmv);
  // Undo on the page takes back the last edit only, and the field below shows the plan's value again.
  await page.getByTestId('undo').click();
  sc.customers.repeat_aov_factor = defaultScenario().customers.repeat_aov_factor;
  assert.equal(await waitKpi(page, 'gmv', simulate(sc).year.gmv), simulate(sc).year.gmv);
  await page.waitForFunction(() => document.querySelector('[data-testid="input-customers.repeat_aov_factor"]').value === '1.1');
  assert.equal(await page.getByTestId('input-costs.fixed_costs').inputValue(), '5.00亿');
  assert.deepEqual(errors, []);
  await context.close();
});

test('adding a channel and a spend line works', async () => {
  const { page, context } = await open(browser, server.url);
  const sc = defaultScenario();
  await page.getByTestId('add-channel').click();
  await page.getByTestId('channel-5').waitFor();
  const last = sc.channels[4];
  // A copy of the last channel's funnel, with no share of existing customers, no target and no trend.
  sc.channels.push({ name: '新渠道', organic_uv: last.organic_uv, cvr: last.cvr, aov: last.aov, take_rate: last.take_rate, return_rate: last.return_rate, base_share: 0 });
  assert.match(await page.getByTestId('notice').last().innerText(), /老客/);
  sc.spend_lines.forEach(l => l.split && l.split.push(0));
  assert.equal(await page.getByTestId('input-channels.5.name').inputValue(), '新渠道');
  let want = simulate(sc).year;
  assert.equal(await waitKpi(page, 'gmv', want.gmv), want.gmv);
  await type(page, 'channels.5.name', 'Kuaishou 快手');
  await page.getByTestId('add-traffic-line').click();
  await page.getByTestId('spend-line-6').waitFor();
  sc.channels[5].name = 'Kuaishou 快手';
  sc.spend_lines.push({ name: '新预算项', budget: 10000000, pacing: 'seasonal', kind: 'traffic', cpc: 1, half_saturation: 10000000, split: [1, 1, 1, 1, 1, 1] });
  want = simulate(sc).year;
  assert.equal(await waitKpi(page, 'gmv', want.gmv), want.gmv);
  assert.equal(await kpi(page, 'marketing'), want.marketing);
  // The new channel has its own split weight on the new line, labelled by its name.
  assert.match(await page.getByTestId('spend-line-6').innerText(), /Kuaishou 快手/);
  // The tables (in the panels' wasm) follow the plan within a frame of the page.
  await page.getByTestId('table-channels').getByText('Kuaishou 快手').waitFor();
  // Reordering moves the row and its split weights; every field shows its new channel.
  await page.getByTestId('channel-0-down').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === '京东');
  assert.equal(await page.getByTestId('input-channels.1.cvr').inputValue(), '3.2');
  // A share reads in percent, as a rate does (0.45 of the line's visitors). The budget group is the panels' wasm's:
  // it follows the page's plan once the edits rest.
  await page.waitForFunction(() => document.querySelector('[data-testid="input-spend_lines.0.split.1"]').value === '45');
  assert.equal(await kpi(page, 'gmv'), want.gmv, 'order does not change the year');
  await page.getByTestId('channel-1-up').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === '天猫');
  // Removing the channel takes its weight out of every split, once the planner has seen where it goes.
  await page.getByTestId('channel-5-remove').click();
  assert.match(await page.getByTestId('channel-5-removal').innerText(), /新预算项/);
  await page.getByTestId('channel-5-remove-confirm').click();
  await page.getByTestId('channel-5').waitFor({ state: 'detached' });
  sc.channels.pop();
  sc.spend_lines.forEach(l => l.split && l.split.pop());
  want = simulate(sc).year;
  assert.equal(await waitKpi(page, 'gmv', want.gmv), want.gmv);
  await context.close();
});

test('switching language changes the words, not the numbers, and is remembered', async () => {
  const { page, context } = await open(browser, server.url);
  const before = await kpi(page, 'gmv');
  const label = await page.getByTestId('kpi-gmv').innerText();
  assert.match(label, /亿/);
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.getByTestId('kpi-gmv').innerText(), /bn/);
  assert.match(await page.getByTestId('group.targets').innerText(), /Targets/);
  assert.equal(await kpi(page, 'gmv'), before);
  await page.reload();
  await page.getByTestId('kpi-gmv').waitFor();
  assert.match(await page.getByTestId('title').innerText(), /Sandtable/);
  await context.close();
});

test('the browser language picks English', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'en-US' });
  assert.match(await page.getByTestId('title').innerText(), /annual plan simulator/);
  await context.close();
});

test('an invalid value is marked on its field and leaves the results alone', async () => {
  const { page, context } = await open(browser, server.url);
  const before = await kpi(page, 'gmv');
  await type(page, 'channels.2.cvr', '150');
  const error = page.getByTestId('error-channels.2.cvr');
  await error.waitFor();
  assert.match(await error.innerText(), /须在 0%–100% 之间（不含 0%），当前为 150\.00%/);
  assert.equal(await page.getByTestId('input-channels.2.cvr').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('input-channels.2.cvr').inputValue(), '150');
  assert.equal(await kpi(page, 'gmv'), before);
  await type(page, 'channels.2.cvr', 'abc');
  assert.match(await error.innerText(), /不是有效数字/);
  await type(page, 'events.0.end', '02-30');
  assert.match(await page.getByTestId('error-events.0.end').innerText(), /MM-DD/);
  assert.equal(await kpi(page, 'gmv'), before);
  // The same message in English.
  await page.getByTestId('lang-switch').click();
  assert.match(await error.innerText(), /not a number/);
  await page.getByTestId('lang-switch').click();
  // A valid value clears the mark.
  await type(page, 'channels.2.cvr', '1.9');
  await page.waitForFunction(() => document.querySelector('[data-testid="error-channels.2.cvr"]').innerText === '');
  await context.close();
});

test('the plan never leaves the browser: no request after load', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const requests = [];
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  await page.waitForLoadState('networkidle');
  page.on('request', r => requests.push(r.url()));
  await type(page, 'channels.0.name', 'Tmall 天猫');
  await type(page, 'channels.0.aov', '300');
  await page.getByTestId('add-event').click();
  await page.getByTestId('lang-switch').click();
  await page.waitForTimeout(300);
  assert.deepEqual(requests, []);
  await context.close();
});

test('the app works from a sub-path', async () => {
  const sub = await serve(undefined, { prefix: '/wiki/tools/sandtable/' });
  const { page, context, errors } = await open(browser, sub.url);
  assert.ok(await kpi(page, 'gmv') > 0);
  assert.deepEqual(errors, []);
  await context.close();
  await sub.close();
});

test('under 720 px the page is one column', async () => {
  const { page, context } = await open(browser, server.url, { viewport: { width: 420, height: 900 } });
  // Both boxes read in one layout (the panels' wasm may still be growing the results between two reads).
  const [a, r] = await page.evaluate(() => ['assumptions', 'results'].map(id => {
    const b = document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect();
    return { y: b.y, height: b.height };
  }));
  assert.ok(a.y >= r.y + r.height - 1, `on a phone the results come first, the assumptions below: ${JSON.stringify([a, r])}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 420, `no horizontal scroll, got ${width}`);
  await context.close();
});

test('charts are crisp on HiDPI: canvas pixels follow devicePixelRatio', async () => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  await drawCharts(page);
  const sizes = await page.$$eval('canvas', cs => cs.map(c => [c.width, c.clientWidth, c.height, c.clientHeight]));
  assert.ok(sizes.length >= 5, `${sizes.length} canvases`);
  for (const [w, cw, h, ch] of sizes) { assert.equal(w, cw * 2); assert.equal(h, ch * 2); }
  await context.close();
});

/** Prints a timing figure for the README and writes it to `target/<file>`. */
function printFigure(file, line) {
  console.log(line);
  fs.mkdirSync(path.join(root, 'target'), { recursive: true });
  fs.writeFileSync(path.join(root, 'target', file), line + '\n');
}

// A page that does nothing but write a slider's value into a text, timed as the app times an edit (a mark at the
// input; the measure in a task after the next animation frame): what the browser itself takes, after a change
// such as Playwright's `fill` brings (not aligned with a frame, as a key press is not), to paint one.
const FRAME_CONTROL = `<!doctype html><input type="range" min="0" max="10" step="0.1" value="5" data-testid="control"><p>5</p>
<script>
const s = document.querySelector('input');
s.addEventListener('input', () => {
  performance.mark('control:input');
  document.querySelector('p').textContent = s.value;
  requestAnimationFrame(() => setTimeout(() => performance.measure('control:frame', 'control:input'), 0));
});
</script>`;

/** The control page's times to the next painted frame over `n` changes (`fill`, as the update timing test makes them),
 *  after five that warm the page and Playwright's script in it up: `{ frames, own }`, as the page times them and
 *  each from its own input, sorted. */
async function controlFrames(n) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.setContent(FRAME_CONTROL);
  // `k` changes (values from the `from`th on), then the frames measured so far, once there are `k` of them. The
  // slider is found once, as the update test's is (`focusedSlider`).
  const control = await page.getByTestId('control').elementHandle();
  const changes = async (k, from) => {
    for (let i = from; i < from + k; i++) await control.fill(String(2 + (i % 10) * 0.2));
    await page.waitForFunction(k => performance.getEntriesByName('control:frame').length >= k, k, { timeout: 20000 });
    return measures(page, 'control:frame');
  };
  await changes(5, 5);
  await page.evaluate(() => performance.clearMeasures());
  await timeOwnFrames(page);
  const frames = await changes(n, 0);
  const own = await ownFrames(page);
  await context.close();
  return { frames, own };
}

test('update timing: sandtable:update p95 over 50 changes', async () => {
  // The control's changes come just before the app's, in the same minute of the machine (after them, the app's
  // Monte Carlo, which starts once its changes rest, would share the machine with the control's).
  const { frames: c, own: cOwn } = await controlFrames(50);
  const { page, context } = await open(browser, server.url);
  // The slider found once and focused first, as a planner's press comes before the moves (`focusedSlider`): `fill`
  // would otherwise focus and edit in one task, counting the focus's own frame as the first edit's.
  const slider = await focusedSlider(page);
  // `sandtable:frame` measures a frame once, from the last change in it (the page's measure since it was first
  // written). Each change's own wait for the next paint is timed here too, as the control page's are: a change
  // followed by another before the paint waits for that one's work as well.
  await timeOwnFrames(page);
  await page.evaluate(() => { performance.clearMeasures('sandtable:update'); performance.clearMeasures('sandtable:frame'); });
  await fillChanges(slider);
  await page.waitForFunction(() => performance.getEntriesByName('sandtable:update').length >= 50, null, { timeout: 20000 });
  await page.waitForTimeout(200);
  const d = await measures(page, 'sandtable:update');
  const f = await measures(page, 'sandtable:frame');
  const own = await ownFrames(page);
  await context.close();
  const q = (xs, p) => quantile(xs, p).toFixed(1);
  const line = `sandtable:update over ${d.length} changes: p50 ${q(d, 0.5)} ms, p95 ${q(d, 0.95)} ms, max ${d[d.length - 1].toFixed(1)} ms; ` +
    `to the next painted frame (sandtable:frame, ${f.length} frames: changes that fall in one frame are measured once, from the last): p50 ${q(f, 0.5)} ms, p95 ${q(f, 0.95)} ms; ` +
    `each change from its own input to the next paint (${own.length}): p50 ${q(own, 0.5)} ms, p95 ${q(own, 0.95)} ms; ` +
    `50 such changes on a page that only writes the value (the browser's own wait for a frame): p50 ${q(c, 0.5)} ms, p95 ${q(c, 0.95)} ms ` +
    `(each from its own input: p50 ${q(cOwn, 0.5)} ms, p95 ${q(cOwn, 0.95)} ms)`;
  printFigure('update-timing.txt', line);
  assert.equal(d.length, 50);
  assert.equal(own.length, 50);
  assert.equal(c.length, 50);
});

test('an edit repaints the results in place: no card, chart or row of the results is a compositing layer of its own', async () => {
  // The sticky, scrolling assumptions column once painted below the results, and Chromium composited every
  // contained box painted after it for overlap (43 layers), each repainted and layerized on every edit.
  const { page, context, errors } = await open(browser, server.url);
  await drawCharts(page);
  const cdp = await context.newCDPSession(page);
  let layers = [];
  cdp.on('LayerTree.layerTreeDidChange', e => { if (e.layers) layers = e.layers; });
  await cdp.send('LayerTree.enable');
  await page.getByTestId('slider-channels.0.cvr').fill('2.4');
  await page.waitForFunction(() => performance.getEntriesByName('sandtable:frame').length > 0);
  await page.waitForTimeout(300);
  const inResults = [];
  for (const l of layers.filter(l => l.backendNodeId)) {
    const { compositingReasonIds: why = [] } = await cdp.send('LayerTree.compositingReasons', { layerId: l.layerId });
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: l.backendNodeId }).catch(() => ({}));
    if (!object?.objectId) continue;
    const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, returnByValue: true,
      functionDeclaration: 'function () { return this.closest?.("[data-testid=results]") ? this.nodeName + "." + this.className : null; }' });
    if (result.value && !why.some(w => /canvas/i.test(w))) inResults.push(`${result.value} (${why.join(', ')})`);
  }
  assert.ok(layers.length > 0);
  assert.deepEqual(inResults, [], `${layers.length} layers`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('edit timing as a hand makes the edits: 50 pointer moves of a pressed slider, each once the last is painted', async () => {
  // The bar of an edit painted within one frame, on edits as a planner's pointer brings them: Chromium delivers a
  // pointer's moves at the start of a frame, so `sandtable:frame` is the edit's own work and paint, with no wait
  // for the display (the update timing test's changes come whenever Playwright's round trip is back).
  const { page, context, errors } = await open(browser, server.url);
  await mcDone(page);
  const { box, y } = await sliderInView(page);
  const gmv0 = await kpi(page, 'gmv');
  await page.mouse.move(box.x + 4, y);
  await page.mouse.down();
  await page.waitForTimeout(300);
  await page.evaluate(() => performance.clearMeasures());
  for (let i = 0; i < 50; i++) {
    await page.mouse.move(box.x + 4 + ((i % 10) + 1) / 12 * (box.width - 8), y, { steps: 1 });
    await page.waitForFunction(n => performance.getEntriesByName('sandtable:frame').length >= n, i + 1, { timeout: 5000 });
  }
  await page.mouse.up();
  const [u, f] = [await measures(page, 'sandtable:update'), await measures(page, 'sandtable:frame')];
  const q = (xs, p) => quantile(xs, p).toFixed(1);
  const line = `pointer edits (${f.length}, each once the last is painted): update p50 ${q(u, 0.5)} ms, p95 ${q(u, 0.95)} ms; ` +
    `to the next painted frame p50 ${q(f, 0.5)} ms, p95 ${q(f, 0.95)} ms, max ${f.at(-1).toFixed(1)} ms`;
  printFigure('pointer-timing.txt', line);
  assert.equal(f.length, 50);
  assert.notEqual(await kpi(page, 'gmv'), gmv0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('slider drag timing: frames of 50 ms or more during a 2-second drag, printed for the README', async () => {
  const { page, context, errors } = await open(browser, server.url);
  await mcDone(page);
  const { box, y } = await sliderInView(page);
  const gmv0 = await kpi(page, 'gmv');
  // Every frame's length, from the page's own animation frames; the mouse moves as fast as the page takes them.
  await page.evaluate(() => {
    window.frameGaps = [];
    let last = performance.now();
    const tick = t => { window.frameGaps.push(t - last); last = t; if (!window.stopFrames) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(box.x + 4, y);
  await page.mouse.down();
  await page.evaluate(() => performance.clearMeasures());
  const t0 = Date.now();
  let moves = 0;
  while (Date.now() - t0 < 2000) {
    const f = (moves % 40) / 40;
    await page.mouse.move(box.x + 4 + f * (box.width - 8), y, { steps: 1 });
    moves++;
  }
  await page.mouse.up();
  const gaps = (await page.evaluate(() => { window.stopFrames = true; return window.frameGaps.slice(1); })).sort((a, b) => a - b);
  const long = gaps.filter(d => d >= 50);
  // The drag's own edits, moved by the pointer as a planner's hand moves it: each edit to its results and to the
  // next painted frame (the page's measures).
  await page.waitForTimeout(100);
  const [u, f] = [await measures(page, 'sandtable:update'), await measures(page, 'sandtable:frame')];
  const q = (xs, p) => quantile(xs, p).toFixed(1);
  const line = `slider drag over 2 s (${moves} moves): ${gaps.length} frames, ${long.length} of 50 ms or more; frame p50 ${gaps[Math.floor(gaps.length / 2)].toFixed(1)} ms, longest ${gaps.at(-1).toFixed(1)} ms; ` +
    `its ${f.length} edits: update p50 ${q(u, 0.5)} ms, p95 ${q(u, 0.95)} ms; to the next painted frame p50 ${q(f, 0.5)} ms, p95 ${q(f, 0.95)} ms`;
  printFigure('drag-timing.txt', line);
  // The drag moved the plan, and the page kept painting.
  assert.notEqual(await kpi(page, 'gmv'), gmv0);
  assert.ok(gaps.length > 30, `${gaps.length} frames in 2 s`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a slider pressed keeps editing: the panels get its plan when it rests, or at once on a press elsewhere', async () => {
  const { page, context, errors } = await open(browser, server.url);
  await page.locator('#decisions-root[data-mounted]').waitFor();
  // A press on a slider moves it to the pointer (an edit), then focuses it: the focus, a key on it or a press again
  // hand nothing over (the panels' work stays out of a drag's frames); a press anywhere else hands over at once.
  const handed = await page.evaluate(async () => {
    const root = document.getElementById('decisions-root');
    let count = 0;
    new MutationObserver(() => count++).observe(root, { attributes: true, attributeFilter: ['data-plan'] });
    const tick = () => new Promise(resolve => setTimeout(resolve, 0));
    const slider = document.querySelector('[data-testid="slider-channels.0.cvr"]');
    slider.value = '3.3';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    slider.focus();
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    slider.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await tick();
    const during = count;
    document.querySelector('[data-testid="kpi-gmv"]').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await tick();
    return { during, after: count, plan: JSON.parse(root.dataset.plan).channels[0].cvr };
  });
  assert.deepEqual(handed, { during: 0, after: 1, plan: 0.033 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('printing lays the results and charts on A4, without the inputs', async () => {
  const { page, context } = await open(browser, server.url);
  // The charts are the panels' wasm's, mounted after the first paint.
  await page.getByTestId('chart-monthly').waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('assumptions').isVisible(), false);
  assert.equal(await page.getByTestId('undo').isVisible(), false);
  assert.equal(await page.getByTestId('kpi-gmv').isVisible(), true);
  assert.equal(await page.getByTestId('chart-monthly').isVisible(), true);
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  assert.ok(pdf.length > 20000, `a PDF of ${pdf.length} bytes`);
  await context.close();
});

test('the plan\'s name and year are editable, the year re-checks event dates, and a removal says where traffic goes', async () => {
  const { page, context, errors } = await open(browser, server.url);
  await type(page, 'name', '2028 计划');
  await type(page, 'year', '2028');
  await type(page, 'events.0.start', '02-29');
  const sc = defaultScenario();
  sc.name = '2028 计划'; sc.year = 2028; sc.events[0].start = '02-29';
  assert.equal(await waitKpi(page, 'gmv', simulate(sc).year.gmv), simulate(sc).year.gmv);
  // 2027 has no 29 February: the year is refused and the event is named (in words, not as a path).
  await type(page, 'year', '2027');
  await page.waitForFunction(() => document.querySelector('[data-testid="error-year"]').innerText.includes('活动 1 · 开始'));
  assert.doesNotMatch(await page.getByTestId('error-year').innerText(), /events\[/);
  assert.equal(await kpi(page, 'gmv'), simulate(sc).year.gmv);
  // Removing 抖音 first shows where its paid visitors and existing customers go, then removes it.
  await page.getByTestId('channel-2-remove').click();
  const notice = await page.getByTestId('channel-2-removal').innerText();
  assert.match(notice, /信息流投放/);
  assert.match(notice, /老客订单/);
  assert.equal(await page.getByTestId('channel-4').count(), 1, 'nothing removed before confirming');
  // Another plan (a channel moved) closes the notice: its shares were those of the plan before.
  await page.getByTestId('channel-0-down').click();
  await page.getByTestId('channel-2-removal').waitFor({ state: 'hidden' });
  await page.getByTestId('channel-1-up').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === '天猫');
  await page.getByTestId('channel-2-remove').click();
  assert.match(await page.getByTestId('channel-2-removal').innerText(), /信息流投放/);
  await page.getByTestId('channel-2-remove-confirm').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="channel-4"]'));
  assert.equal(await page.getByTestId('input-channels.2.name').inputValue(), '拼多多');
  // A KPI target added from the list shows as a target row.
  await page.getByTestId('add-kpi-target').selectOption('cpa');
  await page.getByTestId('target-cpa').waitFor();
  // ...and its remove button takes it away again (both made by the panels' wasm on the page's plan).
  await page.getByTestId('kpi-target-cpa-remove').click();
  await page.getByTestId('target-cpa').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('input-targets.kpis.cpa').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edit redraws only the charts on or near the screen; one scrolled to is drawn then, from the plan as it is', async () => {
  const { page, context, errors } = await open(browser, server.url, { viewport: { width: 1400, height: 700 } });
  // The results' charts in view, the uncertainty panel's far below.
  await page.getByTestId('chart-monthly').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  // Which charts are within half a screen of the viewport (the page's own margin for drawing ahead).
  const near = () => page.evaluate(() => [...document.querySelectorAll('figure.chart')].filter(f => {
    const r = f.getBoundingClientRect();
    return r.bottom > -innerHeight / 2 && r.top < innerHeight * 1.5;
  }).map(f => f.dataset.testid.slice('chart-'.length)).sort());
  const drawn = () => page.evaluate(() => [...new Set(performance.getEntriesByType('measure')
    .filter(m => m.name.startsWith('sandtable:chart:')).map(m => m.name.slice('sandtable:chart:'.length)))].sort());
  const all = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map(f => f.dataset.testid.slice(6)));
  const onScreen = await near();
  assert.ok(onScreen.length < all.length, `some chart is off screen at 700 px: ${onScreen} of ${all}`);
  await page.evaluate(() => performance.clearMeasures());
  const gmv0 = await kpi(page, 'gmv');
  // A slider moved where it is (typing would scroll its field into view).
  await page.getByTestId('slider-channels.0.cvr').evaluate(el => { el.value = '3.9'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(g => Number(document.querySelector('[data-testid="kpi-gmv"]').dataset.value) !== g, gmv0);
  await page.waitForTimeout(300);
  // Every chart drawn is near the screen, and every results chart near it was drawn (the uncertainty panel's
  // follow the Monte Carlo, which may still be running).
  const results = ['monthly', 'cumulative', 'budget', 'response', 'repeat'];
  const got = await drawn();
  for (const k of got) assert.ok(onScreen.includes(k), `${k} was drawn off screen`);
  for (const k of onScreen.filter(k => results.includes(k))) assert.ok(got.includes(k), `${k} was not drawn`);
  assert.ok(got.length > 0);
  // The last chart, scrolled to, is drawn once, from the edited plan.
  const last = all.at(-1);
  await page.evaluate(() => performance.clearMeasures());
  await page.getByTestId(`chart-${last}`).scrollIntoViewIfNeeded();
  await page.waitForFunction(k => performance.getEntriesByName(`sandtable:chart:${k}`).length > 0, last);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(k => performance.getEntriesByName(`sandtable:chart:${k}`).length, last), 1);
  // Scrolling away and back without an edit draws nothing again.
  await page.evaluate(() => { performance.clearMeasures(); window.scrollTo(0, 0); });
  await page.waitForTimeout(200);
  await page.getByTestId(`chart-${last}`).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  assert.deepEqual(await drawn(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the results\' charts (the panels\' wasm) follow every edit: out of sight once it rests, in sight at once', async () => {
  const { page, context, errors } = await open(browser, server.url);
  await page.getByTestId('chart-monthly').waitFor({ timeout: 20000 });
  const label = () => page.locator('[data-testid="chart-monthly"] canvas').getAttribute('aria-label');
  // The monthly chart says its highest month, as the engine computes it for the plan.
  const peak = sc => {
    const months = simulate(sc).months;
    const top = months.reduce((a, m) => (m.gmv > a.gmv ? m : a));
    return `${top.month}月：¥${(top.gmv / 1e8).toFixed(2)}亿`;
  };
  // Waits until the chart's description says `want`.
  const says = want => page.waitForFunction(want => document.querySelector('[data-testid="chart-monthly"] canvas')
    .getAttribute('aria-label').includes(want), want, { timeout: 5000 });
  const sc = defaultScenario();
  assert.ok((await label()).includes(peak(sc)), await label());
  const slide = v => page.getByTestId('slider-channels.0.cvr').evaluate((el, v) => {
    el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));
  }, v);
  // Out of sight (the page at its top), the chart's description follows the plan once the edits rest.
  await slide('3.9');
  sc.channels[0].cvr = 0.039;
  await says(peak(sc));
  // Edited, then scrolled to at once: drawn from the plan as it is, whatever the rest.
  await slide('4.2');
  sc.channels[0].cvr = 0.042;
  await page.getByTestId('chart-monthly').scrollIntoViewIfNeeded();
  await says(peak(sc));
  await page.locator('[data-testid="chart-monthly"] canvas[data-drawn]').waitFor();
  // In sight, each edit is handed over at once: the chart says the new peak in the frame of the edit.
  await slide('3.6');
  sc.channels[0].cvr = 0.036;
  const want = peak(sc);
  const inFrame = await page.evaluate(want => new Promise(r => requestAnimationFrame(() => r(
    document.querySelector('[data-testid="chart-monthly"] canvas').getAttribute('aria-label').includes(want)))), want);
  assert.ok(inFrame, `${await label()} should say ${want} in the edit's frame`);
  assert.deepEqual(errors, []);
  await context.close();
});


test('until the panels\' wasm draws the charts and the other assumptions, their places say so in the page\'s language', async () => {
  for (const [locale, words, more] of [['zh-CN', '图表加载中…', '更多假设加载中…'], ['en-US', 'Loading the charts…', 'Loading the other assumptions…']]) {
    const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    // The panels' wasm held back, as on a slow link.
    await page.route(/sandtable-panels/, route => route.abort());
    await page.goto(server.url);
    await firstResults(page);
    const root = page.getByTestId('charts-root');
    assert.equal(await root.evaluate(el => getComputedStyle(el, '::before').content), JSON.stringify(words));
    assert.ok((await root.boundingBox()).height >= 1000, 'the charts\' place is held');
    const editor = page.getByTestId('editor-root');
    assert.equal(await editor.evaluate(el => getComputedStyle(el, '::before').content), JSON.stringify(more));
    await context.close();
  }
});

test('if the panels\' wasm cannot load, their places say so in the page\'s language, the row edits read as unavailable, and it loads once the network is back', async () => {
  for (const [locale, words] of [['zh-CN', '更多假设未能加载：请检查网络，恢复后将自动重试。'], ['en-US', 'The other assumptions could not load: check the network; they will load once it is back.']]) {
    const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    // Its boot script and glue load; the wasm does not (a network error).
    await page.route(/sandtable-panels_bg\.wasm/, route => route.abort());
    await page.goto(server.url);
    await firstResults(page);
    await page.locator('body[data-panels-failed]').waitFor({ state: 'attached' });
    const editor = page.getByTestId('editor-root');
    assert.equal(await editor.evaluate(el => getComputedStyle(el, '::before').content), JSON.stringify(words));
    assert.match(await page.getByTestId('charts-root').evaluate(el => getComputedStyle(el, '::before').content), locale === 'zh-CN' ? /图表未能加载/ : /could not load/);
    assert.equal(await page.getByTestId('channel-0-down').evaluate(el => getComputedStyle(el).pointerEvents), 'none');
    // The page itself still edits: a channel's field, and the KPIs follow.
    await type(page, 'channels.0.cvr', '4');
    const sc = defaultScenario();
    sc.channels[0].cvr = 0.04;
    const gmv = simulate(sc).year.gmv;
    assert.equal(await waitKpi(page, 'gmv', gmv), gmv);
    // The network is back: the panels load on the browser's "online" and mount, and the row edits work again.
    await page.unroute(/sandtable-panels_bg\.wasm/);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.locator('#editor-root[data-mounted]').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('body[data-panels-failed]').count(), 0);
    await page.getByTestId('channel-0-down').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.1.name"]').value === (document.documentElement.lang === 'en' ? 'Tmall' : '天猫'));
    await context.close();
  }
});

test('a channel moved before the panels\' wasm has loaded moves once it has, as one undoable step', async () => {
  // The panels' wasm held until the click, as on a slow link: the row edits are theirs to make.
  const { page, context, errors, release } = await open(browser, server.url, { holdPanels: true });
  const first = () => page.getByTestId('input-channels.0.name').inputValue();
  await page.getByTestId('channel-0-down').click();
  assert.equal(await first(), '天猫', 'nothing moves before the panels can make the edit');
  release();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === '京东');
  assert.equal(await page.getByTestId('input-channels.1.name').inputValue(), '天猫');
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === '天猫');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the ± editors arrive from the panels\' wasm without moving anything: until then their stand-ins show each range', async () => {
  const { page, context, errors, release } = await open(browser, server.url, { holdPanels: true });
  const box = () => page.getByTestId('channel-0').boundingBox();
  const slider = () => page.getByTestId('slider-channels.0.aov').boundingBox();
  const [row, aov] = [await box(), await slider()];
  // The stand-in shows Tmall's conversion range (2.8–3.6%), and no live editor is there yet.
  const standIn = page.locator('.range-slot[data-field="channels.0.cvr"] > .range-stand-in');
  assert.deepEqual(await standIn.locator('input').evaluateAll(els => els.map(e => e.value)), ['2.8', '3.6']);
  assert.equal(await page.getByTestId('range-channels.0.cvr').count(), 0);
  release();
  await page.getByTestId('range-low-channels.0.cvr').waitFor();
  assert.equal(await page.getByTestId('range-low-channels.0.cvr').inputValue(), '2.8');
  assert.equal(await standIn.isVisible(), false);
  assert.deepEqual([await box(), await slider()], [row, aov], 'the rows keep their place and size');
  // A channel added later gets its editors too.
  await page.getByTestId('add-channel').click();
  await page.getByTestId('range-channels.5.cvr').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
