// DuckDB-WASM from the npm package, its wasm and worker served from this machine. Loads
// the exported warehouse's Arrow IPC streams into its own tables (its best case; it cannot
// read our Parquet offline, which `probeParquet` records), runs the suite and publishes the
// figures on `window.bench`. Bundled by esbuild because the package imports apache-arrow
// by bare name.
//
// URL: duckdb.html?data=/data/10000/&runs=5&only=<query id>
import * as duckdb from '@duckdb/duckdb-wasm';
import { MAX_ROWS, sortedLines } from './canonical.js';
import { fetchBytes, loadExport, log, publish, runs, sinceNavigation } from './page.js';

const here = (path) => new URL(path, location.href).href;

const BUNDLES = {
  mvp: { mainModule: here('/duckdb/duckdb-mvp.wasm'), mainWorker: here('/duckdb/duckdb-browser-mvp.worker.js') },
  eh: { mainModule: here('/duckdb/duckdb-eh.wasm'), mainWorker: here('/duckdb/duckdb-browser-eh.worker.js') },
};

// The worker, wrapped so the harness can read its WebAssembly memory: the wrapper keeps
// every Memory the module creates or exports, then runs DuckDB's own worker script.
function wrappedWorker(url) {
  const source = `
self.__memories = [];
const keep = (m) => { if (m instanceof WebAssembly.Memory && !self.__memories.includes(m)) self.__memories.push(m); };
const Original = WebAssembly.Memory;
WebAssembly.Memory = function (d) { const m = new Original(d); keep(m); return m; };
WebAssembly.Memory.prototype = Original.prototype;
const grab = (r) => { const i = r.instance ?? r; Object.values(i.exports ?? {}).forEach(keep); return r; };
const inst = WebAssembly.instantiate.bind(WebAssembly);
WebAssembly.instantiate = (...a) => inst(...a).then(grab);
if (WebAssembly.instantiateStreaming) {
  const streaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = (...a) => streaming(...a).then(grab);
}
self.__wasmBytes = () => self.__memories.reduce((n, m) => n + m.buffer.byteLength, 0);
importScripts(${JSON.stringify(url)});`;
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}

function rowsOf(table) {
  const columns = table.schema.fields.map((_, j) => table.getChildAt(j));
  const rows = [];
  for (let i = 0; i < table.numRows; i += 1) rows.push(columns.map((c) => c.get(i)));
  return rows;
}

// DuckDB-WASM reads Parquet through an extension it downloads at run time; with no
// network it cannot. Record how it fails on one of our partitions.
async function probeParquet(db, conn, manifest) {
  const file = manifest.tables.flatMap((t) => t.parquet).find((f) => f.ds);
  await db.registerFileBuffer('probe.parquet', await fetchBytes(file.path));
  const t = performance.now();
  try {
    const r = await conn.query("SELECT count(*) AS n FROM read_parquet('probe.parquet')");
    return { reads_parquet: true, rows: Number(r.getChildAt(0).get(0)), ms: performance.now() - t };
  } catch (e) {
    return { reads_parquet: false, error: String(e?.message ?? e), ms: performance.now() - t };
  }
}

async function main() {
  const { manifest, suite } = await loadExport();
  const bundle = await duckdb.selectBundle(BUNDLES);
  const build = bundle.mainModule.includes('-eh') ? 'eh' : 'mvp';
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), wrappedWorker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const version = await db.getVersion();
  const conn = await db.connect();
  log(`DuckDB ${version} (${build} build) ready at ${sinceNavigation().toFixed(0)} ms`);

  const t0 = performance.now();
  const bytes = await Promise.all(manifest.tables.map((t) => fetchBytes(t.arrow.path)));
  const fetchMs = performance.now() - t0;
  log(`fetched ${bytes.reduce((n, b) => n + b.length, 0)} bytes of Arrow IPC in ${fetchMs.toFixed(0)} ms`);
  const t1 = performance.now();
  for (const [i, t] of manifest.tables.entries()) {
    log(`inserting ${t.name} (${t.rows} rows)`);
    await conn.insertArrowFromIPCStream(bytes[i], { name: t.name, create: true });
    bytes[i] = null;
  }
  const loadMs = performance.now() - t1;
  log(`loaded ${manifest.tables.length} tables: fetch ${fetchMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms`);
  // The harness reads the worker's memory now, then lets the suite go on; the pause is
  // left out of the cold start.
  const paused = performance.now();
  await new Promise((go) => { window.benchContinue = go; window.benchLoaded = true; });
  const pauseMs = performance.now() - paused;

  let coldStartMs = null;
  const queries = [];
  for (const q of suite) {
    const sql = q.duckdb_sql ?? q.sql;
    const run = { id: q.id, ms: [], rows: 0, result: null, error: null };
    for (let i = 0; i <= runs; i += 1) {
      try {
        const t = performance.now();
        let rows;
        let result = null;
        if (q.kind === 'build') {
          // A build materialises the day inside the engine, as ours streams it through.
          await conn.query(`CREATE OR REPLACE TEMP TABLE bench_build AS ${sql}`);
          rows = null;
        } else {
          result = await conn.query(sql);
        }
        const ms = performance.now() - t;
        coldStartMs ??= sinceNavigation() - pauseMs;
        if (q.kind === 'build') {
          rows = Number((await conn.query('SELECT count(*) FROM bench_build')).getChildAt(0).get(0));
        } else {
          rows = result.numRows;
        }
        if (i > 0) run.ms.push(ms);
        run.rows = rows;
        run.result = result && rows <= MAX_ROWS ? sortedLines(rowsOf(result)) : null;
      } catch (e) {
        run.error = String(e?.message ?? e);
        break;
      }
    }
    if (!run.error) {
      // Not timed: the plan with its metrics, for the report's evidence.
      const plan = await conn.query(`EXPLAIN ANALYZE ${sql}`).catch(() => null);
      run.plan = plan ? rowsOf(plan).map((r) => r.join('\n')).join('\n') : null;
    }
    log(`${q.id}: ${run.error ?? run.ms.map((m) => m.toFixed(1)).join(' ')}`);
    queries.push(run);
  }
  const parquet = await probeParquet(db, conn, manifest);
  log(`reads Parquet offline: ${parquet.reads_parquet} ${parquet.error ?? ''}`);
  return {
    engine: 'duckdb', mode: 'arrow', version, build, fetch_ms: fetchMs, load_ms: loadMs,
    cold_start_ms: coldStartMs, queries, parquet,
  };
}

publish({ engine: 'duckdb', mode: 'arrow' }, main);
