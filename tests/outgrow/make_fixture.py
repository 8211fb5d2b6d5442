#!/usr/bin/env python3
"""Writes a small synthetic warehouse export (the zip of the export spec, version 1).

    python make_fixture.py OUT.zip [--wrong-answer]

What it holds, over three days (2024-12-08 .. 2024-12-10):
- `users` (raw, partitioned): user_id, name, followers (nullable), score (float),
  active (bool), signed_up (DATE), last_seen (timestamp), with names that need CSV quoting.
- `dim_users` (datestamped): `SELECT user_id, followers FROM users WHERE ds = '{{ ds }}'`.
- `dim_users_scd2` (unpartitioned): user_id, followers, valid_from DATE, valid_to DATE
  (NULL while current), is_current BOOLEAN, with the rebuild (LAG/LEAD over ds), stage and
  merge statements.
- two questions with answers written by Arrow's CSV writer, and the three setup files.

Every expected value (tables and answers) is computed here in Python, not by an engine,
so the checkers compare engines with an independent answer. `--wrong-answer` changes one
value in one answer, which check_export.py must then report as a failure.
"""

import argparse
import datetime as dt
import io
import json
import sys
import zipfile

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DAYS = ["2024-12-08", "2024-12-09", "2024-12-10"]

# user_id -> (name, active, signed_up, followers per day (None: NULL, missing: absent)).
USERS = {
    1: ("Ada", True, dt.date(2024, 1, 2), {DAYS[0]: 10, DAYS[1]: 12, DAYS[2]: 12}),
    2: ('O\'Brien, "Bob"', False, dt.date(2024, 3, 4), {DAYS[0]: 6, DAYS[1]: 6, DAYS[2]: 6}),
    3: ("Zoë", True, dt.date(2024, 12, 9), {DAYS[1]: 7, DAYS[2]: 9}),
    4: ("Null Nora", None, dt.date(2024, 5, 6), {DAYS[0]: None, DAYS[1]: 3, DAYS[2]: 3}),
    5: ("line\nbreak", True, None, {DAYS[0]: 4, DAYS[1]: 4, DAYS[2]: 5}),
}

USERS_SCHEMA = pa.schema(
    [
        ("user_id", pa.int64()),
        ("name", pa.string()),
        ("followers", pa.int64()),
        ("score", pa.float64()),
        ("active", pa.bool_()),
        ("signed_up", pa.date32()),
        ("last_seen", pa.timestamp("us")),
    ]
)
DIM_SCHEMA = pa.schema([("user_id", pa.int64()), ("followers", pa.int64())])
SCD2_SCHEMA = pa.schema(
    [
        ("user_id", pa.int64()),
        ("followers", pa.int64()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("is_current", pa.bool_()),
    ]
)
# The manifest's Arrow type names, as arrow-rs prints them.
ARROW_NAMES = {
    pa.int64(): "Int64",
    pa.string(): "Utf8",
    pa.float64(): "Float64",
    pa.bool_(): "Boolean",
    pa.date32(): "Date32",
    pa.timestamp("us"): "Timestamp(Microsecond, None)",
}


def day(s):
    return dt.date.fromisoformat(s)


def users_rows(ds):
    rows = []
    for uid, (name, active, signed_up, per_day) in sorted(USERS.items()):
        if ds not in per_day:
            continue
        f = per_day[ds]
        score = None if f is None else f / 3  # repeating decimals on purpose
        seen = dt.datetime.combine(day(ds), dt.time(8, 30, 15, 250000 if uid % 2 else 0))
        rows.append(
            {
                "user_id": uid,
                "name": name,
                "followers": f,
                "score": score,
                "active": active,
                "signed_up": signed_up,
                "last_seen": seen,
            }
        )
    return rows


def dim_rows(ds):
    return [{"user_id": r["user_id"], "followers": r["followers"]} for r in users_rows(ds)]


def scd2_rows():
    """The SCD2 table after every day: a new version when followers change (NULL counts
    as a value), valid_to = the next version's valid_from, NULL while current."""
    out = []
    for uid in sorted(USERS):
        versions = []
        for ds in DAYS:
            for r in dim_rows(ds):
                if r["user_id"] == uid and (not versions or versions[-1][1] != r["followers"]):
                    versions.append((ds, r["followers"]))
        for i, (ds, f) in enumerate(versions):
            nxt = versions[i + 1][0] if i + 1 < len(versions) else None
            out.append(
                {
                    "user_id": uid,
                    "followers": f,
                    "valid_from": day(ds),
                    "valid_to": day(nxt) if nxt else None,
                    "is_current": nxt is None,
                }
            )
    return out


def parquet_bytes(rows, schema):
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buf)
    return buf.getvalue()


def csv_bytes(rows, schema):
    buf = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pylist(rows, schema=schema), buf)
    return buf.getvalue()


DATESTAMP_SQL = "SELECT user_id, followers FROM users WHERE ds = '{{ ds }}' ORDER BY user_id\n"

# LAG finds each version's first day, LEAD over those days closes it. IS DISTINCT FROM so a
# change to or from NULL is a change too. Portable: DuckDB, DataFusion and Spark.
REBUILD_SQL = """\
WITH snap AS (
  SELECT user_id, followers, ds,
         LAG(ds) OVER (PARTITION BY user_id ORDER BY ds) AS prev_ds,
         LAG(followers) OVER (PARTITION BY user_id ORDER BY ds) AS prev_followers
  FROM dim_users
),
versions AS (
  SELECT user_id, followers, ds AS valid_from,
         LEAD(ds) OVER (PARTITION BY user_id ORDER BY ds) AS valid_to
  FROM snap
  WHERE prev_ds IS NULL OR prev_followers IS DISTINCT FROM followers
)
SELECT user_id, followers,
       CAST(valid_from AS DATE) AS valid_from,
       CAST(valid_to AS DATE) AS valid_to,
       valid_to IS NULL AS is_current
FROM versions
ORDER BY user_id, valid_from
"""

STAGE_SQL = "SELECT user_id, followers FROM dim_users WHERE ds = '{{ ds }}'\n"

MERGE_SQL = """\
WITH cur AS (
  SELECT user_id, followers FROM dim_users_scd2 WHERE is_current
),
kept AS (
  SELECT t.user_id, t.followers, t.valid_from, t.valid_to, t.is_current
  FROM dim_users_scd2 t
  LEFT JOIN stg_dim_users_scd2 s ON s.user_id = t.user_id AND t.is_current
  WHERE s.user_id IS NULL OR NOT (s.followers IS DISTINCT FROM t.followers)
),
closed AS (
  SELECT t.user_id, t.followers, t.valid_from,
         CAST('{{ ds }}' AS DATE) AS valid_to, FALSE AS is_current
  FROM dim_users_scd2 t
  JOIN stg_dim_users_scd2 s ON s.user_id = t.user_id
  WHERE t.is_current AND s.followers IS DISTINCT FROM t.followers
),
opened AS (
  SELECT s.user_id, s.followers, CAST('{{ ds }}' AS DATE) AS valid_from,
         CAST(NULL AS DATE) AS valid_to, TRUE AS is_current
  FROM stg_dim_users_scd2 s
  LEFT JOIN cur c ON c.user_id = s.user_id
  WHERE c.user_id IS NULL OR c.followers IS DISTINCT FROM s.followers
)
SELECT * FROM kept
UNION ALL SELECT * FROM closed
UNION ALL SELECT * FROM opened
"""

Q1_SQL = """\
SELECT ds,
       COUNT(*) AS users,
       COUNT(followers) AS with_followers,
       SUM(followers) AS total_followers,
       AVG(followers) AS avg_followers
FROM dim_users
WHERE ds BETWEEN '2024-12-08' AND '2024-12-10'
GROUP BY ds
ORDER BY ds
"""

Q2_SQL = """\
SELECT s.user_id, u.name, s.followers, s.valid_from, s.valid_to, s.is_current,
       u.score, u.active, u.signed_up, u.last_seen
FROM dim_users_scd2 s
JOIN users u ON u.user_id = s.user_id AND u.ds = '2024-12-10'
WHERE s.valid_from <= DATE '2024-12-09'
ORDER BY s.user_id, s.valid_from
"""


def q1_answer():
    rows = []
    for ds in DAYS:
        fs = [r["followers"] for r in dim_rows(ds)]
        nn = [f for f in fs if f is not None]
        rows.append(
            {
                "ds": ds,
                "users": len(fs),
                "with_followers": len(nn),
                "total_followers": sum(nn),
                "avg_followers": sum(nn) / len(nn),
            }
        )
    schema = pa.schema(
        [
            ("ds", pa.string()),
            ("users", pa.int64()),
            ("with_followers", pa.int64()),
            ("total_followers", pa.int64()),
            ("avg_followers", pa.float64()),
        ]
    )
    return rows, schema


def q2_answer():
    last = {r["user_id"]: r for r in users_rows("2024-12-10")}
    rows = []
    for s in scd2_rows():
        if s["valid_from"] > dt.date(2024, 12, 9) or s["user_id"] not in last:
            continue
        u = last[s["user_id"]]
        rows.append(
            {
                "user_id": s["user_id"],
                "name": u["name"],
                "followers": s["followers"],
                "valid_from": s["valid_from"],
                "valid_to": s["valid_to"],
                "is_current": s["is_current"],
                "score": u["score"],
                "active": u["active"],
                "signed_up": u["signed_up"],
                "last_seen": u["last_seen"],
            }
        )
    schema = pa.schema(
        [
            ("user_id", pa.int64()),
            ("name", pa.string()),
            ("followers", pa.int64()),
            ("valid_from", pa.date32()),
            ("valid_to", pa.date32()),
            ("is_current", pa.bool_()),
            ("score", pa.float64()),
            ("active", pa.bool_()),
            ("signed_up", pa.date32()),
            ("last_seen", pa.timestamp("us")),
        ]
    )
    return rows, schema


PARTITIONED = ["users", "dim_users"]
UNPARTITIONED = ["dim_users_scd2"]


def setup_sql():
    duck, fusion, spark = [], [], ["SET spark.sql.sources.partitionColumnTypeInference.enabled=false;"]
    for t in PARTITIONED:
        duck.append(
            f"CREATE OR REPLACE VIEW {t} AS SELECT * FROM read_parquet('warehouse/{t}/*/*.parquet', "
            "hive_partitioning = true, hive_types = {'ds': VARCHAR});"
        )
        fusion.append(f"CREATE EXTERNAL TABLE {t} STORED AS PARQUET PARTITIONED BY (ds) LOCATION 'warehouse/{t}/';")
        spark.append(f"CREATE OR REPLACE TEMPORARY VIEW {t} USING parquet OPTIONS (path 'warehouse/{t}');")
    for t in UNPARTITIONED:
        duck.append(f"CREATE OR REPLACE VIEW {t} AS SELECT * FROM read_parquet('warehouse/{t}/data.parquet');")
        fusion.append(f"CREATE EXTERNAL TABLE {t} STORED AS PARQUET LOCATION 'warehouse/{t}/data.parquet';")
        spark.append(f"CREATE OR REPLACE TEMPORARY VIEW {t} USING parquet OPTIONS (path 'warehouse/{t}');")
    return {name: "\n".join(lines) + "\n" for name, lines in [("duckdb", duck), ("datafusion", fusion), ("spark", spark)]}


def columns(schema):
    return [{"name": f.name, "type": ARROW_NAMES[f.type]} for f in schema]


README = """\
# Warehouse export (synthetic test fixture)

Made by tests/outgrow/make_fixture.py. Run `sql/setup/<engine>.sql` from this folder, then
the questions in `sql/questions/` and the pipelines in `sql/pipelines/`.
"""


def build(wrong_answer=False):
    files = {}
    for ds in DAYS:
        files[f"warehouse/users/ds={ds}/part-0.parquet"] = parquet_bytes(users_rows(ds), USERS_SCHEMA)
        files[f"warehouse/dim_users/ds={ds}/part-0.parquet"] = parquet_bytes(dim_rows(ds), DIM_SCHEMA)
    files["warehouse/dim_users_scd2/data.parquet"] = parquet_bytes(scd2_rows(), SCD2_SCHEMA)
    for engine, text in setup_sql().items():
        files[f"sql/setup/{engine}.sql"] = text.encode()
    files["sql/pipelines/datestamp/dim_users.sql"] = DATESTAMP_SQL.encode()
    files["sql/pipelines/scd2/dim_users_scd2_stage.sql"] = STAGE_SQL.encode()
    files["sql/pipelines/scd2/dim_users_scd2_merge.sql"] = MERGE_SQL.encode()
    files["sql/pipelines/scd2/dim_users_scd2_rebuild.sql"] = REBUILD_SQL.encode()
    files["sql/questions/followers_by_day.sql"] = Q1_SQL.encode()
    files["sql/questions/scd2_history.sql"] = Q2_SQL.encode()
    q1_rows, q1_schema = q1_answer()
    if wrong_answer:
        q1_rows[1]["total_followers"] += 1
    files["answers/followers_by_day.csv"] = csv_bytes(q1_rows, q1_schema)
    files["answers/scd2_history.csv"] = csv_bytes(*q2_answer())
    manifest = {
        "format": "datestamp-playground-warehouse",
        "version": 1,
        "first_day": DAYS[0],
        "last_day": DAYS[-1],
        "tables": [
            {"name": "users", "partitioned": True, "partitions": DAYS, "columns": columns(USERS_SCHEMA), "imported": True},
            {"name": "dim_users", "partitioned": True, "partitions": DAYS, "columns": columns(DIM_SCHEMA), "imported": False},
            {"name": "dim_users_scd2", "partitioned": False, "columns": columns(SCD2_SCHEMA), "imported": False},
        ],
        "questions": [
            {
                "name": "followers_by_day",
                "title": "Users and followers per day",
                "model": "datestamp",
                "sql": "sql/questions/followers_by_day.sql",
                "answer": "answers/followers_by_day.csv",
            },
            {
                "name": "scd2_history",
                "title": "SCD2 versions opened by 2024-12-09",
                "model": "scd2",
                "sql": "sql/questions/scd2_history.sql",
                "answer": "answers/scd2_history.csv",
            },
        ],
        "pipelines": [
            {"table": "dim_users", "kind": "datestamp", "sql": "sql/pipelines/datestamp/dim_users.sql"},
            {"table": "dim_users_scd2", "kind": "scd2_stage", "sql": "sql/pipelines/scd2/dim_users_scd2_stage.sql"},
            {"table": "dim_users_scd2", "kind": "scd2_merge", "sql": "sql/pipelines/scd2/dim_users_scd2_merge.sql"},
            {"table": "dim_users_scd2", "kind": "scd2_rebuild", "sql": "sql/pipelines/scd2/dim_users_scd2_rebuild.sql"},
        ],
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    files["README.md"] = README.encode()
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="the zip to write")
    ap.add_argument("--wrong-answer", action="store_true", help="change one value of one answer CSV")
    args = ap.parse_args(argv)
    files = build(args.wrong_answer)
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    print(f"wrote {args.out} ({len(files)} files)", file=sys.stderr)


if __name__ == "__main__":
    main()
