// Lessons in the browser: a lesson opened at a step from a URL, an exercise checked
// wrong (with the rows missing and extra listed) and then right, progress kept across a
// reload and reset, a bad step in the URL explained, a learner's syntax error and a
// million-row result answered with a message while the lesson keeps working, and a
// simulated backfill step drawn.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { answers, editorText, nextAnswer, openPlayground, screenshot, text, typeSql, waitReady } from './harness.mjs';

/** Replaces the step's SQL, as a paste would. */
const setLessonSql = (page, sql) => typeSql(page, sql, '#lesson-sql');

const NETWORK = 'users=300&days=40&start=2024-12-08';
let app;
before(async () => { app = await openPlayground(`?${NETWORK}&lesson=history&step=3`); });
after(async () => { await app?.close(); });

async function andWait(page, action) {
  const seen = await answers(page);
  await action();
  await nextAnswer(page, seen, 120_000);
}

const rowsIn = (page, id) => page.locator(`#${id} tbody tr`).count();

test('a URL opens a lesson at a step, and the exercise check says what differs', async () => {
  const { page } = app;
  assert.equal(await page.getAttribute('#tab-lessons', 'aria-selected'), 'true');
  assert.match(await text(page, '#lesson-step-title'), /^Step 3 of 4: A forgotten predicate/);
  assert.match(await editorText(page, '#lesson-sql'), /JOIN dim_devices_scd2 d ON d.user_id = u.user_id\n/);
  // As given: every device the user ever had joins in, so there are rows too many.
  await andWait(page, () => page.click('#lesson-check'));
  const summary = await text(page, '#lesson-check-summary');
  assert.match(summary, /^Not yet: your result has [\d,]+ rows? too many\.$/);
  assert.ok(await rowsIn(page, 'lesson-extra') > 0);
  assert.match(await text(page, '#lesson-missing'), /none/);
  await screenshot(page, 'lesson-check-wrong');
  // Half a fix: the device's range without its open end drops current devices.
  const sql = await editorText(page, '#lesson-sql');
  await setLessonSql(page, sql.replace('ON d.user_id = u.user_id\n',
    "ON d.user_id = u.user_id\n  AND d.valid_from <= DATE '2024-12-08' AND d.valid_to > DATE '2024-12-08'\n"));
  await andWait(page, () => page.click('#lesson-check'));
  assert.match(await text(page, '#lesson-check-summary'), /^Not yet: your result is missing [\d,]+ rows? the answer has/);
  assert.ok(await rowsIn(page, 'lesson-missing') > 0);
  assert.equal(await page.getAttribute('#lesson-step-3', 'class'), 'step-pill current');
  // The full fix passes, and the step is marked done.
  await setLessonSql(page, sql.replace('ON d.user_id = u.user_id\n',
    "ON d.user_id = u.user_id\n  AND d.valid_from <= DATE '2024-12-08' AND (d.valid_to > DATE '2024-12-08' OR d.valid_to IS NULL)\n"));
  await andWait(page, () => page.click('#lesson-check'));
  assert.match(await text(page, '#lesson-check-summary'), /^Right: your [\d,]+ rows are exactly the expected ones\.$/);
  assert.match(await text(page, '#lesson-step-3'), /3 ✓/);
  assert.match(await text(page, '#lesson-progress'), /^1 of 4 steps/);
  await screenshot(page, 'lesson-check-right');
});

test('the article\'s retention query as printed counts every view; the fix passes', async () => {
  const { page } = app;
  await page.click('#lesson-pick-retention');
  await page.click('#lesson-step-2');
  assert.match(await text(page, '#lesson-step-title'), /The article's query, as printed/);
  assert.equal(new URL(page.url()).searchParams.get('lesson'), 'retention');
  assert.equal(new URL(page.url()).searchParams.get('step'), '2');
  assert.match(await editorText(page, '#lesson-sql'), /AND past_rels.is_mutual = true\nGROUP BY 1, 2/);
  await andWait(page, () => page.click('#lesson-check'));
  // Same growers, inflated counts: each wrong row stands where a right one should.
  const summary = await text(page, '#lesson-check-summary');
  const [, missing, extra] = summary.match(/missing ([\d,]+) rows? the answer has, and has ([\d,]+) rows? too many/) ?? [];
  assert.ok(missing && missing === extra, summary);
  await page.click('#lesson-hint');
  assert.match(await text(page, '#lesson-hint-text'), /CASE WHEN/);
  await page.click('#lesson-solution');
  await andWait(page, () => page.click('#lesson-check'));
  assert.match(await text(page, '#lesson-check-summary'), /^Right:/);
});

test('a syntax error and a million-row result get a message; the lesson keeps working', async () => {
  const { page } = app;
  await setLessonSql(page, 'SELEC user_id FROM dim_users');
  await andWait(page, () => page.click('#lesson-run'));
  assert.match(await text(page, '#lesson-error'), /Syntax error/);
  // 800 demo events on one day against 1,600 over two: 1,280,000 rows.
  await setLessonSql(page, "SELECT a.event_id, b.event_id AS b FROM demo_events a, demo_events b WHERE a.ds = '2024-10-01' AND b.ds IN ('2024-10-01', '2024-10-02')");
  await andWait(page, () => page.click('#lesson-run'));
  assert.match(await text(page, '#lesson-row-count'), /first 200 of 1,280,000 rows/);
  await andWait(page, () => page.click('#lesson-check'));
  assert.match(await text(page, '#lesson-check-summary'), /^Could not check: .*too large/);
  await page.click('#lesson-solution');
  await andWait(page, () => page.click('#lesson-check'));
  assert.match(await text(page, '#lesson-check-summary'), /^Right:/);
});

test('progress survives a reload, and reset forgets it', async () => {
  const { page } = app;
  await page.reload();
  await waitReady(page);
  // The URL still names the last step opened.
  assert.match(await text(page, '#lesson-step-title'), /^Step 2 of 2: The article's query/);
  assert.match(await text(page, '#lesson-step-2'), /2 ✓/);
  await page.click('#lesson-pick-history');
  assert.match(await text(page, '#lesson-step-title'), /^Step 3 of 4/, 'reopens where the learner was');
  assert.match(await text(page, '#lesson-step-3'), /3 ✓/);
  await page.click('#lesson-reset');
  assert.equal(await text(page, '#lesson-step-3'), '3');
  assert.match(await text(page, '#lesson-progress'), /^0 of 4 steps/);
  await page.reload();
  await waitReady(page);
  await page.click('#lesson-pick-history');
  assert.equal(await text(page, '#lesson-step-3'), '3');
});

test('a step that does not exist is explained, and step 1 opens instead', async () => {
  const { page } = app;
  await page.goto(`${app.url}?${NETWORK}&lesson=backfills&step=99`);
  await waitReady(page);
  assert.match(await text(page, '#lesson-note'), /There is no step 99 in “Backfills”: it has steps 1 to 6\. Showing step 1\./);
  assert.match(await text(page, '#lesson-step-title'), /^Step 1 of 6: 30 days/);
  // And it runs: day 18 fails, SCD2 starts over.
  await page.click('#lesson-step-2');
  assert.equal(await page.locator('#lesson-note').count(), 0);
  await andWait(page, () => page.click('#lesson-simulate'));
  assert.match(await text(page, '#lesson-sim-verdict'), /SCD2 takes [\d.]+× as long as datestamps: .* for 30 days\./);
  assert.ok(await page.locator('#lesson-gantt-scd2 rect.failed').count() >= 1);
  assert.ok(await page.locator('#lesson-gantt-scd2 rect.discarded').count() >= 1);
  await screenshot(page, 'lesson-day-18');
  await page.goto(`${app.url}?${NETWORK}&lesson=nope`);
  await waitReady(page);
  assert.match(await text(page, '#lesson-note'), /There is no lesson "nope"\. The lessons are: history, retention, backfills\./);
});

test('a share link names the network and the step, and carries the query only when edited', async () => {
  const { page } = app;
  await page.goto(`${app.url}?${NETWORK}&lesson=history&step=1`);
  await waitReady(page);
  const linked = async () => new URL(await page.getAttribute('#lesson-link', 'href'), app.url);
  let link = await linked();
  assert.deepEqual([...link.searchParams.keys()].sort(), ['days', 'lesson', 'start', 'step', 'users']);
  const edit = 'SELECT count(*) AS n FROM dim_users_current';
  await setLessonSql(page, edit);
  link = await linked();
  assert.equal(link.searchParams.get('sql'), edit);
  assert.equal(new URL(page.url()).searchParams.get('sql'), edit, 'the address bar carries it too');
  const other = await page.context().newPage();
  await other.goto(link.href);
  await waitReady(other);
  assert.equal(await editorText(other, '#lesson-sql'), edit);
  await other.close();
  // Back to the step's own text: nothing to carry.
  await page.click('#lesson-step-2');
  await page.click('#lesson-step-1');
  assert.equal((await linked()).searchParams.get('sql'), null);
  // A network built from the sidebar is named in the link, defaults left out.
  await page.fill('#build-seed', '7');
  await page.click('#build');
  await waitReady(page);
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('users'), q.get('days'), q.get('start'), q.get('seed')], ['300', '40', '2024-12-08', '7']);
});

test('Check takes the text on screen, even before the page has redrawn after the last edit', async () => {
  const { page } = app;
  await page.goto(`${app.url}?${NETWORK}&lesson=retention&step=2`);
  await waitReady(page);
  const before = await answers(page);
  // The edit and the click in one task: no redraw between them.
  await page.click('#lesson-sql');
  await page.keyboard.press('Control+A');
  await page.evaluate(() => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', 'SELEC user_id FROM dim_users');
    document.querySelector('#lesson-sql').dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    document.querySelector('#lesson-check').click();
  });
  await nextAnswer(page, before);
  assert.match(await text(page, '#lesson-check-summary'), /^Could not check: /);
  assert.match(await text(page, '#lesson-error'), /Syntax error/);
});
