// The page in the four configurations a planning team uses — zh-CN and English, a 1440 × 1000 desktop and a
// 390 × 844 phone (issue 11): nothing sticks out of the screen sideways (only the tables that say they scroll
// may be wider, inside their frame), and no chart label is cut by its chart's edge (each canvas reports the
// labels it drew outside itself, measured with the canvas's own text metrics: `data-cut`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, open, mcDone, defaultScenario, root, drawCharts } from './lib.mjs';

const bin = process.env.SANDTABLE_BIN || path.join(root, 'target', 'debug', 'sandtable');

/** The link fragment of the default plan with the 生意参谋 fixture imported into Tmall (the tracking shown). */
function trackedFragment() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandtable-matrix-'));
  const plan = path.join(dir, 'plan.json');
  fs.writeFileSync(plan, JSON.stringify(defaultScenario()));
  const xls = path.join(root, 'tests', 'fixtures', 'import', 'sycm-shop-2026.xls');
  const sc = execFileSync(bin, ['import-actuals', plan, xls, '--channel', '0'], { encoding: 'utf8' });
  return execFileSync(bin, ['encode', '-'], { input: sc, encoding: 'utf8' }).trim();
}

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The charts' reports: drawn, and how many labels were cut. */
function chartReports() {
  return [...document.querySelectorAll('figure.chart')].map(f => {
    const c = f.querySelector('canvas');
    return { chart: f.dataset.testid, drawn: c.hasAttribute('data-cut'), cut: Number(c.dataset.cut), text: c.dataset.cutText, w: c.clientWidth };
  });
}

async function checkPage(page, minCharts) {
  await drawCharts(page);
  const { out, scroll, width } = await page.evaluate(outside);
  assert.deepEqual(out, [], 'elements outside the screen');
  assert.ok(scroll <= width, `the page scrolls sideways: ${scroll} > ${width}`);
  const charts = await page.evaluate(chartReports);
  assert.ok(charts.length >= minCharts, `${charts.length} charts`);
  for (const c of charts) {
    assert.ok(c.drawn, `${c.chart} was drawn`);
    assert.equal(c.cut, 0, `${c.chart} (${c.w} px wide): a label is cut: "${c.text}"`);
  }
}

/** Elements whose box leaves the viewport sideways, except inside a container that scrolls or clips them. */
function outside() {
  const width = document.documentElement.clientWidth;
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if ((r.left < -1 || r.right > width + 1) && !clipped(el)) {
      out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return { out, scroll: document.documentElement.scrollWidth, width };
}

for (const locale of ['zh-CN', 'en-US']) {
  for (const viewport of [{ width: 1440, height: 1000 }, { width: 390, height: 844 }]) {
    test(`${locale} at ${viewport.width}×${viewport.height}: nothing outside the screen, no chart label cut`, async () => {
      const { page, context, errors } = await open(browser, server.url, { locale, viewport, checkCuts: true });
      await mcDone(page);
      await page.getByTestId('tornado').locator('summary').click();
      await page.locator('[data-testid="chart-tornado"] canvas[data-cut]').waitFor({ timeout: 30000 });
      // The tornado's bars arrive from the worker: wait until it has drawn them (its rows' labels).
      await page.waitForFunction(() => document.querySelector('[data-testid="tornado-table"] tbody tr'), null, { timeout: 30000 }).catch(() => {});
      // The decisions' charts too: an optimised budget's curves and two plans side by side.
      await page.getByTestId('opt-run').click();
      await page.getByTestId('opt-result').waitFor();
      await page.getByTestId('compare-add').click();
      await page.getByTestId('input-channels.0.cvr').fill('3.5');
      await page.getByTestId('input-channels.0.cvr').press('Enter');
      await page.getByTestId('compare-add').click();
      await page.getByTestId('compare-table').waitFor();
      await page.waitForTimeout(300);
      await checkPage(page, 8);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

for (const locale of ['zh-CN', 'en-US']) {
  for (const viewport of [{ width: 1440, height: 1000 }, { width: 390, height: 844 }]) {
    test(`${locale} at ${viewport.width}×${viewport.height}, a plan with actuals and its embed: the same holds`, async () => {
      const fragment = trackedFragment();
      const { page, context, errors } = await open(browser, server.url + fragment, { locale, viewport, checkCuts: true });
      await page.getByTestId('track-alerts').waitFor();
      await mcDone(page);
      await checkPage(page, 6);
      await page.goto(`${server.url}?embed=1&edit=1${fragment}`);
      await page.getByTestId('embed-drivers').waitFor({ timeout: 20000 });
      await page.locator('figure.chart canvas[data-cut]').first().waitFor();
      await checkPage(page, 1);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
