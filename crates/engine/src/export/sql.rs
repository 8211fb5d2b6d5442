//! The SQL an export carries: statements that register its tables on DuckDB, DataFusion
//! and Spark, the pipelines that built them, and the catalog's questions with their dates
//! filled in. The same text runs on all three engines; where the playground's own text
//! uses something one of them lacks (`SELECT * EXCLUDE`), the exported one says it
//! another way.

use datafusion::arrow::datatypes::Schema;
use playground_queries::{QuestionParams, Thresholds};

use crate::layout::PARTITION_COLUMN;
use crate::pipelines::{aggregate, datestamp, scd1, scd2};

/// Engines an export sets up for.
pub const ENGINES: [&str; 3] = ["duckdb", "datafusion", "spark"];

/// One table as the set-up statements see it.
pub struct TableEntry<'a> {
    /// Its name.
    pub name: &'a str,
    /// Partitioned by `ds` (a folder per day) or one file.
    pub partitioned: bool,
}

/// Statements registering every table on `engine`, paths relative to the export's root.
pub fn setup(engine: &str, tables: &[TableEntry]) -> String {
    let mut out = format!("-- Registers the exported tables on {engine}. Run from the folder the zip unpacked into.\n");
    if engine == "spark" {
        // Spark would read `ds=2024-10-01` as a DATE; the playground's ds is text.
        out.push_str("SET spark.sql.sources.partitionColumnTypeInference.enabled = false;\n");
    }
    for t in tables {
        let (name, dir) = (t.name, format!("warehouse/{}", t.name));
        out.push_str(&match (engine, t.partitioned) {
            ("duckdb", true) => format!(
                "CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{dir}/*/*.parquet', \
                 hive_partitioning = true, hive_types = {{'{PARTITION_COLUMN}': VARCHAR}});\n"
            ),
            ("duckdb", false) => format!("CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{dir}/data.parquet');\n"),
            ("datafusion", true) => format!(
                "CREATE EXTERNAL TABLE {name} STORED AS PARQUET PARTITIONED BY ({PARTITION_COLUMN}) LOCATION '{dir}/';\n"
            ),
            ("datafusion", false) => format!("CREATE EXTERNAL TABLE {name} STORED AS PARQUET LOCATION '{dir}/data.parquet';\n"),
            (_, true) => format!("CREATE OR REPLACE TEMPORARY VIEW {name} USING parquet OPTIONS (path '{dir}');\n"),
            (_, false) => {
                format!("CREATE OR REPLACE TEMPORARY VIEW {name} USING parquet OPTIONS (path '{dir}/data.parquet');\n")
            }
        });
    }
    out
}

/// One pipeline statement: the table it writes, what kind of step, and its text.
pub struct PipelineSql {
    /// Output table.
    pub table: String,
    /// `datestamp`, `scd2_stage`, `scd2_merge`, `scd2_rebuild` or `scd1`.
    pub kind: &'static str,
    /// The statement; `{{ ds }}` where a daily step takes its day.
    pub sql: String,
}

/// Every pipeline of the social network, for the snapshots of `first` to `last`.
/// `columns` gives a table's file columns, for the statements that name them.
pub fn pipelines(
    first: &str,
    last: &str,
    thresholds: Thresholds,
    columns: impl Fn(&str) -> Option<Schema>,
) -> Vec<PipelineSql> {
    let mut out = Vec::new();
    let named = |table: &str, transform: &str, order_by: &str| {
        let cols = columns(table)
            .map(|s| s.fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>().join(", "))
            .unwrap_or_else(|| "*".to_string());
        format!("SELECT {cols} FROM (\n{transform}\n) day\nORDER BY {order_by}")
    };
    for p in datestamp::PIPELINES {
        out.push(PipelineSql {
            table: p.table.into(),
            kind: "datestamp",
            sql: named(p.table, p.transform, p.order_by),
        });
    }
    let agg = aggregate::with_thresholds(aggregate::DATESTAMP_SQL, thresholds);
    out.push(PipelineSql {
        table: "agg_daily".into(),
        kind: "datestamp",
        sql: named("agg_daily", &agg, "big_accounts"),
    });
    for p in scd2::PIPELINES {
        let stage = format!("SELECT * FROM (\n{}\n) day", p.transform);
        out.push(PipelineSql { table: p.table.into(), kind: "scd2_stage", sql: stage });
        out.push(PipelineSql { table: p.table.into(), kind: "scd2_merge", sql: p.merge_sql() });
        if let Ok(sql) = p.rebuild_sql(first, last) {
            out.push(PipelineSql { table: p.table.into(), kind: "scd2_rebuild", sql });
        }
    }
    out.push(PipelineSql {
        table: "agg_daily_scd2".into(),
        kind: "scd2_merge",
        sql: aggregate::with_thresholds(aggregate::SCD2_SQL, thresholds),
    });
    out.push(PipelineSql { table: scd1::TABLE.into(), kind: "scd1", sql: scd1::SQL.to_string() });
    out
}

/// One catalog question in one model, its dates filled in.
pub struct QuestionSql {
    /// `<id>_<model>`, the file name.
    pub name: String,
    /// Its menu title.
    pub title: &'static str,
    /// `datestamp`, `scd2` or `scd1`.
    pub model: &'static str,
    /// The statement.
    pub sql: String,
}

/// Every question of the catalog in every model it has, for snapshots `first` to `last`.
pub fn questions(first: &str, last: &str, thresholds: Thresholds) -> Vec<QuestionSql> {
    let params = QuestionParams::for_range(first, last, thresholds);
    let mut out = Vec::new();
    for q in playground_queries::all() {
        let models = [("datestamp", Some(q.datestamp_sql)), ("scd2", Some(q.scd2_sql)), ("scd1", q.scd1_sql)];
        for (model, sql) in models {
            let Some(Ok(sql)) = sql.map(|s| playground_queries::render(s, &params)) else { continue };
            out.push(QuestionSql { name: format!("{}_{model}", q.id), title: q.title, model, sql });
        }
    }
    out
}

/// The README inside the zip.
pub fn readme(tables: usize, first_last: Option<(&str, &str)>) -> String {
    let days = first_last.map(|(f, l)| format!(" The snapshots run from {f} to {l}.")).unwrap_or_default();
    format!(
        "# A warehouse exported from the datestamps-vs-SCD2 playground

{tables} tables as Hive-partitioned Parquet, with the SQL that built them and the
questions the playground asks of them.{days}

## What is here

- `warehouse/<table>/ds=YYYY-MM-DD/part-0.parquet`: one file per day of a datestamped or
  raw table. `ds` is not in the file; its folder gives it, as text.
- `warehouse/<table>/data.parquet`: a table kept as one file (the SCD2 and SCD1 tables).
- `sql/setup/duckdb.sql`, `sql/setup/datafusion.sql`, `sql/setup/spark.sql`: register
  every table under its name. Run them from this folder.
- `sql/questions/<question>_<model>.sql`: each catalog question in each history model,
  dates filled in; `answers/<question>_<model>.csv` is what the playground answered.
- `sql/pipelines/datestamp/<table>.sql`: the daily statement of a datestamped table;
  replace `{{{{ ds }}}}` with a day and it returns that day's partition (without `ds`).
- `sql/pipelines/scd2/<table>_stage.sql` and `_merge.sql`: the daily SCD2 step. Register
  the stage's rows for a day as `stg_<table>`, then the merge returns the whole table as
  it stands after that day. `_rebuild.sql` builds the same table in one pass from the
  daily snapshots.
- `sql/pipelines/scd1/dim_users_current.sql`: the daily overwrite of the SCD1 table.
- `manifest.json`: the tables, questions and pipelines above, for scripts.

## Run it elsewhere

DuckDB (`pip install duckdb`):

    import duckdb
    con = duckdb.connect()
    con.execute(open('sql/setup/duckdb.sql').read())
    print(con.sql(open('sql/questions/retention_datestamp.sql').read()))

DataFusion (`pip install datafusion`): run each statement of `sql/setup/datafusion.sql`
with `SessionContext.sql(...)`, then the questions the same way; or use `datafusion-cli`
in this folder.

Apache Spark (`pip install pyspark`, with Java): run each statement of
`sql/setup/spark.sql` with `spark.sql(...)`, then the questions. Spark reads a `ds=`
folder as a date unless told not to, which the first statement does.

The SQL is the playground's own, standard enough to run unchanged on all three. One
change: the playground's daily datestamp statement selects `* EXCLUDE (ds)`, which Spark
does not have, so the exported one names its columns.
"
    )
}
