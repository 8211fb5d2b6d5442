// The built folder as any static host serves it: under a sub-path, with nothing else on
// the server. The Content-Security-Policy in index.html's <meta> (all that GitHub Pages,
// which sets no headers, can carry) is enforced on the page; sent as a header, it binds
// the workers too, and they still start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridRows, openPlayground, runSql } from './harness.mjs';

const MOUNT = '/some/sub/path/';
const QUERY = "SELECT ds, count(*) AS n FROM demo_events WHERE ds = '2024-10-04' GROUP BY ds";

let app;
before(async () => { app = await openPlayground('?data=demo', { mount: MOUNT, cspHeader: false }); });
after(async () => { await app?.close(); });

/** The page's engine worker. */
function engineWorker(page) {
  const worker = page.workers().find((w) => w.url().endsWith(`${MOUNT}engine-worker_loader.js`));
  assert.ok(worker, `the engine worker, among ${page.workers().map((w) => w.url())}`);
  return worker;
}

/**
 * Has a worker fetch from another origin, which the policy forbids ("localhost" is not
 * 127.0.0.1; nothing listens on the port anyway). Returns the error's name.
 */
const fetchElsewhere = (worker) => worker.evaluate(() => fetch('http://localhost:9/').then(() => 'fetched', (e) => e.name));

test('under a sub-path: the page loads, its worker answers, the service worker and manifest keep to the sub-path', async () => {
  const { page, url, context } = app;
  assert.equal(new URL(url).pathname, MOUNT);
  await runSql(page, QUERY);
  assert.deepEqual(await gridRows(page), [['2024-10-04', '800']]);

  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, url);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.equal(manifest.url, `${url}manifest.webmanifest`);
  assert.deepEqual(manifest.errors, []);
  const parsed = JSON.parse(manifest.data);
  assert.equal(new URL(parsed.start_url, manifest.url).href, url);
  assert.equal(new URL(parsed.scope, manifest.url).href, url);
  // Chromium's own check that the site can be installed as an app (manifest, icon,
  // service worker); playwright's profile is incognito, which Chromium names and no more.
  await page.waitForFunction(() => navigator.serviceWorker.controller);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId), ['in-incognito']);

  // Nothing was asked of the server outside the sub-path (it answers 404 there).
  assert.deepEqual(app.consoleLines.filter((l) => /Failed to load|404/.test(l)), []);
});

test('the <meta> policy is enforced: an injected inline script and an inline style are refused and reported', async () => {
  const { page } = app;
  assert.deepEqual(app.takeViolations(), []);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.head.append(script);
    document.body.setAttribute('style', 'background: red');
    return window.injected ?? false;
  });
  assert.equal(ran, false);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 0, 0)');
  await page.waitForTimeout(200);
  const seen = app.takeViolations().join('\n');
  assert.match(seen, /page: script-src-elem blocked inline/);
  assert.match(seen, /page: style-src-attr blocked inline/);
  assert.match(seen, /console of .*: .*Content Security Policy/);
});

test('sent as a header, the policy binds the workers too: they start, and a violation inside one is reported', async () => {
  const strict = await openPlayground('?data=demo', { mount: MOUNT });
  try {
    const { page } = strict;
    await runSql(page, QUERY);
    assert.deepEqual(await gridRows(page), [['2024-10-04', '800']]);
    await page.evaluate(() => navigator.serviceWorker.ready);
    assert.deepEqual(strict.takeViolations(), []);
    const [serviceWorker] = strict.context.serviceWorkers();
    for (const worker of [engineWorker(page), serviceWorker]) assert.equal(await fetchElsewhere(worker), 'TypeError');
    await page.waitForTimeout(300);
    const seen = strict.takeViolations().join('\n');
    assert.match(seen, /report: connect-src blocked http:\/\/localhost:9\/ in .*\/engine-worker_loader\.js/);
    assert.match(seen, /report: connect-src blocked http:\/\/localhost:9\/ in .*\/sw\.js/);
  } finally {
    await strict.close();
  }
});
