//! Trainings and stations as staff keep them, within the account's scope:
//!
//! - `PUT /api/staff/trainings/{id}` with the class (title, days, mode, place, organiser,
//!   audience, attendees): stores it; each deputy added gets one approved training
//!   registration, each deputy removed has theirs withdrawn (`TrainingSaved` says how many).
//! - `PUT /api/staff/stations/{id}` with the station: its name, address and reception
//!   schedule. Idempotent, so the console's offline queue can send it again.

use axum::Json;
use axum::extract::{Path, State};
use lvzhi_domain::api::TrainingSaved;
use lvzhi_domain::ids::{StationId, TrainingId};
use lvzhi_domain::organisation::{Station, Training};

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::{Authenticated, staff_only};

pub async fn put_training(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(training): ApiJson<Training>,
) -> Result<Json<TrainingSaved>, ApiError> {
    staff_only(&authenticated, "keep training classes")?;
    let id = TrainingId::parse_field(&id, "id")?;
    if id != training.id {
        return Err(ApiError::BadRequest(format!(
            "the path names training {id} but the body training {}",
            training.id
        )));
    }
    let account = &authenticated.session.account;
    let saved = state
        .db
        .save_training(training, account.scope.clone(), account.id, crate::db::today())
        .await?;
    authenticated.context.note(&format!(
        "training {id} registered={} withdrawn={}",
        saved.registered, saved.withdrawn
    ));
    Ok(Json(saved))
}

pub async fn put_station(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(station): ApiJson<Station>,
) -> Result<Json<Station>, ApiError> {
    staff_only(&authenticated, "edit stations")?;
    let id = StationId::parse_field(&id, "id")?;
    if id != station.id {
        return Err(ApiError::BadRequest(format!(
            "the path names station {id} but the body station {}",
            station.id
        )));
    }
    let scope = authenticated.session.account.scope.clone();
    Ok(Json(state.db.save_station(station, scope).await?))
}
