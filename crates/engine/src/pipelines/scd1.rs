//! The SCD1 overwrite: `dim_users_current` holds today's users and nothing else. Each
//! run replaces the whole table, so yesterday is gone; the playground keeps it to show
//! the questions it cannot answer.

use playground_protocol::EngineError;

use crate::Warehouse;

use super::materialize;

/// The overwritten table.
pub const TABLE: &str = "dim_users_current";

/// The statement: the day's users, as `dim_users` holds them; its output replaces the
/// whole table.
pub const SQL: &str = "SELECT user_id, signed_up, followers, following, device
FROM dim_users
WHERE ds = '{{ ds }}'
ORDER BY user_id";

/// Overwrites `dim_users_current` with the users of `ds`. Returns the rows written.
pub async fn run(wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
    materialize(wh, SQL, ds, TABLE, false, None).await
}
