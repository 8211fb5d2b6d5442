// The engine benchmark, in one run on one machine: the playground's engine in headless
// Chromium (on Parquet partitions and on the same rows as in-memory Arrow tables),
// DuckDB-WASM in the same browser (Arrow IPC loaded into its tables), and native
// DataFusion (our engine crate) on the same exported warehouse. Writes report.json and
// report.md under --out and prints the table. Called by scripts/bench.sh, which builds
// the site and the native tool first.
//
//   node tests/bench/engines/run.mjs --dist DIR --tool BIN [--scales 1000,10000,100000]
//        [--days 120] [--runs 5] [--rounds 1] [--out bench-output] [--data DIR] [--timeout S] [--skip-sizes]
//        [--engines ours_parquet,ours_arrow,duckdb,native] [--variants name=DIR,...] [--smoke]
//
// --variants runs our engine on Parquet once more per other build of the site (another
// opt-level, wasm SIMD, ...), in the same run, as `ours_parquet@name`. --rounds R loads
// each browser engine's page R times, interleaved, pooling R × runs timed runs.
//
// Exports are kept in --data (default <out>/data) and reused; --timeout bounds each
// engine's page, in seconds.
//
// --smoke (CI): 200 users, one query, one run; fails unless both engines load and agree.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startServer } from '../../e2e/static-server.mjs';
import { markdown, stats } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');

function options(argv) {
  const o = { scales: '1000,10000,100000', days: '120', runs: '5', rounds: '1', out: 'bench-output', timeout: '900' };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--skip-sizes') o.skipSizes = true;
    else if (a === '--engines') o.engines = argv[(i += 1)].split(',');
    else if (a === '--variants') o.variants = argv[(i += 1)].split(',').map((v) => v.split('='));
    else if (a.startsWith('--') && i + 1 < argv.length) o[a.slice(2)] = argv[(i += 1)];
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.smoke) Object.assign(o, { scales: '200', days: '20', runs: '1', rounds: '1', only: 'lookup_datestamp' });
  for (const k of ['dist', 'tool']) if (!o[k]) throw new Error(`--${k} is required (scripts/bench.sh passes it)`);
  return {
    ...o,
    scales: o.scales.split(',').map(Number),
    days: Number(o.days),
    runs: Number(o.runs),
    rounds: Math.max(1, Number(o.rounds) || 1),
    timeoutMs: Number(o.timeout) * 1000,
    out: resolve(o.out),
    data: resolve(o.data ?? join(o.out, 'data')),
  };
}

function sizes(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  const each = files.map((f) => {
    const b = readFileSync(f);
    const row = {
      file: f.split('/').pop(),
      raw: b.length,
      gzip: gzipSync(b, { level: 9 }).length,
      brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    for (const k of ['raw', 'gzip', 'brotli']) total[k] += row[k];
    return row;
  });
  return { files: each, total };
}

const siteSizes = (dist) => sizes(readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => join(dist, f)));

async function preparePages(www) {
  mkdirSync(www, { recursive: true });
  for (const f of ['ours.html', 'ours.js', 'canonical.js', 'page.js', 'duckdb.html']) copyFileSync(join(here, 'pages', f), join(www, f));
  await build({
    entryPoints: [join(here, 'pages', 'duckdb.js')],
    bundle: true,
    format: 'esm',
    outfile: join(www, 'duckdb.bundle.js'),
    logLevel: 'error',
  });
}

// One engine's page in a fresh browser context; requests that would leave this machine
// are refused and counted.
async function runPage(browser, url, o, { readMemory } = {}) {
  const context = await browser.newContext();
  const blocked = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'blob:' || u.protocol === 'data:') return route.continue();
    blocked.push(u.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const crashed = new Promise((_, fail) => page.on('crash', () => fail(new Error('the tab crashed (out of memory?)'))));
  const started = Date.now();
  try {
    await page.goto(url);
    let memory = null;
    if (readMemory) {
      await Promise.race([page.waitForFunction(() => window.benchLoaded || window.benchReport, null, { timeout: o.timeoutMs, polling: 100 }), crashed]);
      if (await page.evaluate(() => !window.benchReport)) {
        memory = await readMemory(page);
        await page.evaluate(() => window.benchContinue());
      }
    }
    await Promise.race([page.waitForFunction(() => window.benchReport, null, { timeout: o.timeoutMs, polling: 100 }), crashed]);
    const report = await page.evaluate(() => window.benchReport);
    if (memory !== null) report.memory_after_load_bytes = memory;
    return { ...report, blocked_requests: blocked, page_errors: errors, wall_s: (Date.now() - started) / 1000 };
  } catch (e) {
    // The page's own log says how far it got.
    const log = await page.evaluate(() => document.getElementById('log')?.textContent ?? '').catch(() => '');
    const reached = log.trim().split('\n').pop();
    const why = String(e.message ?? e).split('\n')[0];
    return { failed: reached ? `${why}; last step: ${reached}` : why, page_log: log, blocked_requests: blocked, page_errors: errors, wall_s: (Date.now() - started) / 1000 };
  } finally {
    await context.close().catch(() => {});
  }
}

async function duckdbMemory(page) {
  const worker = page.workers().find((w) => w.url().startsWith('blob:'));
  return worker ? worker.evaluate(() => self.__wasmBytes()) : null;
}

function exportScale(o, users) {
  const dir = join(o.data, `${users}x${o.days}`);
  const manifest = join(dir, 'manifest.json');
  const fresh = existsSync(manifest) && (() => {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    return m.users === users && m.days === o.days;
  })();
  if (!fresh) {
    console.log(`[bench] exporting ${users} users x ${o.days} days`);
    execFileSync(o.tool, ['export', '--users', String(users), '--days', String(o.days), '--out', dir], { stdio: 'inherit' });
  }
  return dir;
}

// Agreement: every engine that answered gives the same rows (or row count for builds).
function agreement(engines, suite) {
  return suite.map((q) => {
    const answers = Object.entries(engines)
      .map(([name, r]) => [name, r?.queries?.find((x) => x.id === q.id)])
      .filter(([, x]) => x && !x.error);
    const key = (x) => (q.kind === 'query' && x.result ? x.result.join('\n') : `${x.rows} rows`);
    const distinct = new Set(answers.map(([, x]) => key(x)));
    // With fewer than two answers there is nothing to compare: `agree` is null.
    const agree = answers.length < 2 ? null : distinct.size === 1;
    return { id: q.id, engines: answers.map(([n]) => n), agree, rows: answers[0]?.[1]?.rows ?? null };
  });
}

/** One page's runs added to the runs of the same engine's earlier rounds. */
function pool(before, r) {
  if (!before) return r;
  if (before.failed || r.failed) return before.failed ? before : r;
  const queries = before.queries.map((q) => {
    const more = r.queries.find((x) => x.id === q.id);
    if (!more || q.error) return q;
    if (more.error) return more;
    return { ...q, ms: [...q.ms, ...more.ms], engine_ms: q.engine_ms && more.engine_ms ? [...q.engine_ms, ...more.engine_ms] : q.engine_ms };
  });
  return { ...before, queries, rounds: (before.rounds ?? 1) + 1 };
}

const ENGINES = ['ours_parquet', 'ours_arrow', 'duckdb', 'native_parquet', 'native_arrow'];

async function main() {
  const o = options(process.argv.slice(2));
  const www = join(o.out, 'www');
  await preparePages(www);
  const duckdbDist = join(root, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
  const dataRoot = o.data;
  mkdirSync(dataRoot, { recursive: true });
  const variants = o.variants ?? [];
  const mounts = { '/': www, '/ours/': o.dist, '/duckdb/': duckdbDist, '/data/': dataRoot };
  for (const [name, dir] of variants) mounts[`/variant-${name}/`] = dir;
  const { server, url } = await startServer(mounts);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const report = {
    started: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, browser: browser.version(), node: process.version },
    runs: o.runs,
    rounds: o.rounds,
    days: o.days,
    // Brotli at quality 11 takes minutes on ~100 MB: the smoke run skips the sizes.
    sizes: o.smoke || o.skipSizes ? {} : {
      ours: siteSizes(o.dist),
      ...Object.fromEntries(variants.map(([name, dir]) => [`ours@${name}`, siteSizes(dir)])),
      duckdb: sizes([join(duckdbDist, 'duckdb-eh.wasm'), join(duckdbDist, 'duckdb-browser-eh.worker.js'), join(www, 'duckdb.bundle.js')]),
    },
    scales: [],
  };
  try {
    for (const users of o.scales) {
      const dir = exportScale(o, users);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const suite = JSON.parse(readFileSync(join(dir, 'suite.json'), 'utf8')).filter((q) => !o.only || q.id === o.only);
      const nativeOut = join(o.out, `native-${users}.json`);
      const wanted = (e) => !o.engines || o.engines.includes(e);
      let native = [];
      if (wanted('native')) try {
        console.log(`[bench] ${users} users: native DataFusion`);
        execFileSync(o.tool, ['native', '--data', dir, '--runs', String(o.runs * o.rounds), '--out', nativeOut], { stdio: 'inherit' });
        native = JSON.parse(readFileSync(nativeOut, 'utf8'));
      } catch (e) {
        native = [{ mode: 'parquet', failed: String(e.message) }, { mode: 'arrow', failed: String(e.message) }];
      }
      const q = `data=/data/${users}x${o.days}/&runs=${o.runs}${o.only ? `&only=${o.only}` : ''}`;
      // Each browser engine is one page; --rounds R loads every page R times, each round
      // in a rotated order, and pools the timed runs, so the machine's drift falls on
      // every engine alike instead of on whichever page ran last.
      const pages = [
        ...['parquet', 'arrow'].filter((m) => wanted(`ours_${m}`))
          .map((mode) => [`ours_${mode}`, `ours in the browser, ${mode}`, `${url}ours.html?${q}&mode=${mode}`, {}]),
        ...variants.map(([name]) => [`ours_parquet@${name}`, `ours in the browser, parquet, build ${name}`,
          `${url}ours.html?${q}&mode=parquet&site=/variant-${name}/`, {}]),
        ...(wanted('duckdb') ? [['duckdb', 'DuckDB-WASM', `${url}duckdb.html?${q}`, { readMemory: duckdbMemory }]] : []),
      ];
      const engines = {};
      for (let round = 0; round < o.rounds; round += 1) {
        for (let k = 0; k < pages.length; k += 1) {
          const [name, label, pageUrl, extra] = pages[(k + round) % pages.length];
          console.log(`[bench] ${users} users: ${label}${o.rounds > 1 ? `, round ${round + 1} of ${o.rounds}` : ''}`);
          engines[name] = pool(engines[name], await runPage(browser, pageUrl, o, extra));
        }
      }
      for (const m of native) engines[`native_${m.mode}`] = m;
      for (const [name, r] of Object.entries(engines)) {
        if (r.failed) console.log(`[bench] ${name} failed: ${r.failed}`);
      }
      const parquetBytes = manifest.tables.flatMap((t) => t.parquet).reduce((n, f) => n + f.bytes, 0);
      const arrowBytes = manifest.tables.reduce((n, t) => n + t.arrow.bytes, 0);
      report.scales.push({
        users,
        days: o.days,
        rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
        parquet_bytes: parquetBytes,
        arrow_bytes: arrowBytes,
        native_build_ms: manifest.build_ms,
        suite: suite.map(({ id, title, kind, rewrite }) => ({ id, title, kind, rewrite })),
        engines: Object.fromEntries(Object.entries(engines).map(([name, r]) => [name, {
          ...r,
          queries: r.queries?.filter((x) => suite.some((s) => s.id === x.id)).map((x) => ({ ...x, stats: stats(x.ms), result: undefined })),
        }])),
        agreement: agreement(engines, suite),
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
  writeFileSync(join(o.out, 'report.json'), JSON.stringify(report, null, 2));
  const md = markdown(report, ENGINES, variants.map(([name]) => name));
  writeFileSync(join(o.out, 'report.md'), md);
  console.log(md);
  const problems = report.scales.flatMap((s) => [
    ...s.agreement.filter((a) => a.agree === false).map((a) => `${s.users} users: engines disagree on ${a.id}`),
    ...(o.smoke ? ['ours_parquet', 'duckdb'].filter((e) => s.engines[e]?.failed || !s.engines[e]?.queries?.length)
      .map((e) => `${s.users} users: ${e} did not run: ${s.engines[e]?.failed ?? 'no queries'}`) : []),
    ...(o.smoke ? s.agreement.filter((a) => a.engines.length < 2).map((a) => `${a.id}: fewer than two engines answered`) : []),
  ]);
  for (const p of problems) console.error(`[bench] ${p}`);
  console.log(`[bench] report: ${join(o.out, 'report.md')} and report.json`);
  if (problems.length) process.exit(1);
}

main().catch((e) => {
  console.error(`[bench] ${e.stack ?? e}`);
  process.exit(1);
});
