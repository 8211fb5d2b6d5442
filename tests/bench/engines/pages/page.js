// What both engines' benchmark pages share: the URL's settings, the on-page log, reading
// the exported warehouse, and publishing the report on `window.benchReport`.
export const params = new URLSearchParams(location.search);
const data = params.get('data');
export const runs = Number(params.get('runs') ?? 5);

export const log = (line) => { document.getElementById('log').textContent += `${line}\n`; };

// Milliseconds since navigation started.
export const sinceNavigation = () => performance.now();

export async function fetchBytes(path) {
  const r = await fetch(data + path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

// The export's manifest and its suite (only the query named by `only=`, if given).
export async function loadExport() {
  const only = params.get('only');
  const manifest = await (await fetch(`${data}manifest.json`)).json();
  const suite = (await (await fetch(`${data}suite.json`)).json()).filter((q) => !only || q.id === only);
  return { manifest, suite };
}

// Runs `main` and puts its report, or what made it fail, where the harness reads it.
export function publish(identity, main) {
  window.bench = main().then(
    (report) => { window.benchReport = report; return report; },
    (e) => {
      window.benchReport = { ...identity, failed: String(e?.message ?? e) };
      log(`failed: ${e?.message ?? e}`);
      return window.benchReport;
    },
  );
}
