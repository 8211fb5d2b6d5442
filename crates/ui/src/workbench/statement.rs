//! The statement under the cursor, for Shift+Enter: SQL text split at the semicolons that
//! end statements, never at one inside a string, a quoted name or a comment.

use playground_protocol::SqlPosition;

/// The statement around `utf16_offset` (the editor counts in UTF-16 code units), trimmed;
/// `None` when the cursor sits in blank space after the last statement.
pub fn statement_at(sql: &str, utf16_offset: usize) -> Option<&str> {
    let cursor = byte_offset(sql, utf16_offset);
    let mut start = 0;
    for end in statement_ends(sql).into_iter().chain([sql.len()]) {
        // The cursor right after a semicolon still belongs to the statement it ends.
        if cursor <= end + 1 {
            let text = sql[start..end].trim();
            return (!text.is_empty()).then_some(text);
        }
        start = end + 1;
    }
    None
}

/// Where `position` (1-based, in `statement`) lies in `text`, which holds `statement`
/// somewhere: an error in a statement run with Shift+Enter is marked in the whole text.
pub fn position_in(text: &str, statement: &str, position: SqlPosition) -> Option<SqlPosition> {
    let start = text.find(statement)?;
    let before = &text[..start];
    let lines_before = before.matches('\n').count() as u32;
    let column_before = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32;
    Some(if position.line == 1 {
        SqlPosition { line: 1 + lines_before, column: position.column + column_before }
    } else {
        SqlPosition { line: position.line + lines_before, column: position.column }
    })
}

/// Byte offset of a UTF-16 offset, clamped to the text's end.
fn byte_offset(sql: &str, utf16_offset: usize) -> usize {
    let mut units = 0;
    for (i, c) in sql.char_indices() {
        if units >= utf16_offset {
            return i;
        }
        units += c.len_utf16();
    }
    sql.len()
}

/// Byte positions of the semicolons that end statements.
fn statement_ends(sql: &str) -> Vec<usize> {
    #[derive(PartialEq)]
    enum In {
        Code,
        Quote(char),
        LineComment,
        BlockComment,
    }
    let mut state = In::Code;
    let mut ends = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        state = match state {
            In::Code => match (c, next) {
                (';', _) => {
                    ends.push(i);
                    In::Code
                }
                ('\'' | '"' | '`', _) => In::Quote(c),
                ('-', Some('-')) => In::LineComment,
                ('/', Some('*')) => {
                    chars.next();
                    In::BlockComment
                }
                _ => In::Code,
            },
            // A doubled quote inside a string reads as leaving and re-entering it.
            In::Quote(q) if c == q => In::Code,
            In::LineComment if c == '\n' => In::Code,
            In::BlockComment if c == '*' && next == Some('/') => {
                chars.next();
                In::Code
            }
            other => other,
        };
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_statement_under_the_cursor() {
        let sql = "SELECT 1;\n\nSELECT 2 -- no; split\nFROM t;\n  ";
        assert_eq!(statement_at(sql, 0), Some("SELECT 1"));
        // Right after the semicolon: still the first statement.
        assert_eq!(statement_at(sql, 9), Some("SELECT 1"));
        assert_eq!(statement_at(sql, 12), Some("SELECT 2 -- no; split\nFROM t"));
        // Trailing blank after the last statement.
        assert_eq!(statement_at(sql, sql.encode_utf16().count()), None);
        assert_eq!(statement_at("SELECT 3", 100), Some("SELECT 3"));
        assert_eq!(statement_at("", 0), None);
    }

    #[test]
    fn semicolons_in_strings_names_and_comments_do_not_split() {
        let sql = "SELECT 'a;b', \"c;d\" /* ; */ FROM t; SELECT 'it''s;'";
        assert_eq!(statement_at(sql, 5), Some("SELECT 'a;b', \"c;d\" /* ; */ FROM t"));
        assert_eq!(statement_at(sql, 40), Some("SELECT 'it''s;'"));
    }

    #[test]
    fn positions_in_a_statement_map_into_the_whole_text() {
        let text = "SELECT 1;\n  SELECT x\n  FROM t";
        let statement = "SELECT x\n  FROM t";
        let at = |line, column| SqlPosition { line, column };
        // Line 1 of the statement starts at column 3 of line 2.
        assert_eq!(position_in(text, statement, at(1, 8)), Some(at(2, 10)));
        assert_eq!(position_in(text, statement, at(2, 8)), Some(at(3, 8)));
        assert_eq!(position_in(text, "SELECT 1", at(1, 8)), Some(at(1, 8)));
        assert_eq!(position_in(text, "SELECT 9", at(1, 1)), None);
    }

    #[test]
    fn counts_the_cursor_in_utf16_units() {
        // 'é' is one UTF-16 unit and two bytes; '😀' is two units and four bytes.
        let sql = "SELECT '😀é';SELECT 2";
        let second = sql.encode_utf16().count() - 2;
        assert_eq!(statement_at(sql, second), Some("SELECT 2"));
        assert_eq!(statement_at(sql, 9), Some("SELECT '😀é'"));
    }
}
