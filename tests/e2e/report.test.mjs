// The plan on paper (issue 21): `sandtable report` writes one self-contained HTML page; printed by Chromium to
// A4 landscape it holds the summary (headline, targets with status, chances and notes, charts) on its first
// page and at most three pages in all, nothing outside the printable area, every figure the CLI's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, defaultScenario, defaultScenarioZh, simulate, montecarlo, root, type, waitKpi } from './lib.mjs';

const bin = process.env.SANDTABLE_BIN || path.join(root, 'target', 'debug', 'sandtable');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandtable-report-'));
let server, app, browser;
before(async () => { server = await serve(tmp); app = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); await app?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

/** Writes the report of `plan` with the CLI and opens it in print layout at the printable width of A4 landscape. */
async function printed(plan, name, lang = 'zh') {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  execFileSync(bin, ['report', file, '-o', path.join(tmp, `${name}.html`), '--lang', lang]);
  // 297 mm less 2 × 10 mm of margin, at 96 px per inch.
  const page = await browser.newPage({ viewport: { width: 1047, height: 711 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('request', r => { if (!r.url().startsWith(server.url)) errors.push(`fetched ${r.url()}`); });
  await page.goto(`${server.url}${name}.html`);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  return { page, pages, errors };
}

/** Every `data-<attr>` → `data-value` pair in the page. */
const pairs = (page, attr) => page.$$eval(`[data-${attr}][data-value]`, (els, a) => els.map(e => [e.dataset[a], Number(e.dataset.value)]), attr);

/** Checks that the report's headline, target rows and chances are the CLI's `simulate` and `montecarlo` of `plan`. */
async function checkFigures(page, plan) {
  const r = simulate(plan);
  const mc = montecarlo(plan);
  for (const [key, v] of await pairs(page, 'key')) assert.equal(v, r.year[key], key);
  const rows = await pairs(page, 'row');
  assert.equal(rows.length, r.targets.length);
  for (const [key, v] of rows) assert.equal(v, r.targets.find(t => t.key === key).value, key);
  const chances = await pairs(page, 'chance');
  assert.ok(chances.length > 0);
  for (const [key, v] of chances) assert.equal(v, mc.targets.find(t => t.key === key).probability, key);
}

test('the default plan on paper: A4 landscape, the summary on page 1, at most 3 pages, every figure the CLI\'s', async () => {
  const plan = defaultScenario();
  const { page, pages, errors } = await printed(plan, 'default');
  assert.ok(pages >= 2 && pages <= 3, `${pages} pages`);
  await checkFigures(page, plan);
  // The first page holds the summary: everything before the first page break fits its height.
  const first = await page.evaluate(() => document.querySelector('.summary').getBoundingClientRect().bottom);
  assert.ok(first <= 711, `the summary is ${first}px tall`);
  assert.equal(await page.locator('.summary figure svg').count(), 2);
  // Nothing sticks out of the printable width.
  const outside = await page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5));
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a plan with actuals on paper says the progress, the forecast and its chance; names are text', async () => {
  const plan = defaultScenario();
  plan.name = '<b>Q3</b> & 计划';
  const r0 = simulate(plan);
  plan.actuals = { through: '04-30', channels: plan.channels.map((c, i) => ({ months: i === 0 ? r0.channels[0].monthly_gmv.slice(0, 4).map(g => ({ gmv: g * 0.93 })) : [] })) };
  const { page, pages, errors } = await printed(plan, 'actuals', 'en');
  assert.ok(pages <= 4, `${pages} pages`);
  const tr = simulate(plan).tracking;
  const keys = Object.fromEntries(await pairs(page, 'key'));
  assert.equal(keys.forecast_gmv, tr.forecast.gmv);
  assert.equal(keys.time_progress, tr.time_progress);
  const chance = montecarlo(plan).forecast.targets[0].probability;
  assert.match(await page.locator('[data-key="forecast_gmv"]').innerText(), new RegExp(`Chance ${Math.round(chance * 100)}%`));
  assert.equal(await page.locator('h1').innerText(), '<b>Q3</b> & 计划 · Plan report');
  assert.equal(await page.locator('h1 b').count(), 0);
  assert.equal(await page.locator('figure[data-chart="forecast"] svg').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Opens the report view from the File menu and waits for its sheet. */
async function openReport(page) {
  await page.getByTestId('file-menu').click();
  await page.getByTestId('report-open').click();
  await page.locator('[data-testid="report-view"][data-ready]').waitFor({ timeout: 60000 });
  return page.getByTestId('report');
}

test("the File menu opens the report in the page: the CLI's figures, printed alone on A4 landscape; it follows the plan and downloads as the CLI's file", async () => {
  const { page, context, errors } = await open(browser, app.url, { viewport: { width: 1047, height: 711 } });
  await openReport(page);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'report-print');
  const plan = defaultScenarioZh();
  await checkFigures(page, plan);
  // Printed, the page is the report alone: A4 landscape, the summary on the first page, at most 3 pages.
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 2 && pages <= 3, `${pages} pages`);
  const box = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box && Math.abs(box[1] - 841.9) < 2 && Math.abs(box[2] - 595.3) < 2, `MediaBox ${box?.[0]}`);
  assert.equal(await page.locator('.top').isVisible(), false, 'the page itself is not printed');
  const summary = await page.locator('.summary').boundingBox();
  assert.ok(summary.y + summary.height <= 711, `the summary ends at ${summary.y + summary.height}px`);
  assert.equal(await page.locator('.summary figure svg').count(), 2);
  const outside = await page.evaluate(() => [...document.querySelector('.report-sheet').shadowRoot.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5));
  assert.deepEqual(outside, []);
  await page.emulateMedia({ media: 'screen' });
  // Its download is the CLI's file of the same plan.
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.getByTestId('report-download').click()]);
  assert.equal(file.suggestedFilename(), '2026年计划-report.html');
  const html = fs.readFileSync(await file.path(), 'utf8');
  fs.writeFileSync(path.join(tmp, 'zh.json'), JSON.stringify(plan));
  const cli = path.join(tmp, 'zh.html');
  execFileSync(bin, ['report', path.join(tmp, 'zh.json'), '-o', cli]);
  // The same page but for the day it was made (the browser's clock and the CLI's may straddle midnight).
  const undated = s => s.replace(/\d{4}-\d{2}-\d{2}/g, 'DATE');
  assert.equal(undated(html), undated(fs.readFileSync(cli, 'utf8')));
  // Escape closes it, back on the File menu; an edit, and the report opened again is the new plan's.
  await page.keyboard.press('Escape');
  await page.getByTestId('report-view').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'file-menu');
  assert.equal(await page.evaluate(() => document.body.classList.contains('reporting')), false);
  await type(page, 'channels.0.cvr', '3.5');
  plan.channels[0].cvr = 0.035;
  const gmv = simulate(plan).year.gmv;
  await waitKpi(page, 'gmv', gmv);
  await openReport(page);
  await page.waitForFunction(g => {
    const el = document.querySelector('.report-sheet')?.shadowRoot?.querySelector('[data-key="gmv"]');
    return el && Number(el.dataset.value) === g;
  }, gmv, { timeout: 30000 });
  await page.getByTestId('report-close').click();
  await page.getByTestId('report-view').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a note typed on a row shows there and goes into the link, the report and the CSV; undo removes it', async () => {
  const { page, context, errors } = await open(browser, app.url);
  const note = '复购占比低于目标：会员日推迟到 Q4 <b>不是标记</b>';
  // The repeat share is on watch in the default plan: without a note it says so; a row that is met does not.
  assert.equal(await page.getByTestId('target-repeat_share').getAttribute('data-status'), 'watch');
  assert.equal(await page.getByTestId('note-edit-repeat_share').getAttribute('placeholder'), '✎ 未说明');
  assert.equal(await page.getByTestId('note-edit-gmv').getAttribute('placeholder'), '✎ ');
  const label = await page.getByTestId('target-repeat_share').locator('td').first().innerText();
  await page.getByTestId('note-edit-repeat_share').fill(note);
  await page.getByTestId('note-edit-repeat_share').press('Tab');
  await page.waitForFunction(n => document.querySelector('[data-testid="note-repeat_share"]').dataset.note === n, note);
  await page.getByTestId('note-plan').fill('全年：渠道目标已对齐');
  await page.getByTestId('note-plan').press('Tab');
  // The link carries both notes, exactly (decoded by the CLI).
  await page.waitForTimeout(600);
  const plan = JSON.parse(execFileSync(bin, ['decode', await page.evaluate(() => location.href)], { encoding: 'utf8' }));
  assert.deepEqual(plan.notes, { plan: '全年：渠道目标已对齐', targets: { repeat_share: note } });
  // The report shows them as text, next to the row and under the headline.
  const report = await openReport(page);
  assert.equal(await report.locator('tr[data-row="repeat_share"] [data-note="repeat_share"]').innerText(), note);
  assert.equal(await report.locator('[data-note="plan"]').innerText(), '方案说明 全年：渠道目标已对齐');
  assert.equal(await report.locator('[data-note] b').count(), 0, 'a note is text, never markup');
  await page.getByTestId('report-close').click();
  // The CSV's targets table has the note in the row's Note column.
  await page.getByTestId('file-menu').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const text = fs.readFileSync(await csv.path(), 'utf8');
  assert.ok(text.split('\n').some(l => l.startsWith(label) && l.includes(note)), text.slice(0, 2000));
  // Undo takes the plan's note away, then the row's.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid="note-plan"]').value === '');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid="note-repeat_share"]').dataset.note === '');
  assert.equal(await page.getByTestId('note-edit-repeat_share').inputValue(), '');
  assert.deepEqual(errors, []);
  await context.close();
});
