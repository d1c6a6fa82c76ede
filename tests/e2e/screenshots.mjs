// Takes the README's screenshots of the built app (zh-CN and en): node tests/e2e/screenshots.mjs
import path from 'node:path';
import { serve, launch, open, root, mcDone, drawCharts } from './lib.mjs';
const server = await serve();
const browser = await launch();
for (const [locale, file] of [['zh-CN', 'screenshot-zh.png'], ['en-US', 'screenshot-en.png']]) {
  const { page, context } = await open(browser, server.url, { locale, viewport: { width: 1440, height: 1000 } });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(root, 'docs', file) });
  if (locale === 'en-US') {
    // The charts: month axes at a regular step, the budget's whole names (the sticky header would cover them).
    // They are the panels' wasm's, drawn once near the screen: waited for.
    await drawCharts(page);
    await page.evaluate(() => { document.querySelector('.top').style.position = 'static'; });
    await page.locator('.chart-grid').first().screenshot({ path: path.join(root, 'docs', 'screenshot-charts.png') });
  }
  await context.close();
}
const { page, context } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 390, height: 844 } });
await page.waitForTimeout(300);
await page.screenshot({ path: path.join(root, 'docs', 'screenshot-mobile.png') });
// Editing far down the assumptions on a phone: the headline strip keeps GMV and its status on screen.
await page.getByTestId('input-spend_lines.0.budget').scrollIntoViewIfNeeded();
await page.waitForTimeout(300);
await page.screenshot({ path: path.join(root, 'docs', 'screenshot-mobile-edit.png') });
await context.close();
// The Monte Carlo: ranges on a channel's fields, and the panel with the tornado open.
{
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
  await mcDone(page);
  await page.getByTestId('tornado').locator('summary').click();
  await page.getByTestId('tornado-table').waitFor();
  await page.waitForTimeout(300);
  await page.getByTestId('channel-0').screenshot({ path: path.join(root, 'docs', 'screenshot-ranges.png') });
  const panel = page.getByTestId('uncertainty');
  // The sticky header would be drawn over a full-page shot.
  await page.evaluate(() => { document.querySelector('.top').style.position = 'static'; });
  // The panel from its top, in page coordinates, down to the tornado chart (its long table left out).
  const box = await panel.evaluate(el => { const r = el.getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width }; });
  const end = await page.getByTestId('chart-tornado').evaluate(el => el.getBoundingClientRect().bottom + scrollY);
  await page.screenshot({ path: path.join(root, 'docs', 'screenshot-montecarlo.png'), fullPage: true,
    clip: { x: box.x, y: box.y, width: box.width, height: end - box.y + 8 } });
  await context.close();
}
// The decisions: a goal seek answer and the optimiser's answer with its response curves.
{
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
  await page.getByTestId('seek-goal').fill('42亿');
  await page.getByTestId('seek-run').click();
  await page.getByTestId('opt-run').click();
  await page.getByTestId('chart-curves').waitFor();
  await page.waitForTimeout(300);
  await page.evaluate(() => { document.querySelector('.top').style.position = 'static'; });
  const panel = page.getByTestId('decisions');
  const box = await panel.evaluate(el => { const r = el.getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width }; });
  const end = await page.getByTestId('opt-apply').evaluate(el => el.getBoundingClientRect().bottom + scrollY);
  await page.screenshot({ path: path.join(root, 'docs', 'screenshot-decisions.png'), fullPage: true,
    clip: { x: box.x, y: box.y, width: box.width, height: end - box.y + 8 } });
  await context.close();
}
// Plan against actuals: a 生意参谋 export imported for Tmall, and the tracking panel.
{
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
  await page.getByTestId('actuals-import').setInputFiles(path.join(root, 'tests', 'fixtures', 'import', 'sycm-shop-2026.xls'));
  await page.getByTestId('actuals-report').waitFor();
  await page.getByTestId('actuals-report').screenshot({ path: path.join(root, 'docs', 'screenshot-import.png') });
  await page.getByTestId('actuals-apply').click();
  await page.getByTestId('tracking').waitFor();
  await page.waitForTimeout(300);
  await page.evaluate(() => { document.querySelector('.top').style.position = 'static'; });
  await page.getByTestId('tracking').screenshot({ path: path.join(root, 'docs', 'screenshot-tracking.png') });
  await context.close();
}
// Start from last year: the sample exports of docs/samples calibrate the plan; the panel with its report.
{
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
  const samples = ['2025-1-Tmall.xlsx', '2025-2-JD.csv', '2025-3-Douyin.xlsx', '2025-4-Pinduoduo.csv', '2025-5-WeChat-Channels.csv'];
  await page.getByTestId('calibrate-open').click();
  await page.getByTestId('calibrate').waitFor();
  for (let i = 0; i < samples.length; i++) await page.getByTestId(`calibrate-file-${i}`).setInputFiles(path.join(root, 'docs', 'samples', samples[i]));
  await page.getByTestId('calibrate-run').click();
  await page.getByTestId('calibrate-report').waitFor({ timeout: 60000 });
  await page.waitForTimeout(300);
  await page.evaluate(() => { document.querySelector('.top').style.position = 'static'; });
  await page.getByTestId('calibrate').screenshot({ path: path.join(root, 'docs', 'screenshot-calibrate.png') });
  await context.close();
}
// The report view: File → 报告, the plan on paper over the page.
{
  const { page, context } = await open(browser, server.url, { locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
  await page.getByTestId('file-menu').click();
  await page.getByTestId('report-open').click();
  await page.locator('[data-testid="report-view"][data-ready]').waitFor({ timeout: 60000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(root, 'docs', 'screenshot-report-view.png') });
  await context.close();
}
await browser.close();
await server.close();
