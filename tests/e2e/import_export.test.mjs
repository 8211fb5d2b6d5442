// Bringing data in and taking it out, as a person does: a folder of ds= partitions (saved
// from the network's own raw table with Download Parquet) uploaded and queried, that raw
// table the oracle; every bad file refused with a message naming it while the warehouse
// still answers; a dropped file loaded and removed; a result saved as CSV; the whole
// warehouse exported, loaded back from the zip in another browser, and every catalog
// question answered as before. Screenshots go to tests/e2e/output/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answers, gridRows, importMessage, nextAnswer, openPlayground, runSql, screenshot, text, waitReady } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NETWORK = '?users=200&days=30&start=2024-12-18';
const fixtures = join(here, '..', '..', 'fixtures', 'warehouse');
let app;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-'));
  app = await openPlayground(NETWORK);
});
after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function tables(page) {
  return page.$$eval('#catalog .table', (ts) => ts.map((t) => t.dataset.table).sort());
}

test('a folder of ds= partitions is previewed, named, loaded and queried like the raw table it copies', async () => {
  const { page } = app;
  // The folder: three days of the network's raw post_views, each saved with Download Parquet.
  const folder = join(dir, 'views');
  for (const day of ['2024-12-18', '2024-12-19', '2024-12-20']) {
    await runSql(page, `SELECT post_id, viewer_id, poster_id FROM post_views WHERE ds = '${day}'`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-parquet')]);
    mkdirSync(join(folder, `ds=${day}`), { recursive: true });
    await download.saveAs(join(folder, `ds=${day}`, 'part-0.parquet'));
  }
  writeFileSync(join(folder, '_SUCCESS'), '');
  await page.setInputFiles('#import-folder', folder);
  await page.waitForSelector('#import-preview');
  assert.match(await text(page, '#import-summary'), /^Parquet: 3 partitions \(2024-12-18 to 2024-12-20\)/);
  assert.equal(await page.inputValue('#import-name'), 'views');
  assert.match(await text(page, '#import-columns'), /post_id.*Int64/);
  assert.match(await text(page, '#import-preview'), /Skipped.*_SUCCESS/);
  await screenshot(page, 'import-preview');
  await page.fill('#import-name', 'my_views');
  // The import is kept anew: "Keeping…", then "Kept" (not the status the build left).
  await page.evaluate(() => {
    window.__keeping = false;
    new MutationObserver(() => {
      if (/^Keeping/.test(document.querySelector('#kept-status')?.textContent ?? '')) window.__keeping = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.click('#import-load');
  assert.match(await importMessage(page), /^Imported my_views: 3 partitions/);
  await page.waitForSelector('#catalog [data-model="Imported"] [data-table="my_views"]');
  // The oracle: the network's own raw table, which those files were written from.
  await runSql(page, `SELECT (SELECT count(*) FROM my_views) AS imported,
    (SELECT count(*) FROM post_views WHERE ds BETWEEN '2024-12-18' AND '2024-12-20') AS raw,
    (SELECT count(*) FROM (SELECT post_id, viewer_id, poster_id, ds FROM my_views
       EXCEPT SELECT post_id, viewer_id, poster_id, ds FROM post_views)) AS differing`);
  const [[imported, raw, differing]] = await gridRows(page);
  assert.equal(imported, raw);
  assert.ok(Number(imported.replaceAll(',', '')) > 0);
  assert.equal(differing, '0');
  await screenshot(page, 'import-queried');
  // Kept with the warehouse: a reload loads it back with the rest.
  await page.waitForFunction(() => window.__keeping
    && /^Kept/.test(document.querySelector('#kept-status')?.textContent ?? ''), null, { timeout: 120_000 });
  await page.reload();
  await waitReady(page);
  await page.waitForSelector('#catalog [data-model="Imported"] [data-table="my_views"]');
  await runSql(page, 'SELECT count(*) AS n FROM my_views');
  assert.equal((await gridRows(page))[0][0], imported);
});

test('every bad file is refused by name, and the warehouse keeps answering', async () => {
  const { page } = app;
  const good = readFileSync(join(fixtures, 'dim_users', 'ds=2024-12-18', 'part-0.parquet'));
  const pages = Buffer.from(good);
  pages.fill(0xff, 8, Math.floor(pages.length / 2));
  const mixed = join(dir, 'mixed');
  mkdirSync(join(mixed, 'ds=2024-01-01'), { recursive: true });
  mkdirSync(join(mixed, 'ds=2024-01-02'), { recursive: true });
  writeFileSync(join(mixed, 'ds=2024-01-01', 'part-0.parquet'), good);
  cpSync(join(fixtures, 'dim_devices', 'ds=2024-12-18', 'part-0.parquet'), join(mixed, 'ds=2024-01-02', 'part-0.parquet'));
  const huge = join(dir, 'huge.parquet');
  writeFileSync(huge, '');
  truncateSync(huge, 300 * 1024 * 1024); // sparse: no disk used
  const xss = '<img src=x onerror=alert(1)>.parquet';
  const cases = [
    [{ name: 'cut.parquet', mimeType: 'application/octet-stream', buffer: good.subarray(0, good.length - 200) }, /cut\.parquet is not a readable Parquet file/],
    [{ name: 'pages.parquet', mimeType: 'application/octet-stream', buffer: pages }, /pages\.parquet is damaged/],
    [mixed, /ds=2024-01-02\/part-0\.parquet has columns .* every day of a table needs the same columns/],
    [{ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3\n') }, /ragged\.csv .*line 3 has 1 fields but the header has 2/],
    [{ name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n') }, /header\.csv has a header but no rows/],
    [{ name: xss, mimeType: 'application/octet-stream', buffer: Buffer.from('not parquet') }, /<img src=x onerror=alert\(1\)>\.parquet is not a readable Parquet file/],
    [huge, /315 MB, more than the 250 MB .*huge\.parquet.*Nothing was read/],
  ];
  const before = await tables(page);
  for (const [file, says] of cases) {
    await page.setInputFiles(typeof file === 'string' && !file.endsWith('.parquet') ? '#import-folder' : '#import-files', file);
    const message = await importMessage(page);
    assert.match(message, says);
    assert.equal(await page.getAttribute('#import-message', 'role'), 'alert');
    assert.deepEqual(await tables(page), before);
  }
  // The file name was shown as text, never as markup.
  assert.equal(await page.$('#import img'), null);
  await screenshot(page, 'import-refused');
  // A BOM in a good CSV does not reach the column name; the name taken is said before loading.
  await page.setInputFiles('#import-files', { name: 'dim_users.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeffid,score\n1,2.5\n2,3\n') });
  await page.waitForSelector('#import-preview');
  assert.match(await text(page, '#import-columns'), /^id/);
  assert.match(await text(page, '#import-preview'), /A table named dim_users already exists/);
  assert.equal(await page.isDisabled('#import-load'), true);
  // A name the engine refuses keeps the preview, with the reason, for another name.
  await page.fill('#import-name', 'order');
  await page.click('#import-load');
  await page.waitForSelector('#import-preview #import-message');
  assert.match(await text(page, '#import-message'), /order is a reserved word in SQL: choose another name/);
  assert.equal(await page.inputValue('#import-name'), 'order');
  await page.click('#import-cancel');
  // Still answering, nothing lost.
  await runSql(page, "SELECT count(*) AS n FROM dim_users WHERE ds = '2024-12-18'");
  assert.ok(Number((await gridRows(page))[0][0].replaceAll(',', '')) > 0);
  assert.deepEqual(await tables(page), before);
});

test('files dropped on the panel are previewed like picked ones', async () => {
  const { page } = app;
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['day,visits\n2024-12-18,3\n2024-12-19,5\n'], 'Visits.csv', { type: 'text/csv' }));
    document.querySelector('#import-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('#import-preview');
  assert.match(await text(page, '#import-summary'), /^CSV: one file, not partitioned, 2 rows/);
  assert.equal(await page.inputValue('#import-name'), 'visits');
  assert.match(await text(page, '#import-preview'), /Column types inferred from the CSV text: day Date32, visits Int64/);
  await page.click('#import-load');
  assert.match(await importMessage(page), /^Imported visits: one file, 2 rows/);
  await runSql(page, 'SELECT sum(visits) AS total FROM visits');
  assert.equal((await gridRows(page))[0][0], '8');
  // Removed again from the catalog.
  await page.click('#catalog [data-table="visits"] .table-remove');
  await page.waitForFunction(() => !document.querySelector('#catalog [data-table="visits"]'));
  // The panel no longer says it holds what was just removed.
  assert.equal(await page.$('#import-message'), null, await text(page, '#import-message').catch(() => ''));
});

test('a result downloads as CSV with exactly its rows', async () => {
  const { page } = app;
  await runSql(page, "SELECT ds, count(*) AS users FROM dim_users WHERE ds <= '2024-12-20' GROUP BY ds ORDER BY ds");
  const shown = (await gridRows(page)).map((r) => r.map((c) => c.replaceAll(',', '')).join(','));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  assert.equal(download.suggestedFilename(), 'result.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv, ['ds,users', ...shown].join('\n') + '\n');
});

/** Every catalog question's answer, as the grid shows it. */
async function everyQuestion(page) {
  const out = {};
  await page.click('#questions-drawer summary');
  const ids = await page.$$eval('#questions-drawer [id^="q-"]', (qs) => qs.map((q) => q.id));
  await page.click('#questions-drawer summary');
  for (const id of ids) {
    await page.click('#questions-drawer summary');
    await page.click(`#${id}`);
    const seen = await answers(page);
    await page.click('#run');
    await nextAnswer(page, seen, 120_000);
    out[id] = await gridRows(page);
  }
  return out;
}

test('the warehouse exports as a zip that loads back and answers every catalog question alike', async () => {
  const { page } = app;
  const expected = await everyQuestion(page);
  assert.ok(Object.keys(expected).length >= 8, Object.keys(expected).join(' '));
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('#export-warehouse')]);
  assert.equal(download.suggestedFilename(), 'warehouse.zip');
  const zip = join(dir, 'warehouse.zip');
  await download.saveAs(zip);
  assert.match(await importMessage(page), /^Saved warehouse.zip: \d+ tables in \d+ Parquet files, 9 questions/);
  const before = await tables(page);

  // A new visitor's browser: loads the zip instead of building.
  const other = await app.newContext();
  const visitor = await other.newPage();
  await visitor.goto(app.url + '?data=demo');
  await waitReady(visitor);
  await visitor.setInputFiles('#import-files', zip);
  await visitor.waitForSelector('#import-preview');
  assert.match(await text(visitor, '#import-preview'), /looks like a warehouse export/);
  await visitor.click('#import-load');
  assert.match(await importMessage(visitor), /^Loaded the exported warehouse: \d+ tables/);
  await visitor.waitForSelector('#questions-drawer');
  assert.deepEqual(await tables(visitor), before);
  assert.deepEqual(await everyQuestion(visitor), expected);
  await screenshot(visitor, 'import-export-reloaded');
  await other.close();
});
