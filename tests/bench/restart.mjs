// Benchmark: Cancel during a long query, then the time from the click until the warehouse
// answers again (the Run button takes queries, and a query on the rebuilt engine returns),
// at the default network or the one the query string asks for. Measured after the
// start-up build and again after each rebuild, to show whether restarts grow with the
// number of rebuilds. Prints numbers; asserts nothing.
//   DIST=<built site> node tests/bench/restart.mjs [query] [cancels] [rebuilds]
import { launchChromium } from './browser.mjs';
import { startServer } from '../e2e/static-server.mjs';

const dist = process.env.DIST ?? 'dist';
const query = process.argv[2] ?? '';
const cancels = Number(process.argv[3] ?? 3);
const rebuilds = Number(process.argv[4] ?? 1);
const { server, url } = await startServer(dist);
const browser = await launchChromium();
const page = await browser.newPage();
const ready = () => page.waitForFunction(() => {
  const run = document.querySelector('#run');
  return run && !run.disabled && document.querySelectorAll('#catalog .table').length > 0
    && !document.querySelector('#build-progress');
}, null, { timeout: 600_000, polling: 20 });
const answers = () => page.$eval('.app', (a) => Number(a.dataset.answers));

/** Replaces the editor's text, as a paste would. */
async function setSql(sql) {
  await page.click('#sql');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
}

async function runQuery(sql) {
  await setSql(sql);
  const seen = await answers();
  await page.click('#run');
  await page.waitForFunction((n) => Number(document.querySelector('.app').dataset.answers) > n, seen,
    { timeout: 600_000, polling: 20 });
}

async function cancelOnce() {
  await setSql('SELECT count(*) FROM dim_relationships a, dim_relationships b');
  await page.click('#run');
  await page.waitForFunction(() => !document.querySelector('#cancel').disabled);
  await page.waitForTimeout(500);
  const clicked = Date.now();
  await page.click('#cancel');
  await ready();
  const readyMs = Date.now() - clicked;
  await runQuery('SELECT count(*) AS n FROM dim_users');
  const answeredMs = Date.now() - clicked;
  const notice = (await page.textContent('#notice').catch(() => '')) ?? '';
  return { readyMs, answeredMs, notice: notice.trim() };
}

const started = Date.now();
await page.goto(url + query);
await ready();
console.log(`start-up build: ${Date.now() - started} ms (${(await page.textContent('#status')).trim()})`);
const bytes = await page.$$eval('#catalog .table', (ts) => ts.length);
console.log(`tables in the catalog: ${bytes}`);
for (let built = 0; built <= rebuilds; built++) {
  if (built > 0) {
    const t = Date.now();
    await page.click('#build');
    await page.waitForFunction(() => /built the social network/.test(document.querySelector('#status').textContent),
      null, { timeout: 600_000 });
    await ready();
    console.log(`rebuild ${built}: ${Date.now() - t} ms`);
  }
  const times = [];
  for (let i = 0; i < cancels; i++) {
    const r = await cancelOnce();
    times.push(r.answeredMs);
    console.log(`after ${built} rebuild(s), cancel ${i + 1}: takes queries after ${r.readyMs} ms, answered after ${r.answeredMs} ms — ${r.notice}`);
  }
  times.sort((a, b) => a - b);
  console.log(`after ${built} rebuild(s): median ${times[Math.floor(times.length / 2)]} ms from the click to an answer`);
}
await browser.close();
server.close();
