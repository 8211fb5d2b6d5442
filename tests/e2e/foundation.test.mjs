// The foundation in a real browser: the page loads the demo warehouse in the engine
// worker, queries typed with the keyboard answer correctly with pruning in the metrics,
// errors reach the user, and cancel and crashes restart the engine with the data back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answers, editorText, gridRows, nextAnswer, openPlayground, runSql, screenshot, text, typeSql, waitReady,
} from './harness.mjs';

let app;
before(async () => { app = await openPlayground(); });
after(async () => { await app?.close(); });

test('the page loads the demo warehouse and lists it in the catalog', async () => {
  const { page } = app;
  assert.match(await text(page, 'h1'), /playground/i);
  const catalog = await text(page, '#catalog');
  assert.match(catalog, /demo_events/);
  assert.match(catalog, /7 partitions · 5,600 rows/);
  assert.match(catalog, /event_id\s*Int64/);
  await screenshot(page, 'foundation-loaded');
});

test('Ctrl+Enter runs the text on screen, even before the page has redrawn after the last keystroke', async () => {
  const { page } = app;
  // The last keystroke and Ctrl+Enter in one task: no redraw between them, as on a busy
  // machine typing fast.
  const before = await answers(page);
  await page.click('#sql');
  await page.keyboard.press('Control+A');
  // A paste and Ctrl+Enter in one task.
  await page.evaluate(() => {
    const content = document.querySelector('#sql');
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', 'SELECT 42 AS answer');
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    content.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, ctrlKey: true, bubbles: true, cancelable: true }));
  });
  await nextAnswer(page, before);
  assert.deepEqual(await gridRows(page), [['42']]);
});

test('a typed query run with Ctrl+Enter returns the right rows and shows pruning', async () => {
  const { page } = app;
  await runSql(page, "SELECT ds, count(*) AS n FROM demo_events WHERE ds = '2024-10-04' GROUP BY ds");
  assert.deepEqual(await gridRows(page), [['2024-10-04', '800']]);
  assert.equal(await text(page, '#row-count'), '1 rows');
  assert.match(await text(page, '#m-partitions'), /1 of 7 scanned, 6 pruned/);
  assert.match(await text(page, '#m-rows-scanned'), /800/);
  // The number column is right-aligned, the text column is not.
  const aligns = await page.$$eval('#result-grid [role=gridcell]', (tds) => tds.map((td) => getComputedStyle(td).textAlign));
  assert.deepEqual(aligns, ['left', 'right']);
  // The editor keeps the text after the run.
  assert.match(await editorText(page), /2024-10-04/);
  await page.click('#toggle-plan');
  assert.match(await text(page, '#plan'), /DataSourceExec/);
  assert.match(await text(page, '#plan'), /metrics=/);
  await screenshot(page, 'foundation-pruned-query');
});

test('a result of thousands of rows is all in the grid, which draws only the rows in view', async () => {
  const { page } = app;
  await runSql(page, 'SELECT * FROM demo_events ORDER BY event_id');
  assert.equal(await text(page, '#row-count'), '5,600 rows');
  assert.equal(await page.getAttribute('#result-grid', 'aria-rowcount'), '5601');
  const drawn = (await gridRows(page)).length;
  assert.ok(drawn > 5 && drawn < 100, `${drawn} rows drawn`);
});

test('bad SQL shows the parser message with line and column, and the next query works', async () => {
  const { page } = app;
  await runSql(page, "SELECT ds\nFROM demo_events\nWHERE ds = = '2024-10-01'");
  const error = await text(page, '#error');
  assert.match(error, /Syntax error/);
  assert.match(error, /line 3, column \d+/);
  assert.match(error, /\^/);
  await screenshot(page, 'foundation-syntax-error');

  await runSql(page, 'SELECT * FROM no_such_table');
  assert.match(await text(page, '#error'), /no_such_table/);
  await runSql(page, 'SELECT no_such_column FROM demo_events');
  assert.match(await text(page, '#error'), /no_such_column/);

  await runSql(page, "SELECT count(*) AS n FROM demo_events WHERE ds = '2024-10-01'");
  assert.equal(await page.$('#error'), null);
  assert.deepEqual(await gridRows(page), [['800']]);
});

test('explain shows the physical plan without running the query', async () => {
  const { page } = app;
  await typeSql(page, "SELECT * FROM demo_events WHERE ds = '2024-10-02'");
  const before = await answers(page);
  await page.click('#explain');
  await nextAnswer(page, before);
  assert.match(await text(page, '#plan'), /Physical plan \(not run\)[\s\S]*DataSourceExec/);
});

test('cancel stops a slow query, restarts the engine and restores the warehouse', async () => {
  const { page } = app;
  await typeSql(page, 'SELECT count(*) FROM demo_events a, demo_events b, demo_events c');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => !document.querySelector('#cancel').disabled);
  await page.waitForTimeout(500);
  await page.click('#cancel');
  await page.waitForFunction(() => /warehouse restored/.test(document.querySelector('#notice')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.match(await text(page, '#notice'), /^Query cancelled\. Engine restarted; warehouse restored in [\d.]+ (ms|s)\.$/);
  await waitReady(page);
  await screenshot(page, 'foundation-cancelled');
  await runSql(page, "SELECT count(*) AS n FROM demo_events WHERE ds = '2024-10-07'");
  assert.deepEqual(await gridRows(page), [['800']]);
});

test('a panic inside the engine is reported and the data comes back', async () => {
  const { page } = app;
  await runSql(page, "SELECT engine_panic('boom on purpose')");
  await page.waitForFunction(() => /warehouse restored/.test(document.querySelector('#notice')?.textContent ?? ''), null, { timeout: 60_000 });
  const notice = await text(page, '#notice');
  assert.match(notice, /engine crashed/);
  assert.match(notice, /boom on purpose/);
  await waitReady(page);
  await screenshot(page, 'foundation-panic-recovered');
  await runSql(page, 'SELECT count(*) AS n FROM demo_events');
  assert.deepEqual(await gridRows(page), [['5,600']]);
});
