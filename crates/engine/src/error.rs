//! Turning DataFusion errors into messages a person can act on: the stage that failed
//! and, when the SQL is at fault, the line and column.

use datafusion::error::DataFusionError;
use playground_protocol::{EngineError, ErrorKind, SqlPosition};

/// Classifies a DataFusion error and finds the SQL position it points at.
///
/// ```
/// use datafusion::error::DataFusionError;
/// use playground_engine::to_engine_error;
/// let e = to_engine_error(&DataFusionError::Plan("DDL not supported: CREATE TABLE".into()));
/// assert_eq!(e.kind, playground_engine::protocol::ErrorKind::NotAllowed);
/// ```
pub fn to_engine_error(err: &DataFusionError) -> EngineError {
    let root = err.find_root();
    let message = err.strip_backtrace();
    let kind = match root {
        DataFusionError::SQL(..) => ErrorKind::Syntax,
        DataFusionError::Plan(m)
            if m.starts_with("DDL not supported")
                || m.starts_with("DML not supported")
                || m.starts_with("Statement not supported") =>
        {
            ErrorKind::NotAllowed
        }
        DataFusionError::Plan(_) | DataFusionError::SchemaError(..) | DataFusionError::NotImplemented(_) => {
            ErrorKind::Plan
        }
        _ => ErrorKind::Execution,
    };
    let position = err
        .diagnostic()
        .and_then(|d| d.span)
        .filter(|s| s.start.line > 0)
        .map(|s| SqlPosition { line: s.start.line as u32, column: s.start.column as u32 })
        .or_else(|| position_in_text(&message));
    EngineError { kind, message, position }
}

/// The parser writes positions as "at Line: 2, Column: 7" inside its message.
fn position_in_text(message: &str) -> Option<SqlPosition> {
    let rest = &message[message.rfind("Line: ")? + "Line: ".len()..];
    let (line, rest) = rest.split_once(',')?;
    let rest = rest.trim_start().strip_prefix("Column: ")?;
    let column: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some(SqlPosition { line: line.trim().parse().ok()?, column: column.parse().ok()? })
}

/// An error from our own validation of a load.
pub(crate) fn bad_input(message: impl Into<String>) -> EngineError {
    EngineError::new(ErrorKind::BadInput, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parser_positions() {
        let p = position_in_text("sql parser error: Expected: end, found: x at Line: 2, Column: 17");
        assert_eq!(p, Some(SqlPosition { line: 2, column: 17 }));
        assert_eq!(position_in_text("no position here"), None);
    }
}
