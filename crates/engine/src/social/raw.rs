//! The raw tables as production's nightly copy lands them, and their schemas.
//!
//! - `users(user_id, signed_up, status)`: every account that exists; a deactivated
//!   account keeps its row (`status = 'deactivated'`) and may come back, a deleted one is
//!   gone.
//! - `devices(user_id, device, sessions)`: the devices each account used in the last 28
//!   days; the primary device is the one with the most sessions.
//! - `relationships(user_id, friend_id, followed_on)`: `user_id` follows `friend_id`.
//!   Production keeps the follows of a deactivated account; a deleted account's go with it.
//! - `post_views(post_id, viewer_id, poster_id)`: that day's views only, like a log.
//!
//! None of them says how many followers anyone has or whether a follow is mutual: the
//! pipelines work that out.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// The production database on one day.
#[derive(Debug, Clone)]
pub struct DaySnapshot {
    /// `YYYY-MM-DD`.
    pub ds: String,
    /// `users(user_id, signed_up, status)`.
    pub users: RecordBatch,
    /// `devices(user_id, device, sessions)`.
    pub devices: RecordBatch,
    /// `relationships(user_id, friend_id, followed_on)`.
    pub relationships: RecordBatch,
    /// `post_views(post_id, viewer_id, poster_id)`: that day's views.
    pub post_views: RecordBatch,
}

impl DaySnapshot {
    /// The four raw tables with their names, in [`playground_protocol::RAW_TABLES`] order.
    pub fn tables(&self) -> [(&'static str, &RecordBatch); 4] {
        let names = playground_protocol::RAW_TABLES;
        [
            (names[0], &self.users),
            (names[1], &self.devices),
            (names[2], &self.relationships),
            (names[3], &self.post_views),
        ]
    }
}

fn schema(fields: &[(&str, DataType)]) -> SchemaRef {
    Arc::new(Schema::new(fields.iter().map(|(n, t)| Field::new(*n, t.clone(), false)).collect::<Vec<_>>()))
}

/// `users(user_id, signed_up, status)`.
pub fn users_schema() -> SchemaRef {
    schema(&[("user_id", DataType::Int64), ("signed_up", DataType::Date32), ("status", DataType::Utf8)])
}

/// `devices(user_id, device, sessions)`.
pub fn devices_schema() -> SchemaRef {
    schema(&[("user_id", DataType::Int64), ("device", DataType::Utf8), ("sessions", DataType::Int64)])
}

/// `relationships(user_id, friend_id, followed_on)`.
pub fn relationships_schema() -> SchemaRef {
    schema(&[("user_id", DataType::Int64), ("friend_id", DataType::Int64), ("followed_on", DataType::Date32)])
}

/// `post_views(post_id, viewer_id, poster_id)`.
pub fn post_views_schema() -> SchemaRef {
    schema(&[("post_id", DataType::Int64), ("viewer_id", DataType::Int64), ("poster_id", DataType::Int64)])
}
