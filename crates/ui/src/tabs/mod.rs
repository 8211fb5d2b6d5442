//! The page's three tabs. Each asks the engine through the shared
//! [`PageContext`](crate::page::PageContext) and owns its requests' answers.

pub mod backfill_state;
pub mod backfill_tab;
pub mod compare_tab;
pub mod explore_tab;
