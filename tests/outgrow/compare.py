"""What check_export.py and spark_check.py share: opening an export, splitting SQL, and
comparing an engine's rows with an answer CSV or an exported Parquet file.

Comparison rules: same column count and names (names compared case-insensitively, since
DataFusion folds unquoted identifiers to lower case), same row count, and the rows as
sorted multisets after every value is put in a canonical form:
- NULL, None and an empty CSV field (or empty string) are equal;
- numbers compare numerically: integers exactly, anything else with relative tolerance
  1e-9 (absolute 1e-12 near zero); text that looks numeric is parsed, on both sides;
- booleans: true/false (text too, case-insensitive);
- dates and timestamps as ISO strings: `2024-12-08`; a timestamp's `T` or space, its
  trailing zero fractional digits and a UTC offset are normalised away;
- everything else as a string.
"""

import collections
import csv
import datetime as dt
import decimal
import json
import math
import os
import re
import shutil
import sys
import tempfile
import zipfile

REL_TOL = 1e-9
ABS_TOL = 1e-12


class UsageError(Exception):
    """A usage or IO problem: the caller prints it and exits with status 2."""


# ---------------------------------------------------------------- the export


class Export:
    """An unzipped export: `root` (a temp dir, removed by close()) and its manifest."""

    def __init__(self, zip_path):
        if not os.path.isfile(zip_path):
            raise UsageError(f"{zip_path}: no such file")
        self.tmp = tempfile.mkdtemp(prefix="outgrow-")
        try:
            with zipfile.ZipFile(zip_path) as z:
                for name in z.namelist():
                    parts = name.replace("\\", "/").split("/")
                    if name.startswith("/") or ".." in parts:
                        raise UsageError(f"{zip_path}: unsafe path in zip: {name}")
                z.extractall(self.tmp)
        except zipfile.BadZipFile as e:
            self.close()
            raise UsageError(f"{zip_path}: not a zip file ({e})") from e
        except (OSError, UsageError):
            self.close()
            raise
        self.root = self.tmp
        # A zip made of a folder (export/manifest.json) works too.
        if not os.path.isfile(os.path.join(self.root, "manifest.json")):
            subs = [d for d in os.listdir(self.root) if os.path.isdir(os.path.join(self.root, d))]
            if len(subs) == 1 and os.path.isfile(os.path.join(self.root, subs[0], "manifest.json")):
                self.root = os.path.join(self.root, subs[0])
        mpath = os.path.join(self.root, "manifest.json")
        try:
            with open(mpath, encoding="utf-8") as f:
                self.manifest = json.load(f)
        except FileNotFoundError as e:
            self.close()
            raise UsageError(f"{zip_path}: no manifest.json in the zip") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            self.close()
            raise UsageError(f"{zip_path}: manifest.json is not valid JSON ({e})") from e
        m = self.manifest
        if not isinstance(m, dict) or m.get("format") != "datestamp-playground-warehouse" or m.get("version") != 1:
            self.close()
            raise UsageError(
                f"{zip_path}: manifest.json is not a version 1 datestamp-playground-warehouse "
                f"(format {m.get('format')!r}, version {m.get('version')!r})"
                if isinstance(m, dict)
                else f"{zip_path}: manifest.json is not an object"
            )

    def path(self, rel):
        return os.path.join(self.root, *rel.split("/"))

    def read_text(self, rel):
        with open(self.path(rel), encoding="utf-8") as f:
            return f.read()

    def questions(self):
        return list(self.manifest.get("questions") or [])

    def pipelines(self, kind):
        return [p for p in (self.manifest.get("pipelines") or []) if p.get("kind") == kind]

    def table(self, name):
        for t in self.manifest.get("tables") or []:
            if t.get("name") == name:
                return t
        return None

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def split_statements(text):
    """Statements of a setup file: split on `;` at a line end; drops empty ones (and ones
    holding only `--` comments). Returned without the `;`."""
    out = []
    for chunk in re.split(r";[ \t]*(?:\r?\n|$)", text):
        body = "\n".join(line for line in chunk.splitlines() if not line.strip().startswith("--"))
        if body.strip():
            out.append(chunk.strip())
    return out


def one_statement(text):
    """A question or pipeline file: one statement; a trailing `;` is dropped."""
    return re.sub(r"(;\s*)+$", "", text.strip())


def fill_ds(sql, ds):
    return re.sub(r"\{\{\s*ds\s*\}\}", ds, sql)


# ---------------------------------------------------------------- reading rows


def arrow_table_rows(table):
    """(column names, list of row tuples) of a pyarrow Table, as Python values.
    Nanosecond timestamps become text (Python's datetime stops at microseconds)."""
    import pyarrow as pa

    names = list(table.column_names)
    cols = []
    for i in range(table.num_columns):
        col = table.column(i)
        t = col.type
        if pa.types.is_dictionary(t):
            col = col.cast(t.value_type)
            t = t.value_type
        if pa.types.is_timestamp(t) and t.unit == "ns":
            col = col.cast(pa.string())
        cols.append(col.to_pylist())
    rows = list(zip(*cols)) if cols else [()] * table.num_rows
    return names, rows


def parquet_rows(path):
    """Rows of one Parquet file (only that file: no Hive columns from its folder)."""
    import pyarrow.parquet as pq

    return arrow_table_rows(pq.ParquetFile(path).read())


def csv_rows(path):
    """Header and rows of an answer CSV (RFC 4180; every field as text)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ValueError(f"{os.path.basename(path)} is empty (no header row)")
    return rows[0], [tuple(r) for r in rows[1:]]


# ---------------------------------------------------------------- canonical values

# Tags order a column with mixed kinds: NULL < bool < number < text.
NULL, BOOL, NUM, TEXT = 0, 1, 2, 3

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPECIAL = {"nan": math.nan, "+nan": math.nan, "-nan": math.nan, "inf": math.inf, "+inf": math.inf,
            "-inf": -math.inf, "infinity": math.inf, "+infinity": math.inf, "-infinity": -math.inf}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TS = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.(\d+))?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?")


def _ts_text(date, hm, sec, frac, tz):
    sec = sec or ":00"
    frac = (frac or "").rstrip("0")
    if tz and tz not in ("Z", "UTC") and tz.strip("+-:0"):
        # A real offset: shift to UTC (to microseconds; finer digits are kept as they were).
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        off = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        base = dt.datetime.fromisoformat(f"{date}T{hm}{sec}") - sign * off
        date, hm, sec = base.date().isoformat(), base.strftime("%H:%M"), base.strftime(":%S")
    return f"{date}T{hm}{sec}" + (f".{frac}" if frac else "")


def canon_text(s):
    if s == "":
        return (NULL,)
    low = s.lower()
    if low in ("true", "false"):
        return (BOOL, low == "true")
    if _INT.fullmatch(s):
        return (NUM, int(s))
    if _FLOAT.fullmatch(s):
        return (NUM, float(s))
    if low in _SPECIAL:
        return (NUM, _SPECIAL[low])
    if _DATE.fullmatch(s):
        return (TEXT, s)
    m = _TS.fullmatch(s)
    if m:
        return (TEXT, _ts_text(*m.groups()))
    return (TEXT, s)


def canon(v):
    """The canonical form of one value: a tuple (tag, value)."""
    if v is None:
        return (NULL,)
    if isinstance(v, bool):
        return (BOOL, v)
    if isinstance(v, int):
        return (NUM, v)
    if isinstance(v, float):
        return (NUM, v)
    if isinstance(v, decimal.Decimal):
        if v.is_nan():
            return (NUM, math.nan)
        if v.is_infinite():
            return (NUM, math.inf if v > 0 else -math.inf)
        if v == v.to_integral_value():
            return (NUM, int(v))
        return (NUM, float(v))
    if isinstance(v, str):
        return canon_text(v)
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
        frac = f"{v.microsecond:06d}".rstrip("0")
        return (TEXT, v.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else ""))
    if isinstance(v, dt.date):
        return (TEXT, v.isoformat())
    if isinstance(v, dt.time):
        return canon_text(v.isoformat())
    if hasattr(v, "isoformat") and hasattr(v, "to_pydatetime"):  # a pandas Timestamp
        return canon(v.isoformat())
    if isinstance(v, (bytes, bytearray, memoryview)):
        return (TEXT, bytes(v).hex())
    if isinstance(v, (list, tuple, dict)):
        return (TEXT, json.dumps(v, default=str, sort_keys=True))
    return canon_text(str(v))


def _sort_key(c):
    if c[0] == NUM:
        x = c[1]
        if isinstance(x, float) and math.isnan(x):
            return (NUM, math.inf, 1)
        try:
            x = float(x)
        except OverflowError:
            x = math.inf if c[1] > 0 else -math.inf
        # Rounded, so values equal within the tolerance sort alike.
        return (NUM, float(f"{x:.9g}") if math.isfinite(x) else x, 0)
    return c


def same(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == NULL:
        return True
    if a[0] != NUM:
        return a[1] == b[1]
    x, y = a[1], b[1]
    if isinstance(x, int) and isinstance(y, int):
        return x == y
    x, y = float(x), float(y)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return math.isclose(x, y, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def show(c):
    if c[0] == NULL:
        return "NULL"
    if c[0] == BOOL:
        return "true" if c[1] else "false"
    if c[0] == NUM:
        return repr(c[1])
    return json.dumps(c[1], ensure_ascii=False)


def show_row(row):
    return "(" + ", ".join(show(c) for c in row) + ")"


def compare(actual_cols, actual_rows, expected_cols, expected_rows):
    """None when they match, else a one-line reason (with the first differing row)."""
    if len(actual_cols) != len(expected_cols):
        return f"{len(actual_cols)} columns {list(actual_cols)}, expected {len(expected_cols)} {list(expected_cols)}"
    if [c.lower() for c in actual_cols] != [c.lower() for c in expected_cols]:
        return f"columns {list(actual_cols)}, expected {list(expected_cols)}"
    a = sorted((tuple(canon(v) for v in r) for r in actual_rows), key=lambda r: tuple(map(_sort_key, r)))
    e = sorted((tuple(canon(v) for v in r) for r in expected_rows), key=lambda r: tuple(map(_sort_key, r)))
    for r in a + e:
        if len(r) != len(expected_cols):
            return f"a row has {len(r)} fields, expected {len(expected_cols)}: {show_row(r)}"
    if len(a) != len(e):
        # Name a row that one side has more often than the other (keys, so floats that
        # differ past the 9th significant digit count as one value here).
        ka = collections.Counter(tuple(map(_sort_key, r)) for r in a)
        ke = collections.Counter(tuple(map(_sort_key, r)) for r in e)
        missing = [r for r in e if (ke - ka)[tuple(map(_sort_key, r))]]
        extra = [r for r in a if (ka - ke)[tuple(map(_sort_key, r))]]
        what = []
        if extra:
            what.append(f"first extra row {show_row(extra[0])}")
        if missing:
            what.append(f"first missing row {show_row(missing[0])}")
        return f"{len(a)} rows, expected {len(e)}" + (f"; {'; '.join(what)}" if what else "")
    for i, (x, y) in enumerate(zip(a, e)):
        if not all(same(p, q) for p, q in zip(x, y)):
            col = next(expected_cols[j] for j, (p, q) in enumerate(zip(x, y)) if not same(p, q))
            return f"sorted row {i + 1} differs in {col}: got {show_row(x)}, expected {show_row(y)}"
    return None


# ---------------------------------------------------------------- reporting


class Report:
    def __init__(self, out=sys.stdout):
        self.passed = 0
        self.failed = 0
        self.out = out
        self.root = None  # the unzipped folder: shown as relative paths in reasons

    def ok(self, engine, name, nrows):
        self.passed += 1
        print(f"ok {engine} {name} ({nrows} row{'' if nrows == 1 else 's'})", file=self.out, flush=True)

    def fail(self, engine, name, reason):
        self.failed += 1
        reason = " ".join(str(reason).split())  # one line
        if self.root:
            reason = reason.replace(self.root + os.sep, "")
        if len(reason) > 2000:
            reason = reason[:2000] + " ..."
        print(f"FAIL {engine} {name}: {reason}", file=self.out, flush=True)

    def check(self, engine, name, run, expected):
        """run() -> (cols, rows); expected() -> (cols, rows). Any exception is a failure."""
        try:
            exp_cols, exp_rows = expected()
        except Exception as e:  # noqa: BLE001 - a broken export is a failed check
            self.fail(engine, name, f"cannot read the expected rows: {type(e).__name__}: {e}")
            return
        try:
            cols, rows = run()
        except Exception as e:  # noqa: BLE001 - the engine's error is the reason
            self.fail(engine, name, f"{type(e).__name__}: {e}")
            return
        reason = compare(cols, rows, exp_cols, exp_rows)
        if reason:
            self.fail(engine, name, reason)
        else:
            self.ok(engine, name, len(rows))

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed", file=self.out, flush=True)
        return 1 if self.failed else 0


def question_checks(export):
    """(name, sql text, expected()) for each question of the manifest."""
    out = []
    for q in export.questions():
        name = q.get("name") or q.get("sql") or "?"

        def sql(q=q):
            return one_statement(export.read_text(q["sql"]))

        def expected(q=q):
            return csv_rows(export.path(q["answer"]))

        out.append((name, sql, expected))
    return out
