//! Errors the user reads, with where in the SQL they point.

use serde::{Deserialize, Serialize};

/// An error the user should read, with the SQL position when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineError {
    /// Which stage failed.
    pub kind: ErrorKind,
    /// The message, as DataFusion (or our validation) wrote it.
    pub message: String,
    /// 1-based line and column in the SQL text, when known.
    pub position: Option<SqlPosition>,
}

impl EngineError {
    /// A failure with no SQL position, at the given stage.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), position: None }
    }
}

/// The stage an [`EngineError`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The SQL did not parse.
    Syntax,
    /// The SQL parsed but could not be planned (unknown table or column, type errors).
    Plan,
    /// Planning worked but running failed (out of memory, bad data).
    Execution,
    /// A statement the playground does not allow (DDL, DML, SET).
    NotAllowed,
    /// A bad load: table name, date, file or schema.
    BadInput,
}

/// A 1-based position in the SQL text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlPosition {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}
