// The backfill lab in the browser: five years simulated at 32 workers for both models,
// drawn as Gantt charts; a failed day under each SCD2 policy; bad settings refused; real
// backfills on a pool; the bug fix and its cascade; a learner's new table; the retention
// window.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { answers, nextAnswer, openPlayground, screenshot, text, typeSql } from './harness.mjs';

let app;
before(async () => {
  // No service worker: the test of workers that cannot start aborts their requests with
  // page.route, which never sees a request the service worker answers from its cache.
  // tests/e2e/offline.test.mjs runs a backfill through the service worker.
  app = await openPlayground('?users=300&days=40&start=2024-12-08', { serviceWorkers: 'block' });
  await app.page.click('#tab-backfill');
});
after(async () => { await app?.close(); });

// One value from the Explore tab, back on the Backfill tab afterwards.
async function valueOf(page, sql) {
  await page.click('#tab-explore');
  const seen = await answers(page);
  await typeSql(page, sql);
  await page.click('#run');
  await nextAnswer(page, seen);
  const value = (await text(page, '#result-grid [role=gridcell]')).replaceAll(',', '');
  await page.click('#tab-backfill');
  return value;
}

// The page's warehouse still answers a query: the day's users are the raw snapshot's
// active accounts.
async function assertWarehouseAnswers(page) {
  const users = await valueOf(page, "SELECT count(*) FROM dim_users WHERE ds = '2025-01-16'");
  const active = await valueOf(page, "SELECT count(*) FROM users WHERE ds = '2025-01-16' AND status = 'active'");
  assert.ok(Number(users) > 200, users);
  assert.equal(users, active);
}

async function simulate(page) {
  const seen = await answers(page);
  await page.click('#simulate');
  await nextAnswer(page, seen, 120_000);
}

const cell = async (page, table, label) =>
  page.$eval(`#${table}`, (t, l) => [...t.querySelectorAll('tr')].find((r) => r.querySelector('th')?.textContent === l)?.querySelector('td')?.textContent, label);

test('five years at 32 workers: SCD2 is a chain, datestamps fill the workers', async () => {
  const { page } = app;
  await simulate(page);
  const [, ratio] = (await text(page, '#sim-verdict')).match(/SCD2 takes ([\d.]+)× as long as datestamps/) ?? [];
  assert.ok(Number(ratio) > 5, await text(page, '#sim-verdict'));
  assert.match(await text(page, '#sim-verdict'), /for 1826 days/);
  assert.match(await text(page, '#sim-time'), /Simulated and drawn in [\d.]+ m?s/);
  for (const model of ['datestamp', 'scd2']) {
    assert.ok(Number(await page.getAttribute(`#gantt-${model}`, 'data-bars')) > 0);
    assert.equal(await cell(page, `sim-${model}`, 'tasks / attempts'), '9130 / 9130');
  }
  // Datestamps keep the workers busy; the SCD2 chain leaves most of them idle.
  const util = async (m) => Number((await cell(page, `sim-${m}`, 'worker utilisation')).replace('%', ''));
  assert.ok(await util('datestamp') > 80 && await util('scd2') < 30);
  assert.match(await text(page, '#sim-costs'), /dim_users_scd2 [\d.]+ m?s/);
  // The DAGs drawn: the aggregate waits for the day's dimensions in both models; SCD2's
  // merges also wait for their own previous day.
  assert.equal(await page.locator('#dag-datestamp path.dag-edge').count(), 9);
  assert.equal(await page.locator('#dag-scd2 path.dag-edge').count(), 15);
  await screenshot(page, 'backfill-five-years');
});

test('a failed day: SCD2 starting over throws work away, resuming retries one task', async () => {
  const { page } = app;
  await page.fill('#sim-days', '90');
  await page.dispatchEvent('#sim-days', 'change');
  await page.selectOption('#sim-failure', 'day');
  await page.fill('#sim-fail-day', '60');
  await page.dispatchEvent('#sim-fail-day', 'change');
  await page.selectOption('#sim-policy', 'start_over');
  await simulate(page);
  assert.equal(await cell(page, 'sim-scd2', 'started over'), '1');
  assert.equal(await cell(page, 'sim-datestamp', 'started over'), '0');
  assert.ok(await page.locator('#gantt-scd2 rect.discarded').count() > 0);
  assert.ok(await page.locator('#gantt-datestamp rect.retried').count() > 0);
  await screenshot(page, 'backfill-start-over');
  await page.selectOption('#sim-policy', 'resume');
  await simulate(page);
  assert.equal(await cell(page, 'sim-scd2', 'started over'), '0');
  assert.equal(await page.locator('#gantt-scd2 rect.discarded').count(), 0);
  assert.ok(await page.locator('#gantt-scd2 rect.retried').count() > 0);
});

test('bad settings get a clear message and the lab keeps working', async () => {
  const { page } = app;
  await page.fill('#sim-concurrency', '0');
  await page.dispatchEvent('#sim-concurrency', 'change');
  await simulate(page);
  assert.match(await text(page, '#sim-error'), /concurrency must be between 1 and 256, not 0/);
  await page.fill('#sim-concurrency', 'lots');
  await page.dispatchEvent('#sim-concurrency', 'change');
  await page.click('#simulate');
  assert.match(await text(page, '#sim-problem'), /concurrency must be a whole number/);
  await page.fill('#sim-concurrency', '2');
  await page.dispatchEvent('#sim-concurrency', 'change');
  await simulate(page);
  assert.match(await text(page, '#sim-verdict'), /for 90 days/);
});

async function fillIn(page, selector, value) {
  await page.fill(selector, String(value));
  await page.dispatchEvent(selector, 'change');
}

async function startReal(page, days, workers) {
  await fillIn(page, '#real-days', days);
  await fillIn(page, '#real-workers', workers);
  await page.click('#real-run');
}

async function realBackfill(page, days, workers) {
  await startReal(page, days, workers);
  await waitReal(page);
}

async function waitReal(page) {
  await page.waitForSelector('#real-progress', { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('#real-run').disabled
    && (document.querySelector('#real-identical') || document.querySelector('#real-error')), null, { timeout: 180_000 });
}

test('a real backfill on a pool of workers writes back the same bytes and reports its speedup', async () => {
  const { page } = app;
  await realBackfill(page, 8, 1);
  assert.equal(await text(page, '#real-identical'), '32 of 32 partitions written back are byte-identical to the ones the build wrote.');
  assert.match(await text(page, '#real-speedup'), /sequential baseline/);
  await realBackfill(page, 8, 2);
  assert.equal(await text(page, '#real-identical'), '32 of 32 partitions written back are byte-identical to the ones the build wrote.');
  const [, speedup] = (await text(page, '#real-speedup')).match(/speedup over one worker: ([\d.]+)×/) ?? [];
  assert.ok(Number(speedup) > 0, await text(page, '#real-speedup'));
  assert.match(await text(page, '#real-report'), /32 tasks on 2 workers: wall-clock/);
  // Both workers ran tasks.
  assert.match(await page.getAttribute('#gantt-real', 'aria-label'), /32 attempts on 2 workers/);
  await screenshot(page, 'backfill-real');
  // The warehouse still answers from the partitions written back.
  await assertWarehouseAnswers(page);
});

test('a worker that dies mid-backfill is reported, its task retried, and nothing is corrupted', async () => {
  const { page } = app;
  await page.fill('#real-crash', '2');
  await page.dispatchEvent('#real-crash', 'change');
  await realBackfill(page, 6, 2);
  assert.match(await text(page, '#real-report'), /24 tasks on 2 workers: .*1 task\(s\) retried after a worker died/);
  assert.equal(await text(page, '#real-identical'), '24 of 24 partitions written back are byte-identical to the ones the build wrote.');
  assert.ok(await page.locator('#gantt-real rect.retried').count() > 0);
  await page.fill('#real-crash', '');
  await page.dispatchEvent('#real-crash', 'change');
});

const retried = async (page) => Number((await text(page, '#real-report')).match(/(\d+) task\(s\) retried after a worker died/)?.[1] ?? 0);

test('random crashes: drawn live, retried, the same for the same seed, and the bytes still identical', async () => {
  const { page } = app;
  await fillIn(page, '#real-p', '0.25');
  await fillIn(page, '#real-seed', '7');
  await startReal(page, 6, 2);
  // The chart is drawn while the backfill runs: running bars and the tasks still waiting.
  await page.waitForSelector('#real-live #gantt-real rect.running', { timeout: 120_000 });
  assert.match(await text(page, '#real-waiting'), /^\d+ waiting$/);
  await page.waitForSelector('#real-live #gantt-real rect.failed', { timeout: 120_000 });
  await screenshot(page, 'backfill-real-live');
  await waitReal(page);
  assert.equal(await text(page, '#real-identical'), '24 of 24 partitions written back are byte-identical to the ones the build wrote.');
  const first = await retried(page);
  assert.ok(first > 0, await text(page, '#real-report'));
  assert.match(await text(page, '#real-failures'), new RegExp(`^${first} attempts? crashed: [\\d.]+ m?s of work thrown away, [\\d.]+ m?s restarting workers; about [\\d.]+ m?s extra wall-clock`));
  assert.ok(await page.locator('#gantt-real rect.failed').count() > 0);
  assert.ok(await page.locator('#gantt-real rect.retried').count() > 0);
  assert.match(await page.getAttribute('#gantt-real', 'aria-label'), new RegExp(`^${24 + first} attempts on 2 workers`));
  await screenshot(page, 'backfill-real-random');
  await startReal(page, 6, 2);
  await waitReal(page);
  assert.equal(await retried(page), first);
  assert.equal(await text(page, '#real-identical'), '24 of 24 partitions written back are byte-identical to the ones the build wrote.');
});

test('a task that crashes on every attempt stops the backfill after five, and nothing is stored', async () => {
  const { page } = app;
  await fillIn(page, '#real-p', '1');
  await startReal(page, 1, 1);
  await page.waitForSelector('#real-error', { timeout: 180_000 });
  assert.match(await text(page, '#real-error'), /^dim_users for 2025-01-16 crashed its worker 5 times: the backfill gave up and stored nothing$/);
  assert.equal(await page.locator('#real-identical').count(), 0);
  assert.match(await page.getAttribute('#real-live #gantt-real', 'aria-label'), /^5 attempts on 1 workers/);
  await page.waitForFunction(() => !document.querySelector('#real-run').disabled);
});

test('bad failure settings get a clear message', async () => {
  const { page } = app;
  await fillIn(page, '#real-p', '2');
  await page.click('#real-run');
  assert.equal(await text(page, '#real-problem'), 'the failure probability must be a number from 0 to 1, not "2"');
  await fillIn(page, '#real-p', '0.1');
  await fillIn(page, '#real-seed', 'abc');
  await page.click('#real-run');
  assert.match(await text(page, '#real-problem'), /^the seed must be a whole number from 0 to \d+, not "abc"$/);
  await fillIn(page, '#real-p', '');
  await fillIn(page, '#real-seed', '1');
});

test('workers the browser cannot start: a clear message, nothing stored, and the warehouse still answers', async () => {
  const { page } = app;
  // The main engine is up; from now on the pool's workers cannot load their script.
  await page.route('**/engine-worker*', (route) => route.abort());
  await startReal(page, 2, 2);
  await page.waitForSelector('#real-error', { timeout: 60_000 });
  assert.match(await text(page, '#real-error'), /^could start only 0 of 2 workers: the engine failed to start 3 times in a row and was stopped \(last: /);
  assert.equal(await page.locator('#real-identical').count(), 0);
  await page.waitForFunction(() => !document.querySelector('#real-run').disabled);
  // A worker whose script loads but whose engine never does is given up after a while.
  await page.unroute('**/engine-worker*');
  await page.route('**/engine-worker_bg.wasm', (route) => route.abort());
  await startReal(page, 2, 2);
  await page.waitForSelector('#real-error', { timeout: 60_000 });
  assert.equal(await text(page, '#real-error'), 'could start only 0 of 2 workers: no answer within 20 s');
  await page.unroute('**/engine-worker_bg.wasm');
  await assertWarehouseAnswers(page);
});

test('a real backfill of a chosen range', async () => {
  const { page } = app;
  await page.fill('#real-from', '2024-12-10');
  await realBackfill(page, 3, 2);
  assert.match(await text(page, '#real-report'), /^3 days × 4 pipelines = 12 tasks on 2 workers/);
  assert.equal(await text(page, '#real-identical'), '12 of 12 partitions written back are byte-identical to the ones the build wrote.');
  await page.fill('#real-from', '2025-01-15');
  await page.fill('#real-days', '5');
  await page.dispatchEvent('#real-days', 'change');
  await page.click('#real-run');
  await page.waitForSelector('#real-error');
  assert.equal(await text(page, '#real-error'), '5 days from 2025-01-15 are not all in the warehouse (2024-12-08 to 2025-01-16)');
  await page.fill('#real-from', '');
});

test('a real backfill outside the warehouse or with too many workers is refused', async () => {
  const { page } = app;
  await page.fill('#real-days', '41');
  await page.dispatchEvent('#real-days', 'change');
  await page.click('#real-run');
  assert.match(await text(page, '#real-problem'), /the warehouse has 40 days of snapshots: backfill 1 to 40, not 41/);
  await page.fill('#real-days', '5');
  await page.dispatchEvent('#real-days', 'change');
  await page.fill('#real-workers', '64');
  await page.dispatchEvent('#real-workers', 'change');
  await page.click('#real-run');
  assert.match(await text(page, '#real-problem'), /use 1 to 8 workers, not 64/);
});

test('an SCD2 backfill rewinds, replays every later day in order, and matches the clean build', async () => {
  const { page } = app;
  await page.fill('#scd2-from', '2025-01-02');
  await page.click('#scd2-run');
  await page.waitForSelector('#scd2-report', { timeout: 120_000 });
  assert.match(await text(page, '#scd2-report'), /replayed 15 days × 3 merges one after another/);
  assert.equal(await text(page, '#scd2-identical'), '3 of 3 SCD2 tables are byte-identical to the ones the build derived in one pass.');
  assert.match(await page.textContent('#scd2-rewind-sql'), /WHERE valid_from < DATE '\{\{ ds \}\}'/);
  await screenshot(page, 'backfill-scd2');
  await page.fill('#scd2-from', '2020-01-01');
  await page.click('#scd2-run');
  await page.waitForSelector('#scd2-error', { timeout: 60_000 });
  assert.match(await text(page, '#scd2-error'), /the warehouse holds 2024-12-08 to 2025-01-16/);
});

test('the one-pass SCD2 tables agree with the daily merge chain, and the page shows what each cost', async () => {
  const { page } = app;
  await page.click('#rebuild-check');
  await page.waitForSelector('#rebuild-report', { timeout: 120_000 });
  assert.equal(await text(page, '#rebuild-verdict'), '3 of 3 SCD2 tables are the same both ways, row for row.');
  const rows = await page.$$eval('#rebuild-report tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ['dim_users_scd2', 'dim_devices_scd2', 'dim_relationships_scd2']);
  for (const [, versions, chain, onePass, same] of rows) {
    assert.match(versions, /^\d+$/);
    assert.match(chain, /^[\d.]+ m?s$/);
    assert.match(onePass, /^[\d.]+ m?s$/);
    assert.equal(same, 'yes');
  }
  // An independent count: the versions the page reports are the table's rows.
  assert.equal(rows[2][1], await valueOf(page, 'SELECT count(*) FROM dim_relationships_scd2'));
  await screenshot(page, 'backfill-scd2-one-pass-check');
});

test('the bug-fix scenario: two bad weeks break the metric in both models, and each backfill repairs its own', async () => {
  const { page } = app;
  await page.click('#plant-bug');
  await page.waitForSelector('#bug-report', { timeout: 120_000 });
  assert.equal(await text(page, '#bug-datestamp'), 'wrong on 14 days');
  assert.equal(await text(page, '#bug-scd2'), 'wrong on 14 days');
  // Downstream too: the stored aggregates and the retention answer.
  assert.equal(await text(page, '#bug-agg-datestamp'), 'wrong on 14 days');
  assert.equal(await text(page, '#bug-agg-scd2'), 'wrong on 14 days');
  assert.equal(await text(page, '#bug-retention-datestamp'), "a different answer from the clean build's");
  assert.equal(await text(page, '#bug-retention-scd2'), "a different answer from the clean build's");
  await page.waitForFunction(() => !document.querySelector('#fix-datestamp').disabled);
  await page.click('#fix-datestamp');
  await page.waitForFunction(() => document.querySelector('#real-identical')?.textContent.startsWith('56 of 56')
    && !document.querySelector('#fix-scd2').disabled, null, { timeout: 180_000 });
  // The cascade: the aggregate rerun for exactly the 14 fixed days.
  assert.match(await text(page, '#real-downstream'), /agg_daily was rerun for exactly those 14 days \(2024-12-27 to 2025-01-09\)/);
  await page.click('#check-metric');
  await page.waitForFunction(() => document.querySelector('#bug-agg-datestamp')?.textContent === 'right on every day', null, { timeout: 60_000 });
  assert.equal(await text(page, '#bug-agg-scd2'), 'wrong on 14 days');
  assert.equal(await text(page, '#bug-retention-datestamp'), "the clean build's answer");
  assert.equal(await text(page, '#bug-retention-scd2'), "a different answer from the clean build's");
  await page.click('#fix-scd2');
  await page.waitForFunction(() => /replayed 21 days/.test(document.querySelector('#scd2-report')?.textContent ?? '')
    && !document.querySelector('#check-metric').disabled, null, { timeout: 180_000 });
  assert.equal(await text(page, '#scd2-identical'), '3 of 3 SCD2 tables are byte-identical to the ones the build derived in one pass.');
  await page.click('#check-metric');
  await page.waitForFunction(() => document.querySelector('#bug-scd2')?.textContent === 'right on every day', null, { timeout: 60_000 });
  assert.equal(await text(page, '#bug-datestamp'), 'right on every day');
  assert.equal(await text(page, '#bug-agg-scd2'), 'right on every day');
  assert.equal(await text(page, '#bug-retention-scd2'), "the clean build's answer");
  assert.match(await text(page, '#scd2-report'), /replayed 21 days × 3 merges/);
  assert.match(await text(page, '#scd2-downstream'), /agg_daily_scd2 was recomputed for all 21 replayed days/);
  await screenshot(page, 'backfill-bug-fix');
});

// Backfills a learner's pipeline; returns once the lab is idle again.
async function backfillPipeline(page, name, sql, days = '10') {
  await page.fill('#pipeline-name', name);
  await page.dispatchEvent('#pipeline-name', 'change');
  await page.fill('#pipeline-days', days);
  await page.dispatchEvent('#pipeline-days', 'change');
  await typeSql(page, sql, '#pipeline-sql');
  await page.waitForFunction(() => !document.querySelector('#pipeline-run').disabled);
  await page.click('#pipeline-run');
  await page.waitForFunction(() => !document.querySelector('#pipeline-run').disabled
    && (document.querySelector('#pipeline-stored') || document.querySelector('#pipeline-error')
      || document.querySelector('#pipeline-problem')), null, { timeout: 180_000 });
}

const tableCount = (page, name) =>
  valueOf(page, `SELECT count(*) FROM information_schema.tables WHERE table_name = '${name}'`);

test('a new table gets its history for free: written, backfilled on the pool, and queried', async () => {
  const { page } = app;
  await backfillPipeline(page, 'my_mutuals', `SELECT user_id, count(*) AS mutual_follows
FROM dim_relationships
WHERE ds = '{{ ds }}' AND is_mutual
GROUP BY user_id`);
  assert.match(await text(page, '#pipeline-stored'), /^my_mutuals now has 10 daily partitions \(2025-01-07 to 2025-01-16\), written by the same SELECT run once per day on 2 workers/);
  assert.match(await text(page, '#pipeline-scd2'), /filled by 10 runs of that merge one after another/);
  // Queried on the page: one row per day.
  await page.waitForSelector('#pipeline-result-grid');
  assert.equal(await page.getAttribute('#pipeline-result-grid', 'aria-rowcount'), '11');
  await screenshot(page, 'backfill-new-table');
  // Its numbers against the table it was computed from.
  const mine = await valueOf(page, "SELECT sum(mutual_follows) FROM my_mutuals WHERE ds = '2025-01-12'");
  const truth = await valueOf(page, "SELECT count(*) FROM dim_relationships WHERE ds = '2025-01-12' AND is_mutual");
  assert.ok(Number(truth) > 0);
  assert.equal(mine, truth);
});

test("a learner's bad pipeline gets a clear message, and nothing is stored", async () => {
  const { page } = app;
  const refused = [
    ['not_a_select', "DROP TABLE users", /a pipeline is one SELECT/],
    ['no_ds', 'SELECT user_id FROM dim_users', /must use \{\{ ds \}\}/],
    ['dim_users', "SELECT user_id FROM dim_users WHERE ds = '{{ ds }}'", /a table named dim_users already exists/],
    ['Bad Name', "SELECT user_id FROM dim_users WHERE ds = '{{ ds }}'", /is not allowed/],
    ['with_ds', "SELECT * FROM dim_users WHERE ds = '{{ ds }}'", /have a ds column: leave it out/],
  ];
  for (const [name, sql, message] of refused) {
    await backfillPipeline(page, name, sql);
    assert.match(await text(page, '#pipeline-error'), message, name);
  }
  // Fails on one day of the ten: the backfill stops and stores nothing.
  await backfillPipeline(page, 'bad_day', "SELECT CAST(CASE WHEN '{{ ds }}' = '2025-01-12' THEN 'x' ELSE '1' END AS INT) AS v");
  assert.match(await text(page, '#pipeline-error'), /bad_day failed on 2025-01-12/);
  assert.equal(await tableCount(page, 'bad_day'), '0');
  // Another schema on other days: refused before anything is stored.
  await backfillPipeline(page, 'drifting', `SELECT user_id AS "c_{{ ds }}" FROM dim_users WHERE ds = '{{ ds }}'`);
  assert.match(await text(page, '#pipeline-error'), /every day of a table needs the same columns; nothing was stored/);
  assert.equal(await tableCount(page, 'drifting'), '0');
  await screenshot(page, 'backfill-new-table-refused');
  await assertWarehouseAnswers(page);
});

// Last: it drops raw partitions.
test('a retention window on the raw tables: datestamps still answer any day, SCD2 cannot be rebuilt past it', async () => {
  const { page } = app;
  await page.fill('#retention-days', '10');
  await page.dispatchEvent('#retention-days', 'change');
  await page.click('#retention-apply');
  await page.waitForSelector('#retention-report', { timeout: 120_000 });
  assert.match(await text(page, '#retention-report'), /Kept the last 10 days of raw snapshots \(from 2025-01-07\): 120 raw partitions dropped/);
  const [, users] = (await text(page, '#retention-datestamp')).match(/dim_users still answers 2024-12-08 with (\d+) users/) ?? [];
  assert.ok(Number(users) > 200, await text(page, '#retention-datestamp'));
  assert.match(await text(page, '#retention-scd2'), /refused: the raw snapshots before 2025-01-07 are gone/);
  await screenshot(page, 'backfill-retention');
  // The page agrees: the old day answers from datestamps, not from raw.
  assert.equal(await valueOf(page, "SELECT count(*) FROM dim_users WHERE ds = '2024-12-08'"), users);
  assert.equal(await valueOf(page, "SELECT count(*) FROM users WHERE ds = '2024-12-08'"), '0');
  // Inside the window SCD2 still rebuilds.
  await page.fill('#scd2-from', '2025-01-10');
  await page.click('#scd2-run');
  await page.waitForFunction(() => /replayed 7 days/.test(document.querySelector('#scd2-report')?.textContent ?? ''), null, { timeout: 120_000 });
});
