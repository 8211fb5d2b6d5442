// Embeds in the browser: the example blog page in www/ with three embeds (a compare
// scenario, a backfill race, a lesson exercise). Nothing heavy loads before the reader
// presses a button; each embed runs; each iframe is sized to its content; an embed URL
// with unknown parameters or naming nothing says so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoViolations, DIST, launchBrowser, reportInto, screenshot } from './harness.mjs';
import { startServer } from './static-server.mjs';

let chromium, server, url, page;
const fetched = [];
before(async () => {
  chromium = await launchBrowser();
  ({ server, url } = await startServer(DIST, 0, { cspHeader: true, onCspReport: reportInto(chromium.violations) }));
  page = await (await chromium.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${url}blog.html`);
});
after(async () => {
  await chromium?.close();
  server?.close();
  assertNoViolations(chromium?.violations ?? []);
});

const frame = async (id) => (await page.$(`#${id}`)).contentFrame();

/** Clicks in an embed and waits for its next answer. */
async function clickAndWait(f, selector, timeout = 180_000) {
  const seen = Number(await f.getAttribute('#embed', 'data-answers'));
  await f.click(selector);
  await f.waitForFunction((n) => Number(document.querySelector('#embed').dataset.answers) > n, seen, { timeout });
}

/** The iframe's height against the height of what it shows. */
async function fit(id) {
  const f = await frame(id);
  const inner = await f.$eval('#embed', (e) => Math.ceil(e.getBoundingClientRect().height));
  const outer = await page.$eval(`#${id}`, (e) => e.clientHeight);
  return { inner, outer };
}

async function waitFitted(id) {
  await page.waitForFunction(async (id) => {
    const el = document.getElementById(id);
    const inner = el.contentDocument?.querySelector('#embed');
    return inner && Math.abs(el.clientHeight - Math.ceil(inner.getBoundingClientRect().height)) <= 1;
  }, id, { timeout: 10_000 });
}

test('the blog page shows three embeds, each sized to its content, and nothing heavy has run', async () => {
  for (const id of ['embed-pitfall', 'embed-race', 'embed-exercise']) {
    const f = await frame(id);
    await f.waitForSelector('#embed-status');
    assert.match(await f.textContent('#embed-status'), /^Nothing has run yet\. Run downloads the SQL engine and builds a network of 300 users over 40 days from 2024-12-08/);
    await waitFitted(id);
    const { inner, outer } = await fit(id);
    assert.ok(inner > 200 && Math.abs(inner - outer) <= 1, `${id}: frame ${outer}px, content ${inner}px`);
  }
  // The page, its UI and the sizer loaded; the engine did not.
  assert.ok(fetched.some((p) => p.endsWith('/embed.js')));
  assert.ok(!fetched.some((p) => p.includes('engine-worker')), fetched.join(' '));
  // Nor an offline copy of the site, which would download the engine at once.
  assert.deepEqual(page.context().serviceWorkers().map((w) => w.url()), []);
  // No app chrome: no tabs, no sidebar.
  assert.equal(await (await frame('embed-pitfall')).$('nav.tabs'), null);
  assert.match(await (await frame('embed-exercise')).textContent('#lesson-step-title'), /The article's query, as printed/);
});

test('the compare embed runs both queries and shows the verdict; the frame grows to fit', async () => {
  const f = await frame('embed-pitfall');
  const before = (await fit('embed-pitfall')).outer;
  await clickAndWait(f, '#embed-run');
  assert.ok(fetched.some((p) => p.endsWith('engine-worker_bg.wasm')));
  assert.match(await f.textContent('#embed-verdict'), /Different: [\d,]+ rows? only in SCD2 done right, [\d,]+ only in SCD2, devices joined without as-of/);
  assert.match(await f.textContent('#embed-status'), /^Running in your browser on a generated network of 300 users/);
  await waitFitted('embed-pitfall');
  assert.ok((await fit('embed-pitfall')).outer > before);
  assert.equal(await f.getAttribute('#embed-full', 'href'), './?scenario=pitfall_missing_as_of&users=300&days=40&start=2024-12-08&seed=42');
});

test('the backfill race embed simulates both models', async () => {
  const f = await frame('embed-race');
  await clickAndWait(f, '#lesson-simulate');
  assert.match(await f.textContent('#lesson-sim-verdict'), /SCD2 takes [\d.]+× as long as datestamps: .* for 30 days\./);
  assert.ok(await f.locator('#lesson-gantt-datestamp rect.bar').count() > 0);
  await waitFitted('embed-race');
});

test('the exercise embed checks the learner\'s query, wrong and then right', async () => {
  const f = await frame('embed-exercise');
  await clickAndWait(f, '#lesson-check');
  assert.match(await f.textContent('#lesson-check-summary'), /^Not yet: your result is missing [\d,]+ rows? the answer has, and has [\d,]+ rows? too many\.$/);
  await f.click('#lesson-solution');
  await clickAndWait(f, '#lesson-check');
  assert.match(await f.textContent('#lesson-check-summary'), /^Right:/);
  await waitFitted('embed-exercise');
  await screenshot(page, 'embed-blog');
});

test('an embed with unknown parameters names them and works; one naming nothing says what there is', async () => {
  const other = await (await chromium.newContext({ viewport: { width: 800, height: 700 } })).newPage();
  await other.goto(`${url}?embed=scenario&scenario=device_mix&colour=red&users=many`);
  await other.waitForSelector('#embed-notes');
  const notes = await other.textContent('#embed-notes');
  assert.match(notes, /Unknown parameter “colour” ignored\./);
  assert.match(notes, /users="many" is not a whole number; the default is used\./);
  const seen = Number(await other.getAttribute('#embed', 'data-answers'));
  await other.click('#embed-run');
  await other.waitForFunction((n) => Number(document.querySelector('#embed').dataset.answers) > n, seen, { timeout: 180_000 });
  assert.match(await other.textContent('#embed-verdict'), /Identical/);
  await other.goto(`${url}?embed=scenario&scenario=nope`);
  await other.waitForSelector('#embed-error');
  assert.match(await other.textContent('#embed-error'), /There is no scenario “nope”\. The scenarios are: retention, /);
  await other.goto(`${url}?embed=lesson&lesson=backfills&step=42`);
  await other.waitForSelector('#lesson-step-title');
  assert.match(await other.textContent('#embed-notes'), /There is no step 42/);
  await other.close();
});
