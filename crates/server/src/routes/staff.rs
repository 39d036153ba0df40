//! The staff console's API, scoped by the account's [`StaffScope`](lvzhi_domain::staff::StaffScope):
//!
//! - `GET /api/staff/workspace`: deputies in scope, groups, staff names, absences.
//! - `POST /api/staff/snapshot` `{"snapshot": cursor?, "limit": n}`: a page of the first
//!   load as packed binary (`application/octet-stream`), the cursor in `x-lvzhi-snapshot-*`
//!   headers. After the last page the device pulls changes after `at` as JSON.
//! - `GET /api/records/{id}/history`: a record's audit trail, for its deputies and for staff
//!   whose scope covers it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lvzhi_domain::api::{BulkRequest, StaffWorkspace, bulk_headers};
use lvzhi_domain::ids::ActivityId;
use lvzhi_domain::packed::encode_activities;
use lvzhi_domain::staff::HistoryLine;

use crate::AppState;
use crate::db::MAX_BULK_LIMIT;
use crate::error::{ApiError, ApiJson};
use crate::routes::{Authenticated, staff_only};

pub async fn workspace(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<StaffWorkspace>, ApiError> {
    staff_only(&authenticated, "open the staff workspace")?;
    let account = &authenticated.session.account;
    Ok(Json(state.db.staff_workspace(account.scope.clone(), account.id).await?))
}

pub async fn snapshot(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(request): ApiJson<BulkRequest>,
) -> Result<Response, ApiError> {
    staff_only(&authenticated, "load records in bulk")?;
    if request.limit == 0 || request.limit > MAX_BULK_LIMIT {
        return Err(ApiError::Invalid(lvzhi_domain::ValidationError::new(
            "limit",
            lvzhi_domain::error::Problem::OutOfRange {
                min: "1".into(),
                max: MAX_BULK_LIMIT.to_string(),
            },
        )));
    }
    let actor = super::sync::actor(&authenticated);
    let page = state.db.bulk_page(actor, request.snapshot, request.limit).await?;
    authenticated.context.note(&format!(
        "bulk page records={} last={}",
        page.activities.len(),
        page.next.is_none()
    ));
    let bytes = encode_activities(&page.activities);
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        bytes,
    )
        .into_response();
    let headers = response.headers_mut();
    // The values are decimal numbers and UUIDs, always valid header text.
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set(bulk_headers::AT, page.at.to_string());
    if let Some(next) = page.next {
        set(bulk_headers::AFTER, next.after.to_string());
    }
    if let Some(total) = page.total {
        set(bulk_headers::TOTAL, total.to_string());
    }
    Ok(response)
}

pub async fn history(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryLine>>, ApiError> {
    let record = ActivityId::parse_field(&id, "id")?;
    let account = &authenticated.session.account;
    state
        .db
        .history(record, account.role, account.deputy, account.scope.clone())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no record {record} that this account may see")))
}
