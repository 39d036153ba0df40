//! `GET /api/opinions` and `PUT /api/opinions`: a deputy's public-opinion items. Each deputy
//! reads only their own (the constituent's contact never reaches another deputy).

use axum::Json;
use axum::extract::State;
use lvzhi_domain::opinion::OpinionItem;

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;

const NOT_A_DEPUTY: &str = "only a deputy gathers opinion items";

pub async fn list(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<Vec<OpinionItem>>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    Ok(Json(state.db.opinions_of(deputy).await?))
}

pub async fn put(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(item): ApiJson<OpinionItem>,
) -> Result<Json<OpinionItem>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    if item.deputy != deputy {
        return Err(ApiError::Forbidden(
            "an opinion item can only be filed by the deputy who gathered it".into(),
        ));
    }
    if item.content.as_str().is_empty() {
        return Err(lvzhi_domain::ValidationError::new("content", lvzhi_domain::error::Problem::Empty).into());
    }
    item.gathered_on.not_after(crate::db::today(), "gathered_on")?;
    super::quota::charge(&state, &authenticated, 0)?;
    let limits = &state.config.limits;
    let quota = crate::db::OpinionQuota {
        per_visit: limits.opinions_per_visit,
        per_deputy: limits.opinions_per_deputy,
    };
    Ok(Json(state.db.put_opinion(item, quota).await?))
}
