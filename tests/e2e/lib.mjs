// Helpers of the browser tests: a static server for dist/, Debian's Chromium through playwright-core, and the
// native engine (the `sandtable` CLI) as the oracle for every number the page shows.
import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = process.env.SANDTABLE_DIST || path.join(root, 'dist');
const bin = process.env.SANDTABLE_BIN || path.join(root, 'target/debug/sandtable');

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };

/** Serves `dir` on 127.0.0.1 at a free port, optionally under a sub-path, and with `gzip` compressed as a static host
 * does (gzip -9, once per file); returns { url, close }. */
export async function serve(dir = dist, { prefix = '/', extra = {}, gzip = false } = {}) {
  const packed = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (extra[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(extra[url.pathname]);
    }
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); return res.end(); }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end('not found'); }
    const type = types[path.extname(file)] || 'application/octet-stream';
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      if (!packed.has(file)) packed.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip' });
      return res.end(packed.get(file));
    }
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, port, close: () => new Promise(r => server.close(r)) };
}

/** Marks, in every page of `context`, the moment the GMV card first has its value (a MutationObserver set before
 * the page's own scripts run): `window.__kpiAt` by the wall clock (`Date.now`, this process's clock too) and
 * `window.__kpiPerf` by the page's (`performance.now`, from navigation). Read them with `firstKpiAt(page)`. */
export async function markFirstKpi(context) {
  await context.addInitScript(selector => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(selector)) {
        window.__kpiAt = Date.now();
        window.__kpiPerf = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  }, FIRST_RESULTS);
}

/** Waits for the first KPI marked by `markFirstKpi` and returns its two clocks, `{ at, perf }`. */
export async function firstKpiAt(page, timeout = 30000) {
  await page.waitForFunction(() => window.__kpiPerf !== undefined, null, { timeout });
  return page.evaluate(() => ({ at: window.__kpiAt, perf: window.__kpiPerf }));
}

/** Launches headless Debian Chromium as this machine allows. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** The durations of the page's performance measures named `name` (`sandtable:update`, `sandtable:frame`), sorted. */
export function measures(page, name) {
  return page.evaluate(n => performance.getEntriesByName(n).map(e => e.duration).sort((a, b) => a - b), name);
}

/** The `p` quantile (0–1) of sorted numbers: the smallest value with at least that share at or below it. */
export function quantile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** The GMV card once it holds a value: the first results a page or an embed shows. */
export const FIRST_RESULTS = '[data-testid="kpi-gmv"][data-value]:not([data-value=""])';

/** Waits for the first results (`FIRST_RESULTS`) in `where`, a page or a frame's locator. */
export function firstResults(where, timeout = 30000) {
  return where.locator(FIRST_RESULTS).waitFor({ timeout });
}

/**
 * Opens the app in a fresh context and waits for the first results, and for the panels' wasm unless `holdPanels`:
 * then its fetch waits, as on a slow link, until the test calls the returned `release()`.
 */
export async function open(browser, url, { locale = 'zh-CN', viewport = { width: 1400, height: 1000 }, checkCuts = false, holdPanels = false } = {}) {
  const context = await browser.newContext({ locale, viewport });
  // The charts check their labels against their edges (`data-cut`) only when asked: a planner's draw does not.
  if (checkCuts) await context.addInitScript(() => { window.sandtableCheckCuts = true; });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text()); });
  let release = () => {};
  if (holdPanels) {
    const held = new Promise(r => { release = r; });
    await page.route(/sandtable-panels/, async route => { await held; await route.continue(); });
  }
  await page.goto(url);
  await firstResults(page);
  // The panels' wasm (decisions, tables, calibration) loads after the first paint: a test starts on the whole page.
  if (!holdPanels) await page.locator('#tables-root[data-mounted] .tables').waitFor({ timeout: 30000 });
  // Playwright's first `waitForFunction` in a page evaluates its own script (330 KB) on the page's main thread,
  // 6–8 ms. Paid here, it stays out of what a test then times: it once fell in the last edit's frame of the update
  // timing test, which reads it as the page's.
  await page.waitForFunction(() => true);
  return { context, page, errors, release };
}

/**
 * The update timing test's slider (Tmall's conversion), found once (a locator's `fill` would query the page's
 * 12,000 nodes again for every change, on the page's main thread) and given the focus 300 ms before the changes,
 * as a planner's press or Tab reaches it before the first edit (its focus paints the field's reading).
 */
export async function focusedSlider(page) {
  const slider = await page.getByTestId('slider-channels.0.cvr').elementHandle();
  await slider.focus();
  await page.waitForTimeout(300);
  return slider;
}

/** The update timing test's `n` changes of `slider` (Playwright's `fill`, each as soon as the last returns). */
export async function fillChanges(slider, n = 50) {
  for (let i = 0; i < n; i++) await slider.fill(String(2 + (i % 10) * 0.2));
}

/**
 * Times every `input` in `page` from the event to the next paint (a capture listener; the measure in a task after
 * the next animation frame, as the page's own): each change from its own input, even when another follows it
 * before the paint. Empties what was timed so far; read it with `ownFrames(page)`.
 */
export async function timeOwnFrames(page) {
  await page.evaluate(() => {
    if (!window.ownFrames) {
      addEventListener('input', () => {
        const t = performance.now();
        requestAnimationFrame(() => setTimeout(() => window.ownFrames.push(performance.now() - t), 0));
      }, true);
    }
    window.ownFrames = [];
  });
}

/** What `timeOwnFrames` timed in `page`, sorted. */
export function ownFrames(page) {
  return page.evaluate(() => window.ownFrames.slice().sort((a, b) => a - b));
}

/** The default scenario, as the CLI prints it. */
export function defaultScenario() {
  return JSON.parse(execFileSync(bin, ['default'], { encoding: 'utf8' }));
}

/** The default scenario as a new zh-CN user sees it: the same numbers, the names of GLOSSARY.md. */
export function defaultScenarioZh() {
  const zh = { '2026 plan': '2026年计划', '3.8 Festival': '38节', 'Double 11': '双11', 'Double 12': '双12', Tmall: '天猫', JD: '京东',
    Douyin: '抖音', Pinduoduo: '拼多多', 'WeChat Channels': '视频号', 'Feed ads': '信息流投放', 'KOL commission': '达人佣金',
    'Livestream slots': '直播坑位费', 'Member perks': '会员权益', 'Content production': '内容制作', 'Tools and other': '工具与其他' };
  const sc = defaultScenario();
  const name = o => { if (zh[o.name]) o.name = zh[o.name]; };
  name(sc); sc.channels.forEach(name); sc.events.forEach(name); sc.spend_lines.forEach(name);
  return sc;
}

/** The engine's results for a scenario, from the native CLI. */
export function simulate(scenario) {
  return JSON.parse(execFileSync(bin, ['simulate', '-'], { input: JSON.stringify(scenario), encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** The raw number of a KPI card. */
export async function kpi(page, key) {
  const v = await page.getByTestId(`kpi-${key}`).getAttribute('data-value');
  return v === '' ? null : Number(v);
}

/** Waits until a KPI card holds `expected` (exactly: the page runs the same engine). */
export async function waitKpi(page, key, expected) {
  await page.waitForFunction(([k, e]) => {
    const el = document.querySelector(`[data-testid="kpi-${k}"]`);
    return el && Number(el.getAttribute('data-value')) === e;
  }, [key, expected], { timeout: 10000 }).catch(() => {});
  return kpi(page, key);
}

/** Types a value into a field and applies it with Enter. */
export async function type(page, path, value) {
  const input = page.getByTestId(`input-${path}`);
  await input.fill(String(value));
  await input.press('Enter');
}

/** The Monte Carlo of a scenario, from the native CLI (the oracle of the page's worker). */
export function montecarlo(scenario) {
  return JSON.parse(execFileSync(bin, ['montecarlo', '-'], { input: JSON.stringify(scenario), encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** Waits until the Monte Carlo of the current plan is shown (`mc-status` done). */
/** Scrolls Tmall's conversion slider into view: its box, and the height a pointer moves it at. */
export async function sliderInView(page) {
  const slider = page.getByTestId('slider-channels.0.cvr');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  return { box, y: box.y + box.height / 2 };
}

export async function mcDone(page, timeout = 30000) {
  await page.locator('[data-testid="mc-status"][data-state="done"]').waitFor({ timeout });
}

/** Scrolls each chart of the page into view and waits until it is drawn (a chart is drawn only near the screen),
 * then back to the top. The page's charts are the panels' wasm's, mounted after the first paint: waited for. */
export async function drawCharts(page) {
  const root = page.locator('#charts-root');
  if (await root.count()) await root.and(page.locator('[data-mounted]')).waitFor({ timeout: 20000 });
  const figures = page.locator('figure.chart');
  for (let i = 0; i < await figures.count(); i++) {
    await figures.nth(i).scrollIntoViewIfNeeded();
    await figures.nth(i).locator('canvas[data-drawn]').waitFor({ timeout: 10000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

