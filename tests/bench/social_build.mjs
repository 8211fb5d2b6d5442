// Benchmark: time from navigation until the default social warehouse is built and
// queryable in headless Chromium, against the same build natively (the engine's
// `build_social` example) when its time is given. Prints numbers; asserts nothing.
//   DIST=<built site> node tests/bench/social_build.mjs [query] [runs]
import { launchChromium } from './browser.mjs';
import { startServer } from '../e2e/static-server.mjs';

const dist = process.env.DIST ?? 'dist';
const query = process.argv[2] ?? '';
const runs = Number(process.argv[3] ?? 1);
const { server, url } = await startServer(dist);
const browser = await launchChromium();
const times = [];
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage();
  const started = Date.now();
  await page.goto(url + query);
  await page.waitForFunction(() => /built the social network/.test(document.querySelector('#status')?.textContent ?? ''),
    null, { timeout: 600_000 });
  const ms = Date.now() - started;
  const status = await page.textContent('#status');
  times.push(ms);
  console.log(`run ${i + 1}: ready ${ms} ms after navigation (${status.trim()})`);
  await page.close();
}
times.sort((a, b) => a - b);
console.log(`median ${times[Math.floor(times.length / 2)]} ms over ${runs} run(s)`);
await browser.close();
server.close();
