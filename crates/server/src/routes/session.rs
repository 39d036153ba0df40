//! `/api/session`: sign in (POST), who am I (GET), sign out (DELETE); `/api/sessions`: my
//! sessions (GET), sign out everywhere (DELETE), and `/api/sessions/{id}` (DELETE) to end
//! one; and the [`Authenticated`] extractor every protected route uses.
//!
//! Sign-in is throttled per login and per address ([`crate::throttle::SignInThrottle`]),
//! and the password is checked off the database connection with bounded concurrency.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use lvzhi_domain::api::{AccountSummary, SessionSummary, SignInRequest, SignedIn};

use crate::AppState;
use crate::db::accounts::CheckError;
use crate::db::{AuditEvent, SessionAccount, SessionRules};
use crate::error::{ApiError, ApiJson};
use crate::request_log::RequestContext;

/// The signed-in account, from `Authorization: Bearer <token>`.
pub struct Authenticated {
    /// The token as sent.
    pub token: String,
    /// The session behind it.
    pub session: SessionAccount,
    /// The request's log context (for audit entries).
    pub context: RequestContext,
}

impl Authenticated {
    /// The deputy this account belongs to; a staff account is refused with `refusal`.
    pub fn deputy(&self, refusal: &str) -> Result<lvzhi_domain::ids::DeputyId, ApiError> {
        self.session
            .account
            .deputy
            .ok_or_else(|| ApiError::Forbidden(refusal.to_owned()))
    }

    /// The account id as text.
    pub fn account_id(&self) -> String {
        self.session.account.id.to_string()
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = parts.extensions.get::<RequestContext>().cloned().unwrap_or_default();
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| ApiError::Unauthorized("sign in first: no Authorization header was sent".into()))?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|token| !token.is_empty() && token.len() <= 128)
            .ok_or_else(|| ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into()))?
            .to_owned();
        let idle = state.config.limits.session_idle.as_millis() as i64;
        let session =
            state.db.session(token.clone(), idle).await?.ok_or_else(|| {
                ApiError::Unauthorized("the session has expired or was signed out; sign in again".into())
            })?;
        context.set_account(session.account.id.to_string());
        if crate::db::now_millis() - session.last_seen_millis > crate::db::sessions::TOUCH_EVERY_MILLIS.min(idle / 4) {
            let db = state.db.clone();
            let id = session.session_id.clone();
            let request = context.id().to_owned();
            tokio::spawn(async move {
                if let Err(error) = db.touch_session(id).await {
                    eprintln!("{request} could not record the session's last use: {error}");
                }
            });
        }
        Ok(Authenticated {
            token,
            session,
            context,
        })
    }
}

fn session_rules(state: &AppState) -> SessionRules {
    let limits = &state.config.limits;
    SessionRules {
        lifetime_millis: limits.session_lifetime.as_millis() as i64,
        idle_millis: limits.session_idle.as_millis() as i64,
        per_account: limits.sessions_per_account,
    }
}

/// The browser's name for itself, shortened to 200 characters of printable text.
fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

/// `POST /api/session`.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    context: RequestContext,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Json<SignedIn>, ApiError> {
    if request.login.trim().is_empty() || request.login.chars().count() > 100 || request.password.chars().count() > 200
    {
        return Err(ApiError::BadRequest(
            "login must be 1–100 characters and password at most 200".into(),
        ));
    }
    let address = Some(remote.ip());
    if let Some(wait) = state.guards.sign_in.wait(&request.login, address) {
        state.audit.record(AuditEvent::SignInThrottled, None, context.id(), "");
        return Err(ApiError::TooManyRequests {
            message: "too many wrong passwords; wait before trying again".into(),
            retry_after: wait,
        });
    }
    let stored = state.db.account_by_login(request.login.clone()).await?;
    let hash = stored.as_ref().map(|account| account.password_hash.clone());
    let matches = match state.guards.passwords.verify(hash, request.password).await {
        Ok(matches) => matches,
        Err(CheckError::Busy) => return Err(ApiError::Busy(CheckError::Busy.to_string())),
        Err(CheckError::Db(error)) => return Err(error.into()),
    };
    let account = match (stored, matches) {
        (Some(account), true) => account.summary,
        (stored, _) => {
            state.guards.sign_in.failed(&request.login, address);
            let account = stored.map(|account| account.summary.id.to_string());
            state.audit.record(AuditEvent::SignInFailed, account, context.id(), "");
            return Err(ApiError::Unauthorized("the login or the password is wrong".into()));
        }
    };
    state.guards.sign_in.succeeded(&request.login);
    context.set_account(account.id.to_string());
    let (signed_in, session_id) = state
        .db
        .open_session(account, user_agent(&headers), session_rules(&state))
        .await?;
    state.audit.record(
        AuditEvent::SignIn,
        Some(signed_in.account.id.to_string()),
        context.id(),
        format!("session {session_id}"),
    );
    Ok(Json(signed_in))
}

/// `GET /api/session`.
pub async fn current(authenticated: Authenticated) -> Json<AccountSummary> {
    Json(authenticated.session.account)
}

/// `DELETE /api/session`.
pub async fn sign_out(State(state): State<AppState>, authenticated: Authenticated) -> Result<StatusCode, ApiError> {
    state.db.sign_out(authenticated.token.clone()).await?;
    state.audit.record(
        AuditEvent::SignOut,
        Some(authenticated.account_id()),
        authenticated.context.id(),
        format!("session {}", authenticated.session.session_id),
    );
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/sessions`: the caller's live sessions.
pub async fn list(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<Vec<SessionSummary>>, ApiError> {
    let idle = state.config.limits.session_idle.as_millis() as i64;
    Ok(Json(
        state
            .db
            .sessions_of(
                authenticated.account_id(),
                authenticated.session.session_id.clone(),
                idle,
            )
            .await?,
    ))
}

/// `DELETE /api/sessions/{id}`: ends one of the caller's sessions.
pub async fn revoke(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if id.len() > 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::NotFound(format!("there is no session {id:?}")));
    }
    if !state.db.revoke_session(authenticated.account_id(), id.clone()).await? {
        return Err(ApiError::NotFound(format!("you have no session {id}")));
    }
    state.audit.record(
        AuditEvent::SessionRevoked,
        Some(authenticated.account_id()),
        authenticated.context.id(),
        format!("session {id}"),
    );
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/sessions`: signs the caller out everywhere, this session included.
pub async fn revoke_all(State(state): State<AppState>, authenticated: Authenticated) -> Result<StatusCode, ApiError> {
    let ended = state.db.revoke_all_sessions(authenticated.account_id()).await?;
    state.audit.record(
        AuditEvent::SignOutEverywhere,
        Some(authenticated.account_id()),
        authenticated.context.id(),
        format!("{ended} sessions"),
    );
    Ok(StatusCode::NO_CONTENT)
}
