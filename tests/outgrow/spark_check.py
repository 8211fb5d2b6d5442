#!/usr/bin/env python3
"""Checks a warehouse export on Apache Spark (PySpark, local mode).

    python spark_check.py EXPORT.zip [--master local[2]]

Unzips the export, starts Spark in the unzipped folder (relative paths in the setup
resolve against the JVM's working directory, fixed when it starts) with
`spark.sql.sources.partitionColumnTypeInference.enabled=false` (so `ds` stays a string)
and session time zone UTC, runs sql/setup/spark.sql, then
(a) every `datestamp` pipeline for every day in its table's `partitions`, each compared
    with warehouse/<table>/ds=<day>/part-0.parquet;
(b) every `scd2_rebuild` pipeline, compared with warehouse/<table>/data.parquet;
(c) every question, compared with its answer CSV.
Same comparison rules (compare.py) and output as check_export.py: one line per check,
per-phase and total wall times, then `N passed, N failed`. Exit status 0/1, 2 on a usage
or IO error.
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

ENGINE = "spark"


def start_spark(master):
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise UsageError("the pyspark package is missing (scripts/outgrow-spark.sh installs it)") from e
    # Python workers (none are needed by SQL alone) would use this interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Local mode talks to itself only: on loopback, not the host's first interface.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master(master)
        .appName("outgrow-check")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        # Tiny data: two shuffle partitions instead of 200 (speed only, same results).
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def query(spark, sql):
    df = spark.sql(sql)
    if hasattr(df, "toArrow"):  # Spark 4: keeps dates, timestamps and decimals exact
        names, rows = arrow_table_rows(df.toArrow())
        return list(df.columns), rows
    return list(df.columns), [tuple(r) for r in df.collect()]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Check a warehouse export on Apache Spark (local mode).")
    ap.add_argument("export", help="the export zip")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    try:
        export = Export(args.export)
    except (UsageError, OSError) as e:
        print(f"spark_check: error: {e}", file=sys.stderr)
        return 2
    report = Report()
    report.root = export.root
    times = {}
    cwd = os.getcwd()
    spark = None
    try:
        os.chdir(export.root)
        t = time.perf_counter()
        spark = start_spark(args.master)
        times["start"] = time.perf_counter() - t
        print(f"spark {spark.version}, Java {spark.sparkContext._jvm.java.lang.System.getProperty('java.version')}", flush=True)

        t = time.perf_counter()
        setup = "sql/setup/spark.sql"
        try:
            statements = split_statements(export.read_text(setup))
        except OSError as e:
            report.fail(ENGINE, "setup", f"cannot read {setup}: {e}")
            statements = []
        for i, stmt in enumerate(statements, 1):
            try:
                spark.sql(stmt).collect()
            except Exception as e:  # noqa: BLE001 - reported, and the checks still run
                first = stmt.splitlines()[0][:120]
                report.fail(ENGINE, f"setup#{i}", f"{type(e).__name__}: {e} [statement: {first}]")
        times["setup"] = time.perf_counter() - t

        # (a) every datestamp pipeline, every day of its table
        t = time.perf_counter()
        for p in export.pipelines("datestamp"):
            table = p.get("table")
            meta = export.table(table) or {}
            days = meta.get("partitions") or []
            if not days:
                report.fail(ENGINE, f"datestamp:{table}", "the manifest lists no partitions for this table")
                continue
            for ds in days:

                def run(p=p, ds=ds):
                    return query(spark, fill_ds(one_statement(export.read_text(p["sql"])), ds))

                def expected(table=table, ds=ds):
                    return parquet_rows(export.path(f"warehouse/{table}/ds={ds}/part-0.parquet"))

                report.check(ENGINE, f"datestamp:{table}@{ds}", run, expected)
        times["datestamp"] = time.perf_counter() - t

        # (b) every SCD2 rebuild
        t = time.perf_counter()
        for p in export.pipelines("scd2_rebuild"):
            table = p.get("table")

            def run(p=p):
                return query(spark, one_statement(export.read_text(p["sql"])))

            def expected(table=table):
                return parquet_rows(export.path(f"warehouse/{table}/data.parquet"))

            report.check(ENGINE, f"scd2_rebuild:{table}", run, expected)
        times["scd2_rebuild"] = time.perf_counter() - t

        # (c) every question
        t = time.perf_counter()
        for qname, sql, expected in question_checks(export):
            report.check(ENGINE, qname, lambda sql=sql: query(spark, sql()), expected)
        times["questions"] = time.perf_counter() - t
    except UsageError as e:
        print(f"spark_check: error: {e}", file=sys.stderr)
        return 2
    finally:
        t = time.perf_counter()
        if spark is not None:
            spark.stop()
        times["stop"] = time.perf_counter() - t
        os.chdir(cwd)
        export.close()
    phases = ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
    print(f"time spark {time.perf_counter() - t_start:.2f} s ({phases})", flush=True)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
