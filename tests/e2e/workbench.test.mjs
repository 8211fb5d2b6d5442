// The SQL workbench as a person uses it: completion from the live catalog, the engine's
// error marked in the editor, Shift+Enter for the statement under the cursor, a 100,000-
// row result scrolled to its end, sorting, copying, a chart of a date series, history
// that survives a reload, the link that carries the query, dark mode, and the whole
// Explore flow by keyboard alone, and typing before the app has loaded. A screenshot of
// each goes to tests/e2e/output/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answers, editorText, gridColumns, gridRows, nextAnswer, openPlayground, runSql, screenshot, text, typeSql,
  unformatted, waitReady,
} from './harness.mjs';

let app;
before(async () => {
  app = await openPlayground('?users=300&days=40&start=2024-12-08');
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
});
after(async () => { await app?.close(); });

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

/** Waits for the completion list (CodeMirror ignores Enter for its first 75 ms), then
 * accepts the selected completion with Enter. */
async function acceptCompletion(page) {
  await page.waitForSelector('.cm-tooltip-autocomplete');
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
}

test('typing a table name offers the live catalog, and accepting the completion writes it', async () => {
  const { page } = app;
  await typeSql(page, '');
  await page.keyboard.type('SELECT * FROM dim_u', { delay: 20 });
  await page.waitForSelector('.cm-tooltip-autocomplete');
  // The list follows the typing; on a loaded machine it may still show an earlier word's.
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-tooltip-autocomplete li')]
    .some((li) => li.textContent.startsWith('dim_u')), null, { timeout: 5_000 }).catch(() => {});
  const offered = await page.$$eval('.cm-tooltip-autocomplete li', (lis) => lis.map((li) => li.textContent));
  assert.ok(offered.some((o) => o.startsWith('dim_users')), offered.join(' | '));
  await screenshot(page, 'workbench-completion');
  await acceptCompletion(page);
  assert.equal(await editorText(page), 'SELECT * FROM dim_users');
  // Columns of that table, and the engine's functions, complete too.
  await page.keyboard.type(' WHERE follo', { delay: 20 });
  await acceptCompletion(page);
  assert.equal(await editorText(page), 'SELECT * FROM dim_users WHERE followers');
  await typeSql(page, '');
  await page.keyboard.type('SELECT approx_dist', { delay: 20 });
  await acceptCompletion(page);
  assert.match(await editorText(page), /^SELECT approx_distinct/);
});

test('an error is marked in the editor where the engine says it is', async () => {
  const { page } = app;
  await runSql(page, 'SELECT user_id,\n  folowers\nFROM dim_users');
  assert.match(await text(page, '#error'), /folowers/);
  const mark = await page.waitForSelector('#sql .cm-sql-error');
  assert.equal(await mark.textContent(), 'folowers');
  // The mark sits on line 2, as the engine's position says.
  const line = await mark.evaluate((m) => [...m.closest('.cm-content').querySelectorAll('.cm-line')].indexOf(m.closest('.cm-line')) + 1);
  assert.equal(line, 2);
  assert.match(await mark.getAttribute('title'), /folowers/);
  await screenshot(page, 'workbench-error-mark');
  // The next good run clears it.
  await runSql(page, 'SELECT 1 AS one');
  assert.equal(await page.$('#sql .cm-sql-error'), null);
});

test('Shift+Enter runs only the statement under the cursor, and Ctrl+Enter adds no new line', async () => {
  const { page } = app;
  await typeSql(page, "SELECT 'first' AS which;\nSELECT 'second' AS which;");
  // The cursor is at the end of the text: in the second statement.
  const before = await answers(page);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+Enter');
  await nextAnswer(page, before);
  assert.deepEqual(await gridRows(page), [['first']]);
  assert.equal(await editorText(page), "SELECT 'first' AS which;\nSELECT 'second' AS which;");
  const again = await answers(page);
  await page.keyboard.press('Control+Enter');
  await nextAnswer(page, again);
  assert.equal(await editorText(page), "SELECT 'first' AS which;\nSELECT 'second' AS which;");
});

test('a 100,000-row result is all there: the grid scrolls to its last row', async () => {
  const { page } = app;
  await runSql(page, 'SELECT value AS n, value * 2 AS twice FROM generate_series(1, 100000) ORDER BY value', 120_000);
  assert.equal(await text(page, '#row-count'), '100,000 rows');
  assert.equal(await page.getAttribute('#result-grid', 'aria-rowcount'), '100001');
  await page.$eval('#result-grid', (g) => { g.scrollTop = g.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('#result-grid .grid-window [role=row]')]
    .some((r) => r.getAttribute('aria-rowindex') === '100001'));
  const rows = await gridRows(page);
  assert.deepEqual(rows.at(-1), ['100,000', '200,000']);
  // The last row is on screen, not only in the page.
  const shown = await page.evaluate(() => {
    const grid = document.querySelector('#result-grid').getBoundingClientRect();
    const last = document.querySelector('#result-grid [aria-rowindex="100001"]').getBoundingClientRect();
    return last.top >= grid.top && last.bottom <= grid.bottom + 1;
  });
  assert.ok(shown, 'the last row is inside the grid');
  await screenshot(page, 'workbench-100k-last-row');
});

test('sorting by a column changes the order shown, by value and both ways', async () => {
  const { page } = app;
  await runSql(page, 'SELECT * FROM (VALUES (9, \'b\'), (10, \'a\'), (NULL, \'c\'), (-1, \'d\')) AS t(n, s)');
  const column = async (i) => (await gridRows(page)).map((r) => r[i]);
  assert.deepEqual(await column(0), ['9', '10', 'NULL', '-1']);
  await page.click('#result-grid [role=columnheader]:nth-child(1) button.sort');
  assert.deepEqual(await column(0), ['-1', '9', '10', 'NULL']);
  assert.equal(await page.getAttribute('#result-grid [role=columnheader]:nth-child(1)', 'aria-sort'), 'ascending');
  await page.click('#result-grid [role=columnheader]:nth-child(1) button.sort');
  assert.deepEqual(await column(0), ['10', '9', '-1', 'NULL']);
  await screenshot(page, 'workbench-sorted');
  await page.click('#result-grid [role=columnheader]:nth-child(2) button.sort');
  assert.deepEqual(await column(1), ['a', 'b', 'c', 'd']);
});

test('copy puts a cell, a row or the whole result on the clipboard as raw values', async () => {
  const { page } = app;
  await runSql(page, "SELECT 1234 AS n, 'x' AS s UNION ALL SELECT 5678, 'y' ORDER BY n");
  await page.click('#copy-all');
  await page.waitForFunction(() => /Copied 2 rows/.test(document.querySelector('#copy-status').textContent));
  assert.equal(await clipboard(page), 'n\ts\n1234\tx\n5678\ty');
  await page.click('#result-grid .grid-window [role=row]:nth-child(2) [role=gridcell]:nth-child(2)');
  await page.click('#copy-cell');
  await page.waitForFunction(() => /Copied the cell/.test(document.querySelector('#copy-status').textContent));
  assert.equal(await clipboard(page), 'y');
  await page.click('#copy-row');
  await page.waitForFunction(() => /Copied the row/.test(document.querySelector('#copy-status').textContent));
  assert.equal(await clipboard(page), 'n\ts\n5678\ty');
});

test('a series over ds offers a chart, drawn as lines or bars, one point per day', async () => {
  const { page } = app;
  await runSql(page, "SELECT ds, count(*) AS users FROM dim_users WHERE ds BETWEEN '2024-12-08' AND '2024-12-21' GROUP BY ds ORDER BY ds");
  const rows = unformatted(await gridRows(page));
  assert.equal(rows.length, 14);
  await page.click('#chart-line');
  const points = await page.getAttribute('#series-chart polyline.series', 'points');
  assert.equal(points.trim().split(/\s+/).length, 14);
  // Higher counts are drawn higher (smaller y), as the grid's numbers say.
  const ys = points.trim().split(/\s+/).map((p) => Number(p.split(',')[1]));
  const counts = rows.map((r) => Number(r[1]));
  for (let i = 1; i < 14; i++) assert.equal(Math.sign(ys[i - 1] - ys[i]), Math.sign(counts[i] - counts[i - 1]), `day ${i}`);
  await screenshot(page, 'workbench-line-chart');
  await page.click('#chart-bar');
  assert.equal(await page.locator('#series-chart rect').count(), 14 + 1);
  await screenshot(page, 'workbench-bar-chart');
  // A result that is not a series offers no chart.
  await runSql(page, 'SELECT 1 AS one');
  assert.equal(await page.$('#chart-line'), null);
});

test('a query answered from statistics says the partitions were not needed, not that there are none', async () => {
  const { page } = app;
  await runSql(page, 'SELECT count(*) FROM dim_users');
  assert.equal(await text(page, '#m-partitions .value'), 'none of 40 read: answered from file statistics');
});

test('history keeps every query run, survives a reload, is searchable, and puts a query back', async () => {
  const { page } = app;
  await runSql(page, "SELECT 'remember me' AS note");
  await runSql(page, 'SELECT 2 AS later');
  // The address now carries the last query.
  assert.equal(new URL(page.url()).searchParams.get('query'), 'SELECT 2 AS later');
  await page.reload();
  await waitReady(page);
  // The link's query is back in the editor.
  assert.equal(await editorText(page), 'SELECT 2 AS later');
  await page.click('#history-drawer summary');
  await page.fill('#history-search', 'remember');
  const entries = await page.$$eval('.history-entry .history-sql', (e) => e.map((x) => x.textContent));
  assert.deepEqual(entries, ["SELECT 'remember me' AS note"]);
  await screenshot(page, 'workbench-history');
  await page.click('.history-entry');
  assert.equal(await editorText(page), "SELECT 'remember me' AS note");
  // The list closed and the editor has the focus, ready to run.
  assert.equal(await page.getAttribute('#history-drawer', 'open'), null);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sql');
});

test('dark mode follows the system and the toggle, and the toggle is remembered', async () => {
  const { page, newContext, url } = app;
  const background = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background(page);
  await page.click('#theme-toggle');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const dark = await background(page);
  assert.notEqual(dark, light);
  // Dark means dark: the background's channels are low.
  const channels = dark.match(/\d+/g).slice(0, 3).map(Number);
  assert.ok(channels.every((c) => c < 80), dark);
  await runSql(page, "SELECT ds, count(*) AS users FROM dim_users WHERE ds >= '2025-01-10' GROUP BY ds ORDER BY ds");
  await page.click('#chart-line');
  await screenshot(page, 'workbench-dark');
  await page.reload();
  await waitReady(page);
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await background(page), dark);
  await page.click('#theme-toggle');
  assert.equal(await background(page), light);
  // Another browser whose system is dark gets dark with no toggle.
  const context = await newContext({ colorScheme: 'dark' });
  const other = await context.newPage();
  await other.goto(`${url}?users=300&days=40&start=2024-12-08`);
  await other.waitForSelector('#theme-toggle');
  assert.equal(await background(other), dark);
  assert.equal(await other.getAttribute('#theme-toggle', 'aria-pressed'), 'true');
  // There the toggle makes it light.
  await other.click('#theme-toggle');
  assert.equal(await other.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await background(other), light);
  await context.close();
});

test('the whole Explore flow works by keyboard alone', async () => {
  const { page } = app;
  await page.reload();
  await waitReady(page);
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a.id || a.className || a.tagName;
  });
  // Tab from the top of the page until the tab bar has the focus.
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < 100 && !(await focused()).startsWith('tab-'); i++) await page.keyboard.press('Tab');
  assert.match(await focused(), /^tab-/);
  // Arrows move between tabs; the selected one follows.
  await page.keyboard.press('Home');
  assert.equal(await focused(), 'tab-lessons');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'tab-explore');
  assert.equal(await page.getAttribute('#tab-explore', 'aria-selected'), 'true');
  // Into the panel: the query catalog, opened with Enter, searched, picked with arrows.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('details')?.id), 'questions-drawer');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'question-search');
  await page.keyboard.type('device mix');
  await page.keyboard.press('ArrowDown');
  assert.match(await focused(), /^q-/);
  const picked = await focused();
  await page.keyboard.press('Enter');
  // The question is in the editor, which has the focus, and the list closed: run it.
  assert.equal(await page.getAttribute('#questions-drawer', 'open'), null);
  assert.equal(await focused(), 'sql');
  assert.match(await editorText(page), /dim_devices/);
  const before = await answers(page);
  await page.keyboard.press('Control+Enter');
  await nextAnswer(page, before, 120_000);
  assert.ok((await gridRows(page)).length > 1, `${picked} answered with a row per device`);
  // Tab leaves the editor (no tab characters typed) and reaches the grid.
  for (let i = 0; i < 20 && (await focused()) !== 'result-grid'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'result-grid');
  assert.doesNotMatch(await editorText(page), /\t/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const active = await page.$eval('#active-cell', (c) => [c.closest('[role=row]').getAttribute('aria-rowindex'), [...c.parentNode.children].indexOf(c)]);
  assert.deepEqual(active, ['3', 1]);
  await page.keyboard.press('Control+C');
  await page.waitForFunction(() => /Copied the cell/.test(document.querySelector('#copy-status').textContent));
  assert.equal(await clipboard(page), (await page.textContent('#active-cell')).replaceAll(',', ''));
  // Focus is visible where it is.
  const outline = await page.$eval('#result-grid', (g) => getComputedStyle(g).outlineStyle);
  assert.notEqual(outline, 'none');
  await screenshot(page, 'workbench-keyboard');
});

test('the layout fits a phone-width window and a 1280×720 laptop', async () => {
  const { page } = app;
  for (const [width, height, name] of [[390, 844, 'phone'], [1280, 720, 'laptop']]) {
    await page.setViewportSize({ width, height });
    await runSql(page, "SELECT ds, count(*) AS users FROM dim_users WHERE ds >= '2025-01-10' GROUP BY ds ORDER BY ds");
    // Nothing wider than the window but the grid, which scrolls inside itself.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the window`);
    const run = await page.$eval('#run', (b) => b.getBoundingClientRect().right);
    assert.ok(run <= width, `${name}: Run is on screen`);
    await screenshot(page, `workbench-${name}`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
});

test('a first visit takes typing before the app has loaded, and the app keeps what was typed', async () => {
  const context = await app.newContext();
  const page = await context.newPage();
  // Hold the UI's wasm back, so the typing certainly comes before the app starts.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/playground-ui-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(app.url + '?users=300&days=40&start=2024-12-08');
  await page.waitForSelector('#boot-editor #sql');
  assert.equal(await page.$('.app'), null, 'the app is not up yet');
  assert.match(await editorText(page), /^-- One partition per day/);
  await page.focus('#sql');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n-- typed early', { delay: 10 });
  await screenshot(page, 'workbench-typed-before-the-app');
  release();
  await waitReady(page);
  // The editor is in the app's layout now, with the typing in it and the focus kept.
  assert.equal(await page.$('#boot-editor'), null);
  assert.ok(await page.$('.app .editor #sql'));
  assert.match(await editorText(page), /LIMIT 5\n-- typed early$/);
  await page.keyboard.type(' and late');
  assert.match(await editorText(page), /-- typed early and late$/);
  // It runs as the app's own text: five snapshots of dim_users, newest first.
  const seen = await answers(page);
  await page.keyboard.press('Control+Enter');
  await nextAnswer(page, seen);
  const rows = await gridRows(page);
  assert.equal(rows.length, 5);
  assert.equal(rows[0][0], '2025-01-16');
  await screenshot(page, 'workbench-typed-before-the-app-kept');
  await context.close();
});

test('the early editor is only for a plain first visit: not a lesson, a scenario, an embed or the demo table', async () => {
  const context = await app.newContext();
  const page = await context.newPage();
  // The app never starts here: what is checked is editor.js's own choice.
  await page.route(/playground-ui-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
  const early = async (query) => {
    await page.goto(app.url + query, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => globalThis.playgroundEditor);
    return (await page.$('#boot-editor #sql')) !== null;
  };
  assert.ok(await early('?users=300'), 'a plain visit');
  assert.ok(await early('?query=SELECT%201'), 'a link to a query');
  assert.equal(await editorText(page), 'SELECT 1');
  for (const query of ['?data=demo', '?lesson=scd2-pain&step=1', '?scenario=retention', '?embed=scenario&scenario=retention']) {
    assert.equal(await early(query), false, query);
  }
  await context.close();
});
