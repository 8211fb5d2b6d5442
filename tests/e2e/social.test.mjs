// The social-network warehouse in the browser: built at start-up by the real pipelines
// with progress, grouped by history model with storage per model, SCD2 as of a day equal
// to that day's snapshot, the query catalog menu, and bad build settings refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  answers, editorText, gridColumns, gridRows, nextAnswer, openPlayground, runSql, screenshot, text, unformatted,
} from './harness.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

let app;
before(async () => { app = await openPlayground('?users=300&days=40&start=2024-12-08'); });
after(async () => { await app?.close(); });

const bytesOf = (label) => {
  const [, n, unit] = label.match(/([\d.]+) (B|KB|MB|GB)/);
  return Number(n) * { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[unit];
};

test('the warehouse is built at start-up and grouped by history model', async () => {
  const { page } = app;
  assert.match(await text(page, '#status'), /built the social network \(300 users, 40 days from 2024-12-08\)/);
  // The form shows the settings the page was opened with.
  assert.equal(await page.inputValue('#build-users'), '300');
  assert.equal(await page.inputValue('#build-start'), '2024-12-08');
  const storage = {};
  for (const model of ['Raw', 'Datestamped', 'Scd2', 'Scd1']) {
    storage[model] = await text(page, `[data-model="${model}"] .storage`);
  }
  // Four dimension and fact tables and the daily aggregate, 40 days each; three SCD2
  // tables and the aggregate kept beside them.
  assert.match(storage.Datestamped, /200 files/);
  assert.match(storage.Scd2, /4 files/);
  // Snapshots repeat unchanged rows every day; SCD2 keeps one row per version.
  assert.ok(bytesOf(storage.Datestamped) > 5 * bytesOf(storage.Scd2), JSON.stringify(storage));
  await screenshot(page, 'social-catalog');
});

test('SCD2 as of a day equals that day\'s snapshot, in the browser', async () => {
  const { page } = app;
  const snap = "SELECT user_id, followers FROM dim_users WHERE ds = '2024-12-20'";
  const asOf = "SELECT user_id, followers FROM dim_users_scd2 WHERE valid_from <= DATE '2024-12-20' AND (valid_to > DATE '2024-12-20' OR valid_to IS NULL)";
  await runSql(page, `SELECT (SELECT count(*) FROM (${snap} EXCEPT ALL ${asOf})) AS missing,
    (SELECT count(*) FROM (${asOf} EXCEPT ALL ${snap})) AS extra, (SELECT count(*) FROM (${snap})) AS users,
    (SELECT count(*) FROM users WHERE ds = '2024-12-20' AND status = 'active') AS active`);
  const [[missing, extra, users, active]] = await gridRows(page);
  assert.deepEqual([missing, extra], ['0', '0']);
  assert.equal(users, active, 'the day\'s users are the raw snapshot\'s active accounts');
  assert.ok(Number(users.replaceAll(',', '')) > 200, users);
});

test('the network built in the browser is byte for byte the one built natively', async () => {
  const { page } = app;
  // Written by the export_fixtures example from a native build of the same network.
  const expected = join(FIXTURES, 'expected');
  const sql = readFileSync(join(expected, 'network-300x40.sql'), 'utf8');
  const [header, values] = readFileSync(join(expected, 'network-300x40.csv'), 'utf8').trim().split('\n');
  await runSql(page, sql);
  const names = await gridColumns(page);
  assert.ok(names.join(',').startsWith(header.split(',')[0]), names.join(','));
  assert.deepEqual(unformatted(await gridRows(page)), [values.split(',')]);
});

test('the query catalog loads a question into the editor', async () => {
  const { page } = app;
  await page.click('#questions-drawer summary');
  await page.fill('#question-search', 'retention');
  await page.click('#q-retention-scd2');
  const sql = await editorText(page);
  assert.match(sql, /dim_users_scd2/);
  assert.match(sql, /DATE '2025-01-16'/);
  const before = await answers(page);
  await page.click('#run');
  await nextAnswer(page, before);
  assert.ok((await gridRows(page)).length > 0, 'the retention question has answers');
  await screenshot(page, 'social-retention-scd2');
});

test('bad build settings are refused and the warehouse stays', async () => {
  const { page } = app;
  const catalog = await text(page, '#catalog');
  await page.fill('#build-users', '0');
  const before = await answers(page);
  await page.click('#build');
  await nextAnswer(page, before);
  assert.match(await text(page, '#build-error'), /users must be at least 20/);
  await page.fill('#build-users', '300');
  await page.fill('#build-start', '2024-02-30');
  const again = await answers(page);
  await page.click('#build');
  await nextAnswer(page, again);
  assert.match(await text(page, '#build-error'), /start date/);
  await page.fill('#build-start', '2024-12-08');
  await page.fill('#build-days', '1');
  const once = await answers(page);
  await page.click('#build');
  await nextAnswer(page, once);
  assert.match(await text(page, '#build-error'), /days must be between 2 and 730/);
  assert.equal(await text(page, '#catalog'), catalog);
  await runSql(page, "SELECT count(DISTINCT ds) AS days, min(ds) AS first FROM dim_users");
  assert.deepEqual(await gridRows(page), [['40', '2024-12-08']]);
});
