//! # lvzhi-server
//!
//! A small axum server: the JSON API under `/api`, the two client-side apps built by Trunk
//! (the deputy's under `/me/`, the staff console under `/staff/`, see [`static_files`]), and
//! the public site rendered here as HTML for every other path ([`public`]). Data lives in an embedded SQLite file; demo data is put in an
//! empty database only when asked (`--demo`).
//!
//! Handlers are thin: they parse input into domain types, call the domain crate or the
//! database module, and answer JSON. Every failure becomes an [`error::ApiError`], sent
//! as the one error envelope of [`lvzhi_domain::api::ErrorEnvelope`].
//!
//! Every limit is configuration ([`config::Limits`]): connections and timeouts
//! ([`net`]), sign-in throttling and rate limits ([`throttle`]), sessions, quotas.

pub mod audit;
pub mod config;
pub mod db;
pub mod error;
pub mod import;
pub mod net;
pub mod public;
pub mod request_log;
pub mod routes;
pub mod sealing;
pub mod security_headers;
pub mod static_files;
pub mod throttle;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lvzhi_domain::ids::AccountId;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

pub use config::Config;
pub use db::Database;

/// The in-memory guards: sign-in throttling, password checks and rate limits.
pub struct Guards {
    /// Wrong passwords per login and address.
    pub sign_in: throttle::SignInThrottle,
    /// Bounded argon2 checks.
    pub passwords: db::PasswordCheck,
    /// Write requests per account.
    pub writes: throttle::RateLimit<AccountId>,
    /// Pushed mutations per account.
    pub mutations: throttle::RateLimit<AccountId>,
}

impl Guards {
    /// Guards by these limits.
    pub fn new(limits: &config::Limits) -> Self {
        Self {
            sign_in: throttle::SignInThrottle::new(limits),
            passwords: db::PasswordCheck::new(limits.password_checks_at_once, Duration::from_secs(10)),
            writes: throttle::RateLimit::new(limits.writes_per_minute, limits.write_burst),
            mutations: throttle::RateLimit::new(limits.mutations_per_minute, limits.mutation_burst),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Database,
    /// The configuration.
    pub config: Arc<Config>,
    /// Throttling and rate limits.
    pub guards: Arc<Guards>,
    /// The audit log.
    pub audit: audit::AuditSink,
    /// The public figures, rebuilt when the data changes.
    pub public: Arc<public::PublicCache>,
}

fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The whole application: API, the apps, the public site, security headers, compression
/// and logging.
pub fn app(state: AppState) -> Router {
    let api = routes::api_router(state.clone());
    let apps = static_files::Apps::new(&state.config.static_dir);
    let policy = Arc::new(security_headers::PagePolicy::new(&state.config.static_dir));
    let deadline = state.config.limits.request_timeout;
    let public = public::router().with_state(state.clone());
    Router::new()
        .nest("/api", api)
        .merge(public)
        .fallback(move |uri: axum::http::Uri, request: Request| {
            let apps = apps.clone();
            let state = state.clone();
            async move {
                if is_api_path(uri.path()) {
                    // `/api/` and anything else under /api that the API router did not take.
                    return routes::unknown_api_path(axum::extract::OriginalUri(uri))
                        .await
                        .into_response();
                }
                let headers = request.headers().clone();
                match apps.serve(request).await {
                    Some(response) => response,
                    None => {
                        public::not_found(axum::extract::State(state), headers, axum::extract::OriginalUri(uri)).await
                    }
                }
            }
        })
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, deadline))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            policy,
            security_headers::security_headers,
        ))
        .layer(CatchPanicLayer::custom(|panic: Box<dyn std::any::Any + Send>| {
            let detail = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a handler panicked".into());
            error::ApiError::Internal(format!("panic: {detail}")).into_response()
        }))
        .layer(axum::middleware::from_fn(request_log::log_request))
}

/// Opens the database (creating it, and seeding it when asked), refuses to expose demo
/// accounts beyond loopback unless allowed, and serves until `shutdown` completes.
/// Reports the address actually bound through `on_bound` (useful with port 0).
pub async fn serve(
    config: Config,
    on_bound: impl FnOnce(std::net::SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    db::prepare_data_dir(&config.data_dir).map_err(ServeError::Database)?;
    let _lock = sealing::lock_data_dir(&config.data_dir).map_err(ServeError::Database)?;
    let db = Database::open_in(&config.data_dir, config.limits.read_connections)
        .await
        .map_err(ServeError::Database)?;
    if let Some(demo) = config.demo {
        db.seed_demo_if_empty(demo).await.map_err(ServeError::Database)?;
    }
    if !config.addr.ip().is_loopback()
        && !config.allow_demo_on_network
        && db.holds_demo().await.map_err(ServeError::Database)?
    {
        return Err(ServeError::DemoOnNetwork { addr: config.addr });
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let bound = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.addr,
        source,
    })?;
    let limits = config.limits.clone();
    let state = AppState {
        audit: audit::AuditSink::start(db.clone()),
        guards: Arc::new(Guards::new(&limits)),
        db: db.clone(),
        config: Arc::new(config),
        public: Arc::new(public::PublicCache::default()),
    };
    let purge = tokio::spawn(purge_regularly(db, limits.session_idle, limits.purge_every));
    on_bound(bound);
    let result = net::serve(listener, app(state), &limits, shutdown)
        .await
        .map_err(ServeError::Serve);
    purge.abort();
    result
}

/// Audit entries are kept this long.
const AUDIT_KEEP: Duration = Duration::from_secs(400 * 24 * 3600);

/// Deletes expired and idle sessions and old audit entries now and then every `period`.
async fn purge_regularly(db: Database, idle: Duration, period: Duration) {
    let mut every = tokio::time::interval(period);
    loop {
        every.tick().await;
        match db
            .purge_expired(idle.as_millis() as i64, AUDIT_KEEP.as_millis() as i64)
            .await
        {
            Ok(0) => {}
            Ok(purged) => println!("purged {purged} expired sessions"),
            Err(error) => eprintln!("could not purge expired sessions: {error}"),
        }
    }
}

/// Why the server could not serve.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("could not open the database: {0}")]
    Database(db::DbError),
    #[error(
        "the database holds demo accounts, whose password is published, and {addr} is not a loopback address; \
         serve it on 127.0.0.1, use a database without demo data, or pass --allow-demo-on-network if you really mean it"
    )]
    DemoOnNetwork { addr: std::net::SocketAddr },
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
}
