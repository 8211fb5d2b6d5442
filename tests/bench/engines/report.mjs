// The benchmark report as Markdown: per scale, one row per query (median and range of
// each engine, the ratios the issue asks for, and whether the answers agree), then
// loading, cold start and memory; then transfer sizes.
const NAMES = {
  ours_parquet: 'ours, wasm, Parquet',
  ours_arrow: 'ours, wasm, Arrow',
  duckdb: 'DuckDB-WASM, Arrow',
  native_parquet: 'native DF, Parquet',
  native_arrow: 'native DF, Arrow',
};

const ms = (x) => (x === null || x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (b) => (b ? `${(b / 1048576).toFixed(1)} MB` : '–');
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');

function cell(engine, id) {
  if (!engine) return 'not run';
  if (engine.failed) return 'failed';
  const q = engine.queries?.find((x) => x.id === id);
  if (!q) return '–';
  if (q.error) return `error: ${q.error.slice(0, 60)}`;
  return q.stats ? `${ms(q.stats.median)} (${ms(q.stats.min)}–${ms(q.stats.max)})` : '–';
}

/** Median, min and max of a list of timings, or null for none. */
export const stats = (xs) => {
  if (!xs?.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
};

const median = (engine, id) => engine?.queries?.find((x) => x.id === id)?.stats?.median ?? null;

// Our engine on Parquet in each build of the site: median, then against DuckDB-WASM and
// native DataFusion, and the suite's median ratio to DuckDB.
function variantTable(s, variants) {
  const builds = [['shipped', s.engines.ours_parquet], ...variants.map((v) => [v, s.engines[`ours_parquet@${v}`]])];
  const rows = [`| query (ours, wasm, Parquet) | ${builds.map(([b]) => `${b} ms | ×DuckDB | ×native`).join(' | ')} |`,
    `|---|${builds.map(() => '---:|---:|---:').join('|')}|`];
  for (const q of s.suite) {
    rows.push(`| ${q.id} | ${builds.map(([, e]) => {
      const m = median(e, q.id);
      return `${ms(m)} | ${ratio(m, median(s.engines.duckdb, q.id))} | ${ratio(m, median(s.engines.native_parquet, q.id))}`;
    }).join(' | ')} |`);
  }
  const mid = (xs) => stats(xs.filter((x) => x !== null))?.median ?? null;
  rows.push(`| median ratio over the suite | ${builds.map(([, e]) => {
    const r = (other) => mid(s.suite.map((q) => { const a = median(e, q.id); const b = median(other, q.id); return a && b ? a / b : null; }));
    const f = (x) => (x === null ? '–' : `${x.toFixed(2)}×`);
    return ` | ${f(r(s.engines.duckdb))} | ${f(r(s.engines.native_parquet))}`;
  }).join(' | ')} |`);
  return rows;
}

export function markdown(report, engines, variants = []) {
  const out = [];
  out.push(`# Engine benchmark, ${report.started}`);
  out.push('');
  out.push(`${report.machine.cpus} cores, ${report.machine.browser} (headless), Node ${report.machine.node}. ` +
    `Each query runs once untimed, then ${report.runs} timed runs` +
    (report.rounds > 1 ? ` (browser engines: ${report.rounds} rounds of that, each page reloaded, engines interleaved, ${report.rounds * report.runs} timed runs pooled)` : '') +
    `: median (min–max) in ms, measured in the page ` +
    'for the browser engines (request to answer) and around the call natively. Every engine runs on one thread.');
  for (const s of report.scales) {
    out.push('');
    out.push(`## ${s.users.toLocaleString('en')} users × ${s.days} days (${s.rows.toLocaleString('en')} rows: ${mb(s.parquet_bytes)} Parquet, ${mb(s.arrow_bytes)} Arrow IPC)`);
    out.push('');
    out.push(`| query | ${engines.map((e) => NAMES[e]).join(' | ')} | ours/DuckDB | ours Arrow/DuckDB | ours wasm/native | answers agree |`);
    out.push(`|---|${engines.map(() => '---:').join('|')}|---:|---:|---:|---|`);
    for (const q of s.suite) {
      const e = s.engines;
      const agree = s.agreement.find((a) => a.id === q.id);
      out.push(`| ${q.id}${q.rewrite ? ' *' : ''} | ${engines.map((n) => cell(e[n], q.id)).join(' | ')} | ` +
        `${ratio(median(e.ours_parquet, q.id), median(e.duckdb, q.id))} | ${ratio(median(e.ours_arrow, q.id), median(e.duckdb, q.id))} | ` +
        `${ratio(median(e.ours_parquet, q.id), median(e.native_parquet, q.id))} | ` +
        `${agree?.agree === null ? 'fewer than two answers' : agree?.agree ? `yes (${agree.engines.length} engines, ${agree.rows} rows)` : `NO (${agree?.engines.join(', ')})`} |`);
    }
    if (variants.length) out.push('', ...variantTable(s, variants));
    const rewrites = s.suite.filter((q) => q.rewrite);
    if (rewrites.length) out.push('', ...rewrites.map((q) => `\\* ${q.id}: ${q.rewrite}.`));
    out.push('');
    out.push('| engine | fetch ms | load ms | cold start: navigation to first result, ms | wasm memory after load | failure |');
    out.push('|---|---:|---:|---:|---:|---|');
    for (const n of [...engines, ...variants.map((v) => `ours_parquet@${v}`)]) {
      const r = s.engines[n];
      if (!r) continue;
      out.push(`| ${NAMES[n] ?? n} | ${ms(r.fetch_ms)} | ${ms(r.load_ms)} | ${ms(r.cold_start_ms)} | ${mb(r.memory_after_load_bytes)} | ${r.failed ?? ''} |`);
    }
    const d = s.engines.duckdb;
    if (d?.parquet) {
      out.push('');
      out.push(`DuckDB-WASM ${d.version ?? ''} (${d.build ?? '?'} build) reading one of our Parquet partitions: ` +
        (d.parquet.reads_parquet ? `read ${d.parquet.rows} rows.` : `failed after ${ms(d.parquet.ms)} ms: \`${d.parquet.error.slice(0, 300)}\``) +
        ` Requests refused by the harness because they would leave this machine: ${d.blocked_requests?.length ?? 0}.`);
    }
  }
  if (!Object.keys(report.sizes).length) return `${out.join('\n')}\n`;
  out.push('');
  out.push('## Transfer size (what a visitor downloads)');
  out.push('');
  out.push('| engine | raw | gzip -9 | brotli -q 11 | files |');
  out.push('|---|---:|---:|---:|---|');
  for (const [name, sz] of Object.entries(report.sizes)) {
    out.push(`| ${name} | ${mb(sz.total.raw)} | ${mb(sz.total.gzip)} | ${mb(sz.total.brotli)} | ${sz.files.map((f) => f.file).join(', ')} |`);
  }
  return `${out.join('\n')}\n`;
}
