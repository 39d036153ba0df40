//! The open-data API, version 1 (`/api/public/v1/…`): everything public as JSON and as CSV
//! downloads, from the shared [`super::cache::Snapshot`], each answer with a strong ETag
//! (`If-None-Match` answers 304) and `Cache-Control: public`. Its OpenAPI 3.1 document is
//! generated from these handlers and the public types (utoipa) and served at
//! `/api/public/v1/openapi.json`; `docs/open-data.md` explains the fields.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lvzhi_domain::public::{self, PeriodStatistics, PublicDeputy, PublicStation, PublicSuggestion};
use utoipa::OpenApi;

use super::cache::{Prepared, Snapshot};
use crate::AppState;
use crate::error::ApiError;

/// How long a client or cache may reuse an answer before revalidating it.
pub const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=60";

const JSON: &str = "application/json";
const CSV: &str = "text/csv; charset=utf-8";

/// The open-data routes, under `/api`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/public/v1/openapi.json", get(openapi))
        .route("/public/v1/deputies", get(deputies))
        .route("/public/v1/deputies.csv", get(deputies_csv))
        .route("/public/v1/deputies/{id}", get(deputy))
        .route("/public/v1/standings.csv", get(standings_csv))
        .route("/public/v1/activities.csv", get(activities_csv))
        .route("/public/v1/stations", get(stations))
        .route("/public/v1/stations.csv", get(stations_csv))
        .route("/public/v1/suggestions", get(suggestions))
        .route("/public/v1/suggestions.csv", get(suggestions_csv))
        .route("/public/v1/suggestions/{id}", get(suggestion))
        .route("/public/v1/statistics", get(statistics))
        .route("/public/v1/statistics/{period}", get(period_statistics))
}

/// Sends `prepared`, or 304 when the client already holds it.
pub fn answer(headers: &HeaderMap, prepared: &Prepared, content_type: &'static str) -> Response {
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == prepared.etag || tag.trim() == "*"));
    let accepts_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.split(';').next().is_some_and(|e| e.trim() == "gzip"))
        });
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else if let (true, Some(zipped)) = (accepts_gzip, &prepared.gzip) {
        // Already compressed: the compression layer passes a response with an encoding on.
        (
            [(header::CONTENT_TYPE, content_type), (header::CONTENT_ENCODING, "gzip")],
            zipped.clone(),
        )
            .into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], prepared.body.clone()).into_response()
    };
    let out = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&prepared.etag) {
        out.insert(header::ETAG, etag);
    }
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

fn json<T: serde::Serialize>(value: &T) -> Result<Prepared, ApiError> {
    serde_json::to_vec(value)
        .map(Prepared::new)
        .map_err(|e| ApiError::Internal(format!("open data: {e}")))
}

fn csv(text: Result<String, ::csv::Error>) -> Result<Prepared, ApiError> {
    // A byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
    text.map(|t| Prepared::new(format!("\u{feff}{t}")))
        .map_err(|e| ApiError::Internal(format!("open data: {e}")))
}

async fn snapshot(state: &AppState) -> Result<Arc<Snapshot>, ApiError> {
    Ok(state.public.get(&state.db).await?)
}

/// The answer kept under `key` in the current snapshot (made by `make` the first time), or
/// 304 when the client holds it.
async fn kept_answer(
    state: &AppState,
    headers: &HeaderMap,
    key: &str,
    content_type: &'static str,
    make: impl FnOnce(&Snapshot) -> Result<Prepared, ApiError>,
) -> Result<Response, ApiError> {
    let snapshot = snapshot(state).await?;
    let prepared = snapshot.kept(key, || make(&snapshot))?;
    Ok(answer(headers, &prepared, content_type))
}

/// A deputy in the list: who and where (the profile has the figures).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DeputySummary {
    /// The deputy's id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The level's code.
    pub level: String,
    /// The electoral unit.
    pub electoral_unit: String,
    /// Term numbers served.
    pub terms: Vec<u16>,
    /// Station ids.
    pub stations: Vec<String>,
}

/// Every deputy.
#[utoipa::path(get, path = "/api/public/v1/deputies", tag = "deputies",
    responses((status = 200, description = "Every deputy on the roster", body = Vec<DeputySummary>)))]
async fn deputies(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let snapshot = snapshot(&state).await?;
    let prepared = snapshot.kept("json:deputies", || {
        let list: Vec<DeputySummary> = snapshot
            .data
            .deputies
            .iter()
            .map(|d| DeputySummary {
                id: d.id.clone(),
                name: d.name.clone(),
                level: d.level.clone(),
                electoral_unit: d.electoral_unit.clone(),
                terms: d.terms.iter().map(|t| t.term).collect(),
                stations: d.stations.clone(),
            })
            .collect();
        json(&list)
    })?;
    Ok(answer(&headers, &prepared, JSON))
}

/// One deputy's profile: standings with denominators and notes, approved activities.
#[utoipa::path(get, path = "/api/public/v1/deputies/{id}", tag = "deputies",
    params(("id" = String, Path, description = "The deputy's id")),
    responses((status = 200, description = "The profile", body = PublicDeputy),
              (status = 404, description = "No such deputy")))]
async fn deputy(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = snapshot(&state).await?;
    let Some(found) = snapshot.deputy(&id) else {
        return Err(ApiError::NotFound(format!("no deputy {id}")));
    };
    let prepared = snapshot.kept(&format!("json:deputy:{id}"), || json(found))?;
    Ok(answer(&headers, &prepared, JSON))
}

/// Every deputy as CSV.
#[utoipa::path(get, path = "/api/public/v1/deputies.csv", tag = "downloads",
    responses((status = 200, description = "CSV: id, name, level, electoral_unit, occupation, terms, groups, stations, pending_records", content_type = "text/csv")))]
async fn deputies_csv(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    kept_answer(&state, &headers, "csv:deputies", CSV, |s| {
        csv(public::csv::deputies(&s.data))
    })
    .await
}

/// Every deputy's standings as CSV.
#[utoipa::path(get, path = "/api/public/v1/standings.csv", tag = "downloads",
    responses((status = 200, description = "CSV: as_of, deputy, name, period, rule_set, requirement, unit, minimum, score, status, band, notes", content_type = "text/csv")))]
async fn standings_csv(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    kept_answer(&state, &headers, "csv:standings", CSV, |s| {
        csv(public::csv::standings(&s.data))
    })
    .await
}

/// Every approved activity (public fields) as CSV.
#[utoipa::path(get, path = "/api/public/v1/activities.csv", tag = "downloads",
    responses((status = 200, description = "CSV: id, kind, date, station, deputies", content_type = "text/csv")))]
async fn activities_csv(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    kept_answer(&state, &headers, "csv:activities", CSV, |s| {
        csv(public::csv::activities(&s.data))
    })
    .await
}

/// Every station with its reception times and deputies.
#[utoipa::path(get, path = "/api/public/v1/stations", tag = "stations",
    responses((status = 200, description = "Every deputy station", body = Vec<PublicStation>)))]
async fn stations(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    kept_answer(&state, &headers, "json:stations", JSON, |s| json(&s.data.stations)).await
}

/// Every station as CSV.
#[utoipa::path(get, path = "/api/public/v1/stations.csv", tag = "downloads",
    responses((status = 200, description = "CSV: id, kind, name, district, address, reception, next_reception, deputies", content_type = "text/csv")))]
async fn stations_csv(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    kept_answer(&state, &headers, "csv:stations", CSV, |s| {
        csv(public::csv::stations(&s.data))
    })
    .await
}

/// What the suggestion lists may be narrowed to.
#[derive(Debug, serde::Deserialize, Default, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SuggestionFilter {
    /// The year submitted.
    pub year: Option<i32>,
    /// A category's code.
    pub category: Option<String>,
    /// A handling unit's name (lead or co-handling).
    pub unit: Option<String>,
    /// A stage's code.
    pub stage: Option<String>,
}

impl SuggestionFilter {
    /// Whether nothing narrows the list.
    pub fn is_empty(&self) -> bool {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
        self.year.is_none() && blank(&self.category) && blank(&self.unit) && blank(&self.stage)
    }

    /// Whether `s` passes.
    pub fn passes(&self, s: &PublicSuggestion) -> bool {
        self.year.is_none_or(|y| s.year == y)
            && self
                .category
                .as_deref()
                .is_none_or(|c| c.is_empty() || s.category.as_deref() == Some(c))
            && self.stage.as_deref().is_none_or(|c| c.is_empty() || s.stage == c)
            && self
                .unit
                .as_deref()
                .is_none_or(|u| u.is_empty() || s.lead_unit.as_deref() == Some(u) || s.co_units.iter().any(|c| c == u))
    }

    /// Refuses filters longer than any real value.
    pub fn bounded(&self) -> Result<(), ApiError> {
        let too_long = |v: &Option<String>| v.as_deref().is_some_and(|t| t.chars().count() > 60);
        if too_long(&self.category) || too_long(&self.unit) || too_long(&self.stage) {
            return Err(ApiError::Invalid(lvzhi_domain::ValidationError::new(
                "filter",
                lvzhi_domain::error::Problem::BadFormat {
                    expected: "at most 60 characters per filter".into(),
                },
            )));
        }
        Ok(())
    }
}

/// Published suggestions, newest first, optionally narrowed.
#[utoipa::path(get, path = "/api/public/v1/suggestions", tag = "suggestions", params(SuggestionFilter),
    responses((status = 200, description = "Published suggestions", body = Vec<PublicSuggestion>)))]
async fn suggestions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(filter): Query<SuggestionFilter>,
) -> Result<Response, ApiError> {
    filter.bounded()?;
    let snapshot = snapshot(&state).await?;
    let make = || {
        let list: Vec<&PublicSuggestion> = snapshot.data.suggestions.iter().filter(|s| filter.passes(s)).collect();
        json(&list)
    };
    let prepared = if filter.is_empty() {
        snapshot.kept("json:suggestions", make)?
    } else {
        Arc::new(make()?)
    };
    Ok(answer(&headers, &prepared, JSON))
}

/// Published suggestions as CSV, optionally narrowed.
#[utoipa::path(get, path = "/api/public/v1/suggestions.csv", tag = "downloads", params(SuggestionFilter),
    responses((status = 200, description = "CSV: id, kind, year, submitted_on, title, category, lead_unit, co_units, stage, key_supervision, rounds, reply_receipt, promises, promises_done, deputies, published_on", content_type = "text/csv")))]
async fn suggestions_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(filter): Query<SuggestionFilter>,
) -> Result<Response, ApiError> {
    filter.bounded()?;
    let snapshot = snapshot(&state).await?;
    let list: Vec<&PublicSuggestion> = snapshot.data.suggestions.iter().filter(|s| filter.passes(s)).collect();
    let prepared = csv(public::csv::suggestions(&list))?;
    Ok(answer(&headers, &prepared, CSV))
}

/// One published suggestion.
#[utoipa::path(get, path = "/api/public/v1/suggestions/{id}", tag = "suggestions",
    params(("id" = String, Path, description = "The suggestion's id")),
    responses((status = 200, description = "The suggestion, its handling and both receipts", body = PublicSuggestion),
              (status = 404, description = "No published suggestion with this id")))]
async fn suggestion(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = snapshot(&state).await?;
    let Some(found) = snapshot.suggestion(&id) else {
        return Err(ApiError::NotFound(format!("no published suggestion {id}")));
    };
    let prepared = snapshot.kept(&format!("json:suggestion:{id}"), || json(found))?;
    Ok(answer(&headers, &prepared, JSON))
}

/// The statistics of every year and term begun.
#[utoipa::path(get, path = "/api/public/v1/statistics", tag = "statistics",
    responses((status = 200, description = "Statistics per period, small cells suppressed", body = Vec<PeriodStatistics>)))]
async fn statistics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    kept_answer(&state, &headers, "json:statistics", JSON, |s| json(&s.data.statistics)).await
}

/// One period's statistics: `y2026`, `t6`; with `.csv` after it, as CSV.
#[utoipa::path(get, path = "/api/public/v1/statistics/{period}", tag = "statistics",
    params(("period" = String, Path, description = "y2026 (a year) or t6 (a term); y2026.csv for CSV")),
    responses((status = 200, description = "The period's statistics", body = PeriodStatistics),
              (status = 404, description = "No statistics for this period")))]
async fn period_statistics(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(period): Path<String>,
) -> Result<Response, ApiError> {
    let (code, as_csv) = match period.strip_suffix(".csv") {
        Some(code) => (code, true),
        None => (period.as_str(), false),
    };
    let snapshot = snapshot(&state).await?;
    let Some(found) = snapshot.data.statistics.iter().find(|p| p.period == code) else {
        return Err(ApiError::NotFound(format!(
            "no statistics for {code} (periods: y followed by a year begun, t followed by a term)"
        )));
    };
    if as_csv {
        let prepared = snapshot.kept(&format!("csv:statistics:{code}"), || {
            csv(public::csv::statistics(found))
        })?;
        Ok(answer(&headers, &prepared, CSV))
    } else {
        let prepared = snapshot.kept(&format!("json:statistics:{code}"), || json(found))?;
        Ok(answer(&headers, &prepared, JSON))
    }
}

/// The API's description.
#[derive(OpenApi)]
#[openapi(
    info(title = "Lüzhi open data", version = "1",
         description = "Everything public about deputies' duties: profiles, approved activities (public fields), stations, published suggestions and statistics. Counts of fewer than 5 deputies are written \"<5\"; \"x\" marks a cell withheld so that no small count can be worked out."),
    paths(deputies, deputy, deputies_csv, standings_csv, activities_csv, stations, stations_csv,
          suggestions, suggestions_csv, suggestion, statistics, period_statistics),
    tags((name = "deputies"), (name = "stations"), (name = "suggestions"), (name = "statistics"), (name = "downloads"))
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document.
async fn openapi(headers: HeaderMap) -> Result<Response, ApiError> {
    static DOCUMENT: std::sync::OnceLock<Result<Prepared, String>> = std::sync::OnceLock::new();
    let prepared = DOCUMENT
        .get_or_init(|| {
            ApiDoc::openapi()
                .to_pretty_json()
                .map(Prepared::new)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| ApiError::Internal(format!("openapi: {e}")))?;
    Ok(answer(&headers, prepared, JSON))
}
