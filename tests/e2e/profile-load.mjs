// The first load, for the README's figures (a tool, not a test):
//   node tests/e2e/profile-load.mjs [dist ...]     (default: dist/, or SANDTABLE_DIST; give two to compare)
// Opens the page and an embed (`?embed=1`) of each build nine times, round robin, each in a fresh context (an empty
// cache), served gzip-compressed as a static host does, on the local host and on a throttled link (4 Mbit/s, 40 ms
// round trip), and prints per build the median time from navigation to the first KPI's value on screen (the GMV
// card's value, lib.mjs's markFirstKpi). Run it on two builds back to back (a `git worktree` of the old commit).
import { serve, launch, markFirstKpi, firstKpiAt } from './lib.mjs';
import path from 'node:path';

const RUNS = 9;
const LINKS = { local: null, '4 Mbit/s': { latency: 40, downloadThroughput: 5e5, uploadThroughput: 5e5 } };
const dirs = process.argv.length > 2 ? process.argv.slice(2) : [undefined];
const servers = await Promise.all(dirs.map(d => serve(d, { gzip: true })));
const browser = await launch();

// Milliseconds from navigation to the GMV card's value, in a fresh context over `link`.
async function firstKpi(url, link) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
  await markFirstKpi(context);
  const page = await context.newPage();
  if (link) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
  }
  await page.goto(url);
  const { perf: at } = await firstKpiAt(page, 60000);
  await context.close();
  return at;
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, link] of Object.entries(LINKS)) {
  for (const [what, query] of [['page', ''], ['embed', '?embed=1']]) {
    const times = dirs.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      for (let i = 0; i < dirs.length; i++) times[i].push(await firstKpi(servers[i].url + query, link));
    }
    for (let i = 0; i < dirs.length; i++) {
      const label = dirs[i] ? path.relative(process.cwd(), path.resolve(dirs[i])) || '.' : 'dist';
      console.log(`${what.padEnd(5)} ${name.padEnd(8)} ${label.padEnd(24)} first KPI: median ${median(times[i]).toFixed(0)} ms ` +
        `(${times[i].map(t => t.toFixed(0)).join(' ')})`);
    }
  }
}
await browser.close();
await Promise.all(servers.map(s => s.close()));
