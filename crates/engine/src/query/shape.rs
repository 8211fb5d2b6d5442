//! Statements too long for the planner's stack, refused before they are parsed.
//!
//! The parser limits nesting (50 levels), but a flat chain such as `a OR b OR …` or a
//! `UNION ALL` of many selects parses into a tree as deep as it is long, and DataFusion's
//! planner and optimizer walk it recursively. In the browser an overflow of the wasm stack
//! corrupts memory or traps, which kills the worker. So the engine counts the links of
//! such chains with the tokenizer (which does not recurse) and refuses a statement past a
//! budget measured on the wasm stack (see `.cargo/config.toml`).

use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};
use playground_protocol::{EngineError, ErrorKind};

/// Longest SQL text the engine reads, in bytes.
pub const MAX_SQL_BYTES: usize = 1 << 20;

/// Deepest chain the engine plans: each `AND`, `OR`, arithmetic or concatenation operator
/// in one expression is a level; each `UNION`/`INTERSECT`/`EXCEPT`, join (`JOIN` or a
/// comma in `FROM`) and common table expression counts [`SET_OPERATOR_WEIGHT`] levels;
/// every open parenthesis one more. Measured on the
/// test build's worker: a chain of 1,150 `OR`s or `+`s plans and 1,170 overflows V8's own
/// stack (the 4 MiB wasm stack is no longer the limit), a `UNION ALL` of 781 selects plans
/// and 790 overflows. The budget keeps about half of that in hand.
pub const MAX_CHAIN: usize = 600;

/// A set operator or a join costs the planner about one and a half operators' stack.
pub const SET_OPERATOR_WEIGHT: usize = 2;

/// Words after which a new expression starts, so its chain starts from nothing.
const NEW_EXPRESSION: [Keyword; 13] = [
    Keyword::SELECT,
    Keyword::FROM,
    Keyword::WHERE,
    Keyword::ON,
    Keyword::BY,
    Keyword::HAVING,
    Keyword::WHEN,
    Keyword::THEN,
    Keyword::ELSE,
    Keyword::END,
    Keyword::LIMIT,
    Keyword::OFFSET,
    Keyword::AS,
];

/// Words that end a `FROM` list, after which a comma no longer joins.
const END_OF_FROM: [Keyword; 10] = [
    Keyword::WHERE,
    Keyword::GROUP,
    Keyword::HAVING,
    Keyword::ORDER,
    Keyword::LIMIT,
    Keyword::OFFSET,
    Keyword::UNION,
    Keyword::INTERSECT,
    Keyword::EXCEPT,
    Keyword::WINDOW,
];

/// The chain at one level of parentheses.
#[derive(Default)]
struct Level {
    /// Operators in the expression being read.
    expression: usize,
    /// Set operators, joins (`JOIN` or a comma in `FROM`) and common table expressions
    /// since the level opened: each nests the plan one level deeper.
    sets: usize,
    /// Reading a `FROM` list.
    in_from: bool,
}

impl Level {
    fn depth(&self) -> usize {
        self.expression + SET_OPERATOR_WEIGHT * self.sets
    }
}

/// The deepest chain in `sql`, by the budget's units: the levels of operators the
/// planner would recurse through, summed over enclosing parentheses.
///
/// ```
/// use playground_engine::query_shape::chain_depth;
/// assert_eq!(chain_depth("SELECT a + b + c, d + e FROM t WHERE x = 1 OR y = 2"), 2);
/// assert_eq!(chain_depth("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3"), 4);
/// assert_eq!(chain_depth("SELECT (1 + (2 + 3))"), 4);
/// ```
pub fn chain_depth(sql: &str) -> usize {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        // The parser reports a text it cannot tokenize, with its position.
        return 0;
    };
    let mut levels = vec![Level::default()];
    let mut outer = 0; // the depth of the enclosing levels
    let mut deepest = 0;
    let mut after_as = false;
    for token in tokens.iter().filter(|t| !matches!(t, Token::Whitespace(_))) {
        let open = levels.len();
        let level = levels.last_mut().expect("the statement's own level is never closed");
        let follows_as = std::mem::replace(&mut after_as, matches!(token, Token::Word(w) if w.keyword == Keyword::AS));
        match token {
            Token::LParen => {
                // `name AS (…)`: a common table expression, which a later one may read.
                if follows_as {
                    level.sets += 1;
                }
                outer += level.depth() + 1;
                levels.push(Level::default());
                continue;
            }
            Token::RParen if open > 1 => {
                levels.pop();
                let level = levels.last().expect("a level encloses the one closed");
                outer -= level.depth() + 1;
                continue;
            }
            Token::SemiColon => *level = Level::default(),
            Token::Comma => {
                level.expression = 0;
                if level.in_from {
                    level.sets += 1;
                }
            }
            Token::Word(w) if NEW_EXPRESSION.contains(&w.keyword) => {
                level.expression = 0;
                match w.keyword {
                    Keyword::FROM => level.in_from = true,
                    Keyword::SELECT | Keyword::WHERE | Keyword::HAVING | Keyword::LIMIT | Keyword::OFFSET => {
                        level.in_from = false
                    }
                    _ => {}
                }
            }
            Token::Word(w) if END_OF_FROM.contains(&w.keyword) => {
                level.in_from = false;
                if matches!(w.keyword, Keyword::UNION | Keyword::INTERSECT | Keyword::EXCEPT) {
                    level.sets += 1;
                }
            }
            Token::Word(w) => match w.keyword {
                Keyword::AND | Keyword::OR | Keyword::XOR => level.expression += 1,
                Keyword::JOIN => level.sets += 1,
                _ => {}
            },
            Token::Plus
            | Token::Minus
            | Token::Mul
            | Token::Div
            | Token::DuckIntDiv
            | Token::Mod
            | Token::StringConcat
            | Token::Ampersand
            | Token::Pipe
            | Token::Caret => level.expression += 1,
            _ => {}
        }
        deepest = deepest.max(outer + level.depth());
    }
    deepest
}

/// Refuses SQL too long to read or too long a chain to plan, saying what to do instead.
pub(crate) fn check(sql: &str) -> Result<(), EngineError> {
    if sql.len() > MAX_SQL_BYTES {
        return Err(EngineError::new(
            ErrorKind::BadInput,
            format!(
                "the SQL is {} bytes long; the engine reads up to {MAX_SQL_BYTES}. Load a long list of values as a \
                 table (Your data) and join it instead.",
                sql.len()
            ),
        ));
    }
    let chain = chain_depth(sql);
    if chain > MAX_CHAIN {
        return Err(EngineError::new(
            ErrorKind::BadInput,
            format!(
                "this statement chains about {chain} operators in a row (AND, OR, arithmetic; each UNION or JOIN \
                 counts {SET_OPERATOR_WEIGHT}); the engine plans chains up to {MAX_CHAIN} long, because every link is a \
                 level of recursion in the planner. Write a list of values as `x IN (1, 2, …)`, or split the query."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn or_chain(terms: usize) -> String {
        let terms: Vec<String> = (0..terms).map(|i| format!("x = {i}")).collect();
        format!("SELECT * FROM t WHERE {}", terms.join(" OR "))
    }

    #[test]
    fn counts_the_links_of_a_flat_chain() {
        assert_eq!(chain_depth(&or_chain(10)), 9);
        let union: Vec<String> = (0..10).map(|i| format!("SELECT {i}")).collect();
        assert_eq!(chain_depth(&union.join(" UNION ALL ")), 9 * SET_OPERATOR_WEIGHT);
    }

    #[test]
    fn wide_is_not_deep() {
        // Three hundred short expressions: each starts from nothing.
        let columns: Vec<String> = (0..300).map(|i| format!("a{i} + b{i} + c{i}")).collect();
        let sql = format!("SELECT {} FROM t WHERE x IN ({})", columns.join(", "), vec!["1"; 5000].join(", "));
        assert_eq!(chain_depth(&sql), 2);
    }

    #[test]
    fn parentheses_add_their_chain_to_what_they_hold() {
        assert_eq!(chain_depth("SELECT 1 + (2 * (3 - 4))"), 5);
        // An operator after the parenthesis is not counted into it: the count is a
        // measure of chains, not an exact tree depth.
        assert_eq!(chain_depth("SELECT (SELECT 1 UNION SELECT 2) + 1, 2"), 1 + SET_OPERATOR_WEIGHT);
    }

    #[test]
    fn comma_joins_and_common_table_expressions_nest_too() {
        assert_eq!(chain_depth("SELECT * FROM a, b, c WHERE x = 1, y"), 2 * SET_OPERATOR_WEIGHT);
        assert_eq!(chain_depth("SELECT * FROM a AS p JOIN b ON a.x = b.x, c"), 2 * SET_OPERATOR_WEIGHT);
        let ctes: Vec<String> = (1..=5).map(|i| format!("c{i} AS (SELECT x FROM c{})", i - 1)).collect();
        let sql = format!("WITH c0 AS (SELECT 1 AS x), {} SELECT * FROM c5", ctes.join(", "));
        assert_eq!(chain_depth(&sql), 6 * SET_OPERATOR_WEIGHT);
    }

    #[test]
    fn counts_each_statement_apart() {
        let two = format!("{}; {}", or_chain(400), or_chain(400));
        assert_eq!(chain_depth(&two), 399);
    }

    #[test]
    fn words_inside_strings_and_comments_do_not_count() {
        assert_eq!(chain_depth("SELECT 'a OR b + c' -- AND UNION\n"), 0);
    }

    #[test]
    fn refuses_a_chain_past_the_budget_with_advice() {
        assert!(check(&or_chain(MAX_CHAIN + 1)).is_ok());
        let e = check(&or_chain(5_000)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains("chains about 4999 operators") && e.message.contains("IN (1, 2, …)"), "{}", e.message);
    }

    #[test]
    fn refuses_text_past_the_size_limit() {
        let e = check(&format!("SELECT '{}'", "x".repeat(MAX_SQL_BYTES))).unwrap_err();
        assert!(e.message.contains("reads up to"), "{}", e.message);
    }
}
