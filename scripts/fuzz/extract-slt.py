#!/usr/bin/env python3
"""Build the SQL fuzz corpus from Apache DataFusion's sqllogictest files.

Where the corpus comes from
---------------------------
The statements are taken from the sqllogictest (``.slt``) files of Apache
DataFusion (https://github.com/apache/datafusion, directory
``datafusion/sqllogictest/test_files``), which are licensed under the Apache
License 2.0. A copy of each file is kept in a local folder together with an
``index.json`` that records, for every local file name, the file's path in the
repository and the commit it was read at. Every statement written to the
corpus carries that path and commit, so each one can be traced back to its
source.

index.json looks like::

    {
      "repository": "apache/datafusion",
      "license": "Apache-2.0",
      "files": [
        {"name": "cte.slt",
         "path": "datafusion/sqllogictest/test_files/cte.slt",
         "commit": "<40 hex digits>"},
        ...
      ]
    }

What is extracted
-----------------
A record starts with a line beginning ``query`` or ``statement`` (for example
``query II rowsort``, ``statement ok``, ``statement error <regex>``); its SQL
is the following lines up to a line ``----`` or a blank line. Comment lines
(``#``) inside the SQL are dropped. Records are skipped when

* the SQL refers to external files (``LOCATION``, ``COPY``, ``'../``,
  ``/tmp``, ``data/``), or
* the record is preceded by an ``onlyif``/``skipif``/``include``/``control``
  line (the last non-blank, non-comment line before the record header).

Statements are deduplicated exactly (first occurrence wins, in the order of
files sorted by repository path and then position in the file), each is capped
at 20 KB (cut on a UTF-8 character boundary), and at most 3,000 are kept. The
kept set is chosen deterministically by taking statements round-robin over the
files sorted by path; the output lists them grouped by file, in file order.

Output: a JSON array of objects ``{"file": "<slt path>", "commit": "<commit>",
"sql": "..."}``, one object per line.

How to regenerate
-----------------
From the repository root::

    python3 scripts/fuzz/extract-slt.py <folder with .slt files and index.json> crates/engine/tests/fuzz/slt_corpus.json

Only the Python 3 standard library is used.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

MAX_STATEMENTS = 3000
MAX_STATEMENT_BYTES = 20 * 1024

HEADER_RE = re.compile(r"^(query|statement)(\s|$)")
SKIP_DIRECTIVES = ("onlyif", "skipif", "include", "control")
EXTERNAL_RE = re.compile(r"\bLOCATION\b|\bCOPY\b|'\.\./|/tmp|data/", re.IGNORECASE)


def load_index(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    files = index["files"] if isinstance(index, dict) else index
    out: dict[str, dict[str, str]] = {}
    for entry in files:
        out[entry["name"]] = {"path": entry["path"], "commit": entry["commit"]}
    return out


def cap_utf8(text: str, limit: int) -> tuple[str, bool]:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text, False
    return data[:limit].decode("utf-8", errors="ignore"), True


def first_word(line: str) -> str:
    parts = line.split(None, 1)
    return parts[0] if parts else ""


def extract_records(text: str) -> tuple[list[str], dict[str, int]]:
    """Return the SQL of each kept record, in file order, plus skip counts."""
    lines = text.splitlines()
    stats = {"records": 0, "skipped_directive": 0, "skipped_external": 0, "skipped_empty": 0}
    out: list[str] = []
    prev_significant = ""  # last non-blank, non-comment line seen
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if HEADER_RE.match(line):
            stats["records"] += 1
            preceded_by_directive = first_word(prev_significant) in SKIP_DIRECTIVES
            prev_significant = line
            i += 1
            sql_lines: list[str] = []
            while i < n:
                cur = lines[i]
                if cur.strip() == "" or cur.rstrip() == "----":
                    break
                if not cur.lstrip().startswith("#"):
                    sql_lines.append(cur.rstrip("\r\n"))
                    prev_significant = cur
                i += 1
            sql = "\n".join(sql_lines).strip()
            if preceded_by_directive:
                stats["skipped_directive"] += 1
            elif not sql:
                stats["skipped_empty"] += 1
            elif EXTERNAL_RE.search(sql):
                stats["skipped_external"] += 1
            else:
                out.append(sql)
            continue
        if stripped and not stripped.startswith("#"):
            prev_significant = line
        i += 1
    return out, stats


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("folder", help="folder holding the .slt files and index.json")
    ap.add_argument("output", help="JSON file to write")
    ap.add_argument("--index", help="index file (default: <folder>/index.json)")
    ap.add_argument("--max-statements", type=int, default=MAX_STATEMENTS)
    ap.add_argument("--max-bytes", type=int, default=MAX_STATEMENT_BYTES)
    args = ap.parse_args(argv)

    index = load_index(args.index or os.path.join(args.folder, "index.json"))
    names = sorted(f for f in os.listdir(args.folder) if f.endswith(".slt"))
    missing = [name for name in names if name not in index]
    if missing:
        print(f"error: no index entry for {', '.join(missing)}", file=sys.stderr)
        return 1
    absent = sorted(set(index) - set(names))
    if absent:
        print(f"error: indexed but not in the folder: {', '.join(absent)}", file=sys.stderr)
        return 1

    # Files in order of their repository path.
    files = sorted(names, key=lambda name: (index[name]["path"], name))

    seen: set[str] = set()
    per_file: list[list[str]] = []
    totals = {"records": 0, "skipped_directive": 0, "skipped_external": 0,
              "skipped_empty": 0, "duplicates": 0, "capped": 0}
    for name in files:
        with open(os.path.join(args.folder, name), encoding="utf-8") as f:
            sqls, stats = extract_records(f.read())
        for key, value in stats.items():
            totals[key] += value
        kept: list[str] = []
        for sql in sqls:
            sql, was_capped = cap_utf8(sql, args.max_bytes)
            totals["capped"] += was_capped
            if sql in seen:
                totals["duplicates"] += 1
                continue
            seen.add(sql)
            kept.append(sql)
        per_file.append(kept)

    # Round-robin over the files (sorted by path) until the limit is reached.
    chosen = [0] * len(files)
    remaining = args.max_statements
    progress = True
    while remaining > 0 and progress:
        progress = False
        for k, kept in enumerate(per_file):
            if remaining == 0:
                break
            if chosen[k] < len(kept):
                chosen[k] += 1
                remaining -= 1
                progress = True

    entries = []
    for k, name in enumerate(files):
        meta = index[name]
        for sql in per_file[k][: chosen[k]]:
            entries.append({"file": meta["path"], "commit": meta["commit"], "sql": sql})

    out_dir = os.path.dirname(args.output)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in entries))
        f.write("\n]\n")

    available = sum(len(kept) for kept in per_file)
    print(
        f"{len(files)} files, {totals['records']} records, "
        f"{totals['skipped_directive']} skipped (directive), "
        f"{totals['skipped_external']} skipped (external files), "
        f"{totals['skipped_empty']} skipped (empty), "
        f"{totals['duplicates']} duplicates, {totals['capped']} capped; "
        f"{len(entries)} of {available} unique statements written to {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
