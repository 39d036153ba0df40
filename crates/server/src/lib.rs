//! # lvzhi-server
//!
//! A small axum server: the JSON API under `/api` and the built app (Trunk's `dist/`)
//! for every other path. Data lives in an embedded SQLite file; the demo congress from
//! `lvzhi-seed` fills it on first start.
//!
//! Handlers are thin: they parse input into domain types, call the domain crate or the
//! database module, and answer JSON. Every failure becomes an [`error::ApiError`], sent
//! as the one error envelope of [`lvzhi_domain::api::ErrorEnvelope`].

pub mod config;
pub mod db;
pub mod error;
pub mod request_log;
pub mod routes;
pub mod static_files;

use std::sync::Arc;

use axum::Router;
use tower_http::compression::CompressionLayer;

pub use config::Config;
pub use db::Database;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub config: Arc<Config>,
}

/// The whole application: API, static app, compression and request logging.
pub fn app(state: AppState) -> Router {
    let api = routes::api_router(state.clone());
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&state.config.static_dir))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(request_log::log_request))
}

/// Opens the database (creating and seeding it on first start) and serves until `shutdown`
/// completes. Returns the address actually bound through `on_bound` (useful with port 0).
pub async fn serve(
    config: Config,
    on_bound: impl FnOnce(std::net::SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let db = Database::open_in(&config.data_dir)
        .await
        .map_err(ServeError::Database)?;
    if let Some(demo) = config.demo {
        db.seed_demo_if_empty(demo).await.map_err(ServeError::Database)?;
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
    on_bound(bound);
    let state = AppState {
        db,
        config: Arc::new(config),
    };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Serve)
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("could not open the database: {0}")]
    Database(db::DbError),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
}
