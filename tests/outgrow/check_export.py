#!/usr/bin/env python3
"""Checks a warehouse export on DuckDB and DataFusion (Python packages).

    python check_export.py EXPORT.zip [--engine duckdb] [--engine datafusion]

Unzips the export into a temp dir, then for each engine (default: both): runs
sql/setup/<engine>.sql with the unzipped folder as the working directory, then
- every question of manifest.json, compared with its answer CSV;
- every `datestamp` pipeline with `{{ ds }}` = the manifest's last_day, compared with
  warehouse/<table>/ds=<last_day>/part-0.parquet;
- every `scd2_rebuild` pipeline, compared with warehouse/<table>/data.parquet.
The comparison rules are in compare.py. Prints one line per check (`ok ...` / `FAIL ...`)
and ends with `N passed, N failed`. Exit status: 0 all passed, 1 a check failed, 2 a
usage or IO error (no such zip, not an export, engine package missing).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from compare import (  # noqa: E402 - after the path set-up
    Export,
    Report,
    UsageError,
    arrow_table_rows,
    fill_ds,
    one_statement,
    parquet_rows,
    question_checks,
    split_statements,
)

ENGINES = ("duckdb", "datafusion")


class DuckDB:
    name = "duckdb"

    def __init__(self):
        try:
            import duckdb
        except ImportError as e:
            raise UsageError("the duckdb Python package is missing (scripts/outgrow-check.sh installs it)") from e
        self.con = duckdb.connect(":memory:")
        try:
            self.con.execute("SET TimeZone = 'UTC'")
        except duckdb.Error:
            pass  # without ICU there are no time zones to set

    def execute(self, sql):
        self.con.execute(sql)

    def query(self, sql):
        cur = self.con.execute(sql)
        cols = [d[0] for d in cur.description]
        return cols, cur.fetchall()

    def close(self):
        self.con.close()


class DataFusion:
    name = "datafusion"

    def __init__(self):
        try:
            from datafusion import SessionContext
        except ImportError as e:
            raise UsageError("the datafusion Python package is missing (scripts/outgrow-check.sh installs it)") from e
        self.ctx = SessionContext()

    def execute(self, sql):
        # SessionContext.sql plans the statement; collecting runs it (DDL included).
        self.ctx.sql(sql).collect()

    def query(self, sql):
        return arrow_table_rows(self.ctx.sql(sql).to_arrow_table())

    def close(self):
        pass


def run_engine(engine_cls, export, report):
    """Runs every check of the export on one engine; returns the phases' times."""
    times = {}
    t0 = time.perf_counter()
    eng = engine_cls()
    name = eng.name
    cwd = os.getcwd()
    os.chdir(export.root)
    try:
        setup = f"sql/setup/{name}.sql"
        try:
            statements = split_statements(export.read_text(setup))
        except OSError as e:
            report.fail(name, "setup", f"cannot read {setup}: {e}")
            statements = []
        for i, stmt in enumerate(statements, 1):
            try:
                eng.execute(stmt)
            except Exception as e:  # noqa: BLE001 - reported, and the checks still run
                first = stmt.splitlines()[0][:120]
                report.fail(name, f"setup#{i}", f"{type(e).__name__}: {e} [statement: {first}]")
        times["setup"] = time.perf_counter() - t0

        t = time.perf_counter()
        for qname, sql, expected in question_checks(export):
            report.check(name, qname, lambda sql=sql: eng.query(sql()), expected)
        times["questions"] = time.perf_counter() - t

        t = time.perf_counter()
        last_day = export.manifest.get("last_day")
        for p in export.pipelines("datestamp"):
            table = p.get("table")
            check = f"datestamp:{table}@{last_day}"
            if not last_day:
                print(f"skip {name} datestamp:{table} (the manifest has no last_day)", flush=True)
                continue

            def run(p=p):
                return eng.query(fill_ds(one_statement(export.read_text(p["sql"])), last_day))

            def expected(table=table):
                return parquet_rows(export.path(f"warehouse/{table}/ds={last_day}/part-0.parquet"))

            report.check(name, check, run, expected)
        times["datestamp"] = time.perf_counter() - t

        t = time.perf_counter()
        for p in export.pipelines("scd2_rebuild"):
            table = p.get("table")

            def run(p=p):
                return eng.query(one_statement(export.read_text(p["sql"])))

            def expected(table=table):
                return parquet_rows(export.path(f"warehouse/{table}/data.parquet"))

            report.check(name, f"scd2_rebuild:{table}", run, expected)
        times["scd2_rebuild"] = time.perf_counter() - t
    finally:
        os.chdir(cwd)
        eng.close()
    times["total"] = time.perf_counter() - t0
    return times


def main(argv=None):
    ap = argparse.ArgumentParser(description="Check a warehouse export on DuckDB and DataFusion.")
    ap.add_argument("export", help="the export zip")
    ap.add_argument("--engine", action="append", choices=ENGINES, help="an engine to run (repeatable; default: both)")
    args = ap.parse_args(argv)
    engines = list(dict.fromkeys(args.engine or ENGINES))
    classes = {"duckdb": DuckDB, "datafusion": DataFusion}
    report = Report()
    try:
        export = Export(args.export)
    except (UsageError, OSError) as e:
        print(f"check_export: error: {e}", file=sys.stderr)
        return 2
    report.root = export.root
    try:
        for e in engines:
            times = run_engine(classes[e], export, report)
            phases = ", ".join(f"{k} {v:.2f} s" for k, v in times.items() if k != "total")
            print(f"time {e} {times['total']:.2f} s ({phases})", flush=True)
    except UsageError as e:
        print(f"check_export: error: {e}", file=sys.stderr)
        return 2
    finally:
        export.close()
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
