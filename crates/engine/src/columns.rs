//! Arrow record batches to the protocol's typed columns.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, SchemaRef};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::error::Result;
use playground_protocol::{Column, ColumnValues};

/// Converts the kept batches into one typed column per field.
pub(crate) fn to_columns(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<Column>> {
    schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let arrays: Vec<&dyn Array> = batches.iter().map(|b| b.column(i).as_ref()).collect();
            Ok(Column {
                name: field.name().clone(),
                data_type: field.data_type().to_string(),
                values: values_of(field.data_type(), &arrays)?,
            })
        })
        .collect()
}

fn values_of(data_type: &DataType, arrays: &[&dyn Array]) -> Result<ColumnValues> {
    use DataType::*;
    Ok(match data_type {
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 => {
            let mut out = Vec::new();
            for a in arrays {
                let a = cast(*a, &Int64)?;
                out.extend(a.as_primitive::<Int64Type>().iter());
            }
            ColumnValues::Int(out)
        }
        Float16 | Float32 | Float64 => {
            let mut out = Vec::new();
            for a in arrays {
                let a = cast(*a, &Float64)?;
                out.extend(a.as_primitive::<Float64Type>().iter());
            }
            ColumnValues::Float(out)
        }
        Boolean => ColumnValues::Bool(arrays.iter().flat_map(|a| a.as_boolean().iter()).collect()),
        _ => {
            let options = FormatOptions::default();
            let mut out = Vec::new();
            for a in arrays {
                let f = ArrayFormatter::try_new(*a, &options)?;
                out.extend((0..a.len()).map(|i| a.is_valid(i).then(|| f.value(i).to_string())));
            }
            ColumnValues::Text(out)
        }
    })
}
