//! `GET /api/health` (anyone: ok or not, nothing more), `GET /api/about` (signed in:
//! version, schema, counts) and `GET /api/audit` (staff: the latest security events).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use lvzhi_domain::api::{AboutReport, HealthReport, Role};

use crate::AppState;
use crate::db::AuditRecord;
use crate::error::ApiError;
use crate::routes::Authenticated;

/// `GET /api/health`: 200 `{"status":"ok"}`, or 503 `{"status":"degraded"}`.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    if state.db.is_healthy().await {
        (StatusCode::OK, Json(HealthReport { status: "ok".into() }))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(HealthReport {
                status: "degraded".into(),
            }),
        )
    }
}

/// `GET /api/about`.
pub async fn about(State(state): State<AppState>, _signed_in: Authenticated) -> Result<Json<AboutReport>, ApiError> {
    Ok(Json(state.db.about().await?))
}

/// `?limit=` of `GET /api/audit`.
#[derive(Debug, serde::Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    limit: Option<u32>,
}

/// `GET /api/audit?limit=N` (staff only; at most 1,000, default 100).
pub async fn audit(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditRecord>>, ApiError> {
    if authenticated.session.account.role != Role::Staff {
        return Err(ApiError::Forbidden("only staff read the audit log".into()));
    }
    let limit = query.limit.unwrap_or(100).clamp(1, 1_000);
    Ok(Json(state.db.audit_recent(limit).await?))
}
