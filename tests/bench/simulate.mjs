// Benchmark: a five-year backfill of both models at 32 workers, simulated in the engine
// worker and drawn as Gantt charts, timed from the click to the drawn page (the page's
// own figure). The first run also times the daily aggregate on a few days. Prints
// numbers; asserts nothing.
//   DIST=<built site> node tests/bench/simulate.mjs [query] [runs]
import { openPlayground, answers, nextAnswer, text } from '../e2e/harness.mjs';

const query = process.argv[2] ?? '?users=300&days=40&start=2024-12-08';
const runs = Number(process.argv[3] ?? 6);
const app = await openPlayground(query);
const { page } = app;
await page.click('#tab-backfill');
const times = [];
for (let i = 0; i < runs; i++) {
  const seen = await answers(page);
  await page.click('#simulate');
  await nextAnswer(page, seen, 120_000);
  await page.waitForSelector('#sim-time');
  const [, ms, unit] = (await text(page, '#sim-time')).match(/([\d.]+) (m?s)/);
  times.push(Number(ms) * (unit === 's' ? 1000 : 1));
}
const later = times.slice(1).sort((a, b) => a - b);
console.log(`simulate 1826 days x 2 models at 32 workers, computed and drawn (ms): first ${times[0]}, then median ${later[Math.floor(later.length / 2)]} (min ${later[0]}, max ${later[later.length - 1]})`);
await app.close();
