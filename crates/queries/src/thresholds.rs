//! What "many" and "few" followers mean on a network of a given size. The retention
//! question asks for users with 1000+ followers now and under 200 three months ago; a
//! network of 300 users has at most 299 followers per user, so the thresholds shrink with
//! the network, and the generator plans its fast growers against the same numbers.

/// The retention question's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// "Many followers now": at least this many.
    pub many: i64,
    /// "Few followers back then": fewer than this.
    pub few: i64,
}

impl Default for Thresholds {
    /// The question as the article asks it: 1000+ now, under 200 then.
    fn default() -> Self {
        Self { many: 1000, few: 200 }
    }
}

impl Thresholds {
    /// The article's 1000 and 200 on a network of 10,000 users or more; on a smaller one,
    /// a tenth of the network and a fifth of that, so a fast grower is always followed by
    /// a tenth of the network, as at the default size.
    ///
    /// ```
    /// use playground_queries::Thresholds;
    /// assert_eq!(Thresholds::for_users(10_000), Thresholds { many: 1000, few: 200 });
    /// assert_eq!(Thresholds::for_users(1_000_000), Thresholds::default());
    /// assert_eq!(Thresholds::for_users(300), Thresholds { many: 30, few: 6 });
    /// assert_eq!(Thresholds::for_users(20), Thresholds { many: 2, few: 1 });
    /// ```
    pub fn for_users(users: u32) -> Self {
        let default = Self::default();
        let many = (i64::from(users) / 10).clamp(2, default.many);
        let few = (many / 5).clamp(1, default.few);
        Self { many, few }
    }

    /// Whether these are the article's own numbers.
    pub fn are_the_articles(&self) -> bool {
        *self == Self::default()
    }

    /// How the page says what it asked, e.g. "1000+ followers now, under 200 then".
    ///
    /// ```
    /// assert_eq!(playground_queries::Thresholds::for_users(300).describe(), "30+ followers now, under 6 then");
    /// ```
    pub fn describe(&self) -> String {
        format!("{}+ followers now, under {} then", self.many, self.few)
    }
}
