//! CSV reading and writing shared by every record kind: a header row naming the columns,
//! one record per row, lists inside a cell separated by `;`, booleans as `true`/`false`.

use super::{Interchange, RowError};

/// One CSV row's cells by column name.
pub struct Fields<'a> {
    header: &'a csv::StringRecord,
    row: &'a csv::StringRecord,
}

impl Fields<'_> {
    /// The cell of `column`, trimmed; empty when the column is missing.
    pub fn text(&self, column: &str) -> &str {
        self.header
            .iter()
            .position(|name| name == column)
            .and_then(|at| self.row.get(at))
            .unwrap_or("")
    }

    /// The cell of `column`, or `None` when it is empty.
    pub fn optional(&self, column: &str) -> Option<&str> {
        Some(self.text(column)).filter(|text| !text.trim().is_empty())
    }

    /// The cell of `column` split on `;`, without empty parts.
    pub fn list(&self, column: &str) -> Vec<&str> {
        self.text(column)
            .split(';')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .collect()
    }

    /// The cell of `column` as a whole number.
    pub fn number(&self, column: &str) -> Result<u64, String> {
        let text = self.text(column).trim();
        text.parse()
            .map_err(|_| format!("column {column}: expected a whole number, found {text:?}"))
    }

    /// The cell of `column` as `true` or `false`.
    pub fn flag(&self, column: &str) -> Result<bool, String> {
        match self.text(column).trim() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" | "" => Ok(false),
            other => Err(format!("column {column}: expected true or false, found {other:?}")),
        }
    }
}

/// Line numbers (1 = the header) of records, from their byte offsets: counted from the
/// bytes, so files with CRLF line ends, as Excel and Python's csv module write them, are
/// numbered as those with LF. Records come in order, so each count starts where the last
/// one ended (linear in the file, not quadratic).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line on which the record at byte `offset` starts.
    fn line_at(&mut self, offset: u64) -> u64 {
        let bytes = self.bytes;
        let mut end = (offset as usize).min(bytes.len());
        // With CRLF the reader reports a record as starting at the `\n` that ends the line
        // before it; a record never starts with a line end, so step over any.
        while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
            end += 1;
        }
        if end < self.offset {
            // Not in order (never seen): count from the start.
            self.offset = 0;
            self.line = 1;
        }
        self.line += bytes[self.offset..end].iter().filter(|b| **b == b'\n').count() as u64;
        self.offset = end;
        self.line
    }
}

/// Decodes one row's JSON object, naming the column at fault. The plain decoder runs first;
/// only a row that fails is decoded again with path tracking, which is slower.
fn decode<T: Interchange>(value: serde_json::Value) -> Result<T, String> {
    if let Ok(record) = T::deserialize(&value) {
        return Ok(record);
    }
    match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(record) => Ok(record),
        Err(error) => {
            let path = error.path().to_string();
            let column = T::column_of(&path);
            let inner = error.into_inner().to_string();
            Err(if path == "." {
                inner
            } else {
                format!("column {column}: {inner}")
            })
        }
    }
}

pub fn import_csv<T: Interchange>(text: &str, file: &str) -> (Vec<(u64, T)>, Vec<RowError>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(error) => {
            return (Vec::new(), vec![RowError::new(file, 1, error.to_string())]);
        }
    };
    let missing: Vec<&str> = T::CSV_COLUMNS
        .iter()
        .copied()
        .filter(|column| !header.iter().any(|h| h == *column))
        .collect();
    if !missing.is_empty() {
        let reason = format!("the header lacks the column(s) {}", missing.join(", "));
        return (Vec::new(), vec![RowError::new(file, 1, reason)]);
    }
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut lines = LineCounter::new(text);
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error.position().map_or(0, |p| lines.line_at(p.byte()));
                errors.push(RowError::new(file, line, error.to_string()));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| lines.line_at(p.byte()));
        if row.len() != header.len() {
            let reason = format!("expected {} cells as in the header, found {}", header.len(), row.len());
            errors.push(RowError::new(file, line, reason));
            continue;
        }
        let fields = Fields {
            header: &header,
            row: &row,
        };
        let parsed = T::from_csv_fields(&fields).and_then(decode::<T>);
        match parsed {
            Ok(record) => records.push((line, record)),
            Err(reason) => errors.push(RowError::new(file, line, reason)),
        }
    }
    (records, errors)
}

pub fn export_csv<T: Interchange>(records: &[T]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(T::CSV_COLUMNS);
    for record in records {
        for row in record.to_csv_rows() {
            let _ = writer.write_record(&row);
        }
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
