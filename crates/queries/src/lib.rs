//! The query catalog: questions asked of the playground's warehouse, each written in datestamp style
//! and in SCD2 style (and, where it shows the gap, against the SCD1 table). One question
//! per file. The SQL texts repeat their shape on purpose: each is shown to a person whole.
//!
//! Parameters are written `{{ today }}`, `{{ past }}`, `{{ date }}`, `{{ user_id }}`, and
//! the retention question's thresholds `{{ many_followers }}` and `{{ few_followers }}`.

mod device_mix;
pub mod embed;
mod followers_on_date;
pub mod history_cost;
pub mod lessons;
mod mutual_counts;
mod retention;
pub mod scenarios;
mod thresholds;

pub use thresholds::Thresholds;

/// One question of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable identifier, used in URLs.
    pub id: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// What it asks, in plain words.
    pub explanation: &'static str,
    /// Datestamp version: one `ds` filter per table.
    pub datestamp_sql: &'static str,
    /// SCD2 version: an as-of range predicate on every join.
    pub scd2_sql: &'static str,
    /// The same question against the overwritten SCD1 table, which cannot take a date.
    pub scd1_sql: Option<&'static str>,
}

/// Values for a question's placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionParams {
    /// The latest day ("now").
    pub today: String,
    /// Three months before `today`.
    pub past: String,
    /// The day an "as of" question asks about.
    pub date: String,
    /// The user a single-user question asks about.
    pub user_id: i64,
    /// What "many" and "few" followers mean on this network.
    pub thresholds: Thresholds,
}

impl QuestionParams {
    /// Defaults for a warehouse whose snapshots run from `first` to `last`: today is the
    /// last day, "three months ago" is three calendar months earlier (but not before the
    /// first day), and as-of questions ask about that same past day.
    ///
    /// ```
    /// use playground_queries::{QuestionParams, Thresholds};
    /// let t = Thresholds::for_users(10_000);
    /// let p = QuestionParams::for_range("2024-09-19", "2025-01-16", t);
    /// assert_eq!((p.today.as_str(), p.past.as_str()), ("2025-01-16", "2024-10-16"));
    /// assert_eq!(QuestionParams::for_range("2024-12-18", "2025-01-16", t).past, "2024-12-18");
    /// ```
    pub fn for_range(first: &str, last: &str, thresholds: Thresholds) -> Self {
        let past = months_before(last, 3).filter(|p| p.as_str() >= first).unwrap_or_else(|| first.to_string());
        Self { today: last.to_string(), date: past.clone(), past, user_id: 1, thresholds }
    }
}

impl QuestionParams {
    /// Parameters for walking through history: `date` is the as-of day and also the
    /// question's "three months ago"; today stays the last day. A date outside the
    /// snapshots is refused with a message naming the range.
    ///
    /// ```
    /// use playground_queries::{QuestionParams, Thresholds};
    /// let t = Thresholds::for_users(10_000);
    /// let p = QuestionParams::as_of("2024-09-19", "2025-01-16", "2024-11-01", t).unwrap();
    /// assert_eq!((p.today.as_str(), p.past.as_str(), p.date.as_str()), ("2025-01-16", "2024-11-01", "2024-11-01"));
    /// let e = QuestionParams::as_of("2024-09-19", "2025-01-16", "2023-01-01", t).unwrap_err();
    /// assert_eq!(e, "No snapshot for 2023-01-01: the warehouse holds 2024-09-19 to 2025-01-16.");
    /// ```
    pub fn as_of(first: &str, last: &str, date: &str, thresholds: Thresholds) -> Result<Self, String> {
        if !is_iso_date(date) {
            return Err(format!("{date:?} is not a date written YYYY-MM-DD."));
        }
        if date < first || date > last {
            return Err(format!("No snapshot for {date}: the warehouse holds {first} to {last}."));
        }
        Ok(Self { today: last.to_string(), past: date.to_string(), date: date.to_string(), user_id: 1, thresholds })
    }
}

/// The same day `months` calendar months earlier, clamped to the month's length.
///
/// ```
/// assert_eq!(playground_queries::months_before("2025-05-31", 3).as_deref(), Some("2025-02-28"));
/// ```
pub fn months_before(date: &str, months: u32) -> Option<String> {
    if !is_iso_date(date) {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: u32 = date[8..10].parse().ok()?;
    let total = y * 12 + (m - 1) - i64::from(months);
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let mut day = d;
    loop {
        let candidate = format!("{y:04}-{m:02}-{day:02}");
        if is_iso_date(&candidate) {
            return Some(candidate);
        }
        day = day.checked_sub(1).filter(|&x| x > 0)?;
    }
}

/// Every question, in menu order.
pub fn all() -> Vec<Question> {
    vec![retention::QUESTION, followers_on_date::QUESTION, device_mix::QUESTION, mutual_counts::QUESTION]
}

/// The question with this id.
pub fn by_id(id: &str) -> Option<Question> {
    all().into_iter().find(|q| q.id == id)
}

/// Fills a question's placeholders. Dates are checked first, so only real dates reach
/// the SQL text.
///
/// ```
/// use playground_queries::{render, QuestionParams, Thresholds};
/// let t = Thresholds::for_users(300);
/// let p = QuestionParams { today: "2025-01-16".into(), past: "2024-10-16".into(), date: "2024-11-01".into(), user_id: 7, thresholds: t };
/// assert_eq!(render("ds = '{{ date }}' AND user_id = {{ user_id }}", &p).unwrap(), "ds = '2024-11-01' AND user_id = 7");
/// assert_eq!(render("followers >= {{ many_followers }}", &p).unwrap(), "followers >= 30");
/// ```
pub fn render(sql: &str, p: &QuestionParams) -> Result<String, String> {
    for d in [&p.today, &p.past, &p.date] {
        if !is_iso_date(d) {
            return Err(format!("{d:?} is not a date written YYYY-MM-DD"));
        }
    }
    Ok(sql
        .replace("{{ today }}", &p.today)
        .replace("{{ past }}", &p.past)
        .replace("{{ date }}", &p.date)
        .replace("{{ user_id }}", &p.user_id.to_string())
        .replace("{{ many_followers }}", &p.thresholds.many.to_string())
        .replace("{{ few_followers }}", &p.thresholds.few.to_string()))
}

impl QuestionParams {
    /// Fills `text`'s placeholders for display; a text that cannot be filled (these
    /// parameters hold a date that is not one) is shown as written.
    ///
    /// ```
    /// use playground_queries::{QuestionParams, Thresholds};
    /// let p = QuestionParams::for_range("2024-12-08", "2025-01-16", Thresholds::for_users(300));
    /// assert_eq!(p.fill("ds = '{{ today }}'"), "ds = '2025-01-16'");
    /// ```
    pub fn fill(&self, text: &str) -> String {
        render(text, self).unwrap_or_else(|_| text.to_string())
    }
}

/// The day `n` days after `date` (both `YYYY-MM-DD`), or `None` for a date that is not one.
///
/// ```
/// use playground_queries::days_after;
/// assert_eq!(days_after("2024-12-08", 39).as_deref(), Some("2025-01-16"));
/// assert_eq!(days_after("2024-02-28", 1).as_deref(), Some("2024-02-29"));
/// assert_eq!(days_after("2024-02-30", 1), None);
/// ```
pub fn days_after(date: &str, n: u32) -> Option<String> {
    if !is_iso_date(date) {
        return None;
    }
    let (mut y, mut m, mut d): (u32, u32, u32) =
        (date[0..4].parse().ok()?, date[5..7].parse().ok()?, date[8..10].parse().ok()?);
    for _ in 0..n {
        d += 1;
        if !is_iso_date(&format!("{y:04}-{m:02}-{d:02}")) {
            (d, m) = (1, m + 1);
            if m > 12 {
                (m, y) = (1, y + 1);
            }
        }
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Whether `s` is a real calendar day written `YYYY-MM-DD`.
///
/// ```
/// use playground_queries::is_iso_date;
/// assert!(is_iso_date("2024-02-29"));
/// assert!(!is_iso_date("2023-02-29"));
/// assert!(!is_iso_date("2024-1-01"));
/// ```
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}
