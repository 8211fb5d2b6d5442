//! The queries a person ran, newest first: kept in local storage between visits, bounded,
//! searchable. Running a query again moves it to the top instead of adding a copy.

use serde::{Deserialize, Serialize};

/// Queries kept at most; the oldest go first.
pub const MAX_ENTRIES: usize = 200;
/// Longest query text kept, in bytes: a pasted dump is run, not remembered.
pub const MAX_SQL_BYTES: usize = 20_000;

/// One query run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The SQL as it ran.
    pub sql: String,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: f64,
    /// Rows it returned, or `None` when it failed.
    pub rows: Option<u64>,
}

/// The history, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    entries: Vec<Entry>,
}

impl History {
    /// The stored text read back; unreadable text is an empty history, never an error
    /// that would block the page.
    pub fn parse(text: &str) -> Self {
        let mut history: History = serde_json::from_str(text).unwrap_or_default();
        history.entries.truncate(MAX_ENTRIES);
        history
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Records a run; the same text run before moves to the top with the new outcome.
    pub fn record(&mut self, entry: Entry) {
        if entry.sql.trim().is_empty() || entry.sql.len() > MAX_SQL_BYTES {
            return;
        }
        self.entries.retain(|e| e.sql != entry.sql);
        self.entries.insert(0, entry);
        self.entries.truncate(MAX_ENTRIES);
    }

    /// Entries whose text holds every word of `query` (any case), newest first.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.entries
            .iter()
            .filter(|e| {
                let sql = e.sql.to_lowercase();
                words.iter().all(|w| sql.contains(w))
            })
            .collect()
    }

    /// How many queries are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no query is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sql: &str, at_ms: f64) -> Entry {
        Entry { sql: sql.into(), at_ms, rows: Some(1) }
    }

    #[test]
    fn newest_first_without_copies_and_bounded() {
        let mut h = History::default();
        h.record(run("SELECT 1", 1.0));
        h.record(run("SELECT 2", 2.0));
        h.record(run("SELECT 1", 3.0));
        let sqls: Vec<&str> = h.search("").iter().map(|e| e.sql.as_str()).collect();
        assert_eq!(sqls, ["SELECT 1", "SELECT 2"]);
        assert_eq!(h.search("")[0].at_ms, 3.0);
        for i in 0..(MAX_ENTRIES + 10) {
            h.record(run(&format!("SELECT {i} AS n"), i as f64));
        }
        assert_eq!(h.len(), MAX_ENTRIES);
        assert_eq!(h.search("")[0].sql, format!("SELECT {} AS n", MAX_ENTRIES + 9));
        // Blank and oversized texts are not kept.
        let before = h.len();
        h.record(run("  ", 0.0));
        h.record(run(&"x".repeat(MAX_SQL_BYTES + 1), 0.0));
        assert_eq!(h.len(), before);
    }

    #[test]
    fn search_matches_every_word_in_any_case() {
        let mut h = History::default();
        h.record(run("SELECT * FROM dim_users WHERE ds = '2024-10-01'", 1.0));
        h.record(run("select count(*) from dim_users_scd2", 2.0));
        assert_eq!(h.search("DIM_USERS").len(), 2);
        assert_eq!(h.search("dim_users count").len(), 1);
        assert_eq!(h.search("2024-10-01 from").len(), 1);
        assert!(h.search("devices").is_empty());
    }

    #[test]
    fn survives_a_round_trip_and_bad_text() {
        let mut h = History::default();
        h.record(Entry { sql: "SELECT 'a\"b'".into(), at_ms: 5.0, rows: None });
        assert_eq!(History::parse(&h.to_text()), h);
        assert!(History::parse("not json").is_empty());
        assert!(History::parse("").is_empty());
    }
}
