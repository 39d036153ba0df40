//! `GET /api/health`: the version and whether the database answers.

use axum::Json;
use axum::extract::State;
use lvzhi_domain::api::HealthReport;

use crate::AppState;

pub async fn health(State(state): State<AppState>) -> Json<HealthReport> {
    let database = state.db.health().await;
    Json(HealthReport {
        status: if database.status == "ok" {
            "ok".into()
        } else {
            "degraded".into()
        },
        version: env!("CARGO_PKG_VERSION").into(),
        database,
    })
}
