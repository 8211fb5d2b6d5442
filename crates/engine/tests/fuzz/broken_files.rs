//! Broken input files for the loaders: a deterministic corpus of malformed Parquet and CSV
//! files (and a few well-formed but unusual ones), each built from one good base file.
//!
//! The harness feeds every file to `load_partition` and to the import paths and checks it
//! is either refused with a message or loaded without a panic, and that nothing already
//! loaded changed. Everything here is deterministic: the same corpus on every run, with an
//! inline RNG (no `rand`), so a failure names a file that can be rebuilt exactly.
//!
//! Parquet layout used for the byte arithmetic: "PAR1", column chunks (pages, each with a
//! Thrift compact page header), the page indexes, the footer (FileMetaData in Thrift
//! compact), a 4-byte little-endian footer length, then "PAR1".

use std::collections::HashSet;
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::{
    new_null_array, ArrayRef, BooleanArray, Date32Array, DictionaryArray, Float32Array, Float64Array, Int32Array,
    Int64Array, LargeStringArray, RecordBatch, RecordBatchOptions, StringArray, StructArray, TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema, SchemaRef};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::metadata::ParquetMetaDataReader;
use datafusion::parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use playground_engine::parquet_io::write_parquet;

/// Which loader a file is meant for (its extension says the same).
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Csv,
}

/// One file of the corpus.
#[allow(dead_code)]
#[derive(Debug, Clone)]
pub struct Broken {
    /// A descriptive file name with its extension, unique in the corpus.
    pub name: String,
    pub format: Format,
    pub bytes: Bytes,
    /// what was done to it
    pub damage: String,
}

/// Rows in the good Parquet file.
const ROWS: usize = 3000;
/// Rows per row group in the good Parquet file (so 3 row groups).
const ROW_GROUP_ROWS: usize = 1000;
/// Data rows in the good CSV file.
const CSV_ROWS: usize = 200;
/// The good CSV header, without its newline.
const CSV_HEADER: &str = "user_id,name,score,joined,active";
/// Column positions in a CSV line.
const USER_ID: usize = 0;
const NAME: usize = 1;
const SCORE: usize = 2;
const JOINED: usize = 3;
const ACTIVE: usize = 4;
/// The UTF-8 byte order mark.
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
/// A gzip member header (deflate, no flags, Unix).
const GZIP_HEADER: [u8; 10] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03];

// ---------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    /// A generator for one named purpose.
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5EED_F00D_CAFE_BEEF)
    }

    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// `n` random bytes.
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next_u64() >> 56) as u8).collect()
    }
}

// ---------------------------------------------------------------------------------------
// The good rows (shared by the Parquet and the CSV base files)
// ---------------------------------------------------------------------------------------

const FIRST_NAMES: [&str; 8] = ["ada", "bob", "chloé", "dmitri", "eve", "farah", "gus", "hana"];

/// user_id of row `i`: never null.
fn user_id_at(i: usize) -> i64 {
    1000 + i as i64
}

/// name of row `i`: null every 7th row.
fn name_at(i: usize) -> Option<String> {
    if i % 7 == 3 {
        None
    } else {
        Some(format!("{}_{i}", FIRST_NAMES[i % FIRST_NAMES.len()]))
    }
}

/// score of row `i`: two decimals, null every 11th row.
fn score_at(i: usize) -> Option<f64> {
    if i % 11 == 5 {
        None
    } else {
        Some(((i * 7919) % 10_000) as f64 / 100.0)
    }
}

/// joined of row `i` in days since 1970-01-01 (from 2021-01-01 on), null every 13th row.
fn joined_at(i: usize) -> Option<i32> {
    if i % 13 == 6 {
        None
    } else {
        Some(18_628 + (i % 1000) as i32)
    }
}

/// active of row `i`: null every 17th row.
fn active_at(i: usize) -> Option<bool> {
    if i % 17 == 8 {
        None
    } else {
        Some(i % 3 != 0)
    }
}

/// Civil date (year, month, day) of a day number since 1970-01-01 (H. Hinnant's algorithm).
fn ymd(days: i32) -> (i64, i64, i64) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A day number as YYYY-MM-DD text.
fn date_text(days: i32) -> String {
    let (y, m, d) = ymd(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The good file's schema.
fn good_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::Int64, false),
        Field::new("name", DataType::Utf8, true),
        Field::new("score", DataType::Float64, true),
        Field::new("joined", DataType::Date32, true),
        Field::new("active", DataType::Boolean, true),
    ]))
}

/// The good columns for `rows` rows.
fn good_columns(rows: usize) -> Vec<ArrayRef> {
    vec![
        Arc::new(Int64Array::from((0..rows).map(user_id_at).collect::<Vec<_>>())) as ArrayRef,
        Arc::new(StringArray::from((0..rows).map(name_at).collect::<Vec<_>>())) as ArrayRef,
        Arc::new(Float64Array::from((0..rows).map(score_at).collect::<Vec<_>>())) as ArrayRef,
        Arc::new(Date32Array::from((0..rows).map(joined_at).collect::<Vec<_>>())) as ArrayRef,
        Arc::new(BooleanArray::from((0..rows).map(active_at).collect::<Vec<_>>())) as ArrayRef,
    ]
}

/// The good batch of `rows` rows.
fn good_batch(rows: usize) -> RecordBatch {
    RecordBatch::try_new(good_schema(), good_columns(rows)).expect("the good batch matches its schema")
}

/// A good Parquet file of `rows` rows, row groups of `ROW_GROUP_ROWS`.
fn good_parquet_rows(rows: usize) -> Bytes {
    write_parquet(&[good_batch(rows)], ROW_GROUP_ROWS).expect("writing a good Parquet file")
}

/// A good Parquet file for the given schema: the base the damage is done to. Columns
/// (user_id Int64, name Utf8, score Float64, joined Date32, active Boolean), some nulls,
/// 3000 rows in 3 row groups, written by `write_parquet`.
#[allow(dead_code)]
pub fn good_parquet() -> Bytes {
    good_parquet_rows(ROWS)
}

/// Good CSV data line `i` (no newline); null values are empty fields.
fn csv_line(i: usize) -> String {
    let name = name_at(i).unwrap_or_default();
    let score = score_at(i).map(|s| format!("{s:.2}")).unwrap_or_default();
    let joined = joined_at(i).map(date_text).unwrap_or_default();
    let active = active_at(i).map(|a| a.to_string()).unwrap_or_default();
    format!("{},{name},{score},{joined},{active}", user_id_at(i))
}

/// All good CSV data lines.
fn csv_lines() -> Vec<String> {
    (0..CSV_ROWS).map(csv_line).collect()
}

/// A CSV text: header, then lines, each ended by `eol`.
fn csv_text(header: &str, lines: &[String], eol: &str) -> String {
    let mut s = String::with_capacity(lines.len() * 48 + header.len() + 2);
    s.push_str(header);
    s.push_str(eol);
    for line in lines {
        s.push_str(line);
        s.push_str(eol);
    }
    s
}

/// A good CSV file with the same columns (header line, 200 rows).
#[allow(dead_code)]
pub fn good_csv() -> Bytes {
    Bytes::from(csv_text(CSV_HEADER, &csv_lines(), "\n"))
}

// ---------------------------------------------------------------------------------------
// Corpus entry points
// ---------------------------------------------------------------------------------------

/// Every broken file, deterministic.
#[allow(dead_code)]
pub fn corpus() -> Vec<Broken> {
    let good = good_parquet();
    let lay = Layout::of(&good);
    let mut all = Vec::new();
    all.extend(parquet_truncations(&good, &lay));
    all.extend(parquet_magic(&good));
    all.extend(parquet_footer_lengths(&good, &lay));
    all.extend(parquet_foreign_footers(&good, &lay));
    all.extend(parquet_footer_damage(&good, &lay));
    all.extend(parquet_page_flips(&good, &lay));
    all.extend(parquet_page_overwrites(&good, &lay));
    all.extend(parquet_schema_variants());
    all.extend(parquet_not_parquet());
    all.extend(csv_structure_cases());
    all.extend(csv_encoding_cases());
    all.extend(csv_header_cases());
    all.extend(csv_value_cases(&good));
    dedupe_names(&mut all);
    all
}

/// A Parquet-bound entry named `name.parquet`.
fn pq(name: &str, bytes: impl Into<Bytes>, damage: impl Into<String>) -> Broken {
    Broken { name: format!("{name}.parquet"), format: Format::Parquet, bytes: bytes.into(), damage: damage.into() }
}

/// A CSV-bound entry named `name.csv`.
fn csv(name: &str, bytes: impl Into<Bytes>, damage: impl Into<String>) -> Broken {
    Broken { name: format!("{name}.csv"), format: Format::Csv, bytes: bytes.into(), damage: damage.into() }
}

/// Makes every name unique by suffixing repeats with `-2`, `-3`, ... before the extension.
fn dedupe_names(all: &mut [Broken]) {
    let mut seen = HashSet::new();
    for b in all.iter_mut() {
        if seen.insert(b.name.clone()) {
            continue;
        }
        let (stem, ext) = match b.name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (b.name.clone(), String::new()),
        };
        let mut k = 2;
        loop {
            let candidate = format!("{stem}-{k}{ext}");
            if seen.insert(candidate.clone()) {
                b.name = candidate;
                break;
            }
            k += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Byte surgery
// ---------------------------------------------------------------------------------------

/// The first `n` bytes (all of them when `n` is past the end).
fn truncate(file: &[u8], n: usize) -> Vec<u8> {
    file[..n.min(file.len())].to_vec()
}

/// A copy with `n` bytes from `at` xor-ed with 0xFF (clipped to the file).
fn xor_run(file: &[u8], at: usize, n: usize) -> Vec<u8> {
    let mut v = file.to_vec();
    let end = at.saturating_add(n).min(v.len());
    let start = at.min(end);
    for b in &mut v[start..end] {
        *b ^= 0xFF;
    }
    v
}

/// A copy with `n` bytes from `at` set to `byte` (clipped to the file).
fn fill(file: &[u8], at: usize, n: usize, byte: u8) -> Vec<u8> {
    let mut v = file.to_vec();
    let end = at.saturating_add(n).min(v.len());
    let start = at.min(end);
    for b in &mut v[start..end] {
        *b = byte;
    }
    v
}

/// A copy with `bytes` written over the file from `at` (clipped to the file).
fn overwrite(file: &[u8], at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut v = file.to_vec();
    for (k, b) in bytes.iter().enumerate() {
        if let Some(slot) = v.get_mut(at + k) {
            *slot = *b;
        }
    }
    v
}

/// A copy with the footer-length field (bytes len-8..len-4) set to `value`.
fn set_footer_len(file: &[u8], value: u32) -> Vec<u8> {
    let at = file.len().saturating_sub(8);
    overwrite(file, at, &value.to_le_bytes())
}

/// The 4-byte footer length read from a well-formed file.
fn footer_len_of(file: &[u8]) -> usize {
    let n = file.len();
    u32::from_le_bytes([file[n - 8], file[n - 7], file[n - 6], file[n - 5]]) as usize
}

/// Where the footer (FileMetaData) of a well-formed file starts.
fn footer_start_of(file: &[u8]) -> usize {
    file.len() - 8 - footer_len_of(file)
}

/// Unsigned LEB128 varint, as in Thrift compact.
fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// Zigzag encoding of a Thrift i32.
fn zigzag(v: i32) -> u64 {
    ((v << 1) ^ (v >> 31)) as u32 as u64
}

/// The start of a Thrift compact PageHeader: type, uncompressed size, compressed size
/// (fields 1, 2, 3, all i32).
fn page_header_prefix(kind: i32, uncompressed: i32, compressed: i32) -> Vec<u8> {
    let mut v = vec![0x15u8];
    v.extend(varint(zigzag(kind)));
    v.push(0x15);
    v.extend(varint(zigzag(uncompressed)));
    v.push(0x15);
    v.extend(varint(zigzag(compressed)));
    v
}

// ---------------------------------------------------------------------------------------
// Where things are in the good Parquet file
// ---------------------------------------------------------------------------------------

/// One column chunk of the good file.
#[allow(dead_code)]
struct Chunk {
    row_group: usize,
    column: usize,
    start: usize,
    len: usize,
}

/// The regions of the good Parquet file.
#[allow(dead_code)]
struct Layout {
    len: usize,
    footer_start: usize,
    footer_len: usize,
    /// Column chunks in file order.
    chunks: Vec<Chunk>,
    /// End of the last column chunk (page indexes, if any, run from here to the footer).
    data_end: usize,
}

impl Layout {
    /// Reads the layout from the good file's own footer.
    fn of(file: &[u8]) -> Layout {
        let len = file.len();
        let footer_len = footer_len_of(file);
        let footer_start = len - 8 - footer_len;
        let meta = ParquetMetaDataReader::decode_metadata(&file[footer_start..len - 8])
            .expect("the good file's footer decodes");
        let mut chunks = Vec::new();
        for (r, rg) in meta.row_groups().iter().enumerate() {
            for (c, col) in rg.columns().iter().enumerate() {
                let (start, n) = col.byte_range();
                chunks.push(Chunk { row_group: r, column: c, start: start as usize, len: n as usize });
            }
        }
        chunks.sort_by_key(|c| c.start);
        assert!(!chunks.is_empty(), "the good file has column chunks");
        let data_end = chunks.iter().map(|c| c.start + c.len).max().unwrap_or(4);
        Layout { len, footer_start, footer_len, chunks, data_end }
    }

    /// The largest column chunk.
    fn largest_chunk(&self) -> &Chunk {
        self.chunks.iter().max_by_key(|c| c.len).unwrap_or(&self.chunks[0])
    }

    /// The chunk at file-order position `k` (clamped).
    fn chunk(&self, k: usize) -> &Chunk {
        &self.chunks[k.min(self.chunks.len() - 1)]
    }
}

// ---------------------------------------------------------------------------------------
// Parquet: truncations
// ---------------------------------------------------------------------------------------

/// The good file cut short in every region, plus 20 evenly spaced cuts.
fn parquet_truncations(file: &[u8], lay: &Layout) -> Vec<Broken> {
    let l = lay.len;
    let fs = lay.footer_start;
    let mut cuts: Vec<(String, usize, String)> = vec![("empty".into(), 0, "nothing left at all".into())];
    for n in 1..=8 {
        cuts.push((format!("to-{n}-bytes"), n, format!("only the first {n} bytes")));
    }
    for k in [1, 3, 6] {
        cuts.push((format!("in-first-page-header-{k}"), 4 + k, format!("{k} bytes into the first page header")));
    }
    let first = &lay.chunks[0];
    cuts.push((
        "in-page-data-first-chunk".into(),
        first.start + first.len / 2,
        "halfway through the first column chunk".into(),
    ));
    let big = lay.largest_chunk();
    cuts.push((
        "in-page-data-largest-chunk".into(),
        big.start + big.len / 2,
        format!("halfway through the largest column chunk (row group {}, column {})", big.row_group, big.column),
    ));
    for c in &lay.chunks {
        cuts.push((
            format!("at-chunk-end-rg{}-col{}", c.row_group, c.column),
            c.start + c.len,
            format!("right after the column chunk of row group {}, column {}", c.row_group, c.column),
        ));
    }
    if lay.data_end + 1 < fs {
        cuts.push(("in-page-index".into(), (lay.data_end + fs) / 2, "inside the page indexes".into()));
    }
    cuts.push(("one-byte-before-footer".into(), fs - 1, "one byte before the footer starts".into()));
    cuts.push(("at-footer-start".into(), fs, "exactly where the footer starts".into()));
    for q in 1..=3 {
        cuts.push((
            format!("in-footer-{q}-of-4"),
            fs + lay.footer_len * q / 4,
            format!("{q}/4 of the way into the footer"),
        ));
    }
    for k in 0..=3 {
        cuts.push((format!("at-footer-len-{k}"), l - 8 + k, format!("{k} of the 4 footer-length bytes kept")));
    }
    cuts.push(("missing-final-magic".into(), l - 4, "the final PAR1 removed".into()));
    for k in 1..=3 {
        cuts.push((format!("final-magic-{k}-of-4"), l - 4 + k, format!("only {k} bytes of the final PAR1")));
    }
    for i in 1..=20 {
        let n = l * i / 21;
        cuts.push((format!("at-{i:02}-of-21"), n, format!("cut at {i}/21 of the file")));
    }
    cuts.into_iter()
        .map(|(name, n, what)| {
            pq(
                &format!("parquet-truncated-{name}"),
                truncate(file, n),
                format!("truncated to {n} of {l} bytes: {what}"),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Parquet: magic numbers
// ---------------------------------------------------------------------------------------

/// Wrong, missing, lone and doubled "PAR1" magic.
fn parquet_magic(file: &[u8]) -> Vec<Broken> {
    let l = file.len();
    let start_and_end = overwrite(&overwrite(file, 0, b"PAR0"), l - 4, b"PARX");
    let tiny =
        |footer: &[u8], len: u32| -> Vec<u8> { [&b"PAR1"[..], footer, &len.to_le_bytes()[..], &b"PAR1"[..]].concat() };
    // FileMetaData with only `version = 1` (field 1, i32) then STOP: required fields missing.
    let version_only = [0x15u8, 0x02, 0x00];
    vec![
        pq("parquet-magic-wrong-start", overwrite(file, 0, b"PAR0"), "first 4 bytes PAR0 instead of PAR1"),
        pq("parquet-magic-wrong-end", overwrite(file, l - 4, b"PARX"), "last 4 bytes PARX instead of PAR1"),
        pq("parquet-magic-wrong-both", start_and_end, "both magics wrong (PAR0 ... PARX)"),
        pq("parquet-magic-lowercase-start", overwrite(file, 0, b"par1"), "first magic in lower case"),
        pq(
            "parquet-magic-encrypted-footer",
            overwrite(file, l - 4, b"PARE"),
            "final magic PARE (encrypted footer) on a plain footer",
        ),
        pq("parquet-magic-only", b"PAR1".to_vec(), "the 4 bytes PAR1 and nothing else"),
        pq("parquet-magic-twice", b"PAR1PAR1".to_vec(), "PAR1PAR1: no footer length at all"),
        pq("parquet-magic-zero-length-footer", tiny(&[], 0), "PAR1, footer length 0, PAR1"),
        pq(
            "parquet-magic-footer-overlaps-magic",
            tiny(&[], 1),
            "PAR1, footer length 1 (reaching into the magic), PAR1",
        ),
        pq("parquet-magic-empty-struct-footer", tiny(&[0x00], 1), "a 1-byte footer that is a Thrift STOP: no fields"),
        pq(
            "parquet-magic-minimal-footer-missing-fields",
            tiny(&version_only, 3),
            "a footer with only version=1: schema, num_rows, row_groups missing",
        ),
        pq(
            "parquet-magic-leading-junk",
            [b"JUNK".as_slice(), file].concat(),
            "4 junk bytes before the file: every offset is off by 4",
        ),
        pq("parquet-magic-trailing-junk", [file, b"JUNK\n".as_slice()].concat(), "5 junk bytes after the final magic"),
        pq(
            "parquet-magic-two-files-concatenated",
            [file, file].concat(),
            "the good file twice in a row: the footer's offsets point into the first copy",
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// Parquet: lying footer lengths
// ---------------------------------------------------------------------------------------

/// The footer-length field set to impossible or slightly wrong values.
fn parquet_footer_lengths(file: &[u8], lay: &Layout) -> Vec<Broken> {
    let l = lay.len as u32;
    let f = lay.footer_len as u32;
    let cases: [(&str, u32, &str); 10] = [
        ("larger-than-file", l + 100, "100 bytes more than the whole file"),
        ("u32-max", u32::MAX, "u32::MAX"),
        ("2pow31", 1 << 31, "2^31 (negative as an i32)"),
        ("zero", 0, "0"),
        ("plus-1", f + 1, "one more than the real footer"),
        ("minus-1", f - 1, "one less than the real footer"),
        ("whole-file", l - 8, "the whole file before the length: the footer would start at the first magic"),
        ("past-start", l - 7, "one byte more than the whole file before the length"),
        ("half", f / 2, "half the real footer"),
        ("plus-1000", f + 1000, "1000 more: the footer would start inside the page data"),
    ];
    cases
        .iter()
        .map(|(name, v, what)| {
            pq(
                &format!("parquet-footer-len-{name}"),
                set_footer_len(file, *v),
                format!("footer length set to {v}: {what}"),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Parquet: footers from other files
// ---------------------------------------------------------------------------------------

/// The page data of `data` followed by the footer, length and magic of `footer_from`.
fn splice_footer(data: &[u8], footer_from: &[u8]) -> Vec<u8> {
    [&data[..footer_start_of(data)], &footer_from[footer_start_of(footer_from)..]].concat()
}

/// Good data with footers copied from other files, and the reverse.
fn parquet_foreign_footers(file: &[u8], _lay: &Layout) -> Vec<Broken> {
    let rows_2999 = good_parquet_rows(ROWS - 1);
    let one_row = good_parquet_rows(1);
    let mut out = vec![
        pq(
            "parquet-footer-from-2999-row-file",
            splice_footer(file, &rows_2999),
            "page data of the 3000-row file with the footer of a 2999-row file (num_rows and offsets slightly off)",
        ),
        pq(
            "parquet-footer-good-on-2999-row-data",
            splice_footer(&rows_2999, file),
            "page data of a 2999-row file with the good 3000-row footer",
        ),
        pq(
            "parquet-footer-from-one-row-file",
            splice_footer(file, &one_row),
            "good page data with the footer of a 1-row file",
        ),
    ];
    let other = vec![
        col("x", Arc::new(Int32Array::from((0..10).collect::<Vec<i32>>()))),
        col("y", Arc::new(StringArray::from((0..10).map(|i| Some(format!("y{i}"))).collect::<Vec<_>>()))),
    ];
    if let Some(other) = parquet_of(other, ROW_GROUP_ROWS) {
        out.push(pq(
            "parquet-footer-from-other-schema",
            splice_footer(file, &other),
            "good page data with the footer of a 10-row file with columns (x Int32, y Utf8)",
        ));
    }
    if let Some(utf8) = parquet_of(with_col(good_cols(ROWS), "user_id", user_id_as_utf8(ROWS)), ROW_GROUP_ROWS) {
        out.push(pq(
            "parquet-footer-from-user-id-utf8-file",
            splice_footer(file, &utf8),
            "good page data with the footer of the same rows where user_id is Utf8 (same column count)",
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Parquet: damaged footers
// ---------------------------------------------------------------------------------------

/// Flipped, zeroed, removed, inserted and randomised bytes inside the footer.
fn parquet_footer_damage(file: &[u8], lay: &Layout) -> Vec<Broken> {
    let fs = lay.footer_start;
    let f = lay.footer_len;
    let mut out = Vec::with_capacity(32);
    for i in 0..15 {
        let at = fs + f * (2 * i + 1) / 30;
        out.push(pq(
            &format!("parquet-footer-flip-{i:02}"),
            xor_run(file, at, 1),
            format!("footer byte at {at} ({} into the footer) xor 0xFF", at - fs),
        ));
    }
    out.push(pq(
        "parquet-footer-flip-first-byte",
        xor_run(file, fs, 1),
        "first footer byte (field header of version) xor 0xFF",
    ));
    out.push(pq(
        "parquet-footer-flip-last-byte",
        xor_run(file, fs + f - 1, 1),
        "last footer byte (the final Thrift STOP) xor 0xFF",
    ));
    out.push(pq("parquet-footer-zeroed", fill(file, fs, f, 0x00), "every footer byte set to 0x00"));
    out.push(pq("parquet-footer-all-ff", fill(file, fs, f, 0xFF), "every footer byte set to 0xFF"));
    out.push(pq(
        "parquet-footer-byte-removed",
        footer_byte_removed(file, lay),
        "one byte removed from the middle of the footer, length adjusted",
    ));
    out.push(pq(
        "parquet-footer-byte-inserted",
        footer_byte_inserted(file, lay),
        "a 0xFF byte inserted a third into the footer, length adjusted",
    ));
    let mut rng = Rng::new(0xF007);
    for k in 0..5 {
        let mut v = file.to_vec();
        let mut spots = Vec::new();
        for _ in 0..3 {
            let at = fs + rng.below(f);
            v[at] = (rng.next_u64() & 0xFF) as u8;
            spots.push(at.to_string());
        }
        out.push(pq(
            &format!("parquet-footer-random-{k}"),
            v,
            format!("footer bytes at {} set to random values", spots.join(", ")),
        ));
    }
    out
}

/// The good file with the middle footer byte removed and the length field reduced by 1.
fn footer_byte_removed(file: &[u8], lay: &Layout) -> Vec<u8> {
    let at = lay.footer_start + lay.footer_len / 2;
    let v = [&file[..at], &file[at + 1..]].concat();
    set_footer_len(&v, (lay.footer_len - 1) as u32)
}

/// The good file with a 0xFF byte inserted a third into the footer and the length raised by 1.
fn footer_byte_inserted(file: &[u8], lay: &Layout) -> Vec<u8> {
    let at = lay.footer_start + lay.footer_len / 3;
    let v = [&file[..at], &[0xFFu8][..], &file[at..]].concat();
    set_footer_len(&v, (lay.footer_len + 1) as u32)
}

// ---------------------------------------------------------------------------------------
// Parquet: flipped bytes in the pages
// ---------------------------------------------------------------------------------------

/// Single bytes and 16-byte runs xor-ed across the data region, and each page header's size.
fn parquet_page_flips(file: &[u8], lay: &Layout) -> Vec<Broken> {
    let span = lay.footer_start - 4;
    let mut rng = Rng::new(0xF11B);
    let mut out = Vec::with_capacity(64);
    for i in 0..30 {
        let jitter = rng.below(span / 120 + 1);
        let at = (4 + span * (2 * i + 1) / 60 + jitter).min(lay.footer_start - 1);
        out.push(pq(
            &format!("parquet-page-flip-byte-{i:02}"),
            xor_run(file, at, 1),
            format!("byte at {at} in the data region xor 0xFF"),
        ));
    }
    for i in 0..15 {
        let at = 4 + span.saturating_sub(16) * i / 14;
        out.push(pq(
            &format!("parquet-page-flip-run16-{i:02}"),
            xor_run(file, at, 16usize.min(lay.footer_start - at)),
            format!("16 bytes from {at} in the data region xor 0xFF"),
        ));
    }
    for c in &lay.chunks {
        // Byte 3 of a page header is the first byte of its uncompressed-size varint.
        let at = c.start + 3;
        out.push(pq(
            &format!("parquet-page-size-flip-rg{}-col{}", c.row_group, c.column),
            xor_run(file, at, 1),
            format!(
                "first page header of row group {}, column {}: byte {at} (its size varint) xor 0xFF",
                c.row_group, c.column
            ),
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Parquet: zeroed pages and huge declared sizes
// ---------------------------------------------------------------------------------------

/// Zeroed chunks, 0xFF page headers, and page headers declaring impossible sizes.
fn parquet_page_overwrites(file: &[u8], lay: &Layout) -> Vec<Broken> {
    let first = &lay.chunks[0];
    let mid = lay.chunk(lay.chunks.len() / 2);
    let late = lay.chunk(lay.chunks.len() * 4 / 5);
    let mut out = vec![
        pq(
            "parquet-page-zeroed-first-chunk",
            fill(file, first.start, first.len, 0),
            "the whole first column chunk (pages and headers) set to 0x00",
        ),
        pq(
            &format!("parquet-page-zeroed-rg{}-col{}", mid.row_group, mid.column),
            fill(file, mid.start, mid.len, 0),
            format!("the column chunk of row group {}, column {} set to 0x00", mid.row_group, mid.column),
        ),
        pq(
            "parquet-page-zeroed-all-data",
            fill(file, 4, lay.data_end - 4, 0),
            "every column chunk set to 0x00, footer intact",
        ),
        pq(
            "parquet-page-header-ff-run-first-chunk",
            fill(file, first.start, 32, 0xFF),
            "the first page header overwritten with 32 bytes of 0xFF (varints that never end)",
        ),
        pq(
            &format!("parquet-page-header-ff-run-rg{}-col{}", late.row_group, late.column),
            fill(file, late.start, 32, 0xFF),
            format!(
                "the first page header of row group {}, column {} overwritten with 32 bytes of 0xFF",
                late.row_group, late.column
            ),
        ),
    ];
    if lay.data_end < lay.footer_start {
        out.push(pq(
            "parquet-page-index-zeroed",
            fill(file, lay.data_end, lay.footer_start - lay.data_end, 0),
            "the page indexes between the last column chunk and the footer set to 0x00",
        ));
    }
    let crafted: [(&str, i32, i32, i32, &str); 4] = [
        ("huge-compressed-size", 0, 64, i32::MAX, "a data page declaring a compressed size of 2^31-1 bytes"),
        ("huge-uncompressed-size", 0, i32::MAX, 16, "a data page declaring an uncompressed size of 2^31-1 bytes"),
        ("negative-sizes", 0, -1, -1, "a data page declaring sizes of -1"),
        ("unknown-page-type", 99, 16, 16, "a page of type 99 (no such page type)"),
    ];
    for (name, kind, unc, comp, what) in crafted {
        out.push(pq(
            &format!("parquet-page-header-{name}"),
            overwrite(file, first.start, &page_header_prefix(kind, unc, comp)),
            format!("first page header rewritten: {what}"),
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Parquet: well-formed files with other schemas or unusual shapes
// ---------------------------------------------------------------------------------------

/// Columns with their fields.
type Cols = Vec<(Field, ArrayRef)>;

/// A well-formed variant: name, what differs, and the file (None when it cannot be written).
type Variant = (&'static str, &'static str, Option<Bytes>);

/// The good columns with their good fields.
fn good_cols(rows: usize) -> Cols {
    good_schema().fields().iter().map(|f| Field::clone(f)).zip(good_columns(rows)).collect()
}

/// A nullable column named `name` typed after its array.
fn col(name: &str, array: ArrayRef) -> (Field, ArrayRef) {
    (Field::new(name, array.data_type().clone(), true), array)
}

/// `cols` with the column called `name` replaced by `new`.
fn with_col(mut cols: Cols, name: &str, new: (Field, ArrayRef)) -> Cols {
    if let Some(slot) = cols.iter_mut().find(|(f, _)| f.name() == name) {
        *slot = new;
    }
    cols
}

/// `cols` without the column called `name`.
fn without_col(cols: Cols, name: &str) -> Cols {
    cols.into_iter().filter(|(f, _)| f.name() != name).collect()
}

/// A batch of `cols`, if Arrow accepts it.
fn batch_of(cols: Cols) -> Option<RecordBatch> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = cols.into_iter().unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).ok()
}

/// A Parquet file of `cols` via `write_parquet`, if it can be written.
fn parquet_of(cols: Cols, row_group_rows: usize) -> Option<Bytes> {
    write_parquet(&[batch_of(cols)?], row_group_rows).ok()
}

/// A Parquet file of the good rows written with other writer properties.
fn parquet_with_props(batch: &RecordBatch, props: WriterProperties) -> Option<Bytes> {
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).ok()?;
    writer.write(batch).ok()?;
    writer.close().ok()?;
    Some(Bytes::from(out))
}

/// user_id as Utf8 strings of the same numbers.
fn user_id_as_utf8(rows: usize) -> (Field, ArrayRef) {
    col("user_id", Arc::new(StringArray::from((0..rows).map(|i| Some(user_id_at(i).to_string())).collect::<Vec<_>>())))
}

/// The good names as a plain Vec.
fn names(rows: usize) -> Vec<Option<String>> {
    (0..rows).map(name_at).collect()
}

/// A file with no columns at all but `rows` rows, if the writer allows it.
fn zero_column_parquet(rows: usize) -> Option<Bytes> {
    let options = RecordBatchOptions::new().with_row_count(Some(rows));
    let batch = RecordBatch::try_new_with_options(Arc::new(Schema::empty()), vec![], &options).ok()?;
    write_parquet(&[batch], ROW_GROUP_ROWS).ok()
}

/// Columns whose types differ from the good file's.
fn type_variants(r: usize) -> Vec<Variant> {
    let g = ROW_GROUP_ROWS;
    let scores: Vec<Option<f64>> = (0..r).map(score_at).collect();
    let joined: Vec<Option<i32>> = (0..r).map(joined_at).collect();
    let score_i64: ArrayRef =
        Arc::new(Int64Array::from(scores.iter().map(|s| s.map(|v| v as i64)).collect::<Vec<_>>()));
    let score_f32: ArrayRef =
        Arc::new(Float32Array::from(scores.iter().map(|s| s.map(|v| v as f32)).collect::<Vec<_>>()));
    let joined_utf8: ArrayRef =
        Arc::new(StringArray::from(joined.iter().map(|d| d.map(date_text)).collect::<Vec<_>>()));
    let joined_ts: ArrayRef = Arc::new(TimestampMicrosecondArray::from(
        joined.iter().map(|d| d.map(|d| i64::from(d) * 86_400_000_000)).collect::<Vec<_>>(),
    ));
    let active_i32: ArrayRef =
        Arc::new(Int32Array::from((0..r).map(|i| active_at(i).map(i32::from)).collect::<Vec<_>>()));
    let name_list = names(r);
    let name_large: ArrayRef = Arc::new(LargeStringArray::from(name_list.clone()));
    let name_dict: DictionaryArray<Int32Type> = name_list.iter().map(|s| s.as_deref()).collect();
    let inner: ArrayRef = Arc::new(StringArray::from(name_list));
    let name_struct: ArrayRef =
        Arc::new(StructArray::from(vec![(Arc::new(Field::new("first", DataType::Utf8, true)), inner)]));
    vec![
        (
            "parquet-schema-user-id-as-utf8",
            "user_id stored as Utf8 instead of Int64",
            parquet_of(with_col(good_cols(r), "user_id", user_id_as_utf8(r)), g),
        ),
        (
            "parquet-schema-score-as-int64",
            "score stored as Int64 instead of Float64",
            parquet_of(with_col(good_cols(r), "score", col("score", score_i64)), g),
        ),
        (
            "parquet-schema-score-as-float32",
            "score stored as Float32 instead of Float64",
            parquet_of(with_col(good_cols(r), "score", col("score", score_f32)), g),
        ),
        (
            "parquet-schema-joined-as-utf8",
            "joined stored as Utf8 text instead of Date32",
            parquet_of(with_col(good_cols(r), "joined", col("joined", joined_utf8)), g),
        ),
        (
            "parquet-schema-joined-as-timestamp",
            "joined stored as Timestamp(µs) instead of Date32",
            parquet_of(with_col(good_cols(r), "joined", col("joined", joined_ts)), g),
        ),
        (
            "parquet-schema-active-as-int32",
            "active stored as Int32 0/1 instead of Boolean",
            parquet_of(with_col(good_cols(r), "active", col("active", active_i32)), g),
        ),
        (
            "parquet-schema-name-as-large-utf8",
            "name stored as LargeUtf8 (same Parquet type, other Arrow type)",
            parquet_of(with_col(good_cols(r), "name", col("name", name_large)), g),
        ),
        (
            "parquet-schema-name-as-dictionary",
            "name stored as Dictionary(Int32, Utf8)",
            parquet_of(with_col(good_cols(r), "name", col("name", Arc::new(name_dict))), g),
        ),
        (
            "parquet-schema-name-as-struct",
            "name stored as Struct{first: Utf8}",
            parquet_of(with_col(good_cols(r), "name", col("name", name_struct)), g),
        ),
    ]
}

/// Columns missing, added, renamed, reordered or duplicated.
fn shape_variants(r: usize) -> Vec<Variant> {
    let g = ROW_GROUP_ROWS;
    let extra: ArrayRef = Arc::new(Int32Array::from((0..r as i32).collect::<Vec<_>>()));
    let renamed: ArrayRef = Arc::new(StringArray::from(names(r)));
    let ds_utf8: ArrayRef = Arc::new(StringArray::from(vec![Some("2024-01-01".to_string()); r]));
    let ds_date: ArrayRef = Arc::new(Date32Array::from(vec![Some(19_723); r]));
    let mut reordered = good_cols(r);
    reordered.reverse();
    let upper: Cols = good_cols(r)
        .into_iter()
        .map(|(f, a)| (Field::new(f.name().to_uppercase(), f.data_type().clone(), f.is_nullable()), a))
        .collect();
    let mut duplicated = good_cols(r);
    duplicated.push(good_cols(r)[0].clone());
    let odd_names = ["", "user id", "naïve 😀", "a\"b`c", "select"];
    let odd: Cols = good_cols(r)
        .into_iter()
        .zip(odd_names)
        .map(|((f, a), n)| (Field::new(n, f.data_type().clone(), true), a))
        .collect();
    let mut with_ds = good_cols(r);
    with_ds.push(col("ds", ds_utf8));
    let mut with_ds_date = good_cols(r);
    with_ds_date.push(col("ds", ds_date));
    let mut with_extra = good_cols(r);
    with_extra.push(col("extra", extra));
    let only_id: Cols = good_cols(r).into_iter().take(1).collect();
    vec![
        (
            "parquet-schema-missing-column",
            "column `active` missing",
            parquet_of(without_col(good_cols(r), "active"), g),
        ),
        ("parquet-schema-extra-column", "an extra Int32 column `extra`", parquet_of(with_extra, g)),
        (
            "parquet-schema-renamed-column",
            "column `name` renamed to `full_name`",
            parquet_of(with_col(good_cols(r), "name", col("full_name", renamed)), g),
        ),
        ("parquet-schema-reordered-columns", "the same columns in reverse order", parquet_of(reordered, g)),
        (
            "parquet-schema-own-ds-column-utf8",
            "a `ds` Utf8 column of its own (clashing with the partition column)",
            parquet_of(with_ds, g),
        ),
        (
            "parquet-schema-own-ds-column-date32",
            "a `ds` Date32 column of its own (clashing with the partition column)",
            parquet_of(with_ds_date, g),
        ),
        ("parquet-schema-upper-case-names", "the same columns with upper-case names", parquet_of(upper, g)),
        ("parquet-schema-duplicate-column", "user_id twice", parquet_of(duplicated, g)),
        (
            "parquet-schema-odd-names",
            "column names: empty, with a space, with emoji, with quote and backtick, an SQL keyword",
            parquet_of(odd, g),
        ),
        ("parquet-schema-only-user-id", "only the user_id column", parquet_of(only_id, g)),
        ("parquet-schema-zero-columns", "no columns at all, 10 rows", zero_column_parquet(10)),
    ]
}

/// Right schema (or nearly), unusual contents or writer settings: these should load.
fn wellformed_variants() -> Vec<Variant> {
    let g = ROW_GROUP_ROWS;
    let r = ROWS;
    let all_null: Cols = good_cols(r)
        .into_iter()
        .map(|(f, a)| {
            if f.name() == "user_id" {
                (f, a)
            } else {
                let nulls = new_null_array(f.data_type(), r);
                (f, nulls)
            }
        })
        .collect();
    let specials = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, f64::MAX, f64::MIN_POSITIVE];
    let odd_scores: ArrayRef =
        Arc::new(Float64Array::from((0..r).map(|i| Some(specials[i % specials.len()])).collect::<Vec<_>>()));
    let nullable_ids: ArrayRef = Arc::new(Int64Array::from(
        (0..r).map(|i| if i % 5 == 0 { None } else { Some(user_id_at(i)) }).collect::<Vec<_>>(),
    ));
    let extreme_ids: ArrayRef =
        Arc::new(Int64Array::from((0..r).map(|i| [i64::MIN, i64::MAX, 0, -1][i % 4]).collect::<Vec<_>>()));
    let extreme_dates: ArrayRef =
        Arc::new(Date32Array::from((0..r).map(|i| Some([-719_162, 2_932_896, 0, -1][i % 4])).collect::<Vec<_>>()));
    let mut long_names = names(r);
    long_names[1] = Some("ü".repeat(100_000));
    let long_names: ArrayRef = Arc::new(StringArray::from(long_names));
    let extreme = with_col(
        with_col(good_cols(r), "user_id", col("user_id", extreme_ids)),
        "joined",
        col("joined", extreme_dates),
    );
    let plain = WriterProperties::builder()
        .set_writer_version(WriterVersion::PARQUET_2_0)
        .set_compression(Compression::UNCOMPRESSED)
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::None)
        .set_max_row_group_row_count(Some(g))
        .build();
    let tiny_pages = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_data_page_row_count_limit(7)
        .set_write_batch_size(7)
        .set_max_row_group_row_count(Some(g))
        .build();
    vec![
        ("parquet-wellformed-zero-rows", "well-formed, right schema, zero rows", parquet_of(good_cols(0), g)),
        ("parquet-wellformed-one-row", "well-formed, right schema, one row", parquet_of(good_cols(1), g)),
        (
            "parquet-wellformed-all-nulls",
            "well-formed; every column but user_id entirely null",
            parquet_of(all_null, g),
        ),
        (
            "parquet-wellformed-nan-and-infinity",
            "well-formed; score holds NaN, ±inf, -0, f64::MAX, MIN_POSITIVE",
            parquet_of(with_col(good_cols(r), "score", col("score", odd_scores)), g),
        ),
        (
            "parquet-wellformed-user-id-nullable-with-nulls",
            "user_id nullable with every 5th value null",
            parquet_of(with_col(good_cols(r), "user_id", col("user_id", nullable_ids)), g),
        ),
        (
            "parquet-wellformed-extreme-values",
            "user_id i64::MIN/MAX, joined at years 1 and 9999",
            parquet_of(extreme, g),
        ),
        (
            "parquet-wellformed-long-string",
            "well-formed; one name of 100,000 'ü' (200 KB)",
            parquet_of(with_col(good_cols(r), "name", col("name", long_names)), g),
        ),
        (
            "parquet-wellformed-300-row-groups",
            "well-formed; 300 rows in 300 one-row row groups",
            parquet_of(good_cols(300), 1),
        ),
        (
            "parquet-wellformed-one-row-group",
            "well-formed; 3000 rows in one row group",
            parquet_of(good_cols(r), 1_000_000),
        ),
        (
            "parquet-wellformed-uncompressed-v2-no-stats",
            "well-formed; data page v2, uncompressed, no dictionary, no statistics",
            parquet_with_props(&good_batch(r), plain),
        ),
        (
            "parquet-wellformed-tiny-pages",
            "well-formed; pages of 7 rows (hundreds of pages per chunk)",
            parquet_with_props(&good_batch(r), tiny_pages),
        ),
    ]
}

/// Well-formed Parquet files whose columns or shape differ from the good file's.
fn parquet_schema_variants() -> Vec<Broken> {
    let mut all = type_variants(ROWS);
    all.extend(shape_variants(ROWS));
    all.extend(wellformed_variants());
    all.into_iter().filter_map(|(name, damage, bytes)| bytes.map(|b| pq(name, b, damage))).collect()
}

// ---------------------------------------------------------------------------------------
// Parquet: not Parquet at all
// ---------------------------------------------------------------------------------------

/// Other formats and random bytes with a .parquet name.
fn parquet_not_parquet() -> Vec<Broken> {
    let mut rng = Rng::new(0x0BAD_F11E);
    let png = [
        &[0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D][..],
        &b"IHDR"[..],
        &[0u8, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89][..],
        &rng.bytes(100)[..],
    ]
    .concat();
    let zip_local = [&b"PK\x03\x04"[..], &rng.bytes(60)[..]].concat();
    let mut zip_empty = b"PK\x05\x06".to_vec();
    zip_empty.extend([0u8; 18]);
    let gzip = [&GZIP_HEADER[..], &rng.bytes(40)[..]].concat();
    let arrow_ipc = [&b"ARROW1\0\0"[..], &rng.bytes(64)[..], &b"ARROW1"[..]].concat();
    let framed = [&b"PAR1"[..], &rng.bytes(1000)[..], &200u32.to_le_bytes()[..], &b"PAR1"[..]].concat();
    vec![
        pq("parquet-not-csv", good_csv(), "the good CSV file with a .parquet name"),
        pq("parquet-not-png", png, "a PNG header and IHDR chunk"),
        pq("parquet-not-random-4k", rng.bytes(4096), "4096 seeded random bytes"),
        pq("parquet-not-zip-local-header", zip_local, "a zip local file header PK\\x03\\x04 then random bytes"),
        pq("parquet-not-zip-empty-archive", zip_empty, "an empty zip archive (end-of-central-directory only)"),
        pq("parquet-not-gzip", gzip, "a gzip header then random bytes"),
        pq("parquet-not-arrow-ipc", arrow_ipc, "Arrow IPC file magic around random bytes"),
        pq("parquet-not-random-framed-by-magic", framed, "PAR1, 1000 random bytes, footer length 200, PAR1"),
        pq("parquet-not-text", b"hello, world\n".to_vec(), "a line of text"),
        pq("parquet-not-json", br#"{"user_id": 1, "name": "ada"}"#.to_vec(), "a JSON object"),
        pq("parquet-not-orc", [&b"ORC"[..], &rng.bytes(200)[..]].concat(), "ORC magic then random bytes"),
    ]
}

// ---------------------------------------------------------------------------------------
// CSV helpers
// ---------------------------------------------------------------------------------------

/// The good CSV with data line `row` (0-based) replaced by `line`.
fn csv_with_line(row: usize, line: &[u8]) -> Vec<u8> {
    let mut out = format!("{CSV_HEADER}\n").into_bytes();
    for i in 0..CSV_ROWS {
        if i == row {
            out.extend_from_slice(line);
        } else {
            out.extend_from_slice(csv_line(i).as_bytes());
        }
        out.push(b'\n');
    }
    out
}

/// The good CSV with field `col` of data line `row` (0-based) replaced by `value`.
fn csv_with_field(row: usize, col: usize, value: &[u8]) -> Vec<u8> {
    let good = csv_line(row);
    let mut line = Vec::new();
    for (k, field) in good.split(',').enumerate() {
        if k > 0 {
            line.push(b',');
        }
        if k == col {
            line.extend_from_slice(value);
        } else {
            line.extend_from_slice(field.as_bytes());
        }
    }
    csv_with_line(row, &line)
}

/// The good CSV with its header line replaced by `header`.
fn csv_with_header(header: &[u8]) -> Vec<u8> {
    let mut out = header.to_vec();
    out.push(b'\n');
    for line in csv_lines() {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The good CSV text with every comma replaced by `sep`.
fn csv_with_separator(sep: char) -> String {
    csv_text(CSV_HEADER, &csv_lines(), "\n").replace(',', &sep.to_string())
}

// ---------------------------------------------------------------------------------------
// CSV: structure (empty, ragged, quoting, line endings)
// ---------------------------------------------------------------------------------------

/// Empty files, header-only files, ragged rows, quotes and line endings.
fn csv_structure_cases() -> Vec<Broken> {
    let header_nl = format!("{CSV_HEADER}\n");
    let ragged: Vec<String> = csv_lines()
        .into_iter()
        .enumerate()
        .map(|(i, l)| match i % 3 {
            0 => match l.rfind(',') {
                Some(p) => l[..p].to_string(),
                None => l,
            },
            1 => format!("{l},surplus"),
            _ => l,
        })
        .collect();
    let mut mixed = header_nl.clone();
    for (i, line) in csv_lines().iter().enumerate() {
        mixed.push_str(line);
        mixed.push_str(["\n", "\r\n", "\r"][i % 3]);
    }
    let mut blank_lines = header_nl.clone();
    for (i, line) in csv_lines().iter().enumerate() {
        if i % 10 == 0 {
            blank_lines.push('\n');
        }
        blank_lines.push_str(line);
        blank_lines.push('\n');
    }
    let mut no_final_newline = csv_text(CSV_HEADER, &csv_lines(), "\n");
    no_final_newline.pop();
    let last = CSV_ROWS - 1;
    vec![
        csv("csv-empty", Bytes::new(), "zero bytes"),
        csv("csv-header-only", header_nl.clone(), "the header line and no rows"),
        csv("csv-header-only-no-newline", CSV_HEADER.to_string(), "the header without a newline, no rows"),
        csv(
            "csv-bom-header-only",
            [&UTF8_BOM[..], header_nl.as_bytes()].concat(),
            "UTF-8 BOM then the header, no rows",
        ),
        csv(
            "csv-ragged-too-many-fields",
            csv_with_line(9, format!("{},extra,more", csv_line(9)).as_bytes()),
            "row 10 has 7 fields instead of 5",
        ),
        csv(
            "csv-ragged-too-few-fields",
            csv_with_line(9, format!("{},short", user_id_at(9)).as_bytes()),
            "row 10 has 2 fields instead of 5",
        ),
        csv("csv-ragged-every-row", csv_text(CSV_HEADER, &ragged, "\n"), "rows alternate between 4, 6 and 5 fields"),
        csv(
            "csv-unterminated-quote-middle",
            csv_with_field(49, NAME, b"\"never closed"),
            "row 50's name opens a quote that is never closed",
        ),
        csv(
            "csv-unterminated-quote-last-line",
            csv_with_field(last, NAME, b"\"never closed"),
            "the last row's name opens a quote that is never closed",
        ),
        csv(
            "csv-quote-in-middle-of-field",
            csv_with_field(19, NAME, b"ab\"cd"),
            "row 20's name has a bare quote in the middle: ab\"cd",
        ),
        csv(
            "csv-quoted-newline",
            csv_with_field(19, NAME, b"\"line one\nline two\""),
            "well-formed: row 20's quoted name holds a newline",
        ),
        csv("csv-mixed-line-endings", mixed, "rows end in \\n, \\r\\n and \\r in turn"),
        csv("csv-cr-only-line-endings", csv_text(CSV_HEADER, &csv_lines(), "\r"), "every line ends in a bare \\r"),
        csv(
            "csv-crlf-line-endings",
            csv_text(CSV_HEADER, &csv_lines(), "\r\n"),
            "well-formed: every line ends in \\r\\n",
        ),
        csv("csv-only-newlines", "\n".repeat(1000), "1000 newlines and nothing else"),
        csv("csv-only-crlf", "\r\n".repeat(1000), "1000 \\r\\n and nothing else"),
        csv("csv-only-whitespace", "   \n \t \n  ".to_string(), "spaces, a tab and newlines only"),
        csv("csv-blank-lines-between-rows", blank_lines, "an empty line before every 10th row"),
        csv("csv-no-final-newline", no_final_newline, "well-formed: the last row has no newline"),
        csv(
            "csv-header-repeated-in-middle",
            csv_with_line(99, CSV_HEADER.as_bytes()),
            "row 100 repeats the header line",
        ),
        csv(
            "csv-all-fields-empty",
            format!("{header_nl}{}", ",,,,\n".repeat(CSV_ROWS)),
            "well-formed: 200 rows of only empty fields",
        ),
        csv("csv-semicolon-delimited", csv_with_separator(';'), "fields separated by ';' instead of ','"),
        csv("csv-tab-delimited", csv_with_separator('\t'), "fields separated by tabs instead of ','"),
        csv(
            "csv-comment-lines",
            format!("# exported by a tool\n# second comment\n{}", csv_text(CSV_HEADER, &csv_lines(), "\n")),
            "two '#' comment lines before the header",
        ),
        csv("csv-single-column", "x\n1\n2\n3\n".to_string(), "a one-column file"),
    ]
}

// ---------------------------------------------------------------------------------------
// CSV: bytes and encodings
// ---------------------------------------------------------------------------------------

/// NUL bytes, invalid UTF-8, UTF-16, huge lines and binary junk.
fn csv_encoding_cases() -> Vec<Broken> {
    let mut rng = Rng::new(0xC5F);
    let mut utf16 = vec![0xFFu8, 0xFE];
    for unit in csv_text(CSV_HEADER, &csv_lines()[..5], "\n").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let one_mb = 1 << 20;
    let huge_row = format!("{CSV_HEADER}\n1,{},1.0,2024-01-01,true", "y".repeat(one_mb));
    let long_quoted = format!("\"{}\"", "ab\"\"".repeat(25_000));
    let mut invalid_header = b"user_id,na".to_vec();
    invalid_header.extend_from_slice(&[0xC3, 0x28, 0xFF]);
    invalid_header.extend_from_slice(b"me,score,joined,active");
    vec![
        csv("csv-bom-good", [&UTF8_BOM[..], &good_csv()[..]].concat(), "well-formed: UTF-8 BOM before the good file"),
        csv("csv-nul-in-field", csv_with_field(29, NAME, b"a\0b"), "row 30's name holds a NUL byte"),
        csv(
            "csv-nul-in-header",
            csv_with_header(b"user_\0id,name,score,joined,active"),
            "a NUL byte inside the first column name",
        ),
        csv("csv-nul-only", vec![0u8; 1000], "1000 NUL bytes"),
        csv(
            "csv-invalid-utf8-field",
            csv_with_field(39, NAME, &[b'x', 0xFF, 0xFE, 0xC3, 0x28]),
            "row 40's name holds invalid UTF-8 (FF FE C3 28)",
        ),
        csv(
            "csv-invalid-utf8-header",
            csv_with_header(&invalid_header),
            "the name column's header holds invalid UTF-8",
        ),
        csv(
            "csv-truncated-utf8-at-eof",
            [&good_csv()[..], &[b'9', 0xE2, 0x82][..]].concat(),
            "the file ends in half of a 3-byte UTF-8 character",
        ),
        csv("csv-utf16le-bom", utf16, "header and 5 rows in UTF-16LE with a BOM"),
        csv("csv-one-mb-line-no-newline", "x".repeat(one_mb), "a single 1 MiB line of 'x' without a newline"),
        csv("csv-one-mb-row-no-newline", huge_row, "the header then one row whose name is 1 MiB, no final newline"),
        csv(
            "csv-long-quoted-field",
            csv_with_field(5, NAME, long_quoted.as_bytes()),
            "row 6's name is a 100 KB quoted field full of escaped quotes",
        ),
        csv(
            "csv-trailing-binary-garbage",
            [&good_csv()[..], &rng.bytes(256)[..]].concat(),
            "the good file then 256 random bytes",
        ),
        csv("csv-random-bytes", rng.bytes(4096), "4096 seeded random bytes"),
        csv("csv-gzip-header", [&GZIP_HEADER[..], &rng.bytes(100)[..]].concat(), "a gzip header then random bytes"),
    ]
}

// ---------------------------------------------------------------------------------------
// CSV: headers
// ---------------------------------------------------------------------------------------

/// Odd, duplicate, empty and very many column names.
fn csv_header_cases() -> Vec<Broken> {
    let wide_header: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
    let mut wide = wide_header.join(",");
    wide.push('\n');
    for r in 0..3 {
        let row: Vec<String> = (0..10_000).map(|i| (i * 3 + r).to_string()).collect();
        wide.push_str(&row.join(","));
        wide.push('\n');
    }
    let quoted = "\"user \"\"id\"\"\",\"na,me\",\"score 😀\",\"joined;drop table x\",\"active`\"";
    vec![
        csv("csv-ten-thousand-columns", wide, "10,000 columns (c0..c9999) and 3 rows"),
        csv(
            "csv-duplicate-column-names",
            csv_with_header(b"user_id,name,score,joined,user_id"),
            "user_id twice in the header",
        ),
        csv(
            "csv-duplicate-names-differing-case",
            csv_with_header(b"user_id,User_Id,score,joined,active"),
            "user_id and User_Id: equal ignoring case",
        ),
        csv("csv-empty-column-names", csv_with_header(b"user_id,,score,,active"), "two empty column names"),
        csv("csv-all-empty-column-names", csv_with_header(b",,,,"), "every column name empty"),
        csv(
            "csv-sql-keyword-names",
            csv_with_header(b"select,from,where,group,order"),
            "column names that are SQL keywords",
        ),
        csv(
            "csv-quoted-odd-names",
            csv_with_header(quoted.as_bytes()),
            "quoted names with quotes, a comma, emoji, a semicolon and a backtick",
        ),
        csv(
            "csv-padded-names",
            csv_with_header(b" user_id , name ,score,joined,active"),
            "column names with surrounding spaces",
        ),
        csv(
            "csv-trailing-comma-header",
            csv_with_header(format!("{CSV_HEADER},").as_bytes()),
            "the header ends in a comma (6 columns, rows have 5)",
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// CSV: values
// ---------------------------------------------------------------------------------------

/// Values that do not fit the column inferred from the other rows.
fn csv_value_cases(good_parquet: &Bytes) -> Vec<Broken> {
    let digits_400 = "9".repeat(400);
    let decimal_400 = format!("1{}.5", "0".repeat(399));
    let specials = ["NaN", "inf", "-inf", "-0", "1e-320"];
    let mut special_lines = csv_lines();
    for (i, s) in specials.iter().enumerate() {
        let fields: Vec<String> = special_lines[i]
            .split(',')
            .enumerate()
            .map(|(k, f)| if k == SCORE { s.to_string() } else { f.to_string() })
            .collect();
        special_lines[i] = fields.join(",");
    }
    vec![
        csv(
            "csv-text-in-score-row-150",
            csv_with_field(149, SCORE, b"n/a"),
            "score is 'n/a' in row 150, numbers elsewhere",
        ),
        csv(
            "csv-text-in-user-id-row-150",
            csv_with_field(149, USER_ID, b"user-1149"),
            "user_id is text in row 150, integers elsewhere",
        ),
        csv(
            "csv-invalid-date-row-150",
            csv_with_field(149, JOINED, b"2023-02-30"),
            "joined is 2023-02-30 (no such day) in row 150",
        ),
        csv("csv-bad-boolean-row-150", csv_with_field(149, ACTIVE, b"maybe"), "active is 'maybe' in row 150"),
        csv(
            "csv-400-digit-user-id",
            csv_with_field(9, USER_ID, digits_400.as_bytes()),
            "row 10's user_id has 400 digits",
        ),
        csv(
            "csv-400-digit-score",
            csv_with_field(9, SCORE, decimal_400.as_bytes()),
            "row 10's score is a 400-digit decimal",
        ),
        csv("csv-float-overflow-score", csv_with_field(9, SCORE, b"1e400"), "row 10's score is 1e400 (overflows f64)"),
        csv(
            "csv-special-float-values",
            csv_text(CSV_HEADER, &special_lines, "\n"),
            "scores NaN, inf, -inf, -0, 1e-320 in rows 1..5",
        ),
        csv("csv-parquet-named-csv", good_parquet.clone(), "the good Parquet file with a .csv name"),
    ]
}
