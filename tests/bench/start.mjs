// Benchmark: how soon the playground is usable, in headless Chromium, at the default
// network or the one the query string asks for. Prints, per run: navigation to an
// editor that takes typing; navigation to the retention question answered on a first
// visit (empty storage: the warehouse is built, then kept) and on a repeat visit (a
// reload: the kept warehouse loads). Each run uses a fresh browser profile. Prints
// numbers; asserts nothing.
//   DIST=<built site> node tests/bench/start.mjs [query] [runs]
import { launchChromium } from './browser.mjs';
import { startServer } from '../e2e/static-server.mjs';

const dist = process.env.DIST ?? 'dist';
const query = process.argv[2] ?? '';
const runs = Number(process.argv[3] ?? 3);
const { server, url } = await startServer(dist);
const browser = await launchChromium();

/** Milliseconds from navigation to an editor that shows what is typed into it. */
async function editorTakesTyping(page, started) {
  await page.waitForSelector('#sql', { timeout: 600_000 });
  await page.focus('#sql');
  // The editor opens with a query in it: type at its end.
  await page.keyboard.press('Control+End');
  await page.keyboard.type('x');
  await page.waitForFunction(() => document.querySelector('#sql').textContent.endsWith('x'), null, { polling: 5 });
  const typed = Date.now() - started;
  // On the page's own clock, without the driver's delays: when the editor appeared, and
  // when after that the main thread was first free, no task over 50 ms running: a key
  // pressed once the editor is there shows then.
  const { built, free } = await page.evaluate(() => {
    const built = window.__editorAt;
    let free = built;
    for (const [start, duration] of window.__longTasks.sort((a, b) => a[0] - b[0])) {
      if (start <= free && start + duration > free) free = start + duration;
    }
    return { built, free };
  });
  return { typed, built: Math.round(built), free: Math.round(free) };
}

/** Milliseconds from navigation to the retention question's answer on screen. */
async function retentionAnswered(page, started) {
  await page.waitForFunction(() => {
    const run = document.querySelector('#run');
    return run && !run.disabled && document.querySelector('#questions-drawer');
  }, null, { timeout: 600_000, polling: 10 });
  await page.click('#questions-drawer summary');
  await page.click('#q-retention-datestamp');
  const seen = await page.$eval('.app', (a) => Number(a.dataset.answers));
  await page.click('#run');
  await page.waitForFunction((n) => Number(document.querySelector('.app').dataset.answers) > n
    && document.querySelector('#result-grid'), seen, { timeout: 600_000, polling: 10 });
  return Date.now() - started;
}

const rows = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector('#sql')) {
        window.__editorAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  let started = Date.now();
  // Not until `load`: a person types as soon as the editor is there.
  await page.goto(url + query, { waitUntil: 'commit' });
  const typing = await editorTakesTyping(page, started);
  const first = await retentionAnswered(page, started);
  const rows0 = Number(await page.getAttribute('#result-grid', 'aria-rowcount')) - 1;
  // The repeat visit needs the kept copy: wait until it is written (a build without
  // storage, an older one, has no #kept-status and rebuilds on reload).
  const hasStorage = await page.$('#kept-status');
  if (hasStorage) {
    await page.waitForFunction(() => /^(Kept|This browser|The warehouse could not)/
      .test(document.querySelector('#kept-status')?.textContent ?? ''), null, { timeout: 600_000 });
  }
  const kept = hasStorage ? (await page.textContent('#kept-status')).trim() : '(no storage in this build)';
  started = Date.now();
  await page.reload({ waitUntil: 'commit' });
  const repeatTyping = await editorTakesTyping(page, started);
  const repeat = await retentionAnswered(page, started);
  const loaded = hasStorage ? (await page.textContent('#kept-status')).trim() : '(rebuilt)';
  rows.push({ typing: typing.typed, free: typing.free, first, repeatTyping: repeatTyping.typed, repeatFree: repeatTyping.free, repeat });
  console.log(`run ${i + 1}: editor takes typing ${typing.typed} ms (page clock: editor at ${typing.built} ms, main thread `
    + `free at ${typing.free} ms); retention answered ${first} ms (${rows0} rows) first visit, ${repeat} ms repeat visit `
    + `(editor ${repeatTyping.typed} ms; page clock ${repeatTyping.built}, free ${repeatTyping.free})\n  first: ${kept}\n  repeat: ${loaded}`);
  await context.close();
}
const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(`median over ${runs} run(s): editor ${median('typing')} ms (page clock: free ${median('free')} ms), first visit `
  + `${median('first')} ms, repeat visit ${median('repeat')} ms (editor ${median('repeatTyping')} ms, page clock free `
  + `${median('repeatFree')} ms)`);
await browser.close();
server.close();
