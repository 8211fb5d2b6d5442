//! What an embedded playground shows, read from its iframe URL: one compare scenario or
//! one lesson step, on a small network unless the URL names another. Anything it does
//! not know is named back to the page author, never an error that leaves the frame blank.
//!
//! `?embed=scenario&scenario=<id>` or `?embed=lesson&lesson=<id>&step=<n>`, plus the
//! network's `users`, `days`, `start` and `seed`.

use playground_protocol::SocialParams;

use crate::lessons::{self, Lesson};
use crate::scenarios::{self, Scenario};

/// The parameters an embed URL may carry.
const KNOWN: [&str; 8] = ["embed", "scenario", "lesson", "step", "users", "days", "start", "seed"];

/// What the frame shows.
#[derive(Debug, Clone, PartialEq)]
pub enum EmbedTarget {
    /// A compare scenario: both queries, Run, the verdict.
    Scenario(Scenario),
    /// One step of a lesson (an exercise, a simulated backfill, …), from 0.
    LessonStep(Lesson, usize),
}

/// A parsed embed URL.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedSpec {
    /// What to show.
    pub target: EmbedTarget,
    /// The network built when the reader first runs something.
    pub network: SocialParams,
    /// Things the URL said that were ignored or replaced, for the page's author.
    pub notes: Vec<String>,
}

/// The network an embed builds unless told otherwise: 300 users over the 40 days to
/// 2025-01-16, built in a few seconds, with fast growers to find.
pub fn small_network() -> SocialParams {
    SocialParams { users: 300, days: 40, start: "2024-12-08".into(), ..SocialParams::default() }
}

impl EmbedSpec {
    /// The placeholders' values on the network the embed builds: known before it is
    /// built, so the queries show at once.
    pub fn params(&self) -> Option<crate::QuestionParams> {
        let last = crate::days_after(&self.network.start, self.network.days.checked_sub(1)?)?;
        let thresholds = crate::Thresholds::for_users(self.network.users);
        Some(crate::QuestionParams::for_range(&self.network.start, &last, thresholds))
    }
}

/// Reads an embed URL's parameters (in order, as `UrlSearchParams` gives them). `None`
/// when the URL is not an embed; `Err` when it is one that names nothing to show.
///
/// ```
/// use playground_queries::embed::{parse, EmbedTarget};
/// let pairs = |s: &[(&str, &str)]| s.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
/// let spec = parse(&pairs(&[("embed", "lesson"), ("lesson", "backfills"), ("step", "2"), ("colour", "red")])).unwrap().unwrap();
/// assert!(matches!(spec.target, EmbedTarget::LessonStep(ref l, 1) if l.id == "backfills"));
/// assert_eq!(spec.notes, ["Unknown parameter \u{201c}colour\u{201d} ignored."]);
/// assert!(parse(&pairs(&[("lesson", "backfills")])).is_none());
/// ```
pub fn parse(pairs: &[(String, String)]) -> Option<Result<EmbedSpec, String>> {
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let kind = get("embed")?;
    let mut notes: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
        .map(|(k, _)| format!("Unknown parameter \u{201c}{k}\u{201d} ignored."))
        .collect();
    let target = match kind {
        "scenario" => {
            let id = get("scenario").unwrap_or_default();
            match scenarios::by_id(id) {
                Some(s) => EmbedTarget::Scenario(s),
                None => {
                    let ids: Vec<&str> = scenarios::all().iter().map(|s| s.id).collect();
                    return Some(Err(format!(
                        "There is no scenario \u{201c}{id}\u{201d}. The scenarios are: {}.",
                        ids.join(", ")
                    )));
                }
            }
        }
        "lesson" => match lessons::locate(get("lesson").unwrap_or_default(), get("step")) {
            Ok((lesson, step, note)) => {
                notes.extend(note);
                EmbedTarget::LessonStep(lesson, step)
            }
            Err(message) => return Some(Err(message)),
        },
        other => {
            return Some(Err(format!(
            "embed={other:?} is not something to embed: use embed=scenario&scenario=… or embed=lesson&lesson=…&step=…"
        )))
        }
    };
    let mut network = small_network();
    let number = |key: &str, notes: &mut Vec<String>| -> Option<u64> {
        let v = get(key)?;
        let n = v.parse().ok();
        if n.is_none() {
            notes.push(format!("{key}={v:?} is not a whole number; the default is used."));
        }
        n
    };
    if let Some(n) = number("users", &mut notes) {
        network.users = u32::try_from(n).unwrap_or(u32::MAX);
    }
    if let Some(n) = number("days", &mut notes) {
        network.days = u32::try_from(n).unwrap_or(u32::MAX);
    }
    if let Some(n) = number("seed", &mut notes) {
        network.seed = n;
    }
    if let Some(start) = get("start") {
        if crate::is_iso_date(start) {
            network.start = start.to_string();
        } else {
            notes.push(format!("start={start:?} is not a date written YYYY-MM-DD; the default is used."));
        }
    }
    Some(Ok(EmbedSpec { target, network, notes }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &str) -> Vec<(String, String)> {
        s.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.into(), v.into())).collect()
    }

    #[test]
    fn a_scenario_on_the_small_network_by_default() {
        let spec = parse(&pairs("embed=scenario&scenario=retention")).unwrap().unwrap();
        assert!(matches!(spec.target, EmbedTarget::Scenario(ref s) if s.id == "retention"));
        assert_eq!(spec.network, small_network());
        assert!(spec.notes.is_empty());
        let p = spec.params().unwrap();
        assert_eq!((p.past.as_str(), p.today.as_str()), ("2024-12-08", "2025-01-16"));
    }

    #[test]
    fn the_network_can_be_named_and_bad_numbers_fall_back_with_a_note() {
        let spec = parse(&pairs("embed=scenario&scenario=device_mix&users=500&days=x&seed=7&start=2024-13-01"))
            .unwrap()
            .unwrap();
        assert_eq!((spec.network.users, spec.network.days, spec.network.seed), (500, 40, 7));
        assert_eq!(spec.network.start, "2024-12-08");
        assert_eq!(spec.notes.len(), 2, "{:?}", spec.notes);
    }

    #[test]
    fn nothing_to_show_is_an_error_naming_what_there_is() {
        assert!(parse(&pairs("embed=scenario&scenario=nope")).unwrap().unwrap_err().contains("retention"));
        assert!(parse(&pairs("embed=lesson&lesson=nope")).unwrap().unwrap_err().contains("backfills"));
        assert!(parse(&pairs("embed=movie")).unwrap().unwrap_err().contains("embed=scenario"));
        // A missing step is the lesson's first, with a note.
        let spec = parse(&pairs("embed=lesson&lesson=history&step=9")).unwrap().unwrap();
        assert!(matches!(spec.target, EmbedTarget::LessonStep(_, 0)));
        assert!(spec.notes[0].contains("no step 9"));
    }
}
