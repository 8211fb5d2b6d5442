//! CSV text to Arrow: a header row, column types inferred from every row (Arrow's CSV
//! reader), and the types of several files of one table agreed on before any is read.

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv::reader::{Format, ReaderBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// The bytes without a UTF-8 byte-order mark, which spreadsheet programs write and which
/// would otherwise become part of the first column's name.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The columns of one CSV file with the types its text suggests; `what` names the file
/// in errors. A file with a header and no rows is refused: there is nothing to type.
pub(crate) fn infer(what: &str, bytes: &[u8]) -> Result<Schema, String> {
    let bytes = without_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("{what} is empty"));
    }
    let (schema, rows) = Format::default()
        .with_header(true)
        .infer_schema(bytes, None)
        .map_err(|e| format!("{what} could not be read as CSV: {}", plain(&e.to_string())))?;
    if rows == 0 {
        return Err(format!("{what} has a header but no rows: there is nothing to load"));
    }
    let mut seen = HashSet::new();
    for field in schema.fields() {
        if field.name().trim().is_empty() {
            return Err(format!("{what} has a column without a name in its header"));
        }
        if !seen.insert(field.name().to_lowercase()) {
            return Err(format!("{what} has two columns named {:?}", field.name()));
        }
    }
    Ok(schema)
}

/// One schema for several files' inferred ones: the same names in the same order, and
/// for each column a type all of them fit (integers widen to floats; otherwise text).
pub(crate) fn agree(files: &[(String, Schema)]) -> Result<SchemaRef, String> {
    let Some(((first_what, first), rest)) = files.split_first() else {
        return Err("no CSV files".to_string());
    };
    let mut fields: Vec<Field> = first.fields().iter().map(|f| f.as_ref().clone()).collect();
    for (what, schema) in rest {
        let names = |s: &Schema| s.fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>();
        if names(schema) != names(first) {
            return Err(format!(
                "{what} has the columns ({}) but {first_what} has ({}): every file of a table needs the same header",
                names(schema).join(", "),
                names(first).join(", ")
            ));
        }
        for (field, other) in fields.iter_mut().zip(schema.fields()) {
            let wider = match (field.data_type(), other.data_type()) {
                (a, b) if a == b => a.clone(),
                (DataType::Null, b) => b.clone(),
                (a, DataType::Null) => a.clone(),
                (DataType::Int64, DataType::Float64) | (DataType::Float64, DataType::Int64) => DataType::Float64,
                _ => DataType::Utf8,
            };
            *field = field.clone().with_data_type(wider);
        }
    }
    // A column with no values anywhere is text: Null is not a type people can query.
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|f| if f.data_type() == &DataType::Null { f.with_data_type(DataType::Utf8) } else { f })
        .collect();
    Ok(Arc::new(Schema::new(fields)))
}

/// Reads one CSV file with the agreed schema.
pub(crate) fn read(what: &str, bytes: &[u8], schema: SchemaRef) -> Result<Vec<RecordBatch>, String> {
    let reader = ReaderBuilder::new(schema)
        .with_header(true)
        .with_batch_size(64 * 1024)
        .build(without_bom(bytes))
        .map_err(|e| format!("{what} could not be read as CSV: {}", plain(&e.to_string())))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{what} could not be read as CSV: {}", plain(&e.to_string())))
}

/// Arrow's CSV errors, said for people: a row with too few or too many fields is the
/// common one.
fn plain(message: &str) -> String {
    let message = message.trim_start_matches("Csv error: ").trim_start_matches("Parser error: ");
    if !message.contains("unequal lengths") && !message.contains("fields") {
        return message.to_string();
    }
    // "... Expected 2 records, found 1 records at line 3": the numbers in that order.
    let numbers: Vec<&str> = message.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect();
    match numbers.as_slice() {
        [header, found, line] => format!(
            "line {line} has {found} fields but the header has {header} (every row needs as many fields as the header)"
        ),
        _ => format!("{message} (every row needs as many fields as the header)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_not_part_of_the_first_name_and_types_are_inferred() {
        let schema = infer("a.csv", b"\xEF\xBB\xBFid,score,name\n1,2.5,x\n2,3,y\n").unwrap();
        let types: Vec<_> = schema.fields().iter().map(|f| (f.name().as_str(), f.data_type().clone())).collect();
        assert_eq!(types, [("id", DataType::Int64), ("score", DataType::Float64), ("name", DataType::Utf8)]);
    }

    #[test]
    fn ragged_rows_header_only_and_empty_files_are_refused_by_name() {
        let ragged = infer("r.csv", b"a,b\n1,2\n3\n").unwrap_err();
        assert!(ragged.starts_with("r.csv") && ragged.contains("as many fields as the header"), "{ragged}");
        assert_eq!(infer("h.csv", b"a,b\n").unwrap_err(), "h.csv has a header but no rows: there is nothing to load");
        assert_eq!(infer("e.csv", b"").unwrap_err(), "e.csv is empty");
        assert!(infer("d.csv", b"a,A\n1,2\n").unwrap_err().contains("two columns"));
    }

    #[test]
    fn files_agree_on_the_widest_type() {
        let a = infer("a.csv", b"n,s\n1,x\n").unwrap();
        let b = infer("b.csv", b"n,s\n1.5,2\n").unwrap();
        let schema = agree(&[("a.csv".into(), a.clone()), ("b.csv".into(), b)]).unwrap();
        assert_eq!(schema.field(0).data_type(), &DataType::Float64);
        assert_eq!(schema.field(1).data_type(), &DataType::Utf8);
        let other = infer("c.csv", b"m,s\n1,x\n").unwrap();
        assert!(agree(&[("a.csv".into(), a), ("c.csv".into(), other)]).unwrap_err().contains("same header"));
        let rows = read("b.csv", b"n,s\n1.5,2\n", schema).unwrap();
        assert_eq!(rows[0].num_rows(), 1);
    }
}
