// A query result written so that engines' answers compare as text: one line per row,
// values tab-separated, floats to six decimals, NULL as `NULL`, lines sorted. The native
// side writes the same form (crates/bench/src/canonical.rs).
export const MAX_ROWS = 2000;

export function float(x) {
  const s = x.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

export function value(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : float(v);
  return String(v);
}

export function sortedLines(rows) {
  return rows.map((r) => r.map(value).join('\t')).sort();
}
