//! How long one query may run. A query cannot be interrupted inside the engine's worker
//! (it runs to completion on one thread), so the page enforces the limit by replacing the
//! worker, which gets the warehouse back as it stood.

/// A per-query time limit, in whole seconds.
///
/// ```
/// use playground_protocol::TimeLimit;
/// assert_eq!(TimeLimit::parse(" 90 ").unwrap().millis(), 90_000);
/// assert!(TimeLimit::parse("0").is_err());
/// assert_eq!(TimeLimit::parse_or_default("junk"), TimeLimit::DEFAULT);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit(u32);

impl TimeLimit {
    /// A minute: every query of the catalog takes under a few seconds at the largest size.
    pub const DEFAULT: TimeLimit = TimeLimit(60);
    /// Shortest limit.
    pub const MIN_SECONDS: u32 = 1;
    /// Longest limit: an hour.
    pub const MAX_SECONDS: u32 = 3_600;

    /// Reads a number of seconds typed by a person; the message says what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let range = || format!("a whole number of seconds from {} to {}", Self::MIN_SECONDS, Self::MAX_SECONDS);
        let seconds: u32 = text.trim().parse().map_err(|_| format!("the time limit must be {}", range()))?;
        if !(Self::MIN_SECONDS..=Self::MAX_SECONDS).contains(&seconds) {
            return Err(format!("the time limit must be {}, not {seconds}", range()));
        }
        Ok(Self(seconds))
    }

    /// What was stored, or the default when it is missing or unreadable.
    pub fn parse_or_default(text: &str) -> Self {
        Self::parse(text).unwrap_or(Self::DEFAULT)
    }

    /// The limit in seconds.
    pub fn seconds(self) -> u32 {
        self.0
    }

    /// The limit in milliseconds, for a timer.
    pub fn millis(self) -> u32 {
        self.0 * 1000
    }

    /// Why the engine is being restarted, for the notice above the results.
    pub fn reason(self) -> String {
        format!("The query ran past its time limit of {} s and was stopped", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_range_and_refuses_the_rest_with_the_range() {
        assert_eq!(TimeLimit::parse("1").unwrap().seconds(), 1);
        assert_eq!(TimeLimit::parse("3600").unwrap().seconds(), 3600);
        for bad in ["0", "3601", "-5", "1.5", "", "ten"] {
            let e = TimeLimit::parse(bad).unwrap_err();
            assert!(e.contains("from 1 to 3600"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_reason_names_the_limit() {
        assert_eq!(TimeLimit::parse("5").unwrap().reason(), "The query ran past its time limit of 5 s and was stopped");
    }
}
