//! The page's tabs. Each asks the engine through the shared
//! [`PageContext`](crate::page::PageContext) and owns its requests' answers.

pub mod backfill_state;
pub mod backfill_tab;
pub mod compare_tab;
pub mod explore_tab;
pub mod lessons_tab;
pub mod step_runner;
