//! What the SQL workbench decides without a browser, tested natively: the statement
//! under the cursor, how the result grid sorts, sizes, formats and copies, whether a
//! result is a series over dates, and the history of queries run.

pub mod grid;
pub mod history;
pub mod series;
pub mod statement;
