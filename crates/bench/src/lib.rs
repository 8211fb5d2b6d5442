//! The engine benchmark's native side (see `tests/bench/engines.mjs` for the whole run):
//! [`export`] writes a generated warehouse as Hive-partitioned Parquet and Arrow IPC with
//! the [`suite`] beside it, and [`native`] runs that suite on native DataFusion over the
//! same files; [`levers`] times the engine's storage and DataFusion settings one by one.

pub mod canonical;
pub mod export;
pub mod levers;
pub mod native;
pub mod suite;
