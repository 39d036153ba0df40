//! Interchange files: CSV and JSON Lines for terms, sessions, deputies and activities
//! (formats in `docs/interchange.md`). Parsing is pure: the caller reads the file and
//! passes its text and name.
//!
//! An import returns every good record *and* every bad row, each with its file, line and
//! reason. [`Imported::into_records`] takes all or nothing unless the caller asks for the
//! good rows only. Exports write the same formats, so export → import → export is exact.

mod csv_rows;

use crate::activity::Activity;
use crate::calendar::{AnnualSession, Term};
use crate::deputy::Deputy;

/// The two formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// The format named by a file's extension (`.csv`, `.jsonl`).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else {
            None
        }
    }
}

/// A row that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The file the row came from.
    pub file: String,
    /// The line number, the header being line 1.
    pub line: u64,
    /// What is wrong, naming the column.
    pub reason: String,
    /// The CSV column at fault (its header name), when one is.
    pub column: Option<String>,
}

impl RowError {
    /// A row's error; the column is read from a reason that starts `column NAME: `.
    pub fn new(file: &str, line: u64, reason: String) -> Self {
        let column = reason
            .strip_prefix("column ")
            .and_then(|rest| rest.split_once(": "))
            .map(|(name, _)| name.to_owned());
        Self {
            file: file.into(),
            line,
            reason,
            column,
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// What an import found: good records and bad rows.
#[derive(Debug, Clone)]
pub struct Imported<T> {
    /// The rows read.
    pub records: Vec<T>,
    /// The rows refused, each with its line and reason.
    pub errors: Vec<RowError>,
}

impl<T> Imported<T> {
    /// All records if there were no errors; with `accept_good_rows`, the good ones anyway.
    pub fn into_records(self, accept_good_rows: bool) -> Result<Vec<T>, Vec<RowError>> {
        if self.errors.is_empty() || accept_good_rows {
            Ok(self.records)
        } else {
            Err(self.errors)
        }
    }
}

/// A kind of record that has an interchange format.
pub trait Interchange: Sized + serde::Serialize + serde::de::DeserializeOwned {
    /// CSV column names, in order.
    const CSV_COLUMNS: &'static [&'static str];
    /// One JSON object from one CSV row's fields (by column).
    fn from_csv_fields(fields: &csv_rows::Fields<'_>) -> Result<serde_json::Value, String>;
    /// The CSV rows of one record (a deputy has one per term served).
    fn to_csv_rows(&self) -> Vec<Vec<String>>;
    /// The CSV column that a JSON path of [`Interchange::from_csv_fields`]'s object comes
    /// from: its first segment, unless the kind says otherwise.
    fn column_of(path: &str) -> String {
        path.split(['.', '[']).next().unwrap_or(path).to_owned()
    }
    /// Merges rows that describe the same record (deputies: one row per term).
    fn merge(records: Vec<(u64, Self)>) -> Result<Vec<Self>, RowError> {
        Ok(records.into_iter().map(|(_, record)| record).collect())
    }
}

/// Reads every row of `text`, keeping the good rows and reporting the bad ones.
pub fn import<T: Interchange>(text: &str, format: Format, file: &str) -> Imported<T> {
    let (records, errors) = import_lines(text, format, file);
    finish(records, errors)
}

/// Reads every row of `text` before rows of one record are merged: each good row with its
/// line, and the bad rows.
pub fn import_lines<T: Interchange>(text: &str, format: Format, file: &str) -> (Vec<(u64, T)>, Vec<RowError>) {
    match format {
        Format::JsonLines => import_json_lines(text, file),
        Format::Csv => csv_rows::import_csv(text, file),
    }
}

fn import_json_lines<T: Interchange>(text: &str, file: &str) -> (Vec<(u64, T)>, Vec<RowError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // The plain decoder first; a failing line is decoded again to name the field.
        if let Ok(record) = serde_json::from_str::<T>(line) {
            records.push((index as u64 + 1, record));
            continue;
        }
        let mut reader = serde_json::Deserializer::from_str(line);
        match serde_path_to_error::deserialize::<_, T>(&mut reader) {
            Ok(record) => records.push((index as u64 + 1, record)),
            Err(error) => {
                let path = error.path().to_string();
                let inner = error.into_inner();
                let reason = if path == "." || inner.is_syntax() || inner.is_eof() {
                    inner.to_string()
                } else {
                    format!("{path}: {inner}")
                };
                errors.push(RowError::new(file, index as u64 + 1, reason));
            }
        }
    }
    (records, errors)
}

fn finish<T: Interchange>(records: Vec<(u64, T)>, mut errors: Vec<RowError>) -> Imported<T> {
    match T::merge(records) {
        Ok(records) => Imported { records, errors },
        Err(error) => {
            errors.push(error);
            Imported {
                records: Vec::new(),
                errors,
            }
        }
    }
}

/// Writes `records` in `format`.
pub fn export<T: Interchange>(records: &[T], format: Format) -> String {
    match format {
        Format::JsonLines => {
            let mut out = String::new();
            for record in records {
                out.push_str(&serde_json::to_string(record).unwrap_or_default());
                out.push('\n');
            }
            out
        }
        Format::Csv => csv_rows::export_csv(records),
    }
}

pub use csv_rows::Fields;

impl Interchange for Term {
    const CSV_COLUMNS: &'static [&'static str] = &["number", "start", "end"];
    fn from_csv_fields(fields: &Fields<'_>) -> Result<serde_json::Value, String> {
        Ok(
            serde_json::json!({"number": fields.number("number")?, "start": fields.text("start"), "end": fields.text("end")}),
        )
    }
    fn to_csv_rows(&self) -> Vec<Vec<String>> {
        vec![vec![
            self.number.to_string(),
            self.start.to_string(),
            self.end.to_string(),
        ]]
    }
}

impl Interchange for AnnualSession {
    const CSV_COLUMNS: &'static [&'static str] = &["term", "ordinal", "first_day", "last_day"];
    fn from_csv_fields(fields: &Fields<'_>) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "term": fields.number("term")?, "ordinal": fields.number("ordinal")?,
            "first_day": fields.text("first_day"), "last_day": fields.text("last_day"),
        }))
    }
    fn to_csv_rows(&self) -> Vec<Vec<String>> {
        vec![vec![
            self.term.to_string(),
            self.ordinal.to_string(),
            self.first_day.to_string(),
            self.last_day.to_string(),
        ]]
    }
}

impl Interchange for Activity {
    const CSV_COLUMNS: &'static [&'static str] = &[
        "id",
        "kind",
        "date",
        "deputies",
        "station",
        "place",
        "description",
        "entered_by",
        "entered_by_account",
        "review",
        "rejection_reason",
        "revision",
        "proposed_by",
        "answers",
    ];
    fn from_csv_fields(fields: &Fields<'_>) -> Result<serde_json::Value, String> {
        let review = match fields.text("review") {
            "rejected" => serde_json::json!({"status": "rejected", "reason": fields.text("rejection_reason")}),
            other => serde_json::json!({"status": other}),
        };
        // Answers are written `deputy:confirmed;deputy:declined`.
        let answers: Vec<serde_json::Value> = fields
            .list("answers")
            .into_iter()
            .map(|pair| match pair.split_once(':') {
                Some((deputy, answer)) => serde_json::json!({"deputy": deputy, "answer": answer}),
                None => serde_json::json!({"deputy": pair}),
            })
            .collect();
        Ok(serde_json::json!({
            "id": fields.text("id"), "kind": fields.text("kind"), "date": fields.text("date"),
            "deputies": fields.list("deputies"), "station": fields.optional("station"),
            "place": fields.text("place"), "description": fields.text("description"),
            "entered_by": {"by": fields.text("entered_by"), "account": fields.text("entered_by_account")},
            "review": review, "revision": fields.number("revision")?,
            "proposed_by": fields.optional("proposed_by"), "answers": answers,
        }))
    }
    fn column_of(path: &str) -> String {
        match path {
            "entered_by.account" => "entered_by_account".into(),
            "entered_by.by" => "entered_by".into(),
            "review.reason" => "rejection_reason".into(),
            other => other.split(['.', '[']).next().unwrap_or(other).to_owned(),
        }
    }
    fn to_csv_rows(&self) -> Vec<Vec<String>> {
        let (by, account) = match &self.entered_by {
            crate::activity::EnteredBy::Deputy(account) => ("deputy", account),
            crate::activity::EnteredBy::Staff(account) => ("staff", account),
        };
        let reason = match &self.review {
            crate::activity::Review::Rejected { reason } => reason.to_string(),
            _ => String::new(),
        };
        vec![vec![
            self.id.to_string(),
            self.kind.code().into(),
            self.date.to_string(),
            self.deputies
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            self.station.map(|s| s.to_string()).unwrap_or_default(),
            self.place.to_string(),
            self.description.to_string(),
            by.into(),
            account.to_string(),
            self.review.code().into(),
            reason,
            self.revision.to_string(),
            self.proposed_by.map(|d| d.to_string()).unwrap_or_default(),
            self.answers
                .iter()
                .map(|reply| format!("{}:{}", reply.deputy, reply.answer.code()))
                .collect::<Vec<_>>()
                .join(";"),
        ]]
    }
}

impl Interchange for Deputy {
    const CSV_COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "level",
        "electoral_unit",
        "occupation",
        "term",
        "from",
        "until",
        "by_election",
        "left_early",
        "liaison_group",
        "professional_groups",
        "stations",
        "attributes",
    ];
    fn from_csv_fields(fields: &Fields<'_>) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "id": fields.text("id"), "name": fields.text("name"), "level": fields.text("level"),
            "electoral_unit": fields.text("electoral_unit"), "occupation": fields.optional("occupation"),
            "services": [{
                "term": fields.number("term")?, "from": fields.text("from"), "until": fields.text("until"),
                "by_election": fields.flag("by_election")?, "left_early": fields.flag("left_early")?,
            }],
            "liaison_group": fields.optional("liaison_group"),
            "professional_groups": fields.list("professional_groups"), "stations": fields.list("stations"),
            "attributes": fields.list("attributes"),
        }))
    }
    fn to_csv_rows(&self) -> Vec<Vec<String>> {
        self.services
            .iter()
            .map(|service| {
                vec![
                    self.id.to_string(),
                    self.name.to_string(),
                    self.level.code().into(),
                    self.electoral_unit.to_string(),
                    self.occupation.as_ref().map(ToString::to_string).unwrap_or_default(),
                    service.term.to_string(),
                    service.from.to_string(),
                    service.until.to_string(),
                    service.by_election.to_string(),
                    service.left_early.to_string(),
                    self.liaison_group.map(|g| g.to_string()).unwrap_or_default(),
                    self.professional_groups
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(";"),
                    self.stations
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(";"),
                    self.attributes
                        .iter()
                        .map(|attribute| attribute.code())
                        .collect::<Vec<_>>()
                        .join(";"),
                ]
            })
            .collect()
    }
    fn column_of(path: &str) -> String {
        // A row's one service is `services[0]`; its fields are the row's columns.
        let path = path.strip_prefix("services[0].").unwrap_or(path);
        path.split(['.', '[']).next().unwrap_or(path).to_owned()
    }
    fn merge(records: Vec<(u64, Self)>) -> Result<Vec<Self>, RowError> {
        let mut merged: Vec<Deputy> = Vec::new();
        let mut index: std::collections::HashMap<crate::ids::DeputyId, usize> = std::collections::HashMap::new();
        for (_, deputy) in records {
            match index.get(&deputy.id) {
                Some(&at) => merged[at].services.extend(deputy.services),
                None => {
                    index.insert(deputy.id, merged.len());
                    merged.push(deputy);
                }
            }
        }
        Ok(merged)
    }
}
