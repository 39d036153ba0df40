//! The embedded SQLite database: opening it with the settings that make an acknowledged
//! write durable (WAL, `synchronous=FULL`), migrating its schema, and running queries on
//! a blocking thread so the async server never waits on disk.
//!
//! One connection is shared behind a mutex: SQLite has one writer at a time anyway, and
//! this keeps the order of commits equal to the order of the change log.

mod accounts;
mod opinions;
mod reference;
mod replies;
mod schema;
mod seed;
pub use seed::today;
mod suggestions;
mod sync;

pub use sync::MAX_PULL_LIMIT;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use lvzhi_domain::api::DatabaseHealth;
use rusqlite::Connection;

pub use accounts::{SESSION_LIFETIME_MILLIS, SessionAccount};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "lvzhi.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("the database worker stopped: {0}")]
    Worker(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Other(String),
}

#[derive(Clone)]
pub struct Database {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Database {
    /// Opens (creating if needed) `DIR/lvzhi.sqlite3` and brings its schema up to date.
    pub async fn open_in(dir: &Path) -> Result<Self, DbError> {
        let dir = dir.to_path_buf();
        tokio::task::spawn_blocking(move || Self::open_blocking(&dir))
            .await
            .map_err(|error| DbError::Worker(error.to_string()))?
    }

    fn open_blocking(dir: &Path) -> Result<Self, DbError> {
        std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        let mut connection = Connection::open(&path)?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )?;
        schema::migrate(&mut connection)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` with the connection on a blocking thread.
    pub async fn call<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .map_err(|_| DbError::Worker("a previous query panicked".into()))?;
            work(&mut guard)
        })
        .await
        .map_err(|error| DbError::Worker(error.to_string()))?
    }

    /// Counts of the main tables, or the error that prevented reading them.
    pub async fn health(&self) -> DatabaseHealth {
        let result = self
            .call(|connection| {
                let count =
                    |table: &str| -> Result<u64, DbError> {
                        Ok(connection
                            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| row.get::<_, i64>(0))?
                            as u64)
                    };
                Ok(DatabaseHealth {
                    status: "ok".into(),
                    detail: None,
                    schema_version: schema::current_version(connection)?,
                    deputies: count("deputies")?,
                    activities: count("activities")?,
                    stations: count("stations")?,
                    suggestions: count("suggestions")?,
                })
            })
            .await;
        result.unwrap_or_else(|error| DatabaseHealth {
            status: "error".into(),
            detail: Some(error.to_string()),
            schema_version: 0,
            deputies: 0,
            activities: 0,
            stations: 0,
            suggestions: 0,
        })
    }

    /// Fills an empty database with the demo congress; does nothing if deputies exist.
    pub async fn seed_demo_if_empty(&self, scale: crate::config::DemoScale) -> Result<bool, DbError> {
        self.call(move |connection| seed::seed_if_empty(connection, scale))
            .await
    }
}
