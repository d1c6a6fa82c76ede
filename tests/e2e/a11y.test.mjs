// Keyboard and screen readers (issue 23): axe-core on the main page (zh-CN and English, desktop and phone), an
// embed and the report view, with no critical or serious violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, open, mcDone, firstResults } from './lib.mjs';

const axe = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The critical and serious violations axe finds in the page as it stands (each with its first elements). */
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (no script tag is added).
  await page.evaluate(axe);
  const { found, passed } = await page.evaluate(async () => {
    const r = await window.axe.run(document);
    return {
      found: r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
        .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`),
      passed: r.passes.length,
    };
  });
  // The rules ran on a page with content (color-contrast, labels, names, regions...).
  assert.ok(passed >= 15, `axe passed only ${passed} rules`);
  return found;
}

for (const [locale, viewport] of [['zh-CN', { width: 1440, height: 1000 }], ['en-US', { width: 1440, height: 1000 }], ['zh-CN', { width: 390, height: 844 }], ['en-US', { width: 390, height: 844 }]]) {
  test(`axe: the main page in ${locale} at ${viewport.width}×${viewport.height} has no critical or serious violation`, async () => {
    const { page, context } = await open(browser, server.url, { locale, viewport });
    await mcDone(page);
    assert.deepEqual(await violations(page), []);
    await context.close();
  });
}

test('axe: an embed and the report view have no critical or serious violation', async () => {
  const { page, context } = await open(browser, server.url);
  const link = await page.evaluate(() => location.href);
  await page.getByTestId('file-menu').click();
  await page.getByTestId('report-open').click();
  await page.locator('[data-testid="report-view"][data-ready]').waitFor({ timeout: 60000 });
  assert.deepEqual(await violations(page), []);
  const embed = await context.newPage();
  await embed.goto(link.replace('/#', '/?embed=1&edit=1#'));
  await firstResults(embed);
  assert.deepEqual(await violations(embed), []);
  await context.close();
});
