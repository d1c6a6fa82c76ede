// Plan against actuals in the page (issue 10): import a back office's export or paste a block, read the report,
// apply, see the tracking panel, correct the grid, switch the forecast, share the link and reopen it. The CLI
// (`sandtable import-actuals`, `sandtable simulate`) is the oracle of every number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, defaultScenario, simulate, montecarlo, mcDone, root } from './lib.mjs';

const bin = process.env.SANDTABLE_BIN || path.join(root, 'target', 'debug', 'sandtable');
const xls = path.join(root, 'tests', 'fixtures', 'import', 'sycm-shop-2026.xls');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandtable-actuals-'));

/** The plan the CLI makes of the default plan with `file` imported into `channel`. */
function imported(file, channel, scenario = defaultScenario()) {
  const plan = path.join(tmp, 'plan.json');
  fs.writeFileSync(plan, JSON.stringify(scenario));
  return JSON.parse(execFileSync(bin, ['import-actuals', plan, file, '--channel', String(channel)], { encoding: 'utf8' }));
}

/** The page's tracking headline, as the engine's numbers. */
async function headline(page) {
  const read = async id => Number(await page.getByTestId(id).getAttribute('data-value'));
  return {
    time: await read('track-time-progress'),
    plan: await read('track-plan-progress'),
    target: await read('track-target-progress'),
    forecast: await read('track-forecast-gmv'),
  };
}

function expected(t) {
  return { time: t.time_progress, plan: t.plan_progress, target: t.target_progress, forecast: t.forecast.gmv };
}

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

test('import a 生意参谋 .xls: the report says what was read, apply shows tracking equal to the CLI, a link reopens it', async () => {
  const { page, context, errors } = await open(browser, server.url);
  assert.equal(await page.getByTestId('tracking').count(), 0, 'no tracking without actuals');
  await page.getByTestId('actuals-channel').selectOption('0');
  await page.getByTestId('actuals-import').setInputFiles(xls);
  const report = page.getByTestId('actuals-report');
  await report.waitFor({ timeout: 30000 });
  const text = await report.innerText();
  assert.match(text, /表头在第 5 行/);
  assert.match(text, /读取 59 行（按日），2026-01-01 至 2026-02-28/);
  assert.match(text, /跳过第 65 行/);
  await page.getByTestId('actuals-apply').click();
  await page.getByTestId('tracking').waitFor();

  const oracle = simulate(imported(xls, 0)).tracking;
  assert.deepEqual(await headline(page), expected(oracle));
  for (const m of oracle.months) {
    assert.equal(await page.getByTestId(`track-month-${m.month}`).getAttribute('data-status'), m.status);
    assert.equal(Number(await page.getByTestId(`track-month-${m.month}`).getAttribute('data-actual')), m.actual_gmv);
  }
  assert.match(await page.getByTestId('track-time-progress').innerText(), /时间进度/);
  // Tmall alone reports: the panel says so, and 达成率 and the months' targets are of Tmall's part (MODEL §10).
  assert.equal(await page.getByTestId('track-coverage').innerText(), '5 个渠道中 1 个有实际数据');
  assert.equal(Number(await page.getByTestId('track-coverage').getAttribute('data-value')), oracle.coverage);
  assert.ok(oracle.coverage > 0.2 && oracle.coverage < 0.5, `Tmall's share ${oracle.coverage}`);
  for (const m of oracle.months) {
    assert.equal(Number(await page.getByTestId(`track-month-${m.month}`).getAttribute('data-target')), m.target_gmv);
    assert.ok(m.target_gmv < m.actual_gmv * 3, 'a month is held against the target of the part that reports');
  }
  // The grid holds the imported months.
  assert.equal(Number((await page.getByTestId('actuals-0-1-gmv').inputValue()).replace(/,/g, '')), oracle.months[0].actual_gmv);

  // The link carries the actuals: a fresh page opened on it shows the same figures.
  await page.waitForFunction(() => location.hash.startsWith('#s=1.'));
  const link = page.url();
  const again = await open(browser, link);
  await again.page.getByTestId('tracking').waitFor();
  assert.deepEqual(await headline(again.page), expected(oracle));
  await again.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('paste a monthly block, correct the grid, switch the forecast, undo; refusals say why and change nothing', async () => {
  const { page, context, errors } = await open(browser, server.url, { locale: 'en-US' });
  const paste = '月份\t支付金额\t访客数\t订单数\n2026-01\t"12,000,000"\t9000000\t400000\n2026-02\t90,000,000\t8000000\t300000\n';
  await page.getByTestId('actuals-channel').selectOption('2');
  // A file for the wrong year is refused with its dates, and the plan is untouched.
  await page.getByTestId('actuals-paste').fill(paste.replace(/2026-/g, '2025-'));
  await page.getByTestId('actuals-paste-read').click();
  assert.match(await page.getByTestId('actuals-error').innerText(), /outside 2026 \(the first is 2025-01\)/);
  assert.equal(await page.getByTestId('tracking').count(), 0);

  await page.getByTestId('actuals-paste').fill(paste);
  await page.getByTestId('actuals-paste-read').click();
  await page.getByTestId('actuals-report').waitFor();
  assert.match(await page.getByTestId('actuals-report').innerText(), /Read 2 monthly rows, 2026-01 to 2026-02, through 02-28/);
  await page.getByTestId('actuals-apply').click();
  await page.getByTestId('tracking').waitFor();
  const file = path.join(tmp, 'paste.tsv');
  fs.writeFileSync(file, paste);
  let plan = imported(file, 2);
  assert.deepEqual(await headline(page), expected(simulate(plan).tracking));
  // Alerts are in words, with the channel, the month and the threshold.
  const alerts = await page.getByTestId('track-alerts').innerText();
  assert.match(alerts, /Douyin (Jan|Feb) GMV [\d.]+% (below|above) plan, beyond the 3% alert threshold/);

  // A correction in the grid, typed with 万.
  await page.getByTestId('actuals-2-2-gmv').fill('9500万');
  await page.getByTestId('actuals-2-2-gmv').press('Enter');
  plan.actuals.channels[2].months[1].gmv = 95e6;
  await page.waitForFunction(e => Number(document.querySelector('[data-testid="track-forecast-gmv"]').dataset.value) === e,
    simulate(plan).tracking.forecast.gmv, { timeout: 10000 });

  // The other forecast method.
  await page.getByTestId('track-forecast').selectOption('plan');
  plan.actuals.forecast = 'plan';
  const byPlan = simulate(plan).tracking;
  await page.waitForFunction(e => Number(document.querySelector('[data-testid="track-forecast-gmv"]').dataset.value) === e,
    byPlan.forecast.gmv, { timeout: 10000 });
  assert.deepEqual(await headline(page), expected(byPlan));

  // Another channel's file that ends earlier, at a month's end, brings all actuals to that day; the report says
  // how many days of the others go, before anything is applied.
  await page.getByTestId('actuals-channel').selectOption('1');
  await page.getByTestId('actuals-paste').fill('日期\tGMV\n2026-01\t5\n');
  await page.getByTestId('actuals-paste-read').click();
  await page.getByTestId('actuals-report').getByText('The other actuals ran to 02-28; they will run to 01-31 with this file (28 days left out)').waitFor();
  assert.equal(await page.getByTestId('actuals-error').count(), 0);
  // A preview not yet applied is kept: the next read waits until it is applied or cancelled.
  assert.match(await page.getByTestId('actuals-pending').innerText(), /apply or cancel it before reading the next file/);
  assert.equal(await page.getByTestId('actuals-paste-read').isDisabled(), true);
  assert.equal(await page.getByTestId('actuals-import').isDisabled(), true);
  await page.getByTestId('actuals-report').getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByTestId('actuals-paste-read').isDisabled(), false);
  assert.equal(await page.getByTestId('actuals-pending').count(), 0);

  // Undo goes back step by step to a plan without actuals.
  for (let i = 0; i < 3; i++) await page.getByTestId('undo').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="tracking"]'), null, { timeout: 10000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a GMV column by a name we do not know is picked from the file\'s columns, and the file reads as the CLI reads it with that pick', async () => {
  const { page, context, errors } = await open(browser, server.url);
  const paste = '日期\t成交额\t访客数 \t支付订单数\n2026-01\t52000000\t9000000\t400000\n2026-02\t48000000\t8000000\t300000\n';
  await page.getByTestId('actuals-channel').selectOption('1');
  await page.getByTestId('actuals-paste').fill(paste);
  await page.getByTestId('actuals-paste-read').click();
  const pick = page.getByTestId('actuals-pick');
  await pick.waitFor();
  assert.equal(await pick.locator('p').innerText(), '找不到GMV列（文件的列：日期、成交额、访客数、支付订单数）：请选出哪一列是GMV');
  await page.getByTestId('actuals-pick-gmv').selectOption('成交额');
  await page.getByTestId('actuals-pick-read').click();
  await page.getByTestId('actuals-report').waitFor();
  await page.getByTestId('actuals-apply').click();
  await page.getByTestId('tracking').waitFor();
  // The plan is the CLI's with the same pick (the visitors' and orders' names, with a space, are known).
  const file = path.join(tmp, 'picked.tsv');
  fs.writeFileSync(file, paste);
  const plan = path.join(tmp, 'plan-zh.json');
  fs.writeFileSync(plan, JSON.stringify(defaultScenario()));
  const cli = JSON.parse(execFileSync(bin, ['import-actuals', plan, file, '--channel', '1', '--column', 'gmv=成交额'], { encoding: 'utf8' }));
  await page.waitForTimeout(600);
  const link = JSON.parse(execFileSync(bin, ['decode', await page.evaluate(() => location.href)], { encoding: 'utf8' }));
  assert.deepEqual(link.actuals, cli.actuals);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an embedded plan with actuals tells its host the tracking headline', async () => {
  const sc = imported(xls, 0);
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(sc), encoding: 'utf8' }).trim();
  const src = `${server.url}?embed=1&chart=cumulative${fragment}`;
  const host = `<!doctype html><html><body><iframe id="plan" src="${src}" title="Plan" width="600" height="400"></iframe>
    <script>window.received = []; window.addEventListener('message', e => { if (e.data && e.data.type) window.received.push(e.data); });</script>
    </body></html>`;
  const wiki = await serve(undefined, { prefix: '/nothing/', extra: { '/wiki.html': host } });
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${wiki.url.replace('/nothing/', '')}/wiki.html`);
  const handle = await page.waitForFunction(() => window.received.findLast(m => m.type === 'sandtable:results' && m.tracking)?.tracking, null, { timeout: 20000 });
  const got = await handle.jsonValue();
  // Once the Monte Carlo has run: the chance of the GMV target given the year so far (MODEL §10).
  const mc = await page.waitForFunction(() => window.received.findLast(m => m.type === 'sandtable:results' && m.montecarlo)?.montecarlo, null, { timeout: 30000 });
  assert.equal((await mc.jsonValue()).forecast_probability, montecarlo(sc).forecast.targets[0].probability);
  const t = simulate(sc).tracking;
  assert.deepEqual(got, {
    through: t.through, time_progress: t.time_progress, plan_progress: t.plan_progress, target_progress: t.target_progress,
    forecast_gmv: t.forecast.gmv, forecast_status: t.forecast.targets[0].status,
  });
  await context.close();
  await wiki.close();
});

test("the chance given the year so far: each forecast target's chance is the CLI's, with the fan; the pace says its days", async () => {
  const sc = imported(xls, 0);
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(sc), encoding: 'utf8' }).trim();
  const { page, context, errors } = await open(browser, server.url + fragment);
  await page.getByTestId('tracking').waitFor();
  await mcDone(page);
  const oracle = montecarlo(sc).forecast;
  assert.equal(oracle.targets[0].key, 'gmv');
  for (const t of oracle.targets) {
    await page.getByTestId(`track-chance-${t.key}`).waitFor();
    assert.equal(Number(await page.getByTestId(`track-chance-${t.key}`).getAttribute('data-value')), t.probability, t.key);
  }
  assert.match(await page.getByTestId('chart-forecast').locator('canvas').getAttribute('aria-label'), /按年内至今.*达成GMV目标的概率/);
  // What each status compares to, and conversion named as the back offices name it.
  assert.match(await page.getByTestId('track-months').locator('thead').innerText(), /状态\(对计划\)/);
  assert.match(await page.getByTestId('track-channels').locator('thead').innerText(), /支付转化率/);
  const days = simulate(sc).tracking.days;
  assert.equal(await page.getByTestId('track-pace-days').innerText(), `按 ${days} 天的实际推算`);
  assert.equal(await page.getByTestId('track-pace-early').count(), days < 28 ? 1 : 0);
  assert.deepEqual(errors, []);
  await context.close();

  // Ten days of actuals: the pace is early, and the page says so.
  const early = defaultScenario();
  early.actuals = { through: '01-10', channels: [{ months: [{ gmv: 5e7 }] }, { months: [] }, { months: [] }, { months: [] }, { months: [] }] };
  const frag2 = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(early), encoding: 'utf8' }).trim();
  const second = await open(browser, server.url + frag2, { locale: 'en-US' });
  await second.page.getByTestId('track-pace-early').waitFor();
  assert.match(await second.page.getByTestId('track-pace-days').innerText(), /Paced on 10 days of actuals/);
  await second.context.close();
});

test('at 1440 px the tracking channel table and the actuals grid show every column without scrolling, in both languages', async () => {
  const sc = defaultScenario();
  const r0 = simulate(sc);
  sc.actuals = { through: '04-30', channels: sc.channels.map((c, i) => ({ months: i < 2 ? r0.channels[i].monthly_gmv.slice(0, 4).map(g => ({ gmv: g * 0.93, uv: 12345678, orders: 234567, refunds: g * 0.05 })) : [] })) };
  const fragment = execFileSync(bin, ['encode', '-'], { input: JSON.stringify(sc), encoding: 'utf8' }).trim();
  for (const locale of ['zh-CN', 'en-US']) {
    const { page, context, errors } = await open(browser, `${server.url}${fragment}`, { locale, viewport: { width: 1440, height: 1000 } });
    await page.getByTestId('track-channels').waitFor();
    for (const id of ['track-channels', 'actuals-grid']) {
      const [scroll, client] = await page.getByTestId(id).evaluate(t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
      assert.ok(scroll <= client, `${locale} ${id}: ${scroll} px in ${client}`);
    }
    // The last columns (order value, conversion; refunds) are on screen, not behind the edge.
    assert.match(await page.getByTestId('track-channels').locator('thead').innerText(), locale === 'zh-CN' ? /客单价[\s\S]*转化率/ : /AOV[\s\S]*conversion/);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
