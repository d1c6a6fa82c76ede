// Sharing and keeping plans, in real Chromium: links, the address bar, autosave, saved scenarios, undo,
// export and import, the embed protocol in a host page, and safety (text stays text, the CSP holds).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, open, defaultScenario, defaultScenarioZh, simulate, kpi, waitKpi, type, root, montecarlo } from './lib.mjs';

const bin = process.env.SANDTABLE_BIN || path.join(root, 'target/debug/sandtable');
const decode = link => JSON.parse(execFileSync(bin, ['decode', link], { encoding: 'utf8' }));
const KEYS = ['gmv', 'net_profit', 'paid_roi', 'net_margin', 'repeat_share', 'marketing', 'cpa', 'ltv_365'];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Collects CSP violations and dialogs (an XSS would open one) from the start of every page. */
async function watch(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const dialogs = [];
  context.on('page', p => p.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); }));
  return dialogs;
}

async function kpis(page) {
  const out = {};
  for (const k of KEYS) out[k] = await kpi(page, k);
  return out;
}

async function waitForHash(page, previous) {
  await page.waitForFunction(p => location.hash.startsWith('#s=1.') && location.hash !== p, previous, { timeout: 5000 });
  return page.evaluate(() => location.href);
}

test('a link opened in a fresh browser reproduces the plan, numbers identical', async () => {
  const a = await open(browser, server.url);
  const historyLength = await a.page.evaluate(() => history.length);
  await type(a.page, 'channels.0.cvr', '3.6');
  await type(a.page, 'spend_lines.1.budget', '1.2亿');
  await waitForHash(a.page, '');
  // The address bar follows each edit after a short pause: wait for the one that carries the new name.
  await type(a.page, 'channels.3.name', '拼多多 PDD');
  await a.page.waitForFunction(() => document.querySelector('[data-testid="input-channels.3.name"]').value === '拼多多 PDD');
  let link = '';
  for (let i = 0; i < 50 && !(link && decode(link).channels[3].name === '拼多多 PDD'); i++) {
    await a.page.waitForTimeout(100);
    link = await a.page.evaluate(() => location.href);
  }
  // The address bar follows edits without adding history entries.
  assert.equal(await a.page.evaluate(() => history.length), historyLength);
  const there = await kpis(a.page);
  const b = await open(browser, link);
  assert.deepEqual(await kpis(b.page), there);
  assert.equal(await b.page.getByTestId('input-channels.3.name').inputValue(), '拼多多 PDD');
  // And the native engine agrees with the link.
  const sc = decode(link);
  assert.equal(sc.channels[0].cvr, 0.036);
  assert.equal(simulate(sc).year.gmv, there.gmv);
  assert.ok(link.length < 2000, `link of ${link.length} characters`);
  await a.context.close();
  await b.context.close();
});

test('copy link puts the link on the clipboard and says so', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  await page.getByTestId('share-menu').click();
  await page.getByTestId('copy-link').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="copy-feedback"]').innerText.length > 0);
  assert.match(await page.getByTestId('copy-feedback').innerText(), /已复制/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.deepEqual(decode(copied), defaultScenarioZh(), 'a new zh-CN user\'s plan: the default numbers, Chinese names');
  assert.match(await page.getByTestId('embed-snippet').inputValue(), /<iframe src="[^"]+\?embed=1&chart=monthly#s=1\.[^"]+" title="[^"]+" loading="lazy"/);
  await context.close();
});

test('a broken link shows why, opens the autosaved plan and leaves the autosave alone', async () => {
  const { page, context } = await open(browser, server.url);
  await type(page, 'channels.1.aov', '345');
  await page.waitForFunction(() => (localStorage.getItem('sandtable.autosave') || '').includes('345'));
  const autosave = await page.evaluate(() => localStorage.getItem('sandtable.autosave'));
  const mine = await kpi(page, 'gmv');
  for (const [i, garbage] of ['#s=1.@@@garbage', '#s=1.AAAAAAAA', '#s=9.abc', '#s=1.' + 'A'.repeat(5000)].entries()) {
    // The first is opened in a fresh page load, the others pasted into the open page (a hashchange).
    if (i === 0) await page.goto('about:blank');
    await page.goto(server.url + garbage);
    await page.getByTestId('url-error').waitFor();
    assert.equal(await kpi(page, 'gmv'), mine, garbage);
    await page.waitForTimeout(700);
    assert.equal(await page.evaluate(() => localStorage.getItem('sandtable.autosave')), autosave, garbage);
  }
  assert.match(await page.getByTestId('url-error').innerText(), /newer Sandtable|damaged|链接无法打开/);
  await page.getByTestId('url-error-dismiss').click();
  await page.getByTestId('url-error').waitFor({ state: 'detached' });
  // A good link pasted into the open page opens it, as a step that undo takes back.
  const other = defaultScenario();
  other.channels[0].aov = 199;
  await page.goto(server.url + execFileSync(bin, ['encode', '-'], { input: JSON.stringify(other), encoding: 'utf8' }).trim());
  assert.equal(await waitKpi(page, 'gmv', simulate(other).year.gmv), simulate(other).year.gmv);
  await page.getByTestId('undo').click();
  assert.equal(await waitKpi(page, 'gmv', mine), mine);
  // Reload without a link restores the autosave.
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  assert.equal(await kpi(page, 'gmv'), mine);
  assert.equal(await page.getByTestId('input-channels.1.aov').inputValue(), '345');
  await context.close();
});

test('corrupt stored state never breaks the page and is kept aside', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('sandtable.autosave', '{"schema": 1, "broken');
      localStorage.setItem('sandtable.saved.zz', 'not json at all');
    }
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  assert.equal(await kpi(page, 'gmv'), simulate(defaultScenario()).year.gmv);
  // Said in words, without storage keys.
  await page.getByTestId('notice').filter({ hasText: 'The autosaved plan could not be read' }).waitFor();
  assert.doesNotMatch(await page.getByTestId('notice').first().innerText(), /sandtable\./);
  await page.getByTestId('scenarios-menu').click();
  await page.waitForFunction(() => Object.keys(localStorage).filter(k => k.startsWith('sandtable.corrupt.')).length === 2);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('sandtable.corrupt.')).map(k => localStorage.getItem(k)));
  assert.ok(kept.includes('not json at all') && kept.includes('{"schema": 1, "broken'));
  await context.close();
});

test('a full localStorage is said, and the page keeps working', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  await type(page, 'channels.0.aov', '300');
  await page.getByTestId('notice').filter({ hasText: 'QuotaExceededError' }).waitFor();
  assert.match(await page.getByTestId('notice').first().innerText(), /Autosave failed/);
  const sc = defaultScenario();
  sc.channels[0].aov = 300;
  assert.equal(await kpi(page, 'gmv'), simulate(sc).year.gmv);
  await page.getByTestId('scenarios-menu').click();
  await page.getByTestId('save-as').click();
  await page.getByTestId('notice').filter({ hasText: 'Could not save' }).waitFor();
  await context.close();
});

test('saved scenarios: save as, open, rename, duplicate, delete with confirmation', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'en-US' });
  await page.getByTestId('scenarios-menu').click();
  await page.getByTestId('save-name').fill('Base case');
  await page.getByTestId('save-as').click();
  await page.getByTestId('saved-row').first().waitFor();
  const base = await kpi(page, 'gmv');
  await type(page, 'channels.0.organic_uv', '30000000');
  await page.getByTestId('save-name').fill('Stretch');
  await page.getByTestId('save-as').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-row"]').length === 2);
  const stretch = await kpi(page, 'gmv');
  assert.notEqual(stretch, base);
  const row = name => page.getByTestId('saved-row').filter({ hasText: name });
  await row('Base case').getByTestId('saved-open').click();
  assert.equal(await waitKpi(page, 'gmv', base), base);
  // The field reads the plan's exact digits once it has the focus (out of it, in the planner's units).
  await page.getByTestId('input-channels.0.organic_uv').focus();
  assert.equal(await page.getByTestId('input-channels.0.organic_uv').inputValue(), String(defaultScenario().channels[0].organic_uv));
  await row('Stretch').getByTestId('saved-rename').click();
  await row('Stretch').getByTestId('saved-rename-input').fill('Stretch 2027');
  await row('Stretch').getByTestId('saved-rename').click();
  await row('Stretch 2027').waitFor();
  await row('Stretch 2027').getByTestId('saved-duplicate').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-row"]').length === 3);
  await row('(copy)').getByTestId('saved-delete').click();
  await row('(copy)').getByTestId('saved-delete-cancel').click();
  assert.equal(await page.getByTestId('saved-row').count(), 3);
  await row('(copy)').getByTestId('saved-delete').click();
  await row('(copy)').getByTestId('saved-delete-confirm').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-row"]').length === 2);
  await row('Stretch 2027').getByTestId('saved-open').click();
  assert.equal(await waitKpi(page, 'gmv', stretch), stretch);
  // "Save" writes over the scenario that was opened.
  await type(page, 'channels.0.aov', '299');
  const changed = await kpi(page, 'gmv');
  assert.match(await page.getByTestId('save-current').innerText(), /Save to Stretch 2027/);
  await page.getByTestId('save-current').click();
  await row('Base case').getByTestId('saved-open').click();
  assert.equal(await waitKpi(page, 'gmv', base), base);
  await row('Stretch 2027').getByTestId('saved-open').click();
  assert.equal(await waitKpi(page, 'gmv', changed), changed);
  assert.equal(await row('Stretch 2027').getAttribute('aria-current'), 'true');
  await context.close();
});

test('undo and redo, by button and keyboard; a slider drag is one step', async () => {
  const { page, context } = await open(browser, server.url);
  const g0 = await kpi(page, 'gmv');
  await type(page, 'channels.0.aov', '300');
  const g1 = await kpi(page, 'gmv');
  // A drag: many input events, one change at the end.
  const slider = page.getByTestId('slider-channels.1.cvr');
  for (const v of ['3.5', '3.8', '4.1', '4.4']) {
    await slider.evaluate((el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, v);
  }
  await slider.evaluate(el => el.dispatchEvent(new Event('change', { bubbles: true })));
  const g2 = await waitKpi(page, 'gmv', await kpi(page, 'gmv'));
  assert.notEqual(g2, g1);
  await page.getByTestId('undo').click();
  assert.equal(await waitKpi(page, 'gmv', g1), g1, 'the whole drag undone at once');
  assert.equal(await page.getByTestId('input-channels.1.cvr').inputValue(), '3.4');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('Control+z');
  assert.equal(await waitKpi(page, 'gmv', g0), g0);
  assert.equal(await page.getByTestId('input-channels.0.aov').inputValue(), '285');
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await waitKpi(page, 'gmv', g1), g1);
  await page.getByTestId('redo').click();
  assert.equal(await waitKpi(page, 'gmv', g2), g2);
  assert.equal(await page.getByTestId('redo').isDisabled(), true);
  await context.close();
});

test('export then import gives the same results; bad files list every error', async () => {
  const { page, context } = await open(browser, server.url, { locale: 'en-US' });
  await type(page, 'events.2.traffic_uplift', '9');
  await type(page, 'channels.4.name', 'WeChat 视频号');
  const before = await kpis(page);
  await page.getByTestId('file-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scenario').click()]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(exported.events[2].traffic_uplift, 9);
  assert.equal(simulate(exported).year.gmv, before.gmv, 'the exported JSON is what `sandtable simulate` reads');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.equal(csv.suggestedFilename(), '2026-plan-results.csv');
  const csvText = fs.readFileSync(await csv.path(), 'utf8');
  assert.equal(csvText.charCodeAt(0), 0xfeff, 'CSV starts with a BOM');
  assert.match(csvText, /WeChat 视频号/);
  // The CSV for people: English headers (the page's language), numbers as displayed, the same file the CLI writes.
  assert.match(csvText, /^\uFEFFYear\r\nKPI,Year\r\nGMV \(CNY\),\d+\r\n/);
  // A plan without notes has no Note column: a file leaves out a column with nothing in it.
  assert.match(csvText, /\r\nTargets\r\nTarget,Value,Target value,Deviation,Status\r\n/);
  assert.match(csvText, /\r\nDec GMV,\d+,\d+,-?\d+(\.\d+)?%,/);
  const cliCsv = path.join(path.dirname(file), 'cli.csv');
  execFileSync(bin, ['export', file, '--lang', 'en', '--output', cliCsv]);
  assert.equal(csvText, fs.readFileSync(cliCsv, 'utf8'), 'the page writes what `sandtable export` writes');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  assert.equal(xlsx.suggestedFilename(), '2026-plan-results.xlsx');
  const book = fs.readFileSync(await xlsx.path());
  assert.equal(book.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip');
  for (const part of ['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet7.xml', 'xl/styles.xml']) {
    assert.ok(book.includes(Buffer.from(part)), part);
  }
  const [resultsJson] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-results').click()]);
  assert.equal(JSON.parse(fs.readFileSync(await resultsJson.path(), 'utf8')).year.gmv, before.gmv);
  // Change the plan, then import the export: the results come back.
  await type(page, 'channels.0.cvr', '1');
  assert.notEqual(await kpi(page, 'gmv'), before.gmv);
  await page.getByTestId('import-file').setInputFiles(file);
  assert.equal(await waitKpi(page, 'gmv', before.gmv), before.gmv);
  assert.deepEqual(await kpis(page), before);
  // A file with two problems lists both and changes nothing.
  const bad = { ...exported, channels: exported.channels.map((c, i) => i === 2 ? { ...c, cvr: 1.5 } : c), costs: { ...exported.costs, gross_margin: 2 } };
  await page.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.getByTestId('notice-details').waitFor();
  const details = await page.getByTestId('notice-details').innerText();
  assert.match(details, /Channel 3 · Conversion rate: must be between 0% and 100% \(not 0%\), got 150\.00%/);
  assert.match(details, /Gross margin: must be between 0% and 100% \(not 100%\), got 200\.00%/);
  assert.equal(await kpi(page, 'gmv'), before.gmv);
  // Dropping a file on the page imports it too.
  await page.evaluate(async text => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'plan.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(defaultScenario()));
  assert.equal(await waitKpi(page, 'gmv', simulate(defaultScenario()).year.gmv), simulate(defaultScenario()).year.gmv);
  await context.close();
});

test('an embedded plan sizes its iframe and tells the host its results', async () => {
  const sc = defaultScenario();
  sc.name = 'Wiki plan <b>bold?</b>';
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(sc), encoding: 'utf8' }).trim();
  const src = `${server.url}?embed=1&chart=cumulative${fragment}`;
  const host = `<!doctype html><html><body><h1>Wiki page</h1>
    <iframe id="plan" src="${src}" title="Plan" loading="lazy" width="600" height="150" style="border:0"></iframe>
    <script>
      window.received = [];
      window.addEventListener('message', e => {
        if (!e.data || typeof e.data.type !== 'string') return;
        window.received.push(e.data);
        if (e.data.type === 'sandtable:resize') document.getElementById('plan').style.height = e.data.height + 'px';
      });
    </script></body></html>`;
  const wiki = await serve(undefined, { prefix: '/nothing/', extra: { '/wiki.html': host } });
  const context = await browser.newContext({ locale: 'en-US' });
  const dialogs = await watch(context);
  const page = await context.newPage();
  await page.goto(`${wiki.url.replace('/nothing/', '')}/wiki.html`);
  await page.waitForFunction(() => window.received.some(m => m.type === 'sandtable:results') && window.received.some(m => m.type === 'sandtable:resize'), null, { timeout: 20000 });
  const results = await page.evaluate(() => window.received.filter(m => m.type === 'sandtable:results').at(-1));
  const want = simulate(sc).year;
  assert.equal(results.gmv, want.gmv);
  assert.equal(results.net_profit, want.net_profit);
  assert.equal(results.paid_roi, want.paid_roi);
  assert.equal(results.status.paid_roi, 'ok');
  assert.equal(results.status.repeat_share, 'watch');
  // The plan has ranges: once its Monte Carlo has run, the host hears GMV's spread and the chance of its target.
  const withMc = await page.waitForFunction(() => window.received.findLast(m => m.type === 'sandtable:results' && m.montecarlo)?.montecarlo, null, { timeout: 30000 });
  const mc = await withMc.jsonValue();
  const cli = montecarlo(sc);
  assert.deepEqual([mc.p10, mc.p50, mc.p90, mc.probability, mc.trials], [cli.kpis.gmv.p10, cli.kpis.gmv.p50, cli.kpis.gmv.p90, cli.targets[0].probability, cli.trials]);
  // The frame took the height the embedded page reported, and that is the page's whole height.
  const reported = await page.evaluate(() => window.received.filter(m => m.type === 'sandtable:resize').at(-1).height);
  const box = await page.locator('#plan').boundingBox();
  assert.ok(Math.abs(box.height - reported) <= 1, `${box.height} vs ${reported}`);
  assert.ok(reported > 300, `reported ${reported}`);
  const frame = page.frameLocator('#plan');
  assert.equal(await frame.getByTestId('embed-name').innerText(), 'Wiki plan <b>bold?</b>');
  await frame.getByTestId('chart-cumulative').waitFor();
  assert.equal(await frame.getByTestId('input-channels.0.cvr').count(), 0, 'read-only by default');
  const open = await frame.getByTestId('open-full').getAttribute('href');
  assert.deepEqual(decode(open), sc);
  assert.ok(!open.includes('embed=1'));
  // With &edit=1 a few drivers can be moved, and the host hears the new results.
  await page.evaluate(u => { document.getElementById('plan').src = u; window.received = []; }, src.replace('embed=1', 'embed=1&edit=1'));
  await frame.getByTestId('input-channels.0.cvr').waitFor();
  await frame.getByTestId('input-channels.0.cvr').fill('4');
  await frame.getByTestId('input-channels.0.cvr').press('Enter');
  sc.channels[0].cvr = 0.04;
  const gmv = simulate(sc).year.gmv;
  await page.waitForFunction(g => window.received.some(m => m.type === 'sandtable:results' && m.gmv === g), gmv, { timeout: 10000 });
  assert.deepEqual(dialogs, []);
  await context.close();
  await wiki.close();
});

test('names that look like HTML render as text, and the CSP holds', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const dialogs = await watch(context);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('kpi-gmv').waitFor();
  const evil = '<img src=x onerror=alert(1)>';
  await type(page, 'channels.0.name', evil);
  await type(page, 'events.0.name', '<script>alert(2)</script>');
  await type(page, 'spend_lines.0.name', '"><svg onload=alert(3)>');
  await page.waitForTimeout(300);
  await page.getByTestId('table-channels').getByText(evil).waitFor();
  assert.match(await page.getByTestId('table-channels').innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.locator('svg[onload]').count(), 0);
  // Through an imported file as well (the fixture's name is an XSS probe).
  await page.getByTestId('file-menu').click();
  await page.getByTestId('import-file').setInputFiles(path.join(root, 'tests/fixtures/scenario-chinese.json'));
  await page.getByTestId('notice').filter({ hasText: '<img src=x onerror=alert(1)>' }).waitFor();
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await context.close();
});
