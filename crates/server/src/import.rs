//! Files staff upload, turned into the text the domain's importers read: a CSV file's bytes
//! decoded (UTF-8 with or without a byte-order mark, or GBK as Chinese Excel saves "CSV"),
//! and the first sheet of an XLSX workbook read with calamine and written as CSV rows, one
//! per sheet row, so line numbers are the sheet's row numbers.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// A file's kind, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Comma-separated values.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl FileKind {
    /// The kind named by a file name's extension.
    pub fn of(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Self::Csv)
        } else if lower.ends_with(".xlsx") {
            Some(Self::Xlsx)
        } else {
            None
        }
    }

    /// `csv` or `xlsx`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// Why a file could not be read at all, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// A name that is neither `.csv` nor `.xlsx`.
    #[error("{0}: only .csv and .xlsx files can be imported")]
    UnknownKind(String),
    /// UTF-16 text (Excel's "Unicode text").
    #[error("the file is UTF-16 text; save it as \"CSV UTF-8\" or as an .xlsx workbook")]
    Utf16,
    /// Bytes that are neither UTF-8 nor GBK.
    #[error("the file is neither UTF-8 nor GBK text (byte {offset} cannot be read); save it as \"CSV UTF-8\"")]
    Undecodable {
        /// Where the first bad byte is.
        offset: usize,
    },
    /// A workbook calamine cannot open.
    #[error("the workbook cannot be read: {0}")]
    Workbook(String),
    /// A workbook without sheets.
    #[error("the workbook has no sheet")]
    NoSheet,
}

/// A file read as text: the CSV text, how it was decoded, and the sheet's first column (0
/// for CSV) so column letters can be named.
#[derive(Debug, Clone)]
pub struct FileText {
    /// CSV text.
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `gbk`, or `xlsx` for a workbook.
    pub encoding: &'static str,
    /// The sheet column of the first CSV column.
    pub first_column: usize,
}

/// Reads `bytes` named `name` into CSV text.
pub fn read_file(name: &str, bytes: &[u8]) -> Result<(FileKind, FileText), FileError> {
    let kind = FileKind::of(name).ok_or_else(|| FileError::UnknownKind(name.to_owned()))?;
    let text = match kind {
        FileKind::Csv => decode_csv(bytes)?,
        FileKind::Xlsx => xlsx_to_csv(bytes)?,
    };
    Ok((kind, text))
}

/// Decodes a CSV file's bytes.
pub fn decode_csv(bytes: &[u8]) -> Result<FileText, FileError> {
    let text = |text: String, encoding| FileText {
        text,
        encoding,
        first_column: 0,
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(content) => Ok(text(content.to_owned(), "utf-8-bom")),
            Err(error) => Err(FileError::Undecodable {
                offset: error.valid_up_to() + 3,
            }),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(content) => Ok(text(content.to_owned(), "utf-8")),
        Err(utf8) => {
            // Not UTF-8: Chinese Excel's "CSV" is GBK (GB18030 reads it and more).
            let (decoded, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(FileError::Undecodable {
                    offset: utf8.valid_up_to(),
                })
            } else {
                Ok(text(decoded.into_owned(), "gbk"))
            }
        }
    }
}

/// A cell as CSV text: whole numbers without a fraction, dates as `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.replace(['\r', '\n'], " "),
        Data::Int(value) => value.to_string(),
        Data::Float(value) if value.fract() == 0.0 && value.abs() < 1e15 => format!("{}", *value as i64),
        Data::Float(value) => value.to_string(),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(date) => {
            // Excel's day 25569 is 1970-01-01.
            let days = date.as_f64().floor() as i64 - 25_569;
            i32::try_from(days)
                .ok()
                .and_then(lvzhi_domain::date::LocalDate::from_day_number)
                .map_or_else(|| date.as_f64().to_string(), |day| day.to_string())
        }
        Data::DateTimeIso(text) => text.chars().take(10).collect(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => format!("#{error:?}"),
    }
}

/// The first sheet of a workbook as CSV text, one line per sheet row (blank rows blank).
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<FileText, FileError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|error| FileError::Workbook(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(FileError::NoSheet)?
        .map_err(|error| FileError::Workbook(error.to_string()))?;
    let (first_row, first_column) = range
        .start()
        .map_or((0, 0), |(row, column)| (row as usize, column as usize));
    let mut out = Vec::new();
    // Rows above the used range keep the line numbers equal to the sheet's.
    out.extend(std::iter::repeat_n(b'\n', first_row));
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            out.push(b'\n');
            continue;
        }
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        writer
            .write_record(&cells)
            .map_err(|error| FileError::Workbook(error.to_string()))?;
        let line = writer
            .into_inner()
            .map_err(|error| FileError::Workbook(error.to_string()))?;
        out.extend_from_slice(&line);
    }
    let text = String::from_utf8(out).map_err(|error| FileError::Workbook(error.to_string()))?;
    Ok(FileText {
        text,
        encoding: "xlsx",
        first_column,
    })
}

/// The header row's column names of CSV text (empty when it has none).
pub fn header_of(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .headers()
        .map(|header| header.iter().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_bytes_are_read_as_utf8_with_or_without_bom_or_as_gbk() {
        let plain = decode_csv("名字\n张三\n".as_bytes()).unwrap();
        assert_eq!((plain.text.as_str(), plain.encoding), ("名字\n张三\n", "utf-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("名字\n".as_bytes());
        assert_eq!(decode_csv(&bom).unwrap().encoding, "utf-8-bom");
        let (gbk, _, _) = encoding_rs::GBK.encode("名字,选举单位\n张三,渝中区\n");
        let read = decode_csv(&gbk).unwrap();
        assert_eq!(
            (read.text.as_str(), read.encoding),
            ("名字,选举单位\n张三,渝中区\n", "gbk")
        );
        assert_eq!(decode_csv(&[0xFF, 0xFE, 0x41, 0x00]).unwrap_err(), FileError::Utf16);
        assert!(matches!(
            decode_csv(&[b'a', 0x81, 0x20, 0xFF]),
            Err(FileError::Undecodable { offset: 1 })
        ));
    }
}

/// CSV text as a one-sheet workbook, every cell as text (the demo files under `docs/demo/`).
pub fn csv_to_xlsx(text: &str) -> Result<Vec<u8>, String> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|error| error.to_string())?;
        for (column, cell) in record.iter().enumerate() {
            sheet
                .write_string(row as u32, column as u16, cell)
                .map_err(|error| error.to_string())?;
        }
    }
    workbook.save_to_buffer().map_err(|error| error.to_string())
}
