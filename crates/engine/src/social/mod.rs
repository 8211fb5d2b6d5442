//! The social network the playground teaches with: a seeded generator of daily
//! production snapshots, and the build that runs every day's pipelines over them.

pub mod accounts;
mod build;
mod draw;
pub mod generator;
mod params;
pub mod raw;
mod snapshot;

pub use accounts::{Cohort, Status};
pub use build::{botched_day, build_social, build_social_with_limit, BuildProgress, BuildReport, DAYS_PER_STATEMENT};
pub use generator::Generator;
pub use params::{
    estimated_source_rows, validate, validate_with_limit, MAX_DAYS, MAX_SOURCE_ROWS, MIN_DAYS, MIN_USERS,
};
pub use playground_protocol::RAW_TABLES;
pub use raw::DaySnapshot;
