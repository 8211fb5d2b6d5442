// Takes the README's screenshot (docs/screenshot.png) of the built site as a first
// visitor sees it at the default network on a 1280×800 screen: the catalog, a question
// from the query catalog run, its metrics, its result as a chart and in the grid.
//   DIST=<built site> node scripts/readme-screenshot.mjs [out.png]
import { launchChromium } from '../tests/bench/browser.mjs';
import { startServer } from '../tests/e2e/static-server.mjs';

const dist = process.env.DIST ?? 'dist';
const out = process.argv[2] ?? 'docs/screenshot.png';
const { server, url } = await startServer(dist);
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await page.goto(url);
await page.waitForFunction(() => {
  const run = document.querySelector('#run');
  return run && !run.disabled && document.querySelector('#questions-drawer') && !document.querySelector('#build-progress');
}, null, { timeout: 600_000 });
// The first visit keeps the warehouse in the browser; wait for that, so the sidebar
// shows its settled state.
await page.waitForFunction(() => /^Kept/.test(document.querySelector('#kept-status')?.textContent ?? ''),
  null, { timeout: 600_000 });
const sql = `-- Follows per day, mutual and one-way: one ds partition per day
SELECT ds,
       count(*) FILTER (WHERE is_mutual) AS mutual,
       count(*) FILTER (WHERE NOT is_mutual) AS one_way
FROM dim_relationships
WHERE ds >= '2024-12-17'
GROUP BY ds
ORDER BY ds`;
await page.click('#sql');
await page.keyboard.press('Control+A');
await page.keyboard.insertText(sql);
const seen = await page.$eval('.app', (a) => Number(a.dataset.answers));
await page.keyboard.press('Control+Enter');
await page.waitForFunction((n) => Number(document.querySelector('.app').dataset.answers) > n, seen, { timeout: 600_000 });
await page.click('#chart-line');
await page.click('#result-grid [role=columnheader]:nth-child(3) button.sort');
// Sorting scrolls the header into view; the screenshot is of the top of the page.
await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
await page.screenshot({ path: out });
console.log(`[readme-screenshot] ${out}`);
await browser.close();
server.close();
