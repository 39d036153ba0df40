//! The rules engine's API: absences staff record and deputies read, optional rule sets staff
//! turn on, and a period's standings on a point or duty-day requirement (JSON or CSV).
//!
//! - `POST /api/staff/absences` (staff): record half a day of leave or absence.
//! - `GET /api/absences` (a deputy: their own; staff: `?deputy=ID`).
//! - `PUT /api/staff/rule-sets/{id}` (staff): `{"enabled": true}` turns an optional set on.
//! - `GET /api/staff/standings?rule_set=&requirement=&year=&quarter=&format=csv` (staff).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lvzhi_domain::api::{AbsenceRecord, Role, RuleSetSwitch};
use lvzhi_domain::compliance::standings::{StandingsQuery, standings, standings_csv};
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::rules::{RuleBook, bundled_rule_sets};

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::{Authenticated, staff_only};

/// The most absences one answer lists.
const MAX_LISTED: usize = 500;

/// Refuses a deputy outside the staff account's scope as unknown (404), naming the field.
async fn in_scope(state: &AppState, authenticated: &Authenticated, deputy: DeputyId) -> Result<(), ApiError> {
    let scope = authenticated.session.account.scope.clone();
    if state.db.scope_covers(scope, deputy).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound(format!(
            "deputy {deputy} is outside this account's scope (field \"deputy\")"
        )))
    }
}

pub async fn record_absence(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(absence): ApiJson<AbsenceRecord>,
) -> Result<Json<AbsenceRecord>, ApiError> {
    staff_only(&authenticated, "record absences")?;
    in_scope(&state, &authenticated, absence.deputy).await?;
    Ok(Json(state.db.record_absence(absence, crate::db::today()).await?))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceQuery {
    deputy: Option<String>,
}

pub async fn list_absences(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(query): Query<AbsenceQuery>,
) -> Result<Json<Vec<AbsenceRecord>>, ApiError> {
    let deputy = match (authenticated.session.account.role, query.deputy) {
        (Role::Staff, Some(text)) => {
            let deputy = DeputyId::parse_field(&text, "deputy")?;
            in_scope(&state, &authenticated, deputy).await?;
            deputy
        }
        (Role::Staff, None) => {
            return Err(ApiError::BadRequest("name the deputy: /api/absences?deputy=ID".into()));
        }
        (Role::Deputy | Role::Unit, _) => authenticated.deputy("only a deputy has absences")?,
    };
    Ok(Json(state.db.absences_of(deputy, MAX_LISTED).await?))
}

pub async fn switch_rule_set(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(switch): ApiJson<RuleSetSwitch>,
) -> Result<Json<Vec<String>>, ApiError> {
    staff_only(&authenticated, "turn rule sets on or off")?;
    if id.len() > 64 {
        return Err(ApiError::BadRequest("a rule set id has at most 64 characters".into()));
    }
    Ok(Json(state.db.switch_rule_set(id, switch.enabled).await?))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandingsParams {
    rule_set: String,
    requirement: String,
    year: i32,
    quarter: u8,
    #[serde(default)]
    format: Option<String>,
}

pub async fn standings_of(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(params): Query<StandingsParams>,
) -> Result<Response, ApiError> {
    staff_only(&authenticated, "read standings")?;
    let csv = match params.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "format must be json or csv, not {other:?}"
            )));
        }
    };
    let mut congress = state.db.congress().await?;
    let scope = &authenticated.session.account.scope;
    congress.deputies.retain(|deputy| scope.covers(deputy));
    let rules = RuleBook::new(bundled_rule_sets())?.with_enabled(&congress.enabled);
    let query = StandingsQuery {
        rule_set: params.rule_set,
        requirement: params.requirement,
        year: params.year,
        quarter: params.quarter,
    };
    let today = crate::db::today();
    let ranked = tokio::task::spawn_blocking(move || {
        standings(
            &query,
            &congress.deputies,
            &congress.activities,
            &congress.absences,
            &congress.calendar,
            &rules,
            today,
        )
    })
    .await
    .map_err(|e| ApiError::Internal(format!("standings: {e}")))??;
    if csv {
        let name = format!(
            "standings-{}-{}-q{}.csv",
            ranked.requirement, ranked.year, ranked.quarter
        );
        Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            standings_csv(&ranked),
        )
            .into_response())
    } else {
        Ok(Json(ranked).into_response())
    }
}
