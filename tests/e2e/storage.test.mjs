// The warehouse kept in the browser (OPFS): a first visit builds and keeps it, a reload
// loads it without building, a copy from another build or one cut short is never
// served, a browser that refuses storage still builds, Cancel restores without a build,
// Clear removes it, and two tabs keeping at once leave only complete copies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridRows, openPlayground, runSql, screenshot, text, typeSql, waitReady } from './harness.mjs';

const QUERY = '?users=300&days=40&start=2024-12-08';
// What the warehouse holds, from tables of every model.
const FINGERPRINT = `SELECT (SELECT count(*) FROM dim_relationships_scd2) AS versions,
  (SELECT count(*) FROM fct_post_views) AS views, (SELECT sum(followers) FROM dim_users) AS followers,
  (SELECT sum(mutual_follows) FROM agg_daily_scd2) AS mutuals`;

// Records whether this page load built the network: its progress bar or the build's
// status line showed.
// Also keeps every line the storage panel showed.
const WATCH_BUILDS = () => {
  window.__builds = 0;
  window.__kept = [];
  new MutationObserver(() => {
    const status = document.querySelector('#status')?.textContent ?? '';
    if (document.querySelector('#build-progress') || /uilding the social network|built the social network/.test(status)) {
      window.__builds = 1;
    }
    const kept = document.querySelector('#kept-status')?.textContent;
    if (kept && window.__kept.at(-1) !== kept) window.__kept.push(kept);
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

/** Every line the storage panel showed since the page loaded. */
const keptLines = (page) => page.evaluate(() => window.__kept.join('\n'));

let app;
before(async () => { app = await openPlayground(QUERY, { initScript: WATCH_BUILDS }); });
after(async () => { await app?.close(); });

async function kept(page, pattern, timeout = 60_000) {
  await page.waitForFunction((p) => new RegExp(p).test(document.querySelector('#kept-status')?.textContent ?? ''),
    pattern.source, { timeout });
  return text(page, '#kept-status');
}

async function fingerprint(page) {
  await page.click('#tab-explore');
  await runSql(page, FINGERPRINT);
  return gridRows(page);
}

/** Every copy in OPFS: its key folder, copy folder and files. */
async function copies(page) {
  return page.evaluate(async () => {
    const top = await navigator.storage.getDirectory();
    let root;
    try { root = await top.getDirectoryHandle('warehouse'); } catch { return []; }
    const out = [];
    for await (const [key, dir] of root.entries()) {
      for await (const [copy, handle] of dir.entries()) {
        const files = {};
        for await (const [name, file] of handle.entries()) files[name] = (await file.getFile()).size;
        out.push({ key, copy, files });
      }
    }
    return out;
  });
}

/** Runs `edit(copyFolder)` on every complete copy (one with its manifest), in the page. */
async function editCopy(page, edit) {
  // `edit` is written into the expression playwright evaluates: an eval in the page
  // would be refused by the page's Content-Security-Policy.
  const edited = await page.evaluate(`(async (edit) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('warehouse');
    let n = 0;
    for await (const [, dir] of root.entries()) {
      for await (const [, copy] of dir.entries()) {
        const complete = await copy.getFileHandle('manifest.json').then(() => true, () => false);
        if (complete) {
          await edit(copy);
          n += 1;
        }
      }
    }
    return n;
  })(${edit})`);
  assert.equal(edited, 1, 'one complete copy to edit');
}

async function reload(page) {
  await page.reload();
  await waitReady(page);
  return page.evaluate(() => window.__builds);
}

test('the first visit builds and keeps the warehouse; a reload loads it without building', async () => {
  const { page } = app;
  assert.equal(await page.evaluate(() => window.__builds), 1);
  assert.match(await kept(page, /^Kept in this browser/), /^Kept in this browser \([\d.]+ MB\)/);
  const built = await fingerprint(page);
  const stored = await copies(page);
  assert.equal(stored.length, 1);
  assert.deepEqual(Object.keys(stored[0].files).sort(), ['data.bin', 'manifest.json']);

  assert.equal(await reload(page), 0, 'a reload builds nothing');
  assert.match(await kept(page, /^Loaded/), /^Loaded the warehouse kept in this browser \([\d.]+ MB\) in [\d.]+ (ms|s): nothing was rebuilt\.$/);
  assert.deepEqual(await fingerprint(page), built);
  await screenshot(page, 'storage-loaded-on-reload');
});

test('Cancel after a load from storage restores the warehouse without a build', async () => {
  const { page } = app;
  const before = await fingerprint(page);
  await typeSql(page, 'SELECT count(*) FROM dim_relationships a, dim_relationships b, dim_relationships c');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => !document.querySelector('#cancel').disabled);
  await page.waitForTimeout(300);
  await page.click('#cancel');
  await page.waitForFunction(() => /warehouse restored/.test(document.querySelector('#notice')?.textContent ?? ''),
    null, { timeout: 60_000 });
  await waitReady(page);
  assert.equal(await page.evaluate(() => window.__builds), 0);
  assert.deepEqual(await fingerprint(page), before);
});

test('a copy kept by another build is rebuilt, never served', async () => {
  const { page } = app;
  const before = await fingerprint(page);
  await editCopy(page, async (copy) => {
    const handle = await copy.getFileHandle('manifest.json');
    const manifest = JSON.parse(await (await handle.getFile()).text());
    manifest.version = '0.0.1+older';
    const w = await handle.createWritable();
    await w.write(JSON.stringify(manifest));
    await w.close();
  });
  assert.equal(await reload(page), 1, 'the stale copy made the page build');
  assert.match(await kept(page, /^Kept in this browser/), /^Kept/);
  assert.match(await keptLines(page), /The kept warehouse was not used: it was built by another version of the playground \(0\.0\.1\+older\)\. Building a fresh one\./);
  assert.deepEqual(await fingerprint(page), before);
  const left = await copies(page);
  assert.equal(left.length, 1, 'the stale copy is gone, the fresh one kept');
});

test('a copy cut short (no manifest, or a short data file) or damaged is never loaded', async () => {
  const { page } = app;
  const before = await fingerprint(page);
  await editCopy(page, async (copy) => { await copy.removeEntry('manifest.json'); });
  assert.equal(await reload(page), 1, 'a copy without its manifest is not taken as complete');
  await kept(page, /^Kept in this browser/);

  await editCopy(page, async (copy) => {
    const w = await (await copy.getFileHandle('data.bin')).createWritable({ keepExistingData: true });
    await w.truncate(1000);
    await w.close();
  });
  assert.equal(await reload(page), 1, 'a short data file is not loaded');
  await kept(page, /^Kept in this browser/);
  assert.match(await keptLines(page), /not used: it is incomplete or damaged: the data file has 1000 bytes, not \d+/);

  // Damaged inside, the right size (the first file's footer magic zeroed): the engine
  // refuses that file, and the page builds.
  await editCopy(page, async (copy) => {
    const manifest = JSON.parse(await (await (await copy.getFileHandle('manifest.json')).getFile()).text());
    const w = await (await copy.getFileHandle('data.bin')).createWritable({ keepExistingData: true });
    await w.write({ type: 'write', position: manifest.files[0].bytes - 4, data: new Uint8Array([0, 0, 0, 0]) });
    await w.close();
  });
  assert.equal(await reload(page), 1, 'a damaged data file is not served');
  await kept(page, /^Kept in this browser/);
  assert.match(await keptLines(page), /The kept warehouse could not be loaded: could not restore agg_daily ds=2024-12-08: .*Parquet.*\. Building a fresh one\./);
  assert.deepEqual(await fingerprint(page), before);
});

test('Clear removes the kept warehouse, so the next visit builds again', async () => {
  const { page } = app;
  await page.click('#kept-clear');
  await kept(page, /^Nothing is kept/);
  assert.deepEqual(await copies(page), []);
  assert.equal(await reload(page), 1);
  await kept(page, /^Kept in this browser/);
});

test('two tabs keeping at once leave only complete copies, and a reload loads one', async () => {
  const { page, browser, url } = app;
  await page.click('#kept-clear');
  await kept(page, /^Nothing is kept/);
  const context = page.context();
  const tabs = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all(tabs.map(async (t) => {
    await t.addInitScript(WATCH_BUILDS);
    await t.goto(url + QUERY);
    await waitReady(t);
    await kept(t, /^Kept in this browser/);
  }));
  // Each tab removes the complete copies older than its own, never a newer one or one
  // still being written: the two copies can both survive, never neither, never half.
  const left = await copies(page);
  assert.ok(left.length === 1 || left.length === 2, JSON.stringify(left));
  for (const copy of left) {
    assert.deepEqual(Object.keys(copy.files).sort(), ['data.bin', 'manifest.json']);
    assert.equal(copy.files['data.bin'], left[0].files['data.bin'], 'the same network, the same bytes');
  }
  assert.equal(await reload(tabs[0]), 0);
  assert.deepEqual(await fingerprint(tabs[0]), await fingerprint(tabs[1]));
  await Promise.all(tabs.map((t) => t.close()));
  assert.ok(browser.isConnected());
});

test('a browser that refuses storage still builds, and says it could not keep it', async () => {
  const refused = await openPlayground(QUERY, {
    initScript: () => {
      StorageManager.prototype.getDirectory = () => Promise.reject(new DOMException('refused for the test', 'SecurityError'));
    },
  });
  try {
    const { page } = refused;
    assert.match(await kept(page, /no storage/), /^This browser gives the page no storage \(refused for the test\)/);
    const rows = await fingerprint(page);
    assert.equal(rows.length, 1);
    await screenshot(page, 'storage-refused');
  } finally {
    await refused.close();
  }
});
