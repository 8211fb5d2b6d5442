// Restarting the engine in the browser: after a Cancel or a crash the new worker gets the
// warehouse back as it stood (a planted bug included), once, however many times the
// network was rebuilt; three crashes in a row stop with a way out; an unreadable request
// is an error, not a crash; a panic in the page itself is shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { answers, gridRows, nextAnswer, openPlayground, runSql, screenshot, text, typeSql, waitReady } from './harness.mjs';

let app;
before(async () => { app = await openPlayground('?users=300&days=40&start=2024-12-08'); });
after(async () => { await app?.close(); });

const SLOW = 'SELECT count(*) FROM dim_relationships a, dim_relationships b, dim_relationships c';

/**
 * Starts a query that runs for minutes, does `whileRunning`, cancels the query and waits
 * for the engine to be back.
 */
async function cancelSlowQuery(page, whileRunning = async () => {}) {
  await page.click('#tab-explore');
  await typeSql(page, SLOW);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => !document.querySelector('#cancel').disabled);
  await whileRunning();
  await page.waitForTimeout(300);
  await page.click('#cancel');
  // "reloaded" is what the engine said before it restored a snapshot: the test then
  // fails on what the page shows, not on the wording.
  await page.waitForFunction(() => /warehouse (restored|reloaded)/.test(document.querySelector('#notice')?.textContent ?? ''),
    null, { timeout: 60_000 });
  await waitReady(page);
}

test('a planted bug survives a Cancel: the page and the engine still agree', async () => {
  const { page } = app;
  await page.click('#tab-backfill');
  await page.click('#plant-bug');
  await page.waitForSelector('#bug-report', { timeout: 120_000 });
  assert.equal(await text(page, '#bug-datestamp'), 'wrong on 14 days');
  const catalog = await text(page, '#catalog');

  await cancelSlowQuery(page);
  const notice = await text(page, '#notice');
  assert.equal(await text(page, '#catalog'), catalog);

  await page.click('#tab-backfill');
  await page.waitForFunction(() => !document.querySelector('#check-metric').disabled);
  const seen = await answers(page);
  await page.click('#check-metric');
  await page.waitForFunction((n) => Number(document.querySelector('.app').dataset.answers) >= n
    && document.querySelector('#status').textContent === 'Metric checked', seen, { timeout: 60_000 });
  // Before the fix the new engine had been rebuilt clean: "right on every day".
  assert.equal(await text(page, '#bug-datestamp'), 'wrong on 14 days');
  assert.equal(await text(page, '#bug-scd2'), 'wrong on 14 days');
  assert.match(notice, /^Query cancelled\. Engine restarted; warehouse restored in [\d.]+ (ms|s)\.$/);
  await screenshot(page, 'restart-bug-survives-cancel');
});

test('a Cancel after rebuilds restores the warehouse once instead of rebuilding it', async () => {
  const { page } = app;
  for (let i = 0; i < 2; i++) {
    await page.click('#build');
    await page.waitForFunction(() => /built the social network/.test(document.querySelector('#status').textContent),
      null, { timeout: 120_000 });
    await waitReady(page);
  }
  let rebuilt = false;
  const watch = setInterval(async () => {
    rebuilt ||= await page.$('#build-progress').then((e) => e !== null).catch(() => false);
  }, 50);
  await cancelSlowQuery(page);
  clearInterval(watch);
  assert.equal(rebuilt, false, 'the network was built again after the Cancel');
  // The restored warehouse answers: the day's users are the raw snapshot's active accounts.
  await runSql(page, `SELECT n = active AS same, n > 200 AS most FROM
    (SELECT (SELECT count(*) FROM dim_users WHERE ds = '2025-01-16') AS n,
            (SELECT count(*) FROM users WHERE ds = '2025-01-16' AND status = 'active') AS active)`);
  assert.deepEqual(await gridRows(page), [['true', 'true']]);
});

test('build settings typed but not yet submitted stay in the form while the page changes around them', async () => {
  const { page } = app;
  // Typed as a person would while the query runs; Build is not pressed. The restart after
  // the Cancel re-renders the whole page many times over.
  await cancelSlowQuery(page, async () => {
    await page.click('#build-users', { clickCount: 3 });
    await page.keyboard.type('500');
    await page.click('#build-start', { clickCount: 3 });
    await page.keyboard.type('2025-03-01');
  });
  assert.equal(await page.inputValue('#build-users'), '500');
  assert.equal(await page.inputValue('#build-start'), '2025-03-01');
  await page.fill('#build-users', '300');
  await page.fill('#build-start', '2024-12-08');
});

test('three crashes in a row stop the engine with a way out, and the way out works', async () => {
  const { page } = app;
  await page.click('#tab-explore');
  for (let i = 1; i <= 3; i++) {
    const seen = await answers(page);
    await typeSql(page, `SELECT engine_panic('crash ${i}')`);
    await page.keyboard.press('Control+Enter');
    await nextAnswer(page, seen);
    if (i < 3) {
      await page.waitForFunction(() => /warehouse (restored|reloaded)/.test(document.querySelector('#notice')?.textContent ?? ''),
        null, { timeout: 60_000 });
      await waitReady(page);
    }
  }
  await page.waitForSelector('#stopped', { timeout: 60_000 });
  assert.match(await text(page, '#stopped-message'), /crashed 3 times in a row[\s\S]*crash 3/);
  assert.equal(await page.$eval('#run', (b) => b.disabled), true, 'a stopped engine takes no queries');
  await screenshot(page, 'restart-stopped');
  await page.click('#reset-demo');
  await page.waitForFunction(() => !document.querySelector('#stopped'), null, { timeout: 60_000 });
  await waitReady(page);
  await runSql(page, 'SELECT count(*) AS n FROM demo_events');
  assert.deepEqual(await gridRows(page), [['5,600']]);
  assert.equal(await page.$$eval('#catalog .table', (t) => t.length), 1, 'the way out loads the demo table only');
});

test('an unreadable request is answered as an error for its id, and the worker keeps going', async () => {
  const { page } = app;
  // A second engine worker, spoken to directly: the page's client never sends garbage.
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const worker = new Worker('./engine-worker_loader.js');
    const seen = [];
    const send = (id, body) => worker.postMessage({ id, body });
    worker.onmessage = ({ data }) => {
      // Every integer crosses as a BigInt, the id too.
      const { body } = data;
      const id = Number(data.id);
      const names = (b) => (typeof b === 'string' ? b : { [Object.keys(b)[0]]: b.Error ?? b.Catalog?.tables?.map((t) => t.name) ?? true });
      seen.push({ id, body: names(body) });
      if (body === 'Ready') send(7, { NoSuchRequest: 1 });
      else if (id === 7) send(8, 'LoadDemo');
      else if (id === 8 && body.Loaded) send(9, 'Catalog');
      else if (id === 9) { worker.terminate(); resolve(seen); }
    };
    setTimeout(() => { worker.terminate(); resolve(seen); }, 30_000);
  }));
  assert.equal(seen.filter((m) => m.body?.Crashed !== undefined).length, 0, JSON.stringify(seen).slice(0, 500));
  const refused = seen.find((m) => m.id === 7);
  assert.match(refused?.body?.Error?.message ?? '', /could not read the request/);
  assert.deepEqual(seen.find((m) => m.id === 9)?.body?.Catalog, ['demo_events'], JSON.stringify(seen));
});

test('a panic in the page itself is shown instead of dying silently', async () => {
  const { page } = app;
  await page.evaluate(() => { try { window.wasmBindings.panic_for_test('page bug on purpose'); } catch { /* the trap */ } });
  await page.waitForSelector('#page-crashed');
  assert.match(await text(page, '#page-crashed'), /The page hit a bug and stopped responding \([\s\S]*page bug on purpose[\s\S]*\)\. Reload the page/);
  await screenshot(page, 'restart-page-panic');
});
