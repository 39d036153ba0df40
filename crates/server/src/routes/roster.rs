//! The roster (代表名册) for staff, within the account's scope:
//!
//! - `POST /api/staff/roster/preview?file=NAME` with the file's bytes: what importing it
//!   would do, every bad row with its line, column and cell letter. Nothing is written.
//! - `POST /api/staff/roster/import?file=NAME[&good_rows=true]`: imports a clean file, or
//!   its good rows when asked; a file with bad rows otherwise imports nothing (422).
//! - `GET /api/staff/roster.csv`, `GET /api/staff/roster.xlsx`: the roster in scope.
//! - `PUT /api/staff/deputies/{id}` with the deputy: one deputy entered in a form — a
//!   by-election (a new deputy whose service starts mid-term) or an early leave (a service
//!   ended before the term's end) — checked as a roster row is.
//!
//! CSV files may be UTF-8 (with or without a byte-order mark) or GBK; XLSX workbooks are
//! read on the server (calamine is too large for the console's download).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lvzhi_domain::api::{ImportProblem, RosterReport};
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::error::Problem;
use lvzhi_domain::interchange::{Format, Interchange, export};
use lvzhi_domain::roster::{column_letter, read_roster};

use crate::AppState;
use crate::db::{RosterMode, RosterOutcome};
use crate::error::ApiError;
use crate::import::{FileText, header_of, read_file};
use crate::routes::{Authenticated, staff_only};

const ROSTER: &str = "import and export the roster";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    file: String,
    #[serde(default)]
    good_rows: bool,
    /// The language of the problems: `zh-Hans` (default), `zh-Hant`, `en`.
    #[serde(default)]
    lang: Option<String>,
}

/// The language of the problems: `zh-Hans` (default), `zh-Hant`, `en`.
fn parse_lang(tag: Option<&str>) -> Result<lvzhi_domain::lang::Lang, ApiError> {
    match tag {
        None => Ok(lvzhi_domain::lang::Lang::ZhHans),
        Some(tag) => lvzhi_domain::lang::Lang::from_browser_tag(tag)
            .ok_or_else(|| invalid("lang", "zh-Hans, zh-Hant or en".into())),
    }
}

fn invalid(field: &str, detail: String) -> ApiError {
    ApiError::Invalid(lvzhi_domain::ValidationError::new(
        field,
        Problem::Inconsistent { detail },
    ))
}

/// Reads, checks and compares the file; writes it in `mode`.
async fn run(
    state: &AppState,
    authenticated: &Authenticated,
    params: &ImportParams,
    bytes: &[u8],
    mode: RosterMode,
) -> Result<(RosterReport, FileText), ApiError> {
    staff_only(authenticated, ROSTER)?;
    let name = params.file.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(invalid(
            "file",
            "name the file in 1–200 characters (?file=roster.csv)".into(),
        ));
    }
    if bytes.is_empty() {
        return Err(invalid("file", format!("{name} is empty")));
    }
    let (kind, text) = read_file(name, bytes).map_err(|error| invalid("file", error.to_string()))?;
    let lang = parse_lang(params.lang.as_deref())?;
    let terms = state.db.terms().await?;
    let roster = read_roster(&text.text, Format::Csv, name, &terms, lang);
    let rows = roster.rows;
    let deputies = roster.deputies.len() as u64;
    let account = &authenticated.session.account;
    let RosterOutcome {
        new,
        changed,
        unchanged,
        errors,
        applied,
    } = state
        .db
        .roster(
            roster,
            name.to_owned(),
            account.scope.clone(),
            mode,
            account.id.to_string(),
            lang,
        )
        .await?;
    let header = header_of(&text.text);
    let problems = errors
        .into_iter()
        .map(|error| {
            let message = match &error.column {
                Some(column) => error
                    .reason
                    .strip_prefix(&format!("column {column}: "))
                    .unwrap_or(&error.reason)
                    .to_owned(),
                None => error.reason.clone(),
            };
            let cell = error
                .column
                .as_ref()
                .and_then(|column| header.iter().position(|name| name == column))
                .map(|at| column_letter(at + text.first_column));
            ImportProblem {
                line: error.line,
                column: error.column,
                cell,
                message,
            }
        })
        .collect();
    authenticated
        .context
        .note(&format!("roster {name} rows={rows} applied={applied}"));
    Ok((
        RosterReport {
            file: name.to_owned(),
            format: kind.code().into(),
            encoding: text.encoding.into(),
            rows,
            deputies,
            new,
            changed,
            unchanged,
            problems,
            applied,
        },
        text,
    ))
}

pub async fn preview(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(params): Query<ImportParams>,
    bytes: Bytes,
) -> Result<Json<RosterReport>, ApiError> {
    let (report, _) = run(&state, &authenticated, &params, &bytes, RosterMode::Preview).await?;
    Ok(Json(report))
}

pub async fn import(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(params): Query<ImportParams>,
    bytes: Bytes,
) -> Result<Json<RosterReport>, ApiError> {
    let mode = RosterMode::Import {
        good_rows: params.good_rows,
    };
    let (report, _) = run(&state, &authenticated, &params, &bytes, mode).await?;
    if !report.applied {
        let first = report.problems.first().map_or_else(String::new, |problem| {
            format!(
                " (first: line {}{}: {})",
                problem.line,
                problem
                    .column
                    .as_ref()
                    .map_or_else(String::new, |c| format!(", column {c}")),
                problem.message
            )
        });
        return Err(invalid(
            "file",
            format!(
                "{} has {} bad row(s){first}; nothing was imported — fix them, or import the good rows only",
                report.file,
                report.problems.len()
            ),
        ));
    }
    Ok(Json(report))
}

pub async fn export_csv(State(state): State<AppState>, authenticated: Authenticated) -> Result<Response, ApiError> {
    staff_only(&authenticated, ROSTER)?;
    let deputies = state
        .db
        .roster_export(authenticated.session.account.scope.clone())
        .await?;
    // A byte-order mark, so Excel opens the Chinese text as UTF-8; the import skips it.
    let mut text = String::from("\u{feff}");
    text.push_str(&export(&deputies, Format::Csv));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"roster.csv\""),
        ],
        text,
    )
        .into_response())
}

pub async fn export_xlsx(State(state): State<AppState>, authenticated: Authenticated) -> Result<Response, ApiError> {
    staff_only(&authenticated, ROSTER)?;
    let deputies = state
        .db
        .roster_export(authenticated.session.account.scope.clone())
        .await?;
    let bytes = roster_workbook(&deputies).map_err(|error| ApiError::Internal(format!("roster workbook: {error}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"roster.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}

/// The roster as a workbook with the CSV's columns, one row per deputy and term.
pub fn roster_workbook(deputies: &[Deputy]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("roster")?;
    for (column, name) in Deputy::CSV_COLUMNS.iter().enumerate() {
        sheet.write_string(0, column as u16, *name)?;
    }
    let mut row = 1u32;
    for deputy in deputies {
        for cells in deputy.to_csv_rows() {
            for (column, cell) in cells.iter().enumerate() {
                sheet.write_string(row, column as u16, cell)?;
            }
            row += 1;
        }
    }
    workbook.save_to_buffer()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditParams {
    #[serde(default)]
    lang: Option<String>,
}

pub async fn put_deputy(
    State(state): State<AppState>,
    authenticated: Authenticated,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(params): Query<EditParams>,
    crate::error::ApiJson(deputy): crate::error::ApiJson<Deputy>,
) -> Result<Json<Deputy>, ApiError> {
    staff_only(&authenticated, ROSTER)?;
    let id = lvzhi_domain::ids::DeputyId::parse_field(&id, "id")?;
    if id != deputy.id {
        return Err(ApiError::BadRequest(format!(
            "the path names deputy {id} but the body deputy {}",
            deputy.id
        )));
    }
    let lang = parse_lang(params.lang.as_deref())?;
    let terms = state.db.terms().await?;
    if let Err((column, problem)) = lvzhi_domain::roster::check_deputy(&deputy, &terms) {
        return Err(invalid(column, problem.text(lang)));
    }
    let file = lvzhi_domain::roster::RosterFile {
        deputies: vec![deputy.clone()],
        lines: vec![1],
        errors: Vec::new(),
        rows: 1,
    };
    let account = &authenticated.session.account;
    let outcome = state
        .db
        .roster(
            file,
            format!("deputy {id}"),
            account.scope.clone(),
            RosterMode::Edit,
            account.id.to_string(),
            lang,
        )
        .await?;
    if let Some(error) = outcome.errors.first() {
        let column = error.column.clone().unwrap_or_else(|| "deputy".into());
        let message = error
            .reason
            .strip_prefix(&format!("column {column}: "))
            .unwrap_or(&error.reason)
            .to_owned();
        return Err(invalid(&column, message));
    }
    let stored = state
        .db
        .deputy(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no deputy {id}")))?;
    Ok(Json(stored))
}
