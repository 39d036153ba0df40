//! `/api/session`: sign in (POST), who am I (GET), sign out (DELETE); and the
//! [`Authenticated`] extractor every protected route uses.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use lvzhi_domain::api::{AccountSummary, SignInRequest, SignedIn};

use crate::AppState;
use crate::db::SessionAccount;
use crate::error::{ApiError, ApiJson};

/// The signed-in account, from `Authorization: Bearer <token>`.
pub struct Authenticated {
    pub token: String,
    pub session: SessionAccount,
}

impl Authenticated {
    /// The deputy this account belongs to; a staff account is refused with `refusal`.
    pub fn deputy(&self, refusal: &str) -> Result<lvzhi_domain::ids::DeputyId, ApiError> {
        self.session
            .account
            .deputy
            .ok_or_else(|| ApiError::Forbidden(refusal.to_owned()))
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| ApiError::Unauthorized("sign in first: no Authorization header was sent".into()))?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|token| !token.is_empty() && token.len() <= 128)
            .ok_or_else(|| ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into()))?
            .to_owned();
        let session =
            state.db.session(token.clone()).await?.ok_or_else(|| {
                ApiError::Unauthorized("the session has expired or was signed out; sign in again".into())
            })?;
        Ok(Authenticated { token, session })
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Json<SignedIn>, ApiError> {
    if request.login.trim().is_empty() || request.login.len() > 100 || request.password.len() > 200 {
        return Err(ApiError::BadRequest(
            "login must be 1–100 characters and password at most 200".into(),
        ));
    }
    state
        .db
        .sign_in(request.login, request.password)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::Unauthorized("the login or the password is wrong".into()))
}

pub async fn current(authenticated: Authenticated) -> Json<AccountSummary> {
    Json(authenticated.session.account)
}

pub async fn sign_out(State(state): State<AppState>, authenticated: Authenticated) -> Result<StatusCode, ApiError> {
    state.db.sign_out(authenticated.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
