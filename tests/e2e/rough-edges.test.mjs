// A planner's first hour (issue 11): the rough edges found when the app was tried as a new user, each with the
// browser test that failed before its fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, open, defaultScenario, kpi, waitKpi, simulate, root, mcDone } from './lib.mjs';

const bin = process.env.SANDTABLE_BIN || path.join(root, 'target', 'debug', 'sandtable');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

for (const locale of ['zh-CN', 'en-US']) {
  test(`phone (${locale}): every toolbar menu opens inside the screen`, async () => {
    const { page, context, errors } = await open(browser, server.url, { locale, viewport: { width: 390, height: 844 } });
    for (const menu of ['share-menu', 'scenarios-menu', 'file-menu']) {
      await page.getByTestId(menu).click();
      const body = page.getByTestId(menu).locator('xpath=..').locator('.menu-body');
      await body.waitFor();
      const box = await body.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `${menu}: ${box.x}..${box.x + box.width}`);
      assert.ok(box.y >= 0 && box.y + box.height <= 844, `${menu}: ${box.y}..${box.y + box.height}`);
      await page.getByTestId(menu).click();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('an embed frame taller than its content shrinks to it', async () => {
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(defaultScenario()), encoding: 'utf8' }).trim();
  const src = `${server.url}?embed=1&chart=monthly${fragment}`;
  const host = `<!doctype html><html><body><iframe id="plan" src="${src}" title="Plan" width="600" height="3000" style="border:0"></iframe>
    <script>window.heights = []; window.addEventListener('message', e => {
      if (e.data && e.data.type === 'sandtable:resize') { window.heights.push(e.data.height); document.getElementById('plan').style.height = e.data.height + 'px'; }
    });</script></body></html>`;
  const wiki = await serve(undefined, { prefix: '/nothing/', extra: { '/wiki.html': host } });
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${wiki.url.replace('/nothing/', '')}/wiki.html`);
  await page.frameLocator('#plan').getByTestId('chart-monthly').waitFor({ timeout: 20000 });
  await page.waitForFunction(() => window.heights.length > 0);
  // The charts draw after the first report: wait until the reports settle on the content's height.
  let reported = 0, content = -1;
  for (let i = 0; i < 50 && Math.abs(reported - content) > 1; i++) {
    await page.waitForTimeout(100);
    reported = await page.evaluate(() => window.heights.at(-1));
    content = await page.frameLocator('#plan').locator('body').evaluate(b => b.getBoundingClientRect().height);
  }
  assert.ok(reported < 3000, `reported ${reported}: the frame's own height, not the content's`);
  assert.ok(Math.abs(reported - content) <= 1, `${reported} vs content ${content}`);
  await context.close();
  await wiki.close();
});

test('a slider writes a rounded value into the plan and the link', async () => {
  const { page, context } = await open(browser, server.url);
  const slider = page.getByTestId('slider-channels.0.cvr');
  await slider.evaluate(el => { el.value = '3.4567891'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.cvr"]').value === '3.46');
  // The budget group is the panels' wasm's: a hand or a key on its slider (a focus) first gives it the page's plan.
  const budget = page.getByTestId('slider-spend_lines.0.budget');
  await budget.evaluate(el => { el.focus(); el.value = '184091726.036269'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  // Out of editing the field reads the rounded budget in 亿; the link below holds its exact digits.
  await page.waitForFunction(() => document.querySelector('[data-testid="input-spend_lines.0.budget"]').value === '1.84亿');
  await page.waitForFunction(() => location.hash.startsWith('#s=1.'));
  await page.waitForTimeout(400);
  const sc = JSON.parse(execFileSync(bin, ['decode', page.url()], { encoding: 'utf8' }));
  assert.equal(sc.channels[0].cvr, 0.0346);
  assert.equal(sc.spend_lines[0].budget, 184000000);
  assert.ok(await kpi(page, 'gmv') > 0);
  await context.close();
});

test('typed Chinese amounts are read, and 1,2 in a rate is refused instead of read as 12%', async () => {
  const { page, context } = await open(browser, server.url);
  const type = async (p, text) => {
    await page.getByTestId(`input-${p}`).fill(text);
    await page.getByTestId(`input-${p}`).press('Enter');
  };
  await type('targets.gmv', '38亿5000万');
  await page.waitForFunction(() => document.querySelector('[data-testid="input-targets.gmv"]').value === '3850000000');
  await type('spend_lines.0.budget', '１.５亿元');
  await page.waitForFunction(() => document.querySelector('[data-testid="input-spend_lines.0.budget"]').value === '150000000');
  const before = await kpi(page, 'gmv');
  await type('channels.0.cvr', '1,2');
  const error = page.getByTestId('error-channels.0.cvr');
  await page.waitForFunction(() => document.querySelector('[data-testid="error-channels.0.cvr"]').innerText.length > 0);
  assert.match(await error.innerText(), /不是有效数字：“?"?1,2/);
  // The examples are a rate's (a rate is no amount of money: 38亿5000万 is said for money fields).
  assert.match(await error.innerText(), /3\.2%/);
  assert.doesNotMatch(await error.innerText(), /亿/);
  assert.equal(await kpi(page, 'gmv'), before);
  await context.close();
});

test('accessibility: sliders say their value with its unit, buttons name what they act on, a skip link, a live summary', async () => {
  const { page, context, errors } = await open(browser, server.url);
  assert.equal(await page.getByTestId('slider-channels.0.cvr').getAttribute('aria-valuetext'), '3.20%');
  assert.equal(await page.getByTestId('slider-targets.gmv').getAttribute('aria-valuetext'), '¥38.00亿');
  assert.equal(await page.getByTestId('channel-2-remove').getAttribute('aria-label'), '删除 渠道 抖音');
  assert.equal(await page.getByTestId('spend-line-0-remove').getAttribute('aria-label'), '删除 预算项 信息流投放');
  // Keyboard: the first Tab reaches the skip link, Enter moves focus to the results.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'results');
  const live = page.getByTestId('live-summary');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.match(await live.innerText(), /GMV ¥[\d.]+亿 · /);
  const before = await live.innerText();
  await page.getByTestId('input-channels.0.cvr').fill('4');
  await page.getByTestId('input-channels.0.cvr').press('Enter');
  await page.waitForFunction(b => document.querySelector('[data-testid="live-summary"]').innerText !== b, before);
  // A row's buttons follow its name, renamed and the rename undone (they follow the plan's outline, which a number's
  // edit never moves).
  const names = () => page.evaluate(() => ['up', 'down', 'remove'].flatMap(b => {
    const el = document.querySelector(`[data-testid="channel-2-${b}"]`);
    return [el.getAttribute('aria-label'), el.title];
  }));
  const said = name => ['上移', '上移', '下移', '下移', '删除', '删除'].map(v => `${v} 渠道 ${name}`);
  await page.getByTestId('input-channels.2.name').fill('抖音商城');
  await page.getByTestId('input-channels.2.name').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="channel-2-remove"]').title.endsWith('抖音商城'));
  assert.deepEqual(await names(), said('抖音商城'));
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="channel-2-remove"]').title.endsWith(' 抖音'));
  assert.deepEqual(await names(), said('抖音'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an editable embed says whose each driver is', async () => {
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(defaultScenario()), encoding: 'utf8' }).trim();
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const p = await ctx.newPage();
  await p.goto(`${server.url}?embed=1&edit=1${fragment}`);
  await p.getByTestId('embed-drivers').waitFor({ timeout: 20000 });
  assert.equal((await p.locator('label[for="f-channels-0-cvr"]').innerText()).trim(), 'Tmall 转化率');
  assert.match(await p.locator('label[for="f-spend_lines-0-budget"]').innerText(), /^Feed ads /);
  assert.doesNotMatch(await p.locator('label[for="f-targets-gmv"]').innerText(), /Tmall/);
  await ctx.close();
});

test('an editable embed: a refused value says why and changes nothing, an unusual one applies with a note, the slider moves the plan', async () => {
  const sc = defaultScenario();
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(sc), encoding: 'utf8' }).trim();
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const p = await ctx.newPage();
  const errors = [];
  p.on('pageerror', e => errors.push(String(e)));
  await p.goto(`${server.url}?embed=1&edit=1&chart=monthly${fragment}`);
  await p.getByTestId('embed-drivers').waitFor({ timeout: 20000 });
  const gmv = simulate(sc).year.gmv;
  assert.equal(await waitKpi(p, 'gmv', gmv), gmv);
  // Money reads in the planner's units until the field has the focus; the reading says it in words.
  const target = p.getByTestId('input-targets.gmv');
  assert.equal(await target.inputValue(), '38.00亿');
  await target.focus();
  assert.equal(await target.inputValue(), '3800000000');
  await target.blur();
  // Refused: the reason on the field, the results as they were.
  const cvr = p.getByTestId('input-channels.0.cvr');
  await cvr.fill('150');
  await cvr.press('Enter');
  assert.match(await p.getByTestId('error-channels.0.cvr').innerText(), /\S/);
  assert.equal(await cvr.getAttribute('aria-invalid'), 'true');
  assert.equal(await kpi(p, 'gmv'), gmv);
  // Unusual: applied, with a note.
  await cvr.fill('25');
  await cvr.press('Enter');
  await p.getByTestId('warning-channels.0.cvr').waitFor();
  assert.match(await p.getByTestId('warning-channels.0.cvr').innerText(), /通常不超过 20\.00%/);
  assert.equal(await p.getByTestId('error-channels.0.cvr').innerText(), '');
  const high = { ...sc, channels: sc.channels.map((c, i) => i === 0 ? { ...c, cvr: 0.25 } : c) };
  assert.equal(await waitKpi(p, 'gmv', simulate(high).year.gmv), simulate(high).year.gmv);
  // The slider: a rounded value in the plan, the typed field following it, the note gone.
  await p.getByTestId('slider-channels.0.cvr').fill('4');
  const four = { ...sc, channels: sc.channels.map((c, i) => i === 0 ? { ...c, cvr: 0.04 } : c) };
  assert.equal(await waitKpi(p, 'gmv', simulate(four).year.gmv), simulate(four).year.gmv);
  assert.equal(await cvr.inputValue(), '4');
  assert.equal(await p.getByTestId('warning-channels.0.cvr').count(), 0);
  // The open link carries the plan as moved; the chart's data opens as a table.
  const open = await p.getByTestId('open-full').getAttribute('href');
  const plan = JSON.parse(execFileSync(bin, ['decode', open], { encoding: 'utf8' }));
  assert.equal(plan.channels[0].cvr, 0.04);
  await p.locator('[data-testid="chart-monthly"] summary').click();
  // The table is written when the details' toggle event comes, after the click.
  await p.locator('[data-testid="chart-monthly"] details tbody tr').nth(11).waitFor({ timeout: 5000 });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a value far outside what plans contain is applied with a warning, not refused', async () => {
  const { page, context } = await open(browser, server.url);
  assert.equal(await page.getByTestId('warning-channels.0.cvr').count(), 0);
  await page.getByTestId('input-channels.0.cvr').fill('25');
  await page.getByTestId('input-channels.0.cvr').press('Enter');
  await page.getByTestId('warning-channels.0.cvr').waitFor();
  assert.match(await page.getByTestId('warning-channels.0.cvr').innerText(), /通常不超过 20\.00%/);
  assert.equal(await page.getByTestId('error-channels.0.cvr').innerText(), '');
  await context.close();
});

test('one undo model: Ctrl+Z in a field undoes the plan, and the field shows the plan after it', async () => {
  const { page, context, errors } = await open(browser, server.url, { locale: 'en-US' });
  const input = page.getByTestId('input-channels.0.cvr');
  const slider = page.getByTestId('slider-channels.0.cvr');
  const [orig, origSlider, gmv0] = [await input.inputValue(), await slider.inputValue(), await kpi(page, 'gmv')];
  await input.fill('4');
  await input.press('Enter');
  await page.waitForFunction(g => Number(document.querySelector('[data-testid="kpi-gmv"]').dataset.value) !== g, gmv0);
  const applied = await input.inputValue();
  assert.notEqual(applied, orig);
  // The plan's undo, from inside the field: the plan, the field, its slider and the KPIs go back together.
  await input.press('Control+z');
  await page.waitForFunction(o => document.querySelector('[data-testid="input-channels.0.cvr"]').value === o, orig);
  assert.equal(await kpi(page, 'gmv'), gmv0);
  assert.equal(await slider.inputValue(), origSlider);
  assert.equal(await page.getByTestId('undo').isDisabled(), true);
  // Typed text not yet applied is dropped first; the plan is untouched.
  await input.fill('9');
  await input.press('Control+z');
  await page.waitForFunction(o => document.querySelector('[data-testid="input-channels.0.cvr"]').value === o, orig);
  assert.equal(await kpi(page, 'gmv'), gmv0);
  assert.equal(await page.getByTestId('redo').isDisabled(), false, 'the redo step is still there');
  // Text applied and refused (an error under the field) is dropped too, with its error; the plan is untouched.
  await input.fill('abc');
  await input.press('Enter');
  await page.getByTestId('error-channels.0.cvr').and(page.locator(':not(:empty)')).waitFor();
  await input.press('Control+z');
  await page.waitForFunction(o => document.querySelector('[data-testid="input-channels.0.cvr"]').value === o, orig);
  await page.waitForFunction(() => document.querySelector('[data-testid="error-channels.0.cvr"]').innerText === '');
  assert.equal(await kpi(page, 'gmv'), gmv0);
  // Redo from the field.
  await input.press('Control+Shift+z');
  await page.waitForFunction(a => document.querySelector('[data-testid="input-channels.0.cvr"]').value === a, applied);
  assert.notEqual(await kpi(page, 'gmv'), gmv0);
  // A text box that is not the plan (the scenario's save name) keeps the browser's own undo.
  await page.getByTestId('scenarios-menu').click();
  const name = page.getByTestId('save-name');
  await name.fill('abc');
  await name.press('Control+z');
  assert.notEqual(await kpi(page, 'gmv'), gmv0, 'Ctrl+Z in the save name did not undo the plan');
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching the language switches the default names the planner left alone', async () => {
  const { page, context, errors } = await open(browser, server.url, { locale: 'zh-CN' });
  const name = i => page.getByTestId(`input-channels.${i}.name`);
  assert.equal(await name(0).inputValue(), '天猫');
  await name(1).fill('京东自营');
  await name(1).press('Enter');
  const gmv = await kpi(page, 'gmv');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === 'Tmall');
  assert.equal(await name(1).inputValue(), '京东自营', 'a name the planner gave stays');
  // The promotions and the budget are the panels' wasm's: they follow the page's language once it rests.
  await page.waitForFunction(() => document.querySelector('[data-testid="input-events.2.name"]').value === 'Double 11');
  assert.equal(await page.getByTestId('input-name').inputValue(), '2026 plan');
  assert.equal(await kpi(page, 'gmv'), gmv, 'the numbers stay');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === '天猫');
  await page.waitForFunction(() => document.querySelector('[data-testid="input-spend_lines.0.name"]').value === '信息流投放');
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: an edit far down the assumptions and its effect on GMV are on one screen; wide tables show they scroll; money takes 万', async () => {
  const { page, context, errors } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const strip = page.getByTestId('headline-strip');
  const field = page.getByTestId('input-spend_lines.0.budget');
  await field.scrollIntoViewIfNeeded();
  const inView = async el => { const b = await el.boundingBox(); return b && b.y >= 0 && b.y + b.height <= 844 && b.x >= 0 && b.x + b.width <= 390; };
  assert.ok(await inView(field), 'the field is on screen');
  assert.ok(await inView(strip), 'the headline strip is on screen with it');
  const before = await page.getByTestId('live-summary').innerText();
  assert.match(before, /^成交总额 GMV ¥[\d.]+亿 · \S+ · 净利润 -?¥[\d.,]+[万亿]?/);
  assert.equal(await field.getAttribute('inputmode'), 'text', 'a money field takes 万 and 亿 on a phone keyboard');
  assert.equal(await page.getByTestId('input-channels.0.cvr').getAttribute('inputmode'), 'decimal');
  await field.fill('2亿');
  await field.press('Enter');
  await page.waitForFunction(b => document.querySelector('[data-testid="live-summary"]').innerText !== b, before);
  assert.ok(await inView(strip));
  // The strip leads back up to the results.
  await page.getByTestId('strip-to-results').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="results"]').getBoundingClientRect().top < 200);
  // Every table wider than the screen scrolls inside its frame, with shadows at the edges that say so.
  const wraps = await page.$$eval('.table-wrap', els => els.map(e => ({
    wide: e.scrollWidth > e.clientWidth + 1, scrolls: getComputedStyle(e).overflowX === 'auto',
    hint: getComputedStyle(e).backgroundImage.includes('radial-gradient'), right: e.getBoundingClientRect().right,
  })));
  assert.ok(wraps.some(w => w.wide), 'some table is wider than a phone');
  for (const w of wraps) {
    assert.ok(w.scrolls && w.hint && w.right <= 390, JSON.stringify(w));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('every error reads in Chinese in the zh-CN UI, without internal paths', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN' });
  const importFile = (name, text) => page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const latin = /(?!JSON)\b[A-Za-z]{4,}/;
  // A JSON syntax error: where (line, column) and what, in Chinese.
  await importFile('broken.json', '{\n  "name": "x",\n}');
  await page.getByTestId('notice-details').waitFor();
  const syntax = await page.getByTestId('notice-details').innerText();
  assert.match(syntax, /JSON 无法解析（第 3 行，第 1 列）：/);
  assert.doesNotMatch(syntax, latin, syntax);
  // Invalid values: the field in the planner's words, the bounds in percent.
  const bad = defaultScenario();
  bad.channels[2].cvr = 1.5;
  bad.customers.repeat_curve[2] = 0.01;
  await importFile('bad.json', JSON.stringify(bad));
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-details"]')?.innerText.includes('渠道 3'));
  const invalid = await page.getByTestId('notice-details').innerText();
  assert.match(invalid, /渠道 3 · 转化率：须在 0%–100% 之间（不含 0%），当前为 150\.00%/);
  assert.match(invalid, /180天的累计复购不能低于 90天 的值/);
  assert.doesNotMatch(invalid, /channels\[|repeat_curve|customers\./, invalid);
  // A broken link: why, in Chinese.
  for (const garbage of ['#s=1.@@@garbage', '#s=9.abc']) {
    await page.goto(server.url + garbage);
    await page.getByTestId('url-error').waitFor();
    const why = await page.getByTestId('url-error').innerText();
    assert.match(why, /链接无法打开/);
    assert.doesNotMatch(why, latin, why);
  }
  await context.close();
});

test('a worker that fails is reset: the export says why in words, and the next try works', async () => {
  const { page, context, errors } = await open(browser, server.url, { locale: 'zh-CN' });
  const filesBoot = /sandtable-worker-boot\.js\?files&/;
  await context.route(filesBoot, r => r.abort());
  await page.getByTestId('file-menu').click();
  await page.getByTestId('export-csv').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="export-status"]').innerText.includes('后台计算未能完成'));
  await context.unroute(filesBoot);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.equal(csv.suggestedFilename(), '2026年计划-results.csv');
  assert.equal(await page.getByTestId('export-status').innerText(), '');
  assert.ok(errors.every(e => /sandtable-worker-boot|ERR_FAILED|Failed to load/.test(e)), errors.join('\n'));
  await context.close();
});

test('plans side by side: a plan saved with 另存为 is in the picker at once, headed by its own name; the current plan says so', async () => {
  const { page, context, errors } = await open(browser, server.url, { locale: 'zh-CN' });
  await page.getByTestId('scenarios-menu').click();
  await page.getByTestId('save-name').fill('加投信息流');
  await page.getByTestId('save-as').click();
  await page.getByTestId('scenarios-menu').click();
  // No reload: the picker lists the plan saved a moment ago, and it has a name for screen readers.
  const pick = page.getByTestId('compare-pick');
  assert.equal(await pick.getAttribute('aria-label'), '方案对比');
  await pick.focus();
  const option = pick.locator('option', { hasText: '加投信息流' });
  await option.waitFor({ state: 'attached' });
  await pick.selectOption(await option.getAttribute('value'));
  await page.getByTestId('compare-add').click();
  await pick.selectOption('current');
  await page.getByTestId('compare-add').click();
  const heads = await page.getByTestId('compare-table').locator('thead th').allInnerTexts();
  assert.match(heads[1], /^加投信息流/, heads.join(' | '));
  assert.match(heads[2], /^当前方案 · 2026年计划/, heads.join(' | '));
  // 加入 sits on one line.
  const add = await page.getByTestId('compare-add').boundingBox();
  const lineHeight = await page.getByTestId('compare-add').evaluate(b => parseFloat(getComputedStyle(b).lineHeight) || 20);
  assert.ok(add.height < lineHeight * 2, `加入 is ${add.height}px tall`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('contrast and headings: a card on watch reads at 4.5:1 or more, its P10–P90 too; no heading skips a level', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN' });
  await mcDone(page);
  const card = page.locator('.kpi[data-status="watch"]').first();
  await card.locator('.kpi-spread').first().waitFor();
  const ratios = await card.evaluate(el => {
    const rgb = s => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const bg = rgb(getComputedStyle(el).backgroundColor);
    return ['.kpi-target', '.kpi-spread'].map(s => ratio(rgb(getComputedStyle(el.querySelector(s)).color), bg));
  });
  for (const r of ratios) assert.ok(r >= 4.5, `contrast ${ratios.map(x => x.toFixed(2)).join(', ')}`);
  const levels = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1])));
  levels.forEach((l, i) => assert.ok(i === 0 || l <= levels[i - 1] + 1, `h${l} after h${levels[i - 1]}`));
  await context.close();
});

test('the skip link moves the focus to the results and leaves the plan in the address bar', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN' });
  await page.getByTestId('input-targets.gmv').fill('40亿');
  await page.getByTestId('input-targets.gmv').press('Enter');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  const before = await page.evaluate(() => location.hash);
  await page.keyboard.press('Shift+Tab');
  await page.getByTestId('skip-link').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'results');
  assert.equal(await page.evaluate(() => location.hash), before);
  await context.close();
});

test('a run of arrow keys on a slider is one undo step; the language switch is none, and undo keeps the names in the language', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN' });
  const input = page.getByTestId('input-channels.0.cvr');
  const before = await input.inputValue();
  const slider = page.getByTestId('slider-channels.0.cvr');
  await slider.focus();
  for (let i = 0; i < 5; i++) await slider.press('ArrowRight');
  await page.waitForFunction(b => document.querySelector('[data-testid="input-channels.0.cvr"]').value !== b, before);
  await page.getByTestId('undo').click();
  await page.waitForFunction(b => document.querySelector('[data-testid="input-channels.0.cvr"]').value === b, before);
  assert.equal(await page.getByTestId('undo').isDisabled(), true, 'five key presses made one step');
  // An edit, then the language: undo takes back the edit and the names stay English.
  await page.getByTestId('input-channels.0.aov').fill('300');
  await page.getByTestId('input-channels.0.aov').press('Enter');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.name"]').value === 'Tmall');
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-channels.0.aov"]').value !== '300');
  assert.equal(await page.getByTestId('input-channels.0.name').inputValue(), 'Tmall');
  assert.equal(await page.getByTestId('undo').isDisabled(), true, 'the switch was no step of its own');
  // Wide tables can be reached and scrolled by keyboard.
  assert.equal(await page.locator('.table-wrap:not([tabindex="0"])').count(), 0);
  await context.close();
});

test('an embed of the tornado runs it: its bars come, not a wait that never ends', async () => {
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(defaultScenario()), encoding: 'utf8' }).trim();
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}?embed=1&chart=tornado${fragment}`);
  const canvas = page.locator('[data-testid="chart-tornado"] canvas');
  await canvas.waitFor();
  await page.waitForFunction(() => {
    const label = document.querySelector('[data-testid="chart-tornado"] canvas').getAttribute('aria-label') || '';
    return label.length > 0 && !label.includes('尚无敏感度结果');
  }, null, { timeout: 30000 });
  assert.match(await canvas.getAttribute('aria-label'), /GMV/);
  await context.close();
});

test('every share reads in percent beside the rates: 老客渠道占比 34.3, a split 45; typed 50 is half', async () => {
  const { page, context, errors } = await open(browser, server.url);
  assert.equal(await page.getByTestId('input-channels.0.base_share').inputValue(), '34.3');
  assert.equal(await page.getByTestId('input-spend_lines.0.split.0').inputValue(), '45');
  const field = page.getByTestId('input-channels.0.base_share');
  await field.fill('50');
  await field.press('Enter');
  await page.waitForTimeout(600);
  const plan = JSON.parse(execFileSync(bin, ['decode', await page.evaluate(() => location.href)], { encoding: 'utf8' }));
  assert.equal(plan.channels[0].base_share, 0.5);
  const sc = defaultScenario();
  sc.channels[0].base_share = 0.5;
  const want = JSON.parse(execFileSync(bin, ['simulate', '-'], { input: JSON.stringify(sc), encoding: 'utf8' })).year.gmv;
  await page.waitForFunction(g => Number(document.querySelector('[data-testid="kpi-gmv"]').dataset.value) === g, want);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the phone header is compact: the title on one line, the plan name on its own line, no label wrapped into a column, menus that open', async () => {
  for (const locale of ['zh-CN', 'en-US']) {
    const { page, context, errors } = await open(browser, server.url, { locale, viewport: { width: 390, height: 844 } });
    const m = await page.evaluate(() => {
      const top = document.querySelector('.top');
      // What the header shows (a closed menu's content is not shown).
      const shown = [...top.querySelectorAll('h1, label, button, summary')].filter(e => !e.closest('.menu-body') && e.getBoundingClientRect().width > 0);
      // A box whose text wraps is taller than one line of it.
      const wrapped = shown.filter(e => e.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(e).fontSize) + 14)
        .map(e => `${e.tagName} ${e.textContent.trim().slice(0, 10)} ${Math.round(e.getBoundingClientRect().height)}px`);
      const name = document.querySelector('[data-testid="input-name"]').getBoundingClientRect();
      return { height: top.getBoundingClientRect().height, wrapped, name: [name.width, name.right] };
    });
    assert.deepEqual(m.wrapped, [], locale);
    assert.ok(m.height <= 140, `${locale}: the header is ${m.height}px tall`);
    assert.ok(m.name[0] >= 150 && m.name[1] <= 390, `${locale}: the name field ${m.name}`);
    // The menus still open, as a sheet across the screen.
    await page.getByTestId('file-menu').click();
    const sheet = await page.getByTestId('export-csv').boundingBox();
    assert.ok(sheet && sheet.x >= 0 && sheet.x + sheet.width <= 390, JSON.stringify(sheet));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('新建方案: a blank one-channel plan or the example, beside the calibration in its entry; one undo brings the plan back', async () => {
  const { page, context, errors } = await open(browser, server.url);
  const before = await kpi(page, 'gmv');
  assert.match(await page.getByTestId('calibrate-open').innerText(), /新建/);
  await page.getByTestId('calibrate-open').click();
  await page.getByTestId('new-plan').waitFor();
  await page.getByTestId('new-plan-blank').click();
  await page.getByTestId('new-plan').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="input-name"]').value === '新方案');
  assert.equal(await page.getByTestId('input-channels.0.name').inputValue(), '渠道 1');
  assert.equal(await page.getByTestId('input-channels.1.name').count(), 0);
  // The blank plan is the engine's: the link decodes to it and the GMV card is its GMV.
  await page.waitForTimeout(600);
  const plan = JSON.parse(execFileSync(bin, ['decode', await page.evaluate(() => location.href)], { encoding: 'utf8' }));
  assert.deepEqual([plan.channels.length, plan.events.length, plan.spend_lines.length], [1, 0, 0]);
  const want = JSON.parse(execFileSync(bin, ['simulate', '-'], { input: JSON.stringify(plan), encoding: 'utf8' })).year.gmv;
  await page.waitForFunction(g => Number(document.querySelector('[data-testid="kpi-gmv"]').dataset.value) === g, want);
  // One undo and the plan it replaced is back.
  await page.getByTestId('undo').click();
  await page.waitForFunction(g => Number(document.querySelector('[data-testid="kpi-gmv"]').dataset.value) === g, before);
  assert.equal(await page.getByTestId('input-name').inputValue(), '2026年计划');
  assert.deepEqual(errors, []);
  await context.close();
});

test('money and counts read in 万 / 亿 in their field out of editing, the exact digits while editing', async () => {
  const { page, context, errors } = await open(browser, server.url);
  const gmv = page.getByTestId('input-targets.gmv');
  const uv = page.getByTestId('input-channels.0.organic_uv');
  const reading = page.getByTestId('input-targets.gmv').locator('xpath=..').locator('.reading');
  assert.equal(await gmv.inputValue(), '38.00亿');
  assert.equal(await uv.inputValue(), '1,693万');
  // A rate and a small amount keep their digits.
  assert.equal(await page.getByTestId('input-channels.0.aov').inputValue(), String(defaultScenario().channels[0].aov));
  // The reading beside the field is only for the digits being typed.
  assert.equal(await reading.isVisible(), false);
  await gmv.focus();
  assert.equal(await gmv.inputValue(), '3800000000');
  assert.equal(await reading.isVisible(), true);
  await gmv.fill('40亿');
  await gmv.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="input-targets.gmv"]').value === '4000000000');
  await gmv.press('Tab');
  assert.equal(await gmv.inputValue(), '40.00亿');
  // Refused text stays as typed beside its error, out of the field too.
  await uv.fill('12abc');
  await uv.press('Tab');
  await page.getByTestId('error-channels.0.organic_uv').and(page.locator(':not(:empty)')).waitFor();
  assert.equal(await uv.inputValue(), '12abc');
  // English reads in millions and billions.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-targets.gmv"]').value === '4.00 bn');
  assert.deepEqual(errors, []);
  await context.close();
});

