//! Statements too long or too deep to plan, refused before they are parsed.
//!
//! - A flat chain such as `a OR b OR …` or a `UNION ALL` of many selects parses into a
//!   tree as deep as it is long, and DataFusion's planner and optimizer walk it
//!   recursively. In the browser an overflow of the wasm stack corrupts memory or traps,
//!   which kills the worker.
//! - Deep nesting costs time, not stack: the parser backtracks at every `NOT (` once its
//!   own depth limit is hit (40 levels took 63 s natively), and DataFusion's simplifier
//!   copies a `coalesce` into each branch of the one around it (20 levels, 10 s), and
//!   each level of subqueries (`IN (SELECT …)`, `(SELECT (SELECT …))`) multiplies the
//!   optimizer's work (22 levels of `IN` took 3 minutes natively), and planning a join of
//!   many tables on shared keys grows with the cube of their number.
//!
//! So the engine measures both with the tokenizer (which does not recurse) and refuses a
//! statement past budgets measured in the browser (see `.cargo/config.toml`) and natively.

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

/// Deepest nesting of parentheses. 30 levels of `NOT (` parse in 5 ms natively, 40 in
/// 63 s: past the parser's own limit each level is tried two ways.
pub const MAX_NESTING: usize = 24;

/// Deepest nesting of function calls. Each level of `coalesce(coalesce(…), …)` doubles
/// the planning time: 12 levels take 27 ms natively, 16 take 0.5 s, 20 take 10 s.
pub const MAX_CALL_NESTING: usize = 12;

/// Deepest nesting of queries inside queries: subqueries in expressions and derived
/// tables. Each level doubles the planning time: 12 levels of `(SELECT (SELECT …))` take
/// 80 ms natively, 16 take 2 s, 20 take a minute.
pub const MAX_SUBQUERY_NESTING: usize = 12;

/// Most tables one `FROM` joins. Planning 64 joins of one table on account and day takes
/// 0.75 s natively, 128 take 6 s, 224 take 38 s.
pub const MAX_JOINS: usize = 64;

/// Words before a parenthesis that open something other than a function call.
const NOT_A_CALL: [Keyword; 22] = [
    Keyword::AS,
    Keyword::IN,
    Keyword::EXISTS,
    Keyword::FROM,
    Keyword::JOIN,
    Keyword::ON,
    Keyword::AND,
    Keyword::OR,
    Keyword::NOT,
    Keyword::WHERE,
    Keyword::SELECT,
    Keyword::VALUES,
    Keyword::USING,
    Keyword::OVER,
    Keyword::ALL,
    Keyword::BY,
    Keyword::THEN,
    Keyword::ELSE,
    Keyword::WHEN,
    Keyword::HAVING,
    Keyword::ANY,
    Keyword::LATERAL,
];

/// How long and how deep a statement is, by the tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// The deepest chain (see [`MAX_CHAIN`]).
    pub chain: usize,
    /// The deepest nesting of parentheses.
    pub nesting: usize,
    /// The deepest nesting of function calls.
    pub calls: usize,
    /// The deepest nesting of queries inside queries.
    pub subqueries: usize,
    /// The most joins (`JOIN` or a comma in `FROM`) in one query.
    pub joins: usize,
}

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
const END_OF_FROM: [Keyword; 7] =
    [Keyword::WHERE, Keyword::GROUP, Keyword::HAVING, Keyword::ORDER, Keyword::LIMIT, Keyword::OFFSET, Keyword::WINDOW];

/// The chain at one level of parentheses.
#[derive(Default)]
struct Level {
    /// Operators in the expression being read.
    expression: usize,
    /// Set operators, joins (`JOIN` or a comma in `FROM`) and common table expressions
    /// since the level opened: each nests the plan one level deeper.
    sets: usize,
    /// Joins (`JOIN` or a comma in `FROM`) since the level opened.
    joins: usize,
    /// Reading a `FROM` list.
    in_from: bool,
    /// The parenthesis that opened the level follows a function's name.
    call: bool,
    /// The level holds a query (a `SELECT` was read in it).
    query: bool,
}

impl Level {
    fn depth(&self) -> usize {
        self.expression + SET_OPERATOR_WEIGHT * self.sets
    }
}

/// The shape of the longest and deepest statement in `sql`. The chain is the levels of
/// operators the planner would recurse through, summed over enclosing parentheses.
///
/// ```
/// use playground_engine::query_shape::shape;
/// assert_eq!(shape("SELECT a + b + c, d + e FROM t WHERE x = 1 OR y = 2").chain, 2);
/// assert_eq!(shape("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3").chain, 4);
/// let s = shape("SELECT abs(round(x + (1 + 2)))");
/// assert_eq!((s.chain, s.nesting, s.calls), (5, 3, 2));
/// ```
pub fn shape(sql: &str) -> Shape {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        // The parser reports a text it cannot tokenize, with its position.
        return Shape::default();
    };
    let mut levels = vec![Level::default()];
    let mut outer = 0; // the chain of the enclosing levels
    let mut calls = 0; // function calls open
    let mut queries = 0; // levels open that hold a query, the statement's own not counted
    let mut deepest = Shape::default();
    let mut previous: Option<&Token> = None;
    for token in tokens.iter().filter(|t| !matches!(t, Token::Whitespace(_))) {
        let before = previous.replace(token);
        let open = levels.len();
        let level = levels.last_mut().expect("the statement's own level is never closed");
        match token {
            Token::LParen => {
                let after_word = match before {
                    Some(Token::Word(w)) => Some(w.keyword),
                    _ => None,
                };
                // `name AS (…)`: a common table expression, which a later one may read.
                if after_word == Some(Keyword::AS) {
                    level.sets += 1;
                }
                let call = after_word.is_some_and(|k| !NOT_A_CALL.contains(&k));
                outer += level.depth() + 1;
                calls += usize::from(call);
                levels.push(Level { call, ..Level::default() });
                deepest.nesting = deepest.nesting.max(levels.len() - 1);
                deepest.calls = deepest.calls.max(calls);
                continue;
            }
            Token::RParen if open > 1 => {
                let closed = levels.pop().expect("more than one level is open");
                calls -= usize::from(closed.call);
                queries -= usize::from(closed.query);
                let level = levels.last().expect("a level encloses the one closed");
                outer -= level.depth() + 1;
                continue;
            }
            Token::SemiColon => *level = Level::default(),
            Token::Word(w) if matches!(w.keyword, Keyword::UNION | Keyword::INTERSECT | Keyword::EXCEPT) => {
                // The next query of a set operation joins its own tables.
                level.in_from = false;
                level.sets += 1;
                level.joins = 0;
            }
            Token::Comma => {
                level.expression = 0;
                if level.in_from {
                    level.sets += 1;
                    level.joins += 1;
                }
            }
            Token::Word(w) if NEW_EXPRESSION.contains(&w.keyword) => {
                level.expression = 0;
                if w.keyword == Keyword::SELECT && open > 1 && !level.query {
                    level.query = true;
                    queries += 1;
                    deepest.subqueries = deepest.subqueries.max(queries);
                }
                match w.keyword {
                    Keyword::FROM => level.in_from = true,
                    Keyword::SELECT | Keyword::WHERE | Keyword::HAVING | Keyword::LIMIT | Keyword::OFFSET => {
                        level.in_from = false
                    }
                    _ => {}
                }
            }
            Token::Word(w) if END_OF_FROM.contains(&w.keyword) => level.in_from = false,
            Token::Word(w) => match w.keyword {
                Keyword::AND | Keyword::OR | Keyword::XOR => level.expression += 1,
                Keyword::JOIN => {
                    level.sets += 1;
                    level.joins += 1;
                }
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
        deepest.chain = deepest.chain.max(outer + level.depth());
        deepest.joins = deepest.joins.max(level.joins);
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
    let Shape { chain, nesting, calls, subqueries, joins } = shape(sql);
    if nesting > MAX_NESTING {
        return Err(EngineError::new(
            ErrorKind::BadInput,
            format!(
                "this statement nests parentheses {nesting} deep; the engine reads up to {MAX_NESTING}, because past \
                 that parsing and planning grow slower with every level. Name the inner parts with WITH and select \
                 from them."
            ),
        ));
    }
    if calls > MAX_CALL_NESTING {
        return Err(EngineError::new(
            ErrorKind::BadInput,
            format!(
                "this statement nests function calls {calls} deep; the engine plans up to {MAX_CALL_NESTING}, because \
                 some (coalesce among them) double the planning time with every level. coalesce(a, b, c) takes any \
                 number of arguments."
            ),
        ));
    }
    if subqueries > MAX_SUBQUERY_NESTING {
        return Err(EngineError::new(
            ErrorKind::BadInput,
            format!(
                "this statement nests queries {subqueries} deep; the engine plans up to {MAX_SUBQUERY_NESTING}, because \
                 every level multiplies the optimizer's work. Name the inner queries with WITH, or join the tables \
                 instead of nesting IN (SELECT …)."
            ),
        ));
    }
    if joins > MAX_JOINS {
        return Err(EngineError::new(
            ErrorKind::BadInput,
            format!(
                "this query joins {} tables; the engine plans up to {}, because planning grows with the cube of their \
                 number. Join in steps with WITH, or put the values of a lookup in one table.",
                joins + 1,
                MAX_JOINS + 1
            ),
        ));
    }
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
        assert_eq!(shape(&or_chain(10)).chain, 9);
        let union: Vec<String> = (0..10).map(|i| format!("SELECT {i}")).collect();
        assert_eq!(shape(&union.join(" UNION ALL ")).chain, 9 * SET_OPERATOR_WEIGHT);
    }

    #[test]
    fn wide_is_not_deep() {
        // Three hundred short expressions: each starts from nothing.
        let columns: Vec<String> = (0..300).map(|i| format!("a{i} + b{i} + c{i}")).collect();
        let sql = format!("SELECT {} FROM t WHERE x IN ({})", columns.join(", "), vec!["1"; 5000].join(", "));
        assert_eq!(shape(&sql).chain, 2);
    }

    #[test]
    fn parentheses_add_their_chain_to_what_they_hold() {
        assert_eq!(shape("SELECT 1 + (2 * (3 - 4))").chain, 5);
        // An operator after the parenthesis is not counted into it: the count is a
        // measure of chains, not an exact tree depth.
        assert_eq!(shape("SELECT (SELECT 1 UNION SELECT 2) + 1, 2").chain, 1 + SET_OPERATOR_WEIGHT);
    }

    #[test]
    fn comma_joins_and_common_table_expressions_nest_too() {
        assert_eq!(shape("SELECT * FROM a, b, c WHERE x = 1, y").chain, 2 * SET_OPERATOR_WEIGHT);
        assert_eq!(shape("SELECT * FROM a AS p JOIN b ON a.x = b.x, c").chain, 2 * SET_OPERATOR_WEIGHT);
        let ctes: Vec<String> = (1..=5).map(|i| format!("c{i} AS (SELECT x FROM c{})", i - 1)).collect();
        let sql = format!("WITH c0 AS (SELECT 1 AS x), {} SELECT * FROM c5", ctes.join(", "));
        // Six definitions, and the parenthesis of the last one.
        assert_eq!(shape(&sql).chain, 6 * SET_OPERATOR_WEIGHT + 1);
    }

    #[test]
    fn counts_each_statement_apart() {
        let two = format!("{}; {}", or_chain(400), or_chain(400));
        assert_eq!(shape(&two).chain, 399);
    }

    #[test]
    fn words_inside_strings_and_comments_do_not_count() {
        assert_eq!(shape("SELECT 'a OR b + c' -- AND UNION\n"), Shape::default());
    }

    #[test]
    fn refuses_a_chain_past_the_budget_with_advice() {
        assert!(check(&or_chain(MAX_CHAIN + 1)).is_ok());
        let e = check(&or_chain(5_000)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(
            e.message.contains("chains about 4999 operators") && e.message.contains("IN (1, 2, …)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn nesting_counts_parentheses_and_calls_apart() {
        let s = shape("SELECT coalesce(coalesce(x, 1), 2) FROM t WHERE NOT (NOT (x IN (1, 2)))");
        assert_eq!((s.nesting, s.calls), (3, 2));
        assert_eq!(shape("SELECT count(*) FROM (SELECT 1) AS t WHERE x IN (SELECT y FROM (VALUES (1)))").calls, 1);
    }

    #[test]
    fn refuses_nesting_that_makes_parsing_or_planning_blow_up() {
        let nots = |n: usize| format!("SELECT 1 WHERE {}x = 1{}", "NOT (".repeat(n), ")".repeat(n));
        assert!(check(&nots(MAX_NESTING)).is_ok());
        let e = check(&nots(40)).unwrap_err();
        assert!(e.message.starts_with("this statement nests parentheses 40 deep"), "{}", e.message);
        let coalesces = |n: usize| format!("SELECT {}x{}", "coalesce(".repeat(n), ", 1)".repeat(n));
        assert!(check(&coalesces(MAX_CALL_NESTING)).is_ok());
        let e = check(&coalesces(20)).unwrap_err();
        assert!(e.message.starts_with("this statement nests function calls 20 deep"), "{}", e.message);
    }

    #[test]
    fn counts_queries_inside_queries() {
        assert_eq!(shape("SELECT 1").subqueries, 0);
        let s = shape("SELECT (SELECT (SELECT 1)) FROM t WHERE x IN (SELECT y FROM (SELECT 1 AS y) d)");
        assert_eq!(s.subqueries, 2);
        // A union inside one parenthesis is one level.
        assert_eq!(shape("SELECT * FROM (SELECT 1 UNION ALL SELECT 2) u").subqueries, 1);
        let ins = |n: usize| {
            (0..n).fold("SELECT x FROM t".to_string(), |sql, _| format!("SELECT x FROM t WHERE x IN ({sql})"))
        };
        assert_eq!(shape(&ins(7)).subqueries, 7);
        assert!(check(&ins(MAX_SUBQUERY_NESTING)).is_ok());
        let e = check(&ins(22)).unwrap_err();
        assert!(e.message.starts_with("this statement nests queries 22 deep"), "{}", e.message);
    }

    #[test]
    fn counts_the_joins_of_one_query() {
        assert_eq!(shape("SELECT * FROM a JOIN b ON a.x = b.x, c").joins, 2);
        // Each query of a union joins apart; a subquery's joins are its own.
        assert_eq!(shape("SELECT * FROM a, b UNION ALL SELECT * FROM c, d, e").joins, 2);
        assert_eq!(shape("SELECT * FROM a, (SELECT * FROM b, c, d) s").joins, 2);
        let join = |n: usize| {
            let joins: String = (1..=n).map(|i| format!(" JOIN t t{i} ON t{i}.x = t0.x")).collect();
            format!("SELECT * FROM t t0{joins}")
        };
        assert!(check(&join(MAX_JOINS)).is_ok());
        let e = check(&join(200)).unwrap_err();
        assert!(e.message.starts_with("this query joins 201 tables; the engine plans up to 65"), "{}", e.message);
    }

    #[test]
    fn refuses_text_past_the_size_limit() {
        let e = check(&format!("SELECT '{}'", "x".repeat(MAX_SQL_BYTES))).unwrap_err();
        assert!(e.message.contains("reads up to"), "{}", e.message);
    }
}
