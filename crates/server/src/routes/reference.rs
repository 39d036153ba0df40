//! `GET /api/reference`: terms, sessions, rule sets, the deputy's own record and the
//! stations — what the app stores to work and judge compliance offline.

use axum::Json;
use axum::extract::State;
use lvzhi_domain::api::ReferenceData;

use crate::AppState;
use crate::error::ApiError;
use crate::routes::Authenticated;

pub async fn reference(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<ReferenceData>, ApiError> {
    Ok(Json(state.db.reference(authenticated.session.account.deputy).await?))
}
