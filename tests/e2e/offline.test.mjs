// Offline: after one visit the service worker has kept every file of the build, and the
// playground works with the network off: a reload, a query, a social network built from
// nothing, a backfill on a pool of workers. A new build replaces the old one whole: the
// old pages keep the old files until the last one is reloaded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServiceWorker } from '../../scripts/finish-site.mjs';
import {
  assertNoViolations, DIST, gridRows, launchBrowser, openPlayground, reportInto, runSql, screenshot, text, waitReady,
} from './harness.mjs';
import { startServer } from './static-server.mjs';

const QUERY = "SELECT ds, count(*) AS n FROM demo_events WHERE ds = '2024-10-04' GROUP BY ds";

// Notes when a service worker takes control of the page: on a first visit, when it has
// precached the site and activated (it then claims the page).
const WATCH_CONTROL = () => {
  navigator.serviceWorker.addEventListener('controllerchange', () => { window.controlledAt = performance.now(); });
};

/**
 * Waits until a service worker controls the page. Returns the caches and what they
 * hold, and, on a first visit, how long the precache took: from the page's load event,
 * when it registers the worker, to that worker taking control.
 */
async function offlineReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 60_000 });
  return page.evaluate(async () => {
    const names = await caches.keys();
    const files = await Promise.all(names.map(async (name) =>
      (await (await caches.open(name)).keys()).map((r) => r.url).sort()));
    return { names, files, ms: window.controlledAt - performance.getEntriesByType('navigation')[0].loadEventStart };
  });
}

/** What the page gets for `path` (through its service worker, if it has one). */
const served = (page, path) => page.evaluate((p) => fetch(p).then((r) => r.text(), (e) => e.name), path);

/** The site's files as URLs under `url`, but sw.js, which the browser keeps itself. */
const siteUrls = (url, dir) => readdirSync(dir).filter((f) => f !== 'sw.js').map((f) => new URL(f, url).href).sort();

/** Polls `predicate` (async, run in the page) until it holds. */
async function until(page, predicate, timeout = 60_000) {
  for (const end = Date.now() + timeout; !(await page.evaluate(predicate));) {
    assert.ok(Date.now() < end, `timed out waiting for ${predicate}`);
    await page.waitForTimeout(100);
  }
}

let app;
before(async () => { app = await openPlayground('?data=demo', { initScript: WATCH_CONTROL }); });
after(async () => { await app?.close(); });

test('after one visit, a reload with the network off is served from the cache and answers', async (t) => {
  const { page, context, url } = app;
  const { names, files, ms } = await offlineReady(page);
  t.diagnostic(`precache took ${Math.round(ms)} ms after the load event`);
  assert.equal(names.length, 1, names.join());
  assert.deepEqual(files[0], siteUrls(url, DIST));

  await context.setOffline(true);
  assert.equal(await served(page, './not-kept.txt'), 'TypeError', 'the network is really off');
  const response = await page.reload();
  assert.ok(response.fromServiceWorker());
  await waitReady(page);
  await runSql(page, QUERY);
  assert.deepEqual(await gridRows(page), [['2024-10-04', '800']]);
  await screenshot(page, 'offline-reload');
});

test('offline, a social network is built and backfilled on a pool of workers', async () => {
  const { page, url } = app;
  await page.goto(`${url}?users=300&days=40&start=2024-12-08`);
  await waitReady(page);
  await page.click('#tab-backfill');
  for (const [selector, value] of [['#real-days', 8], ['#real-workers', 2]]) {
    await page.fill(selector, String(value));
    await page.dispatchEvent(selector, 'change');
  }
  await page.click('#real-run');
  await page.waitForSelector('#real-identical, #real-error', { timeout: 180_000 });
  assert.equal(await text(page, '#real-identical'), '32 of 32 partitions written back are byte-identical to the ones the build wrote.');
  assert.match(await page.getAttribute('#gantt-real', 'aria-label'), /32 attempts on 2 workers/);
  await screenshot(page, 'offline-backfill');
  await app.context.setOffline(false);
});

test('a new build replaces the old one whole, once its last page is reloaded', async (t) => {
  // Build A, and build B: A with one file changed (the engine worker's, whose name
  // Trunk does not hash) and its service worker written again.
  const dir = mkdtempSync(join(tmpdir(), 'offline-'));
  const [a, b, link] = ['a', 'b', 'served'].map((name) => join(dir, name));
  cpSync(DIST, a, { recursive: true });
  cpSync(DIST, b, { recursive: true });
  appendFileSync(join(b, 'engine-worker.js'), '\n// build B\n');
  writeServiceWorker(b);
  // The server serves whichever build the link points to.
  const serve = (build) => {
    symlinkSync(build, `${link}.new`);
    renameSync(`${link}.new`, link);
  };
  serve(a);
  const { violations, newContext, close } = await launchBrowser();
  const { server, url } = await startServer(link, 0, { cspHeader: true, onCspReport: reportInto(violations) });
  t.after(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });
  try {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${url}?data=demo`);
    await waitReady(page);
    const [cacheA] = (await offlineReady(page)).names;
    const isB = async (p) => (await served(p, './engine-worker.js')).includes('// build B');

    // B is deployed. The reload still gets A (its worker is in charge); B installs and waits.
    serve(b);
    await page.reload();
    await waitReady(page);
    await until(page, async () => (await navigator.serviceWorker.getRegistration()).waiting?.state === 'installed');
    assert.equal(await isB(page), false, 'an old page gets old files while the new build waits');
    assert.equal((await page.evaluate(() => caches.keys())).length, 2);

    // With a second page open on A, a reload keeps A: the other page still needs it.
    const other = await context.newPage();
    await other.goto(`${url}?data=demo`);
    await waitReady(other);
    assert.equal(await isB(other), false);
    await page.reload();
    await waitReady(page);
    assert.equal(await isB(page), false);
    await other.close();

    // The last page of A reloads: B takes over, A's cache goes, the page is all B.
    await page.reload();
    await waitReady(page);
    await until(page, async () => !(await navigator.serviceWorker.getRegistration()).waiting);
    const names = await page.evaluate(() => caches.keys());
    assert.equal(names.length, 1);
    assert.notEqual(names[0], cacheA);
    assert.equal(await isB(page), true);
    await runSql(page, QUERY);
    assert.deepEqual(await gridRows(page), [['2024-10-04', '800']]);
  } finally {
    await close();
  }
  assertNoViolations(violations);
});
