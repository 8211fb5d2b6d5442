//! A deterministic generator of hostile and varied SQL over the playground's own tables.
//!
//! Every statement the playground runs comes from someone typing into a browser, so the
//! engine must end each one in a result or a clear error: never a panic, an abort, a
//! stack overflow or a hang. The fuzz harness throws these statements at it. They come in
//! families (plain selects, joins, windows, subqueries, casts, dates, hostile literals,
//! deep nesting, long flat chains, several statements at once, DDL/DML the engine must
//! refuse, token soup, aggregates), drawn with roughly equal weights.
//!
//! Most statements name the warehouse's real tables and columns ([`TABLES`]) and filter
//! partitioned tables to real days, so they get past planning and actually run over rows;
//! a few name tables and columns that do not exist ([`MISSING_TABLES`],
//! [`MISSING_COLUMNS`]). Joins and chains are kept bounded (a join is on keys and days,
//! or is limited and unordered) so that a slow statement points at the engine, not at a
//! legitimately enormous query.
//!
//! Everything is drawn from [`Rng`] (splitmix64): the same seed gives the same statements
//! on every machine, so a failure found once can be replayed.
#![allow(dead_code)]

use std::fmt::Write as _;

use self::Ty::{Bool, Date, Float, Int, Text};

/// Longest statement handed out; a longer one is cut at a character boundary (a cut
/// statement is just one more malformed input).
pub const MAX_SQL_BYTES: usize = 1_000_000;

// ------------------------------------------------------------------------------------
// The warehouse's tables
// ------------------------------------------------------------------------------------

/// A column's type, loosely: enough to build expressions that usually type-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Int,
    Float,
    Text,
    Date,
    Bool,
}

/// A table and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub cols: &'static [(&'static str, Ty)],
}

impl Table {
    pub fn has(&self, col: &str) -> bool {
        self.cols.iter().any(|c| c.0 == col)
    }
    /// Stored one `ds` partition per day (`ds` is text, `YYYY-MM-DD`).
    pub fn partitioned(&self) -> bool {
        self.has("ds")
    }
    /// An SCD2 table: `valid_from`, `valid_to` (exclusive, NULL while current), `is_current`.
    pub fn versioned(&self) -> bool {
        self.has("valid_from")
    }
}

const USERS_SCD2: &[(&str, Ty)] = &[
    ("user_id", Int),
    ("signed_up", Date),
    ("followers", Int),
    ("following", Int),
    ("device", Text),
    ("valid_from", Date),
    ("valid_to", Date),
    ("is_current", Bool),
];

/// The social warehouse's tables, copied from the code that builds them:
/// raw snapshots from `src/social/raw.rs` (named as `protocol::RAW_TABLES`, with the
/// `ds` partition column of `src/layout.rs`), the datestamped models from
/// `src/pipelines/transforms.rs` and `aggregate.rs`, the SCD2 tables from
/// `src/pipelines/scd2.rs` (and its botched copy), the SCD1 table from `scd1.rs`.
pub const TABLES: &[Table] = &[
    Table { name: "users", cols: &[("user_id", Int), ("signed_up", Date), ("status", Text), ("ds", Text)] },
    Table { name: "devices", cols: &[("user_id", Int), ("device", Text), ("sessions", Int), ("ds", Text)] },
    Table { name: "relationships", cols: &[("user_id", Int), ("friend_id", Int), ("followed_on", Date), ("ds", Text)] },
    Table { name: "post_views", cols: &[("post_id", Int), ("viewer_id", Int), ("poster_id", Int), ("ds", Text)] },
    Table {
        name: "dim_users",
        cols: &[
            ("user_id", Int),
            ("signed_up", Date),
            ("followers", Int),
            ("following", Int),
            ("device", Text),
            ("ds", Text),
        ],
    },
    Table { name: "dim_devices", cols: &[("user_id", Int), ("device", Text), ("ds", Text)] },
    Table {
        name: "dim_relationships",
        cols: &[("user_id", Int), ("friend_id", Int), ("is_mutual", Bool), ("ds", Text)],
    },
    Table { name: "fct_post_views", cols: &[("post_id", Int), ("viewer_id", Int), ("poster_id", Int), ("ds", Text)] },
    Table { name: "agg_daily", cols: &[("big_accounts", Int), ("mutual_follows", Int), ("ds", Text)] },
    Table { name: "dim_users_scd2", cols: USERS_SCD2 },
    Table { name: "dim_users_scd2_botched", cols: USERS_SCD2 },
    Table {
        name: "dim_devices_scd2",
        cols: &[("user_id", Int), ("device", Text), ("valid_from", Date), ("valid_to", Date), ("is_current", Bool)],
    },
    Table {
        name: "dim_relationships_scd2",
        cols: &[
            ("user_id", Int),
            ("friend_id", Int),
            ("is_mutual", Bool),
            ("valid_from", Date),
            ("valid_to", Date),
            ("is_current", Bool),
        ],
    },
    Table { name: "agg_daily_scd2", cols: &[("day", Date), ("big_accounts", Int), ("mutual_follows", Int)] },
    Table {
        name: "dim_users_current",
        cols: &[("user_id", Int), ("signed_up", Date), ("followers", Int), ("following", Int), ("device", Text)],
    },
];

/// Tables that do not exist in a social warehouse (`demo_events` only when the demo is
/// loaded), for "table not found" errors.
pub const MISSING_TABLES: &[Table] = &[
    Table { name: "no_such_table", cols: &[("id", Int), ("ds", Text)] },
    Table { name: "raw_users", cols: &[("user_id", Int), ("status", Text), ("ds", Text)] },
    Table { name: "dim_user", cols: &[("user_id", Int), ("followers", Int), ("ds", Text)] },
    Table {
        name: "dim_users_scd3",
        cols: &[("user_id", Int), ("valid_from", Date), ("valid_to", Date), ("is_current", Bool)],
    },
    Table { name: "\"DIM_USERS\"", cols: &[("user_id", Int), ("ds", Text)] },
    Table { name: "public.nope", cols: &[("x", Int)] },
    Table {
        name: "demo_events",
        cols: &[("event_id", Int), ("user_id", Int), ("event_type", Text), ("amount", Float), ("ds", Text)],
    },
];

/// Columns no table has.
pub const MISSING_COLUMNS: &[&str] =
    &["nope", "followerz", "user_idd", "\"USER_ID\"", "ds2", "valid_until", "is_mutal", "t.nope"];

/// Values the text columns really hold (`generator.rs` DEVICES, `snapshot.rs` status).
const TEXTS: &[&str] = &["android", "desktop", "ios", "web", "active", "deactivated", "", "x", "Android"];
const EDGE_INTS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "NULL",
];
const LIMITS: &[&str] = &[
    "0",
    "1",
    "3",
    "10",
    "10",
    "100",
    "1000",
    "9223372036854775807",
    "9223372036854775808",
    "-1",
    "-9223372036854775808",
    "1.5",
    "'10'",
    "NULL",
    "(SELECT 1)",
    "2 + 3",
    "99999999999999999999999999999999999999",
];
/// Days that are not days, or not in the warehouse.
const BAD_DAYS: &[&str] = &[
    "2024-02-30",
    "2024-13-01",
    "2024-00-10",
    "2023-02-29",
    "yesterday",
    "today",
    "",
    "2024-01",
    "2024",
    "24-01-01",
    "2024/01/01",
    "2024-1-1",
    "0000-00-00",
    "1970-01-01",
    "9999-12-31",
    "-0001-01-01",
    "2024-01-01T00:00:00",
    "2024-01-01 00:00:00",
    " 2024-01-01",
    "2024-01-01'; DROP TABLE dim_users; --",
    "\u{ff12}\u{ff10}\u{ff12}\u{ff14}-01-01",
    "NULL",
];
const CMP_OPS: &[&str] = &["=", "<>", "!=", "<", "<=", ">", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"];
const LIKE_PATTERNS: &[&str] = &["a%", "%o%", "_", "%", "", "\\", "[a-z]", "%%%%%%%%%%%%%%%%%%%%%%%%a"];

/// `count` statements from `seed`; the same seed gives the same statements.
pub fn cases(seed: u64, count: usize) -> Vec<Case> {
    cases_for(seed, count, "2024-01-01", 10)
}

/// `count` statements from `seed` for a warehouse whose days run from `first_day` for
/// `days` days.
pub fn cases_for(seed: u64, count: usize, first_day: &str, days: u32) -> Vec<Case> {
    let mut g = Gen { rng: Rng::new(seed), days: day_strings(first_day, days) };
    (0..count)
        .map(|_| {
            let (family, make) = FAMILIES[g.rng.below(FAMILIES.len())];
            Case { family, sql: cap(make(&mut g)) }
        })
        .collect()
}

/// The families' names, in a fixed order.
pub fn family_names() -> Vec<&'static str> {
    FAMILIES.iter().map(|f| f.0).collect()
}

/// One generated statement and the family it came from (for counting per family).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub family: &'static str,
    pub sql: String,
}

type Family = fn(&mut Gen) -> String;

const FAMILIES: &[(&str, Family)] = &[
    ("select", select),
    ("join", join),
    ("window", window),
    ("subquery", subquery),
    ("cast", cast),
    ("date", date),
    ("literal", literal),
    ("deep", deep),
    ("chain", chain),
    ("multi", multi),
    ("ddl_dml", ddl_dml),
    ("garbage", garbage),
    ("aggregate", aggregate),
];

// ------------------------------------------------------------------------------------
// Randomness and helpers
// ------------------------------------------------------------------------------------

/// splitmix64: tiny, fast and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.next_u64() % 100 < u64::from(percent)
    }
    /// A number in `lo..=hi`, uniformly.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
    /// A number in `lo..=hi`, log-uniformly: small sizes are as common as huge ones.
    pub fn sized(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo;
        let bits = span.ilog2() as usize + 1;
        let cap = 1usize << self.below(bits + 1).min(62);
        lo + self.below(cap.min(span + 1))
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A SQL string literal.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `f(0) sep f(1) sep …`, `n` items.
fn joined(n: usize, sep: &str, mut f: impl FnMut(usize) -> String) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&f(i));
    }
    out
}

/// Cuts a statement to [`MAX_SQL_BYTES`] at a character boundary.
fn cap(mut sql: String) -> String {
    if sql.len() > MAX_SQL_BYTES {
        let mut end = MAX_SQL_BYTES;
        while !sql.is_char_boundary(end) {
            end -= 1;
        }
        sql.truncate(end);
    }
    sql
}

/// The column that names an account, for joins and correlations.
fn user_col(t: &Table) -> Option<&'static str> {
    ["user_id", "viewer_id", "poster_id", "friend_id"].into_iter().find(|c| t.has(c))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `days` consecutive `YYYY-MM-DD` strings from `first` (just `first` if it is no day).
fn day_strings(first: &str, days: u32) -> Vec<String> {
    let parts: Vec<&str> = first.split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) => Some((y, m, d)),
            _ => None,
        },
        _ => None,
    };
    let Some((mut y, mut m, mut d)) = parsed else { return vec![first.to_string()] };
    let mut out = Vec::new();
    for _ in 0..days.clamp(1, 100_000) {
        out.push(format!("{y:04}-{m:02}-{d:02}"));
        d += 1;
        if d > days_in_month(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    out
}

/// The generator's state: the random stream and the warehouse's days.
struct Gen {
    rng: Rng,
    days: Vec<String>,
}

impl Gen {
    fn one<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.below(xs.len())]
    }

    /// A real table mostly, now and then one that does not exist.
    fn table(&mut self) -> &'static Table {
        if self.rng.chance(6) {
            self.rng.pick(MISSING_TABLES)
        } else {
            self.rng.pick(TABLES)
        }
    }

    /// A real table for which `f` holds (the first table if none does).
    fn table_where(&mut self, f: impl Fn(&Table) -> bool) -> &'static Table {
        let n = TABLES.iter().filter(|&t| f(t)).count();
        let i = self.rng.below(n);
        TABLES.iter().filter(|&t| f(t)).nth(i).unwrap_or(&TABLES[0])
    }

    /// A table with an account column, now and then a missing one.
    fn keyed_table(&mut self) -> &'static Table {
        if self.rng.chance(4) {
            self.rng.pick(MISSING_TABLES)
        } else {
            self.table_where(|t| user_col(t).is_some())
        }
    }

    /// A column of `t`, now and then one that does not exist.
    fn col(&mut self, t: &Table) -> &'static str {
        if self.rng.chance(3) {
            self.one(MISSING_COLUMNS)
        } else {
            self.rng.pick(t.cols).0
        }
    }

    fn col_of(&mut self, t: &Table, ty: Ty) -> Option<&'static str> {
        let n = t.cols.iter().filter(|c| c.1 == ty).count();
        let i = self.rng.below(n);
        t.cols.iter().filter(|c| c.1 == ty).nth(i).map(|c| c.0)
    }

    /// `"t."` or nothing: the same column, qualified or not.
    fn qual(&mut self) -> &'static str {
        if self.rng.chance(50) {
            "t."
        } else {
            ""
        }
    }

    fn any_ty(&mut self) -> Ty {
        self.one(&[Int, Int, Float, Text, Date, Bool])
    }

    /// One of the warehouse's days.
    fn good_day(&mut self) -> String {
        let i = self.rng.below(self.days.len());
        self.days[i].clone()
    }

    /// A warehouse day mostly, now and then one that is not a day or not stored.
    fn day(&mut self) -> String {
        if self.rng.chance(10) {
            self.one(BAD_DAYS).to_string()
        } else {
            self.good_day()
        }
    }

    /// A filter to one day or several: `ds` for partitioned tables, the as-of predicate
    /// for SCD2 tables, `TRUE` for the rest.
    fn filter_days(&mut self, t: &Table, q: &str) -> String {
        if !t.partitioned() {
            return self.one_day(t, q);
        }
        match self.rng.below(8) {
            0 => format!("{q}ds BETWEEN {} AND {}", quote(&self.good_day()), quote(&self.good_day())),
            1 => format!("{q}ds IN ({}, {})", quote(&self.day()), quote(&self.day())),
            2 => format!("{q}ds >= {}", quote(&self.good_day())),
            _ => format!("{q}ds = {}", quote(&self.day())),
        }
    }

    /// A filter that keeps at most one day of `t`.
    fn one_day(&mut self, t: &Table, q: &str) -> String {
        if t.partitioned() {
            format!("{q}ds = {}", quote(&self.day()))
        } else if t.versioned() {
            let d = quote(&self.day());
            format!("{q}valid_from <= DATE {d} AND ({q}valid_to > DATE {d} OR {q}valid_to IS NULL)")
        } else {
            "TRUE".to_string()
        }
    }

    fn int_lit(&mut self) -> String {
        if self.rng.chance(85) {
            self.rng.below(400).to_string()
        } else {
            self.one(EDGE_INTS).to_string()
        }
    }

    fn lit(&mut self, ty: Ty) -> String {
        match ty {
            Int => self.int_lit(),
            Float => self.one(&["0.5", "1.0", "-2.25", "1e10", "3.14159", "NULL", "'NaN'"]).to_string(),
            Text => quote(self.one(TEXTS)),
            Date => format!("DATE {}", quote(&self.day())),
            Bool => self.one(&["TRUE", "FALSE", "NULL"]).to_string(),
        }
    }

    /// An expression meant to have type `ty` over the columns of `t` (prefixed `q`),
    /// `depth` levels deep at most; now and then it names a missing column.
    fn expr(&mut self, t: &Table, q: &str, ty: Ty, depth: u32) -> String {
        if self.rng.chance(2) {
            return format!("{q}{}", self.one(MISSING_COLUMNS));
        }
        if depth == 0 || self.rng.chance(35) {
            return match self.col_of(t, ty) {
                Some(c) if self.rng.chance(75) => format!("{q}{c}"),
                _ => self.lit(ty),
            };
        }
        let d = depth - 1;
        match ty {
            Int => match self.rng.below(8) {
                0 => format!("({} + {})", self.expr(t, q, Int, d), self.expr(t, q, Int, d)),
                1 => format!("({} * {})", self.expr(t, q, Int, d), self.expr(t, q, Int, d)),
                2 => format!("({} % {})", self.expr(t, q, Int, d), self.int_lit()),
                3 => format!("abs({})", self.expr(t, q, Int, d)),
                4 => format!("coalesce({}, 0)", self.expr(t, q, Int, d)),
                5 => format!("length({})", self.expr(t, q, Text, d)),
                6 => format!(
                    "CASE WHEN {} THEN {} ELSE {} END",
                    self.pred(t, q, d),
                    self.expr(t, q, Int, d),
                    self.expr(t, q, Int, d)
                ),
                _ => format!("CAST({} AS BIGINT)", self.expr(t, q, Float, d)),
            },
            Float => match self.rng.below(4) {
                0 => format!("({} / 3.0)", self.expr(t, q, Int, d)),
                1 => format!("sqrt(abs({}))", self.expr(t, q, Int, d)),
                2 => format!("CAST({} AS DOUBLE)", self.expr(t, q, Int, d)),
                _ => format!("round({} * 1.5, 2)", self.expr(t, q, Int, d)),
            },
            Text => match self.rng.below(5) {
                0 => format!("upper({})", self.expr(t, q, Text, d)),
                1 => format!("({} || '-' || {})", self.expr(t, q, Text, d), self.expr(t, q, Text, d)),
                2 => format!("substr({}, 1, 3)", self.expr(t, q, Text, d)),
                3 => format!("CAST({} AS VARCHAR)", self.expr(t, q, Int, d)),
                _ => format!("coalesce({}, 'none')", self.expr(t, q, Text, d)),
            },
            Date => match self.rng.below(4) {
                0 => format!("({} + INTERVAL '1 day')", self.expr(t, q, Date, d)),
                1 if t.partitioned() => format!("CAST({q}ds AS DATE)"),
                1 => format!("CAST({} AS DATE)", self.expr(t, q, Text, d)),
                2 => format!("date_trunc('month', {})", self.expr(t, q, Date, d)),
                _ => format!("coalesce({}, DATE '2024-01-01')", self.expr(t, q, Date, d)),
            },
            Bool => self.pred(t, q, d),
        }
    }

    /// A boolean expression over the columns of `t`.
    fn pred(&mut self, t: &Table, q: &str, depth: u32) -> String {
        let d = depth.saturating_sub(1);
        let choices = if depth == 0 { 6 } else { 9 };
        match self.rng.below(choices) {
            0 => {
                let ty = self.one(&[Int, Int, Text, Date, Float]);
                format!("{} {} {}", self.expr(t, q, ty, d), self.one(CMP_OPS), self.expr(t, q, ty, d))
            }
            1 => format!("{q}{} IS {}NULL", self.col(t), if self.rng.chance(50) { "NOT " } else { "" }),
            2 => format!("{} BETWEEN {} AND {}", self.expr(t, q, Int, d), self.int_lit(), self.int_lit()),
            3 => {
                let list = joined(self.rng.between(1, 5), ", ", |_| self.int_lit());
                format!("{} IN ({list})", self.expr(t, q, Int, d))
            }
            4 => match self.col_of(t, Bool) {
                Some(c) => format!("{q}{c}"),
                None => self.filter_days(t, q),
            },
            5 => format!("{} LIKE {}", self.expr(t, q, Text, d), quote(self.one(LIKE_PATTERNS))),
            6 => format!("NOT ({})", self.pred(t, q, d)),
            7 => format!("({} AND {})", self.pred(t, q, d), self.pred(t, q, d)),
            _ => format!("({} OR {})", self.pred(t, q, d), self.pred(t, q, d)),
        }
    }

    fn simple_agg(&mut self, t: &Table, q: &str) -> String {
        if self.rng.chance(25) {
            return "count(*)".to_string();
        }
        let f = self.one(&["count", "sum", "min", "max", "avg", "count(DISTINCT"]);
        let e = self.expr(t, q, Int, 1);
        if f.ends_with("DISTINCT") {
            format!("{f} {e})")
        } else {
            format!("{f}({e})")
        }
    }

    /// A SELECT list over `t` and how many items it has.
    fn projection(&mut self, t: &Table, q: &str) -> (String, usize) {
        match self.rng.below(10) {
            0 => ("*".to_string(), t.cols.len()),
            1 if t.partitioned() => ("* EXCLUDE (ds)".to_string(), t.cols.len() - 1),
            2 => (format!("{q}*"), t.cols.len()),
            _ => {
                let n = self.rng.between(1, 5);
                let items = joined(n, ", ", |i| {
                    let ty = self.any_ty();
                    format!("{} AS c{i}", self.expr(t, q, ty, 2))
                });
                (items, n)
            }
        }
    }

    /// ` ORDER BY …` with positions (some past the end) and columns.
    fn order_by(&mut self, t: &Table, q: &str, width: usize) -> String {
        let items = joined(self.rng.between(1, 3), ", ", |_| {
            let key = if self.rng.chance(40) {
                (1 + self.rng.below(width + 1)).to_string()
            } else {
                format!("{q}{}", self.col(t))
            };
            format!("{key}{}", self.one(&["", " ASC", " DESC", " DESC NULLS LAST", " ASC NULLS FIRST"]))
        });
        format!(" ORDER BY {items}")
    }

    /// ` LIMIT …` / ` OFFSET …`, huge and negative too.
    fn limit(&mut self) -> String {
        let n = self.one(LIMITS);
        match self.rng.below(5) {
            0 => format!(" OFFSET {n}"),
            1 => format!(" LIMIT {} OFFSET {n}", self.one(LIMITS)),
            _ => format!(" LIMIT {n}"),
        }
    }

    /// Any Unicode scalar value, biased to ASCII and to characters that trip lexers.
    fn any_char(&mut self) -> char {
        let code = match self.rng.below(10) {
            0..=4 => 0x20 + self.rng.below(0x5F) as u32,
            5 => self.rng.below(0x20) as u32,
            6 => 0x80 + self.rng.below(0x780) as u32,
            7 => 0x800 + self.rng.below(0xF800) as u32,
            8 => 0x1_0000 + self.rng.below(0x10_0000) as u32,
            _ => {
                let tricky =
                    ['\u{0}', '\u{FEFF}', '\u{202E}', '\u{2028}', '\u{FFFD}', '\u{200B}', '\'', '"', '`', '\\', ';'];
                return self.one(&tricky);
            }
        };
        char::from_u32(code).unwrap_or('\u{FFFD}')
    }

    /// One SQL-ish token: keyword, operator, name or literal.
    fn token(&mut self) -> String {
        match self.rng.below(5) {
            0 | 1 => self.one(KEYWORDS).to_string(),
            2 => self.one(OPERATORS).to_string(),
            3 => {
                let t = self.table();
                if self.rng.chance(50) {
                    t.name.to_string()
                } else {
                    self.col(t).to_string()
                }
            }
            _ => self.one(TOKEN_LITERALS).to_string(),
        }
    }
}

// ------------------------------------------------------------------------------------
// select
// ------------------------------------------------------------------------------------

/// Plain SELECTs: projections, random WHERE clauses, GROUP BY (names or positions) with
/// HAVING, ORDER BY, LIMIT/OFFSET (huge and negative too) and DISTINCT.
fn select(g: &mut Gen) -> String {
    let t = g.table();
    let q = g.qual();
    let mut sql = String::from("SELECT ");
    if g.rng.chance(15) {
        sql.push_str("DISTINCT ");
    }
    let mut tail = String::new();
    let width;
    if g.rng.chance(35) {
        let keys: Vec<String> = (0..g.rng.between(1, 3)).map(|_| format!("{q}{}", g.col(t))).collect();
        let aggs: Vec<String> = (0..g.rng.between(1, 3)).map(|_| g.simple_agg(t, q)).collect();
        width = keys.len() + aggs.len();
        sql.push_str(&keys.iter().chain(&aggs).cloned().collect::<Vec<_>>().join(", "));
        if g.rng.chance(20) {
            tail = format!(" GROUP BY {}", joined(keys.len(), ", ", |i| (i + 1).to_string()));
        } else {
            tail = format!(" GROUP BY {}", keys.join(", "));
        }
        if g.rng.chance(40) {
            let having = match g.rng.below(3) {
                0 => format!("count(*) > {}", g.int_lit()),
                1 => format!("{} {} {}", g.simple_agg(t, q), g.one(CMP_OPS), g.int_lit()),
                _ => g.pred(t, q, 1),
            };
            let _ = write!(tail, " HAVING {having}");
        }
    } else {
        let (p, w) = g.projection(t, q);
        sql.push_str(&p);
        width = w;
    }
    let _ = write!(sql, " FROM {} t", t.name);
    if g.rng.chance(85) {
        let _ = write!(sql, " WHERE {}", g.filter_days(t, q));
        if g.rng.chance(60) {
            let _ = write!(sql, " AND {}", g.pred(t, q, 2));
        }
    }
    sql.push_str(&tail);
    if g.rng.chance(50) {
        sql.push_str(&g.order_by(t, q, width));
    }
    if g.rng.chance(60) {
        sql.push_str(&g.limit());
    }
    sql
}

// ------------------------------------------------------------------------------------
// join
// ------------------------------------------------------------------------------------

/// Joins of 2–4 tables: inner/left/right/full/cross/natural joins, USING, self joins, real
/// and nonsense keys, and the SCD2 as-of range join. Each table is tied to an earlier one
/// by key and day or filtered to one day, and a join with a nonsense key or a cross join
/// stays unordered and limited, so the result is small.
fn join(g: &mut Gen) -> String {
    if g.rng.chance(20) {
        return as_of_join(g);
    }
    let n = g.rng.between(2, 4);
    let mut tables: Vec<&'static Table> = vec![g.keyed_table()];
    let mut from = format!("{} t0", tables[0].name);
    let mut wheres: Vec<String> = Vec::new();
    if g.rng.chance(85) {
        wheres.push(g.one_day(tables[0], "t0."));
    }
    let mut risky = false;
    for i in 1..n {
        let t = if g.rng.chance(20) { tables[g.rng.below(i)] } else { g.keyed_table() };
        let j = g.rng.below(i);
        let prev = tables[j];
        let kind = g.one(&["JOIN", "INNER JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS", "USING", "NATURAL"]);
        match kind {
            "CROSS" if !risky => {
                risky = true;
                wheres.push(g.one_day(t, &format!("t{i}.")));
                let _ = write!(from, " CROSS JOIN {} t{i}", t.name);
            }
            "USING" => {
                let common: Vec<&str> = t.cols.iter().map(|c| c.0).filter(|c| prev.has(c)).collect();
                let cols = if common.is_empty() || g.rng.chance(10) { "nope".to_string() } else { common.join(", ") };
                if !cols.contains("ds") {
                    wheres.push(g.one_day(t, &format!("t{i}.")));
                }
                // Joined on the day alone, it is many to many: keep it limited.
                risky |= user_col(t).is_none_or(|u| !cols.contains(u));
                let _ = write!(from, " JOIN {} t{i} USING ({cols})", t.name);
            }
            "NATURAL" => {
                risky = true;
                wheres.push(g.one_day(t, &format!("t{i}.")));
                let _ = write!(from, " NATURAL JOIN {} t{i}", t.name);
            }
            _ => {
                let kind = if kind == "CROSS" { "JOIN" } else { kind };
                let (on, nonsense) = join_on(g, prev, j, t, i, &mut wheres);
                risky |= nonsense;
                let _ = write!(from, " {kind} {} t{i} ON {on}", t.name);
            }
        }
        tables.push(t);
    }
    let projection = if !risky && g.rng.chance(40) {
        "count(*)".to_string()
    } else {
        joined(g.rng.between(1, 4), ", ", |_| {
            let i = g.rng.below(tables.len());
            if g.rng.chance(10) {
                format!("t{i}.*")
            } else {
                format!("t{i}.{}", g.col(tables[i]))
            }
        })
    };
    let mut sql = format!("SELECT {projection} FROM {from}");
    if !wheres.is_empty() {
        let _ = write!(sql, " WHERE {}", wheres.join(" AND "));
    }
    if risky {
        let _ = write!(sql, " LIMIT {}", g.rng.between(1, 100));
    } else {
        if g.rng.chance(50) {
            sql.push_str(" ORDER BY 1");
        }
        sql.push_str(&g.limit());
    }
    sql
}

/// The ON condition tying table `b` (alias `t{bi}`) to table `a` (alias `t{ai}`), and
/// whether it is nonsense. A table not tied by day gets a day filter in `wheres`.
fn join_on(g: &mut Gen, a: &Table, ai: usize, b: &Table, bi: usize, wheres: &mut Vec<String>) -> (String, bool) {
    if g.rng.chance(12) {
        let on = match g.rng.below(4) {
            0 => format!("t{ai}.{} = t{bi}.{}", g.col(a), g.col(b)),
            1 => "1 = 1".to_string(),
            2 => format!("t{bi}.nope = t{ai}.{}", g.col(a)),
            _ => format!("t{ai}.{} < t{bi}.{}", g.col(a), g.col(b)),
        };
        wheres.push(g.one_day(b, &format!("t{bi}.")));
        return (on, true);
    }
    let mut conds = Vec::new();
    if let (Some(x), Some(y)) = (user_col(a), user_col(b)) {
        conds.push(format!("t{ai}.{x} = t{bi}.{y}"));
    }
    if a.partitioned() && b.partitioned() && g.rng.chance(85) {
        conds.push(format!("t{ai}.ds = t{bi}.ds"));
    } else {
        wheres.push(g.one_day(b, &format!("t{bi}.")));
    }
    if conds.is_empty() {
        return ("TRUE".to_string(), true);
    }
    (conds.join(" AND "), false)
}

/// The as-of join: each row of a datestamped table with the SCD2 version valid on its day.
fn as_of_join(g: &mut Gen) -> String {
    let p = g.table_where(|t| t.partitioned() && t.has("user_id"));
    let s = g.table_where(|t| t.versioned());
    let day = match g.rng.below(4) {
        0 => "p.ds".to_string(),
        1 => format!("DATE {}", quote(&g.day())),
        _ => "CAST(p.ds AS DATE)".to_string(),
    };
    let valid = match g.rng.below(8) {
        0 => format!("s.valid_from <= {day} AND s.valid_to > {day}"),
        1 => format!("{day} BETWEEN s.valid_from AND s.valid_to"),
        2 => "s.valid_from = s.valid_to".to_string(),
        _ => format!("s.valid_from <= {day} AND (s.valid_to > {day} OR s.valid_to IS NULL)"),
    };
    let kind = g.one(&["JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"]);
    let projection =
        g.one(&["count(*)", "p.*, s.*", "p.ds, s.valid_from, s.valid_to, s.is_current", "p.user_id, s.user_id"]);
    let mut sql = format!(
        "SELECT {projection} FROM {} p {kind} {} s ON s.user_id = p.user_id AND {valid} WHERE p.ds = {}",
        p.name,
        s.name,
        quote(&g.day())
    );
    if g.rng.chance(50) {
        sql.push_str(" ORDER BY 1");
    }
    sql.push_str(&g.limit());
    sql
}

// ------------------------------------------------------------------------------------
// window
// ------------------------------------------------------------------------------------

/// Window functions over PARTITION BY / ORDER BY with ROWS, RANGE and GROUPS frames, some
/// invalid (end before start, negative or text offsets, RANGE offsets on several keys),
/// named windows, QUALIFY, and window functions nested in window functions.
fn window(g: &mut Gen) -> String {
    let t = g.table();
    let named = g.rng.chance(15);
    let mut items: Vec<String> = user_col(t).map(|c| c.to_string()).into_iter().collect();
    for i in 0..g.rng.between(1, 4) {
        let f = window_fn(g, t);
        let spec = if named && g.rng.chance(70) { "w".to_string() } else { over(g, t) };
        items.push(format!("{f} OVER {spec} AS w{i}"));
    }
    let mut sql = format!("SELECT {} FROM {} t", items.join(", "), t.name);
    if g.rng.chance(85) {
        let _ = write!(sql, " WHERE {}", g.filter_days(t, ""));
    }
    if named {
        let _ = write!(sql, " WINDOW w AS {}", over(g, t));
    }
    if g.rng.chance(10) {
        sql.push_str(" QUALIFY w0 > 1");
    }
    if g.rng.chance(50) {
        sql.push_str(" ORDER BY 1");
    }
    if g.rng.chance(70) {
        sql.push_str(&g.limit());
    }
    sql
}

fn window_fn(g: &mut Gen, t: &Table) -> String {
    let c = g.col(t);
    let k = g.one(&["1", "1", "2", "0", "-1", "NULL", "9223372036854775807", "'a'"]);
    match g.rng.below(15) {
        0 => "row_number()".to_string(),
        1 => "rank()".to_string(),
        2 => "dense_rank()".to_string(),
        3 => "percent_rank()".to_string(),
        4 => "cume_dist()".to_string(),
        5 => format!("ntile({k})"),
        6 => format!("lag({c}, {k}, NULL)"),
        7 => format!("lead({c}, {k})"),
        8 => format!("sum({c})"),
        9 => format!("avg({c})"),
        10 => format!("first_value({c})"),
        11 => format!("last_value({c})"),
        12 => format!("nth_value({c}, {k})"),
        13 => format!("{}({c})", g.one(&["min", "max", "count"])),
        _ => format!("sum(row_number() OVER (ORDER BY {c}))"),
    }
}

fn over(g: &mut Gen, t: &Table) -> String {
    if g.rng.chance(5) {
        return "()".to_string();
    }
    let mut parts = Vec::new();
    if g.rng.chance(50) {
        parts.push(format!("PARTITION BY {}", joined(g.rng.between(1, 2), ", ", |_| g.col(t).to_string())));
    }
    if g.rng.chance(75) {
        let keys = joined(g.rng.between(1, 2), ", ", |_| format!("{}{}", g.col(t), g.one(&["", " DESC", " ASC"])));
        parts.push(format!("ORDER BY {keys}"));
    }
    if g.rng.chance(50) {
        let unit = g.one(&["ROWS", "ROWS", "RANGE", "GROUPS"]);
        let frame = if g.rng.chance(25) {
            format!("{unit} {}", frame_bound(g))
        } else {
            format!("{unit} BETWEEN {} AND {}", frame_bound(g), frame_bound(g))
        };
        parts.push(frame);
    }
    format!("({})", parts.join(" "))
}

fn frame_bound(g: &mut Gen) -> String {
    match g.rng.below(12) {
        0 => "UNBOUNDED PRECEDING".to_string(),
        1 => "UNBOUNDED FOLLOWING".to_string(),
        2 | 3 => "CURRENT ROW".to_string(),
        4 | 5 => format!("{} PRECEDING", g.rng.below(10)),
        6 | 7 => format!("{} FOLLOWING", g.rng.below(10)),
        8 => "INTERVAL '1 day' PRECEDING".to_string(),
        9 => "-1 PRECEDING".to_string(),
        10 => "9223372036854775807 FOLLOWING".to_string(),
        _ => g.one(&["'a' PRECEDING", "NULL FOLLOWING", "1.5 PRECEDING", "(SELECT 1) PRECEDING"]).to_string(),
    }
}

// ------------------------------------------------------------------------------------
// subquery
// ------------------------------------------------------------------------------------

/// Subqueries: scalar (one row and many), IN / NOT IN, EXISTS, correlated ones, derived
/// tables, CTE chains, recursive CTEs that stop, and nesting 1..60 deep (past 50 the
/// parser must refuse).
fn subquery(g: &mut Gen) -> String {
    let (a, b) = (g.keyed_table(), g.keyed_table());
    let (ac, bc) = (user_col(a).unwrap_or("user_id"), user_col(b).unwrap_or("user_id"));
    let (fa, fb) = (g.one_day(a, "a."), g.one_day(b, "b."));
    let (an, bn) = (a.name, b.name);
    match g.rng.below(10) {
        0 => format!(
            "SELECT (SELECT max(b.{}) FROM {bn} b WHERE {fb}) AS m, (SELECT count(*) FROM {an} a WHERE {fa}) AS n",
            g.col(b)
        ),
        1 => format!("SELECT a.{ac} FROM {an} a WHERE {fa} AND a.{ac} = (SELECT b.{bc} FROM {bn} b WHERE {fb})"),
        2 => {
            let not = if g.rng.chance(30) { "NOT " } else { "" };
            let p = g.pred(b, "b.", 1);
            format!("SELECT count(*) FROM {an} a WHERE {fa} AND a.{ac} {not}IN (SELECT b.{bc} FROM {bn} b WHERE {fb} AND {p})")
        }
        3 => {
            let not = if g.rng.chance(30) { "NOT " } else { "" };
            format!("SELECT a.* FROM {an} a WHERE {fa} AND {not}EXISTS (SELECT 1 FROM {bn} b WHERE b.{bc} = a.{ac} AND {fb}) LIMIT 50")
        }
        4 => {
            let op = g.one(&["=", "=", "<", "<>"]);
            format!("SELECT a.{ac}, (SELECT count(*) FROM {bn} b WHERE b.{bc} {op} a.{ac} AND {fb}) AS n FROM {an} a WHERE {fa} ORDER BY 2 DESC LIMIT 20")
        }
        5 => nested_derived(g),
        6 => {
            let depth = g.rng.between(1, 60);
            format!("SELECT {}{}{} AS v", "(SELECT ".repeat(depth), g.int_lit(), ")".repeat(depth))
        }
        7 => {
            let mut sql = format!("SELECT user_id FROM dim_users_current WHERE followers > {}", g.rng.below(20));
            for _ in 0..g.rng.between(1, 60) {
                sql = format!("SELECT user_id FROM dim_users_current WHERE user_id IN ({sql})");
            }
            sql
        }
        8 => cte_chain(g),
        _ => recursive_cte(g),
    }
}

/// `SELECT * FROM (SELECT * FROM (… t …) d0) d1 …`, 1..60 levels.
fn nested_derived(g: &mut Gen) -> String {
    let t = g.table();
    let mut sql = format!("SELECT * FROM {} WHERE {}", t.name, g.one_day(t, ""));
    for i in 0..g.rng.between(1, 60) {
        sql = match (g.rng.below(4), user_col(t)) {
            (0, _) => format!("SELECT * FROM ({sql}) d{i} LIMIT {}", g.rng.below(1000)),
            (1, Some(c)) => format!("SELECT * FROM ({sql}) d{i} WHERE {c} > {}", g.rng.below(50)),
            _ => format!("SELECT * FROM ({sql}) d{i}"),
        };
    }
    sql
}

/// `WITH c0 AS (…), c1 AS (… c0 …), …`: filters, unions, IN, a duplicate or missing name.
fn cte_chain(g: &mut Gen) -> String {
    let t = g.table();
    let k = g.rng.between(1, 8);
    let mut parts = vec![format!("c0 AS (SELECT * FROM {} WHERE {})", t.name, g.one_day(t, ""))];
    for i in 1..k {
        let body = match g.rng.below(5) {
            0 => format!("SELECT * FROM c{} WHERE {}", i - 1, g.pred(t, "", 1)),
            1 => format!("SELECT * FROM c{} UNION ALL SELECT * FROM c{}", i - 1, g.rng.below(i)),
            2 => {
                let c = g.col(t);
                format!("SELECT * FROM c{} WHERE {c} IN (SELECT {c} FROM c0)", i - 1)
            }
            3 if i == k - 1 => format!("SELECT {}, count(*) AS n FROM c{} GROUP BY 1", g.col(t), i - 1),
            _ => format!("SELECT * FROM c{}", g.rng.below(i)),
        };
        parts.push(format!("c{i} AS ({body})"));
    }
    if g.rng.chance(5) {
        parts.push("c0 AS (SELECT 1)".to_string());
    }
    let last = if g.rng.chance(5) { 99 } else { k - 1 };
    format!("WITH {} SELECT count(*) FROM c{last}", parts.join(", "))
}

/// Recursive CTEs that stop (a counter, the days, follows a few hops out) and broken ones.
fn recursive_cte(g: &mut Gen) -> String {
    let (first, last) = (g.days[0].clone(), g.days[g.days.len() - 1].clone());
    match g.rng.below(5) {
        0 => {
            let n = g.rng.sized(1, 10_000);
            format!("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {n}) SELECT count(*), max(n) FROM r")
        }
        1 => format!(
            "WITH RECURSIVE d(day) AS (SELECT DATE '{first}' UNION ALL SELECT CAST(day + INTERVAL '1 day' AS DATE) FROM d WHERE day < DATE '{last}') \
             SELECT d.day, count(u.user_id) AS users FROM d LEFT JOIN dim_users u ON u.ds = CAST(d.day AS VARCHAR) GROUP BY d.day ORDER BY d.day"
        ),
        2 => format!(
            "WITH RECURSIVE reach(user_id, hops) AS (SELECT friend_id, 1 FROM dim_relationships WHERE ds = {d} AND user_id = {u} \
             UNION ALL SELECT r.friend_id, reach.hops + 1 FROM reach JOIN dim_relationships r ON r.user_id = reach.user_id AND r.ds = {d} \
             WHERE reach.hops < {k}) SELECT count(*), count(DISTINCT user_id) FROM reach",
            d = quote(&g.good_day()),
            u = 1 + g.rng.below(50),
            k = g.rng.between(1, 3)
        ),
        3 => format!(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {}) SELECT * FROM r LIMIT {}",
            g.rng.between(1, 200),
            g.rng.between(1, 10)
        ),
        _ => g
            .one(&[
                "WITH RECURSIVE r(n) AS (SELECT n FROM r) SELECT * FROM r",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 'a' FROM r WHERE n < 3) SELECT * FROM r",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM r, r r2 WHERE r.n < 3) SELECT * FROM r",
                "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r, r",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n FROM r) SELECT count(*) FROM r",
                "WITH RECURSIVE r(a, b) AS (SELECT 1 UNION ALL SELECT a + 1 FROM r WHERE a < 3) SELECT * FROM r",
            ])
            .to_string(),
    }
}

// ------------------------------------------------------------------------------------
// cast
// ------------------------------------------------------------------------------------

const CAST_TYPES: &[&str] = &[
    "INT",
    "INTEGER",
    "BIGINT",
    "SMALLINT",
    "TINYINT",
    "INT UNSIGNED",
    "BIGINT UNSIGNED",
    "DOUBLE",
    "FLOAT",
    "REAL",
    "DECIMAL(38,10)",
    "DECIMAL(10,2)",
    "DECIMAL(38,0)",
    "DECIMAL(76,38)",
    "DECIMAL(5,10)",
    "DECIMAL(0,0)",
    "DECIMAL(39,0)",
    "VARCHAR",
    "TEXT",
    "STRING",
    "CHAR(3)",
    "DATE",
    "TIMESTAMP",
    "TIMESTAMP WITH TIME ZONE",
    "TIME",
    "BOOLEAN",
    "INTERVAL",
    "BYTEA",
    "NOSUCHTYPE",
    "INT[]",
    "STRUCT<a INT>",
];
const CAST_VALUES: &[&str] = &[
    "1",
    "0",
    "-1",
    "'123'",
    "'abc'",
    "''",
    "' 42 '",
    "'1e5'",
    "'9999999999999999999999'",
    "'-0'",
    "'NaN'",
    "'inf'",
    "'-Infinity'",
    "'2024-02-30'",
    "'2024-01-01'",
    "'2024-01-01 25:61:61'",
    "'true'",
    "'yes'",
    "'1 day'",
    "'1 fortnight'",
    "NULL",
    "1e308 * 10",
    "-1e308 * 10",
    "9223372036854775807",
    "(-9223372036854775807 - 1)",
    "3.99",
    "-3.99",
    "0.5",
    "TRUE",
    "DATE '2024-01-01'",
    "TIMESTAMP '2024-01-01 12:00:00'",
    "INTERVAL '1' DAY",
    "INTERVAL '1 month'",
    "'\u{1F980}'",
    "'12345678901234567890123456789012345678901'",
    "1e-400",
    "X'FF'",
];
const ARROW_TYPES: &[&str] = &[
    "Int8",
    "Int64",
    "UInt8",
    "Float16",
    "Float64",
    "Utf8",
    "LargeUtf8",
    "Utf8View",
    "Binary",
    "Boolean",
    "Date32",
    "Date64",
    "Timestamp(Nanosecond, None)",
    "Timestamp(Second, Some(\"+25:00\"))",
    "Decimal128(38, 10)",
    "Decimal256(76, 0)",
    "Decimal128(39, 0)",
    "Dictionary(Int32, Utf8)",
    "Dictionary(Int8, Float64)",
    "Interval(MonthDayNano)",
    "Duration(Second)",
    "List(Int64)",
    "Null",
    "NotAType",
    "",
    "Int64(",
];

/// CAST, TRY_CAST, `::` and arrow_cast among numbers, decimals, text, dates, timestamps,
/// booleans and intervals: bad strings, overflow (`1e308 * 10` to INT), impossible
/// decimals, unknown types, casts of casts.
fn cast(g: &mut Gen) -> String {
    let t = if g.rng.chance(40) { Some(g.table()) } else { None };
    let items = joined(g.rng.between(1, 4), ", ", |i| format!("{} AS c{i}", cast_expr(g, t)));
    match t {
        Some(t) => format!("SELECT {items} FROM {} WHERE {} LIMIT {}", t.name, g.one_day(t, ""), g.rng.between(1, 50)),
        None => format!("SELECT {items}"),
    }
}

fn cast_expr(g: &mut Gen, t: Option<&Table>) -> String {
    let v = match t {
        Some(t) if g.rng.chance(50) => g.col(t).to_string(),
        _ => g.one(CAST_VALUES).to_string(),
    };
    let ty = g.one(CAST_TYPES);
    match g.rng.below(7) {
        0 | 1 => format!("CAST({v} AS {ty})"),
        2 => format!("TRY_CAST({v} AS {ty})"),
        3 => format!("({v})::{ty}"),
        4 => format!("arrow_cast({v}, '{}')", g.one(ARROW_TYPES)),
        5 => format!("CAST(CAST({v} AS {ty}) AS {})", g.one(CAST_TYPES)),
        _ => format!("arrow_typeof(TRY_CAST({v} AS {ty}))"),
    }
}

// ------------------------------------------------------------------------------------
// date
// ------------------------------------------------------------------------------------

const INTERVALS: &[&str] = &[
    "1 day",
    "1 month",
    "1 year 2 months 3 days",
    "-1 day",
    "0 seconds",
    "999999999 days",
    "2147483647 months",
    "1 fortnight",
    "abc",
    "",
    "1.5 days",
    "100000000000 years",
    "1 day 25 hours",
];
const DATE_UNITS: &[&str] = &[
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
    "dow",
    "doy",
    "epoch",
    "isodow",
    "fortnight",
    "",
    "DAY",
    "decade",
    "century",
];
const MAKE_DATE_ARGS: &[&str] = &[
    "2024, 1, 31",
    "2024, 2, 30",
    "2024, 13, 1",
    "2024, 0, 1",
    "-1, 1, 1",
    "0, 0, 0",
    "2147483647, 12, 31",
    "NULL, 1, 1",
    "'a', 1, 1",
    "2024, 1",
    "2024.5, 1, 1",
    "9223372036854775807, 1, 1",
    "'2024', '01', '01'",
];

/// Date arithmetic, date_trunc, date_part, extract, to_date, make_date with bad
/// arguments, INTERVAL math, and `ds` compared with real days, impossible days
/// ('2024-02-30'), words ('yesterday', '') and partial days ('2024-01').
fn date(g: &mut Gen) -> String {
    if g.rng.chance(30) {
        return format!("SELECT {}", joined(g.rng.between(1, 4), ", ", |i| format!("{} AS d{i}", date_expr(g, None))));
    }
    let t = g.table_where(|t| t.partitioned() || t.col_with_ty(Date));
    let items = joined(g.rng.between(1, 4), ", ", |i| format!("{} AS d{i}", date_expr(g, Some(t))));
    let filter = date_filter(g, t);
    format!("SELECT {items} FROM {} WHERE {filter} LIMIT {}", t.name, g.rng.between(1, 20))
}

impl Table {
    fn col_with_ty(&self, ty: Ty) -> bool {
        self.cols.iter().any(|c| c.1 == ty)
    }
}

/// A date-ish value: a date column, a day of `ds`, or a literal.
fn date_value(g: &mut Gen, t: Option<&Table>) -> String {
    if let Some(t) = t {
        if g.rng.chance(50) {
            if let Some(c) = g.col_of(t, Date) {
                return c.to_string();
            }
        }
        if t.partitioned() && g.rng.chance(60) {
            return "CAST(ds AS DATE)".to_string();
        }
    }
    match g.rng.below(5) {
        0 => format!("TIMESTAMP {}", quote(&format!("{} 12:34:56", g.good_day()))),
        1 => g.one(&["now()", "current_date", "CURRENT_TIMESTAMP", "to_date('2024-01-01')"]).to_string(),
        _ => format!("DATE {}", quote(&g.good_day())),
    }
}

fn date_expr(g: &mut Gen, t: Option<&Table>) -> String {
    let d = date_value(g, t);
    match g.rng.below(12) {
        0 => format!("{d} + INTERVAL '{} day'", g.rng.sized(0, 1_000_000)),
        1 => format!("{d} - INTERVAL {}", quote(g.one(INTERVALS))),
        2 => format!("date_trunc({}, {d})", quote(g.one(DATE_UNITS))),
        3 => format!("date_part({}, {d})", quote(g.one(DATE_UNITS))),
        4 => {
            format!("extract({} FROM {d})", g.one(&["YEAR", "MONTH", "DAY", "DOW", "EPOCH", "WEEK", "QUARTER", "HOUR"]))
        }
        5 => match g.rng.below(2) {
            0 => format!("to_date({})", quote(&g.day())),
            _ => format!(
                "to_date({}, {})",
                quote(&g.day()),
                quote(g.one(&["%Y/%m/%d", "%d-%m-%Y", "", "%Q", "%Y-%m-%d"]))
            ),
        },
        6 => format!("make_date({})", g.one(MAKE_DATE_ARGS)),
        7 => format!("{d} - {}", date_value(g, t)),
        8 => format!("DATE {}", quote(&g.day())),
        9 => format!("to_timestamp({})", quote(&g.day())),
        10 => format!("date_bin(INTERVAL {}, CAST({d} AS TIMESTAMP), TIMESTAMP '2024-01-01')", quote(g.one(INTERVALS))),
        _ => format!("INTERVAL {} * {}", quote(g.one(INTERVALS)), g.one(&["2", "-1", "0", "1000000000", "1.5"])),
    }
}

fn date_filter(g: &mut Gen, t: &Table) -> String {
    if !t.partitioned() {
        return match (g.rng.below(2), g.col_of(t, Date)) {
            (0, Some(c)) => format!("{c} >= DATE {}", quote(&g.day())),
            _ => g.one_day(t, ""),
        };
    }
    match g.rng.below(7) {
        0 => format!("ds = {}", quote(&g.day())),
        1 => format!("ds BETWEEN {} AND {}", quote(g.one(BAD_DAYS)), quote(&g.good_day())),
        2 => format!("CAST(ds AS DATE) = DATE {}", quote(&g.day())),
        3 => format!("ds > {}", quote(g.one(&["yesterday", "today", "", "2024-01", "0"]))),
        4 => {
            let d = quote(&g.day());
            format!("CAST(ds AS DATE) BETWEEN DATE {d} - INTERVAL '7 days' AND DATE {d}")
        }
        5 => {
            let month: String = g.good_day().chars().take(7).collect();
            format!("ds LIKE {}", quote(&format!("{month}%")))
        }
        _ => format!("ds = {}", quote(&g.good_day())),
    }
}

// ------------------------------------------------------------------------------------
// literal
// ------------------------------------------------------------------------------------

const UNICODE_STRINGS: &[&str] = &[
    "h\u{e9}llo w\u{f6}rld",
    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}",
    "\u{1F980}\u{1F525}\u{1F4A5}",
    "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
    "e\u{301}",
    "\u{202E}gnp.exe",
    "\u{200B}",
    "\u{FEFF}",
    "\u{FF46}\u{FF55}\u{FF4C}\u{FF4C}",
    "\u{10FFFF}",
    "\u{1D54A}\u{1D548}\u{1D543}",
    "\u{2028}\u{2029}",
    "\u{130}",
    "\u{df}",
    "\u{FB01}",
    "\u{1C5}",
];
const LONG_UNITS: &[&str] =
    &["x", "ab", "\u{e9}", "\u{65e5}\u{672c}", "\u{1F980}", "'", "\\", "\u{0}", "a\nb", "\u{1F4A5}\u{200D}"];

/// Hostile literals: 19–60 digit integers, 1e400, strings up to 100 KB, Unicode and
/// emoji, NUL-like escapes, long sign chains (- - - 1), division by zero, integer
/// overflow, math domain errors, bad regexes and string functions with bad arguments.
fn literal(g: &mut Gen) -> String {
    let mut long_used = false;
    let items = joined(g.rng.between(1, 3), ", ", |i| format!("{} AS v{i}", hostile_literal(g, &mut long_used)));
    if g.rng.chance(25) {
        let t = g.rng.pick(TABLES);
        format!("SELECT {items}, t.* FROM {} t WHERE {} LIMIT 3", t.name, g.one_day(t, "t."))
    } else {
        format!("SELECT {items}")
    }
}

fn hostile_literal(g: &mut Gen, long_used: &mut bool) -> String {
    match g.rng.below(13) {
        0 => big_int(g),
        1 => g
            .one(&[
                "1e400",
                "-1e400",
                "1e-400",
                "1e308",
                "1.7976931348623157e308 * 10",
                "1e99999999999",
                "4.9e-324 / 10",
            ])
            .to_string(),
        2 if !*long_used => {
            *long_used = true;
            long_string(g)
        }
        3 => {
            let s = quote(g.one(UNICODE_STRINGS));
            match g.rng.below(6) {
                0 => s,
                1 => format!("upper({s})"),
                2 => format!("length({s})"),
                3 => format!("reverse({s})"),
                4 => format!("substr({s}, 2, 1)"),
                _ => format!("initcap({s})"),
            }
        }
        4 => g
            .one(&[
                "E'\\0'",
                "E'\\x00'",
                "'\\0'",
                "E'\\u0000'",
                "chr(0)",
                "'\u{0}'",
                "E'\\'",
                "'\\'",
                "E'\\\\'",
                "'a\\'",
                "chr(-1)",
                "chr(1114112)",
                "chr(55296)",
            ])
            .to_string(),
        5 => {
            let n = g.rng.sized(1, 300);
            let signs = joined(n, "", |_| g.one(&["- ", "+ ", "-", "+"]).to_string());
            format!("{signs}1")
        }
        6 => g
            .one(&[
                "1 / 0",
                "1 % 0",
                "1.0 / 0",
                "0 / 0.0",
                "1 / 0.0",
                "CAST(1 AS DECIMAL(10,2)) / 0",
                "(-9223372036854775807 - 1) / -1",
                "(-9223372036854775807 - 1) % -1",
            ])
            .to_string(),
        7 => g
            .one(&[
                "9223372036854775807 + 1",
                "(-9223372036854775807 - 1) - 1",
                "9223372036854775807 * 2",
                "abs(-9223372036854775807 - 1)",
                "-(-9223372036854775807 - 1)",
                "CAST(2147483647 AS INT) + CAST(1 AS INT)",
                "CAST(127 AS TINYINT) + CAST(1 AS TINYINT)",
                "power(2, 64)",
                "factorial(100)",
                "CAST(99999999999999999999999999999999999999 AS DECIMAL(38,0)) + 1",
            ])
            .to_string(),
        8 => g
            .one(&[
                "sqrt(-1)",
                "ln(0)",
                "ln(-1)",
                "log(0)",
                "log10(-5)",
                "acos(2)",
                "exp(1000)",
                "power(0, -1)",
                "atan2(0, 0)",
                "cot(0)",
                "gcd(-9223372036854775807 - 1, 0)",
                "lcm(9223372036854775807, 2)",
                "round(1.5, 2147483647)",
                "trunc(1e308, -400)",
            ])
            .to_string(),
        9 => g
            .one(&[
                "regexp_match('abc', '(')",
                "regexp_replace('abc', '[', 'x')",
                "regexp_like('a', '(?<x')",
                "'abc' ~ '*'",
                "'x' ~* '(?i'",
                "regexp_match('aaaa', 'a{1000000}')",
                "regexp_replace('a', '(a)', '$9999')",
                "regexp_count('abc', '\\')",
                "'a' SIMILAR TO '['",
                "regexp_like(repeat('a', 10000), '(a+)+$')",
                "regexp_match('x', '')",
                "regexp_replace('abc', 'b', 'x', 'zz')",
            ])
            .to_string(),
        10 => g
            .one(&[
                "repeat('ab', -1)",
                "lpad('x', -5)",
                "substr('abc', 0, -1)",
                "substr('abc', 9223372036854775807, 9223372036854775807)",
                "substr('abc', -9223372036854775807, 9223372036854775807)",
                "left('abc', -9223372036854775807)",
                "split_part('a,b', ',', 0)",
                "to_hex(-1)",
                "translate('abc', '', '')",
                "repeat('x', 1000000)",
                "lpad('x', 250000, '\u{1F980}')",
                "overlay('abc' placing 'x' from -5 for 2)",
                "strpos('', '')",
                "initcap('')",
            ])
            .to_string(),
        11 => g
            .one(&[
                "NULL", "NULL + 1", "NULL / 0", "TRUE + 1", "'a' + 1", "X'zz'", "B'102'", "0x1F", "1__000", "1.2.3",
                "$1",
            ])
            .to_string(),
        _ => format!("0.{}1", "0".repeat(g.rng.sized(1, 5000))),
    }
}

fn big_int(g: &mut Gen) -> String {
    let n = g.rng.between(19, 60);
    let mut s = String::new();
    if g.rng.chance(30) {
        s.push('-');
    }
    s.push(char::from(b'1' + g.rng.below(9) as u8));
    for _ in 1..n {
        s.push(char::from(b'0' + g.rng.below(10) as u8));
    }
    s
}

/// A string literal of 0..100,000 characters, sometimes wrapped in a function.
fn long_string(g: &mut Gen) -> String {
    let n = g.rng.sized(0, 100_000);
    let body: String = if g.rng.chance(30) {
        (0..n).map(|_| g.any_char()).collect()
    } else {
        let unit = g.one(LONG_UNITS);
        unit.repeat(n / unit.chars().count().max(1))
    };
    let lit = quote(&body);
    match g.rng.below(5) {
        0 => format!("length({lit})"),
        1 => format!("upper({lit})"),
        2 => format!("reverse({lit})"),
        3 => format!("md5({lit})"),
        _ => lit,
    }
}

// ------------------------------------------------------------------------------------
// deep
// ------------------------------------------------------------------------------------

/// Deep nesting, 10..200 levels: parentheses, function calls, CASE, NOT chains,
/// coalesce, arithmetic, unary minus and array literals. Past the parser's recursion
/// limit these must fail cleanly, not overflow the stack.
fn deep(g: &mut Gen) -> String {
    let n = g.rng.between(10, 200);
    let t = g.table_where(|t| t.has("user_id"));
    let f = g.one_day(t, "");
    match g.rng.below(9) {
        0 => format!("SELECT {}1{}", "(".repeat(n), ")".repeat(n)),
        1 => {
            let func = g.one(&["abs", "upper", "coalesce", "sqrt", "-"]);
            format!("SELECT {}user_id{} FROM {} WHERE {f} LIMIT 5", format!("{func}(").repeat(n), ")".repeat(n), t.name)
        }
        2 => {
            let mut e = "0".to_string();
            for i in 0..n {
                e = format!("CASE WHEN user_id > {i} THEN {e} ELSE {i} END");
            }
            format!("SELECT {e} AS v FROM {} WHERE {f} LIMIT 5", t.name)
        }
        3 => format!("SELECT {}TRUE", "NOT ".repeat(n)),
        4 => format!("SELECT {}NULL{}", "coalesce(".repeat(n), ", 1)".repeat(n)),
        5 => format!("SELECT {}1{}", "(".repeat(n), " + 1)".repeat(n)),
        6 => format!("SELECT {}1{}", "-(".repeat(n), ")".repeat(n)),
        7 => format!("SELECT {}1{}", "[".repeat(n), "]".repeat(n)),
        _ => format!("SELECT count(*) FROM {} WHERE {}{f}{}", t.name, "NOT (NOT (".repeat(n / 2), "))".repeat(n / 2)),
    }
}

// ------------------------------------------------------------------------------------
// chain
// ------------------------------------------------------------------------------------

/// Long flat chains, sizes log-uniform so some are tiny and some huge: OR and AND chains
/// up to 8000 terms, `1 + 1 + …` and `'a' || 'a' || …` up to 8000, UNION ALL of up to
/// 6000 selects, IN lists up to 20,000 values, CASE with up to 3000 WHENs, up to 300
/// JOINs, up to 5000 columns, up to 1000 chained CTEs.
fn chain(g: &mut Gen) -> String {
    let t = g.table_where(|t| user_col(t).is_some());
    let c = user_col(t).unwrap_or("user_id");
    let f = g.one_day(t, "");
    let name = t.name;
    match g.rng.below(10) {
        0 => {
            let terms = joined(g.rng.sized(10, 8000), " OR ", |i| format!("{c} = {i}"));
            format!("SELECT count(*) FROM {name} WHERE {f} AND ({terms})")
        }
        1 => {
            let terms = joined(g.rng.sized(10, 8000), " AND ", |i| format!("{c} <> {}", i * 7));
            format!("SELECT count(*) FROM {name} WHERE {f} AND {terms}")
        }
        2 => {
            let term = g.one(&["1", c, "1.5", "NULL"]);
            let terms = joined(g.rng.sized(10, 8000), " + ", |_| term.to_string());
            format!("SELECT {terms} AS s FROM {name} WHERE {f} LIMIT 3")
        }
        3 => {
            let term = g.one(&["'a'", "'\u{1F980}'", "CAST(user_id AS VARCHAR)", "NULL"]);
            let terms = joined(g.rng.sized(10, 8000), " || ", |_| term.to_string());
            format!("SELECT {terms} AS s FROM dim_users_current LIMIT 3")
        }
        4 => union_chain(g),
        5 => {
            let mut list = joined(g.rng.sized(1, 20_000), ", ", |i| i.to_string());
            if g.rng.chance(10) {
                list.push_str(g.one(&[", NULL", ", 'a'", ", 1.5", ", 99999999999999999999"]));
            }
            let not = if g.rng.chance(20) { "NOT " } else { "" };
            format!("SELECT count(*) FROM {name} WHERE {f} AND {c} {not}IN ({list})")
        }
        6 => {
            let n = g.rng.sized(1, 3000);
            let case = if g.rng.chance(50) {
                format!("CASE {c} {} ELSE 'other' END", joined(n, " ", |i| format!("WHEN {i} THEN 'v{i}'")))
            } else {
                format!("CASE {} ELSE -1 END", joined(n, " ", |i| format!("WHEN {c} < {i} THEN {i}")))
            };
            format!("SELECT {case} AS bucket, count(*) AS n FROM {name} WHERE {f} GROUP BY 1 ORDER BY 2 DESC LIMIT 10")
        }
        7 => join_chain(g),
        8 => format!("SELECT {}", joined(g.rng.sized(10, 5000), ", ", |i| format!("{i} AS c{i}"))),
        _ => {
            let n = g.rng.sized(2, 1000);
            let ctes = joined(n - 1, ", ", |i| format!("c{} AS (SELECT n + 1 AS n FROM c{i})", i + 1));
            format!("WITH c0 AS (SELECT 1 AS n), {ctes} SELECT n FROM c{}", n - 1)
        }
    }
}

/// UNION ALL of 2..6000 selects: constants, one day's counts, now and then a select of
/// the wrong width.
fn union_chain(g: &mut Gen) -> String {
    let n = g.rng.sized(2, 6000);
    let t = g.table_where(|t| t.partitioned());
    let body = joined(n, " UNION ALL ", |i| match g.rng.below(20) {
        0..=14 => format!("SELECT {i} AS n"),
        15..=18 => format!("SELECT count(*) AS n FROM {} WHERE ds = {}", t.name, quote(&g.good_day())),
        _ => "SELECT 1, 2".to_string(),
    });
    if g.rng.chance(60) {
        format!("SELECT count(*), sum(n) FROM ({body}) u")
    } else {
        body
    }
}

/// 1..300 joins, each one row to one row: constant rows, or one account table on
/// account and day.
fn join_chain(g: &mut Gen) -> String {
    let n = g.rng.sized(1, 300);
    if g.rng.chance(50) {
        let joins = joined(n, " ", |i| format!("JOIN (SELECT 1 AS k) t{} ON t{}.k = t{i}.k", i + 1, i + 1));
        return format!("SELECT count(*) FROM (SELECT 1 AS k) t0 {joins}");
    }
    let name = g.one(&["dim_users", "users", "dim_devices", "dim_users_current"]);
    let part = name != "dim_users_current";
    let joins = joined(n, " ", |i| {
        let (me, prev) = (i + 1, g.rng.below(i + 1));
        let day = if part { format!(" AND t{me}.ds = t{prev}.ds") } else { String::new() };
        format!("JOIN {name} t{me} ON t{me}.user_id = t{prev}.user_id{day}")
    });
    let filter = if part { format!(" WHERE t0.ds = {}", quote(&g.good_day())) } else { String::new() };
    format!("SELECT t0.user_id FROM {name} t0 {joins}{filter} LIMIT 10")
}

// ------------------------------------------------------------------------------------
// multi
// ------------------------------------------------------------------------------------

/// Several statements in one text (2..5, separated by ';'), empty statements, only
/// comments, only whitespace, trailing garbage.
fn multi(g: &mut Gen) -> String {
    match g.rng.below(7) {
        0 | 1 => {
            let sep = g.one(&["; ", ";\n", " ;", ";;", ";\t"]);
            let mut sql = joined(g.rng.between(2, 5), sep, |_| small_statement(g));
            if g.rng.chance(50) {
                sql.push(';');
            }
            sql
        }
        2 => g.one(&[";", ";;;", " ; ; ", ";\n;\n", "; -- x\n;"]).to_string(),
        3 => g
            .one(&[
                "-- only a comment",
                "/* only a comment */",
                "/* nested /* comment */ */",
                "-- a\n-- b\n",
                "/**/",
                "--",
            ])
            .to_string(),
        4 => g.one(&["", " ", "\n\t\r", "\u{A0}", "\u{FEFF}", "\u{2003}\u{3000}", "\r\n\r\n"]).to_string(),
        5 => {
            let tail = g.one(&["garbage", ")))", "; garbage", "-- ok\n junk", "SELECT", "'", "FROM", "; ;; SELECT"]);
            format!("{} {tail}", small_statement(g))
        }
        _ => {
            let tail = g.one(&["-- done", "/* end */", "/* unterminated", ";"]);
            format!("{}; {tail}", small_statement(g))
        }
    }
}

/// A statement from a family that keeps statements short.
fn small_statement(g: &mut Gen) -> String {
    const SMALL: [Family; 6] = [select, cast, date, aggregate, ddl_dml, window];
    let make = SMALL[g.rng.below(SMALL.len())];
    make(g)
}

// ------------------------------------------------------------------------------------
// ddl_dml
// ------------------------------------------------------------------------------------

/// Statements that change things or reach outside the warehouse. `{t}` is a table,
/// `{c}` a column, `{d}` a day. No statement writes to a real system path.
const DDL: &[&str] = &[
    "CREATE TABLE fuzz_t AS SELECT * FROM {t}",
    "CREATE TABLE fuzz_t (a INT, b VARCHAR)",
    "CREATE OR REPLACE TABLE {t} AS SELECT 1 AS x",
    "CREATE TEMPORARY TABLE fuzz_t AS SELECT 1",
    "CREATE VIEW fuzz_v AS SELECT * FROM {t}",
    "CREATE OR REPLACE VIEW {t} AS SELECT 1 AS x",
    "CREATE EXTERNAL TABLE fuzz_e STORED AS CSV LOCATION '/etc/passwd'",
    "CREATE EXTERNAL TABLE fuzz_e (a INT) STORED AS PARQUET LOCATION 'file:///etc/'",
    "CREATE EXTERNAL TABLE fuzz_e STORED AS PARQUET LOCATION '../../'",
    "CREATE EXTERNAL TABLE fuzz_e STORED AS JSON LOCATION 'https://example.invalid/x.json'",
    "CREATE EXTERNAL TABLE {t} STORED AS CSV LOCATION '/nonexistent/fuzz.csv'",
    "DROP TABLE {t}",
    "DROP TABLE IF EXISTS {t}",
    "DROP VIEW {t}",
    "DROP SCHEMA public CASCADE",
    "ALTER TABLE {t} ADD COLUMN x INT",
    "ALTER TABLE {t} RENAME TO fuzz_renamed",
    "ALTER TABLE {t} DROP COLUMN {c}",
    "INSERT INTO {t} VALUES (1, 2, 3)",
    "INSERT INTO {t} SELECT * FROM {t}",
    "INSERT INTO {t} ({c}) VALUES (NULL)",
    "INSERT OVERWRITE {t} SELECT * FROM {t} WHERE FALSE",
    "UPDATE {t} SET {c} = NULL",
    "UPDATE {t} SET {c} = {c} WHERE ds = '{d}'",
    "DELETE FROM {t}",
    "DELETE FROM {t} WHERE ds = '{d}'",
    "TRUNCATE TABLE {t}",
    "TRUNCATE {t}",
    "MERGE INTO {t} USING {t} s ON FALSE WHEN NOT MATCHED THEN INSERT VALUES (1)",
    "COPY (SELECT 1) TO 'fuzz_copy_out.parquet'",
    "COPY {t} TO 'fuzz_copy_out.csv' STORED AS CSV",
    "COPY (SELECT * FROM {t}) TO '/nonexistent-dir/fuzz.json' STORED AS JSON",
    "COPY {t} FROM '/etc/passwd'",
    "SET datafusion.execution.batch_size = 0",
    "SET datafusion.execution.batch_size = -1",
    "SET datafusion.execution.batch_size = 'abc'",
    "SET datafusion.execution.batch_size = 99999999999999999999",
    "SET datafusion.execution.target_partitions = 0",
    "SET datafusion.sql_parser.recursion_limit = 100000",
    "SET datafusion.catalog.information_schema = true",
    "SET datafusion.nope = 1",
    "SET TIME ZONE 'Mars/Olympus_Mons'",
    "SET x =",
    "SET = 1",
    "RESET ALL",
    "EXPLAIN ANALYZE SELECT count(*) FROM {t}",
    "EXPLAIN SELECT * FROM {t}",
    "EXPLAIN VERBOSE SELECT * FROM {t} WHERE ds = '{d}'",
    "EXPLAIN EXPLAIN SELECT 1",
    "DESCRIBE {t}",
    "DESC {t}",
    "SHOW TABLES",
    "SHOW ALL",
    "SHOW COLUMNS FROM {t}",
    "SHOW datafusion.execution.batch_size",
    "SELECT * FROM information_schema.tables",
    "PREPARE fuzz_p(INT) AS SELECT * FROM {t} WHERE {c} = $1",
    "EXECUTE fuzz_p(1)",
    "DEALLOCATE fuzz_p",
    "SELECT * FROM {t} WHERE {c} = $1",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "START TRANSACTION",
    "SAVEPOINT s1",
    "CREATE FUNCTION fuzz_f(x INT) RETURNS INT AS 'SELECT 1'",
    "CREATE FUNCTION fuzz_f() RETURNS INT LANGUAGE SQL RETURN 1",
    "DROP FUNCTION fuzz_f",
    "ATTACH DATABASE 'fuzz.db' AS fuzz",
    "ATTACH 'fuzz.db'",
    "DETACH fuzz",
    "USE {t}",
    "USE DATABASE fuzz",
    "CREATE SCHEMA fuzz_s",
    "CREATE DATABASE fuzz_db",
    "CREATE INDEX fuzz_i ON {t} ({c})",
    "GRANT SELECT ON {t} TO PUBLIC",
    "VACUUM",
    "ANALYZE {t}",
    "CALL fuzz_f()",
    "LOAD 'httpfs'",
    "INSTALL httpfs",
    "PRAGMA table_info('{t}')",
];

/// Every kind of DDL and DML the engine must refuse (or, for EXPLAIN and SHOW, answer
/// without side effects), over real table names mostly.
fn ddl_dml(g: &mut Gen) -> String {
    let t = g.table();
    let c = g.col(t);
    let d = g.good_day();
    g.one(DDL).replace("{t}", t.name).replace("{c}", c).replace("{d}", &d)
}

// ------------------------------------------------------------------------------------
// garbage
// ------------------------------------------------------------------------------------

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "BY",
    "HAVING",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "JOIN",
    "LEFT",
    "RIGHT",
    "FULL",
    "OUTER",
    "INNER",
    "CROSS",
    "ON",
    "USING",
    "UNION",
    "ALL",
    "DISTINCT",
    "AS",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "AND",
    "OR",
    "NOT",
    "NULL",
    "IS",
    "IN",
    "EXISTS",
    "BETWEEN",
    "LIKE",
    "WITH",
    "RECURSIVE",
    "OVER",
    "PARTITION",
    "ROWS",
    "RANGE",
    "CAST",
    "INTERVAL",
    "DATE",
    "TIMESTAMP",
    "VALUES",
    "INSERT",
    "UPDATE",
    "DELETE",
    "CREATE",
    "DROP",
    "TABLE",
    "EXPLAIN",
    "SET",
    "COPY",
    "TO",
    "LATERAL",
    "UNNEST",
    "FILTER",
    "WINDOW",
    "QUALIFY",
    "EXCLUDE",
    "REPLACE",
    "ANY",
    "SOME",
    "ARRAY",
    "STRUCT",
    "MAP",
    "ESCAPE",
    "COLLATE",
    "AT",
    "TIME",
    "ZONE",
];
const OPERATORS: &[&str] = &[
    "(", ")", ",", ";", "*", "+", "-", "/", "%", "=", "<>", "!=", "<", ">", "<=", ">=", "||", "::", ".", "[", "]", "{",
    "}", "->", "->>", "@>", "<@", "~", "!~", "^", "&", "|", "<<", ">>", "#", "?", "$1", "@", "'", "\"", "`", "--",
    "/*", "*/", "$$", ":", "=>",
];
const TOKEN_LITERALS: &[&str] = &["1", "0", "-1", "'a'", "''", "1.5", "1e10", "NULL", "TRUE", "DATE '2024-01-01'", "*"];

/// Token soup, unterminated strings and comments, random characters from all of
/// Unicode, 1k–10k character identifiers, quoted identifiers with quotes inside, and
/// valid statements with a few characters mangled.
fn garbage(g: &mut Gen) -> String {
    match g.rng.below(7) {
        0 => {
            let sep = if g.rng.chance(80) { " " } else { "" };
            joined(g.rng.sized(1, 400), sep, |_| g.token())
        }
        1 => g
            .one(&[
                "SELECT 'abc",
                "SELECT \"abc",
                "SELECT E'\\",
                "SELECT $$abc",
                "SELECT 'it''s",
                "SELECT * FROM dim_users WHERE device = 'ios",
                "SELECT `x",
                "SELECT [x",
            ])
            .to_string(),
        2 => g
            .one(&[
                "SELECT 1 /* never closed",
                "/*",
                "/* /* */",
                "SELECT 1 /* a /* b */",
                "SELECT /*+ hint",
                "*/ SELECT 1",
            ])
            .to_string(),
        3 => (0..g.rng.sized(1, 2000)).map(|_| g.any_char()).collect(),
        4 => {
            let id: String = "a".repeat(g.rng.between(1000, 10_000));
            match g.rng.below(5) {
                0 => format!("SELECT {id} FROM dim_users"),
                1 => format!("SELECT 1 AS \"{id}\""),
                2 => format!("SELECT * FROM {id}"),
                3 => format!("WITH {id} AS (SELECT 1 AS x) SELECT x FROM {id}"),
                _ => format!("SELECT \"{}\" FROM dim_users_current", "\u{1F980}".repeat(id.len() / 4)),
            }
        }
        5 => g
            .one(&[
                "SELECT 1 AS \"a\"\"b\"",
                "SELECT \"user\"\"_id\" FROM dim_users_current",
                "SELECT \"\" FROM dim_users_current",
                "SELECT 1 AS \"\"\"\"",
                "SELECT \"a\"b\" FROM dim_users_current",
                "SELECT `a``b` FROM dim_users_current",
                "SELECT [user_id] FROM dim_users_current",
                "SELECT \"dim_users_current\".\"user_id\" FROM \"dim_users_current\" LIMIT 1",
                "SELECT \"\u{0}\" FROM dim_users_current",
                "SELECT 1 AS \"\u{1F980}\"",
                "SELECT t.\"user_id\" FROM dim_users_current AS \"t\" LIMIT 1",
                "SELECT 1 AS \"a\nb\"",
            ])
            .to_string(),
        _ => {
            let sql = select(g);
            mutate(g, &sql)
        }
    }
}

/// `sql` with 1..5 characters deleted, inserted or duplicated.
fn mutate(g: &mut Gen, sql: &str) -> String {
    let mut chars: Vec<char> = sql.chars().collect();
    for _ in 0..g.rng.between(1, 5) {
        let at = g.rng.below(chars.len() + 1);
        match g.rng.below(4) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => {
                let token = g.token();
                for (k, c) in token.chars().enumerate() {
                    chars.insert(at + k, c);
                }
            }
            2 => chars.insert(at, g.any_char()),
            _ => {
                let end = (at + g.rng.below(20)).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                for (k, c) in copy.into_iter().enumerate() {
                    chars.insert(at + k, c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

// ------------------------------------------------------------------------------------
// aggregate
// ------------------------------------------------------------------------------------

/// Aggregates on every column type, wrong types included (sum of text, avg of `ds`),
/// with DISTINCT, FILTER, ORDER BY inside, bad percentiles, and GROUP BY, GROUPING SETS,
/// ROLLUP and CUBE with grouping().
fn aggregate(g: &mut Gen) -> String {
    let t = g.table();
    let aggs = joined(g.rng.between(1, 4), ", ", |i| format!("{} AS a{i}", agg_call(g, t)));
    let keys: Vec<&str> = (0..g.rng.between(1, 3)).map(|_| g.col(t)).collect();
    let list = keys.join(", ");
    let (head, group) = match g.rng.below(6) {
        0 => (aggs, String::new()),
        1 | 2 => (format!("{list}, {aggs}"), format!(" GROUP BY {list}")),
        3 => {
            let sets = joined(keys.len(), ", ", |i| format!("({})", keys[i]));
            (format!("{list}, grouping({}) AS g, {aggs}", keys[0]), format!(" GROUP BY GROUPING SETS ({sets}, ())"))
        }
        4 => (format!("{list}, {aggs}"), format!(" GROUP BY ROLLUP ({list})")),
        _ => (format!("{list}, {aggs}"), format!(" GROUP BY CUBE ({list})")),
    };
    let mut sql = format!("SELECT {head} FROM {} t", t.name);
    if g.rng.chance(85) {
        let _ = write!(sql, " WHERE {}", g.filter_days(t, ""));
    }
    sql.push_str(&group);
    if g.rng.chance(30) {
        let _ = write!(sql, " HAVING count(*) > {}", g.int_lit());
    }
    if g.rng.chance(40) {
        sql.push_str(" ORDER BY 1");
    }
    if g.rng.chance(50) {
        sql.push_str(&g.limit());
    }
    sql
}

fn agg_call(g: &mut Gen, t: &Table) -> String {
    let (c, c2) = (g.col(t), g.col(t));
    let p = g.one(&["0.5", "0.5", "0", "1", "1.5", "-0.1", "NULL", "'a'", c2]);
    let call = match g.rng.below(22) {
        0 => "count(*)".to_string(),
        1 => format!("count({c})"),
        2 => format!("count(DISTINCT {c})"),
        3 => format!("sum({c})"),
        4 => format!("avg({c})"),
        5 => format!("min({c})"),
        6 => format!("max({c})"),
        7 => format!("approx_distinct({c})"),
        8 => format!("approx_percentile_cont({c}, {p})"),
        9 => format!("approx_percentile_cont({p}) WITHIN GROUP (ORDER BY {c})"),
        10 => format!("array_agg({c})"),
        11 => format!("array_agg(DISTINCT {c} ORDER BY {c} DESC)"),
        12 => format!("string_agg({c}, ', ')"),
        13 => format!("string_agg(CAST({c} AS VARCHAR), {})", g.one(&["','", "''", "NULL", "1"])),
        14 => format!("median({c})"),
        15 => format!("{}({c})", g.one(&["stddev", "stddev_pop", "var_samp", "var_pop"])),
        16 => format!("{}({c})", g.one(&["bool_and", "bool_or", "bit_and", "bit_xor"])),
        17 => format!("corr({c}, {c2})"),
        18 => format!("first_value({c} ORDER BY {c2})"),
        19 => format!("last_value({c} ORDER BY {c2} DESC)"),
        20 => format!("sum(DISTINCT {c})"),
        _ => format!("approx_median({c})"),
    };
    if g.rng.chance(20) {
        format!("{call} FILTER (WHERE {})", g.pred(t, "", 1))
    } else {
        call
    }
}
