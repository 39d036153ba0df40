//! `GET /api/staff/compliance.xlsx`: the staff dashboard's table written by the server as an
//! Excel workbook (rust_xlsxwriter; too large for the console's download), within the
//! account's scope and judged by the same domain code as the console. Query: `period`
//! (`y2026`, `t6`; default the newest begun), `level`, `group`, `unit`, `status`, `search`,
//! `lang` (`zh-Hans`, `zh-Hant`, `en`).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lvzhi_domain::api::Role;
use lvzhi_domain::compliance::Period;
use lvzhi_domain::compliance::dashboard::{DashboardFilter, dashboard, dashboard_cells};
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::lang::Lang;
use lvzhi_domain::rules::{RuleBook, bundled_rule_sets};

use crate::AppState;
use crate::error::ApiError;
use crate::routes::Authenticated;

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    period: Option<String>,
    level: Option<String>,
    group: Option<String>,
    unit: Option<String>,
    status: Option<String>,
    search: Option<String>,
    lang: Option<String>,
}

fn field(name: &str, problem: String) -> ApiError {
    ApiError::Invalid(lvzhi_domain::ValidationError::new(
        name,
        lvzhi_domain::error::Problem::BadFormat { expected: problem },
    ))
}

fn parse_period(text: &str) -> Result<Period, ApiError> {
    let bad = || {
        field(
            "period",
            "y followed by a year (y2026) or t followed by a term (t6)".into(),
        )
    };
    match text.split_at_checked(1) {
        Some(("y", year)) => year.parse().map(Period::Year).map_err(|_| bad()),
        Some(("t", term)) => term.parse().map(Period::Term).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

impl ExportParams {
    fn filter(&self) -> Result<DashboardFilter, ApiError> {
        let search = self.search.clone().unwrap_or_default();
        if search.chars().count() > 50 {
            return Err(field("search", "at most 50 characters".into()));
        }
        Ok(DashboardFilter {
            period: self.period.as_deref().map(parse_period).transpose()?,
            level: self
                .level
                .as_deref()
                .map(|l| lvzhi_domain::deputy::Level::parse_field(l, "level"))
                .transpose()?,
            group: self
                .group
                .as_deref()
                .map(|g| lvzhi_domain::ids::GroupId::parse_field(g, "group"))
                .transpose()?,
            electoral_unit: self.unit.clone().filter(|u| !u.is_empty()),
            search,
            status: self
                .status
                .as_deref()
                .map(|s| lvzhi_domain::compliance::Status::parse_field(s, "status"))
                .transpose()?,
            sort: Default::default(),
        })
    }

    fn lang(&self) -> Result<Lang, ApiError> {
        match self.lang.as_deref() {
            None => Ok(Lang::ZhHans),
            Some(tag) => Lang::from_browser_tag(tag).ok_or_else(|| field("lang", "zh-Hans, zh-Hant or en".into())),
        }
    }
}

pub async fn compliance_xlsx(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(params): Query<ExportParams>,
) -> Result<Response, ApiError> {
    if authenticated.session.account.role != Role::Staff {
        return Err(ApiError::Forbidden("only staff export the compliance table".into()));
    }
    let filter = params.filter()?;
    let lang = params.lang()?;
    let mut congress = state.db.congress().await?;
    let scope = authenticated.session.account.scope.clone();
    congress.deputies.retain(|deputy| scope.covers(deputy));
    let rules = RuleBook::new(bundled_rule_sets())?.with_enabled(&congress.enabled);
    let today = crate::db::today();
    let bytes = tokio::task::spawn_blocking(move || {
        let working = WorkingSet::build(
            &congress.deputies,
            &congress.activities,
            &congress.absences,
            &congress.calendar,
            &rules,
        );
        let mut outcomes = Vec::new();
        working.evaluate(today, &mut outcomes);
        let table = dashboard(&working, &outcomes, &congress.deputies, &filter);
        let (header, rows) = dashboard_cells(&table, &congress.deputies, lang);
        workbook(&header, &rows, &format!("{today}"))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("export: {e}")))?
    .map_err(|e| ApiError::Internal(format!("export: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"compliance-{today}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One sheet: the as-of date, the header row (bold, frozen), then the rows.
fn workbook(header: &[String], rows: &[Vec<String>], as_of: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, format!("as of {as_of}"))?;
    for (column, text) in header.iter().enumerate() {
        sheet.write_string_with_format(1, column as u16, text, &bold)?;
    }
    for (index, row) in rows.iter().enumerate() {
        for (column, text) in row.iter().enumerate() {
            sheet.write_string(index as u32 + 2, column as u16, text)?;
        }
    }
    sheet.set_freeze_panes(2, 2)?;
    book.save_to_buffer()
}
