// Drives the playground's engine worker directly with protocol messages: loads an
// exported warehouse (Parquet partitions, or the same rows as Arrow IPC into in-memory
// tables), runs the suite and publishes the figures on `window.bench`.
//
// URL: ours.html?data=/data/10000/&mode=parquet|arrow&runs=5&only=<query id>&site=/ours/
// (`site`: where the built site is served; another build of it for a variant)
import { MAX_ROWS, sortedLines } from './canonical.js';
import { fetchBytes, loadExport, log, params, publish, runs, sinceNavigation } from './page.js';

const mode = params.get('mode') ?? 'parquet';

// One request at a time, answered in order; progress and change reports (interim
// messages, see Response::is_interim) are skipped.
class Engine {
  constructor(url) {
    this.worker = new Worker(url);
    this.nextId = 1;
    this.ready = new Promise((ok, fail) => {
      this.waiting = { ok, fail };
    });
    this.worker.onmessage = (e) => {
      const { body } = e.data;
      if (body?.Progress || body?.Changed) return;
      const w = this.waiting;
      this.waiting = null;
      if (!w) return;
      if (body?.Error) w.fail(new Error(body.Error.message));
      else if (body?.Crashed) w.fail(new Error(`engine crashed: ${body.Crashed}`));
      else if (body?.Unavailable) w.fail(new Error(`engine unavailable: ${body.Unavailable}`));
      else w.ok(body);
    };
    this.worker.onerror = (e) => this.waiting?.fail(new Error(`worker error: ${e.message}`));
  }

  send(body, transfer = []) {
    return new Promise((ok, fail) => {
      this.waiting = { ok, fail };
      this.worker.postMessage({ id: this.nextId++, body }, transfer);
    });
  }
}

function rowsOf(query) {
  const rows = [];
  for (let i = 0; i < query.kept_rows; i += 1) {
    rows.push(query.columns.map((c) => Object.values(c.values)[0][i]));
  }
  return rows;
}

async function main() {
  const { manifest, suite } = await loadExport();
  const engine = new Engine(`${params.get('site') ?? '/ours/'}engine-worker_loader.js`);
  await engine.ready;
  const started = sinceNavigation();
  log(`engine ready at ${started.toFixed(0)} ms`);

  const t0 = performance.now();
  const files = [];
  for (const t of manifest.tables) {
    if (mode === 'arrow') files.push({ table: t.name, path: t.arrow.path });
    else for (const f of t.parquet) files.push({ table: t.name, ds: f.ds, path: f.path });
  }
  const bytes = await Promise.all(files.map((f) => fetchBytes(f.path)));
  const fetchMs = performance.now() - t0;
  log(`fetched ${files.length} files in ${fetchMs.toFixed(0)} ms`);
  const t1 = performance.now();
  for (const [i, f] of files.entries()) {
    const b = bytes[i];
    bytes[i] = null;
    if (mode === 'arrow') await engine.send({ LoadArrowIpc: { table: f.table, ipc: b } }, [b.buffer]);
    else if (f.ds) await engine.send({ LoadPartition: { table: f.table, ds: f.ds, parquet: b } }, [b.buffer]);
    else await engine.send({ LoadTable: { table: f.table, parquet: b } }, [b.buffer]);
  }
  const loadMs = performance.now() - t1;
  const memory = await engine.send('MemoryUsage');
  const memoryBytes = Number(memory.MemoryUsage.wasm_bytes ?? 0);
  log(`loaded ${files.length} files: fetch ${fetchMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms, memory ${memoryBytes} B`);

  let coldStartMs = null;
  const queries = [];
  for (const q of suite) {
    const run = { id: q.id, ms: [], engine_ms: [], rows: 0, result: null, error: null };
    for (let i = 0; i <= runs; i += 1) {
      const t = performance.now();
      try {
        const answer = await engine.send({ Run: { sql: q.sql, max_rows: MAX_ROWS } });
        const ms = performance.now() - t;
        coldStartMs ??= sinceNavigation();
        const r = answer.Query;
        if (i > 0) { run.ms.push(ms); run.engine_ms.push(r.metrics.elapsed_ms); }
        run.rows = Number(r.total_rows);
        run.plan = r.plan_with_metrics;
        run.result = q.kind === 'query' && run.rows <= MAX_ROWS ? sortedLines(rowsOf(r)) : null;
      } catch (e) {
        run.error = e.message;
        break;
      }
    }
    log(`${q.id}: ${run.error ?? run.ms.map((m) => m.toFixed(1)).join(' ')}`);
    queries.push(run);
  }
  const after = await engine.send('MemoryUsage');
  return {
    engine: 'ours', mode, files: files.length, fetch_ms: fetchMs, load_ms: loadMs, cold_start_ms: coldStartMs,
    memory_after_load_bytes: memoryBytes, memory_after_suite_bytes: Number(after.MemoryUsage.wasm_bytes ?? 0), queries,
  };
}

publish({ engine: 'ours', mode }, main);
