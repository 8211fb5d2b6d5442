// Benchmark: a real datestamp backfill of the last N days (90 by default) of the default
// social network, on 1 worker, then on 2, as the page reports it (wall-clock from the
// first dispatch to the last output; worker start-up apart). Prints numbers; asserts
// nothing.
//   DIST=<built site> node tests/bench/real_backfill.mjs [days] [query]
import { openPlayground, text } from '../e2e/harness.mjs';

const days = Number(process.argv[2] ?? 90);
const query = process.argv[3] ?? '';
const app = await openPlayground(query);
const { page } = app;
await page.click('#tab-backfill');
await page.fill('#real-days', String(days));
await page.dispatchEvent('#real-days', 'change');
for (const workers of [1, 2]) {
  await page.fill('#real-workers', String(workers));
  await page.dispatchEvent('#real-workers', 'change');
  await page.click('#real-run');
  await page.waitForFunction(() => !document.querySelector('#real-run').disabled
    && (document.querySelector('#real-identical') || document.querySelector('#real-error')), null, { timeout: 900_000 });
  const report = await text(page, '#real-report');
  const wall = report.match(/wall-clock ([\d.]+ m?s)/)?.[1];
  const startup = report.match(/workers started in ([\d.]+ m?s)/)?.[1];
  console.log(`${days} days on ${workers} worker(s): wall-clock ${wall}, start-up ${startup}; ${await text(page, '#real-identical')}`);
}
console.log(await text(page, '#real-speedup'));
await app.close();
