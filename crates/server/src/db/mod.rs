//! The embedded SQLite database: opening it with the settings that make an acknowledged
//! write durable (WAL, `synchronous=FULL`), migrating its schema, and running queries on
//! blocking threads so the async server never waits on disk.
//!
//! One writer connection behind a mutex applies every write: SQLite has one writer at a
//! time anyway, and this keeps the order of commits equal to the order of the change log.
//! Beside it a pool of read connections ([`Database::read`]) answers session checks, pulls
//! and lists from WAL snapshots, so readers never wait for the writer.
//!
//! The data directory is made `0700` and the database file `0600`; constituents' contacts
//! are sealed under a key kept beside it ([`crate::sealing`]), never stored in clear.

pub mod absences;
pub mod accounts;
mod audit;
mod handling;
mod opinion_handling;
mod opinions;
mod public;
mod reference;
mod replies;
mod roster;
mod schema;
mod seed;
pub mod sessions;
pub use seed::today;
mod staff;
mod stations;
mod suggestions;
mod sync;
mod trainings;
pub use roster::{RosterMode, RosterOutcome};
pub use staff::{BulkPage, MAX_BULK_LIMIT};

pub use audit::{AuditEvent, AuditRecord};
pub use handling::{StepOutcome, Viewer};
pub use opinions::OpinionQuota;
pub use sessions::{SessionAccount, SessionInfo, SessionRules, now_millis};
pub use sync::MAX_PULL_LIMIT;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use lvzhi_domain::api::AboutReport;
use rusqlite::Connection;

use crate::sealing::ContactKeys;

pub use accounts::{PasswordCheck, StoredAccount, hash_password};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "lvzhi.sqlite3";

/// What can go wrong below the handlers. Only `Forbidden`, `NotFound` and `Invalid` carry
/// text meant for the user; the rest are logged under a request id and answered generically.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot set the permissions of {path}: {source}")]
    Permissions { path: PathBuf, source: std::io::Error },
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("the database worker stopped: {0}")]
    Worker(String),
    #[error("contacts key: {0}")]
    Key(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// A request that breaks a rule, with the field at fault.
    #[error("{0}")]
    Invalid(lvzhi_domain::ValidationError),
    /// A quota is full (the message says which).
    #[error("{0}")]
    QuotaFull(String),
    #[error("{0}")]
    Other(String),
}

/// The database: one writer and a pool of readers over the same file.
#[derive(Clone)]
pub struct Database {
    writer: Arc<Mutex<Connection>>,
    readers: Arc<ReadPool>,
    keys: Arc<ContactKeys>,
    path: PathBuf,
    /// Counts the writer's completed calls: what the public pages' cache compares.
    writes: Arc<std::sync::atomic::AtomicU64>,
}

/// Read connections, each used by one query at a time.
struct ReadPool {
    idle: Mutex<Vec<Connection>>,
    permits: tokio::sync::Semaphore,
}

/// Creates `dir` (0700) if missing and tightens it to 0700 if it exists.
pub fn prepare_data_dir(dir: &Path) -> Result<(), DbError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|source| DbError::CreateDir {
                    path: dir.to_path_buf(),
                    source,
                })?;
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|source| {
            DbError::Permissions {
                path: dir.to_path_buf(),
                source,
            }
        })?;
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(())
}

/// Makes `path` readable and writable by its owner only, creating it empty if missing.
pub fn owner_only_file(path: &Path) -> Result<(), DbError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let permissions = |source| DbError::Permissions {
            path: path.to_path_buf(),
            source,
        };
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .map_err(permissions)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(permissions)?;
    }
    Ok(())
}

fn open_connection(path: &Path) -> Result<Connection, DbError> {
    let connection = Connection::open(path)?;
    connection.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    Ok(connection)
}

impl Database {
    /// Opens (creating if needed) `DIR/lvzhi.sqlite3` with `readers` read connections,
    /// brings its schema up to date and loads (or creates) the contacts key.
    pub async fn open_in(dir: &Path, readers: usize) -> Result<Self, DbError> {
        let dir = dir.to_path_buf();
        tokio::task::spawn_blocking(move || Self::open_blocking(&dir, readers))
            .await
            .map_err(|error| DbError::Worker(error.to_string()))?
    }

    fn open_blocking(dir: &Path, readers: usize) -> Result<Self, DbError> {
        prepare_data_dir(dir)?;
        let path = dir.join(DATABASE_FILE);
        owner_only_file(&path)?;
        let mut connection = open_connection(&path)?;
        schema::migrate(&mut connection)?;
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("{DATABASE_FILE}{suffix}"));
            if side.exists() {
                owner_only_file(&side)?;
            }
        }
        let keys = ContactKeys::load_or_create(dir, &connection)?;
        opinions::seal_clear_contacts(&mut connection, &keys)?;
        let mut pool = Vec::with_capacity(readers.max(1));
        for _ in 0..readers.max(1) {
            let reader = open_connection(&path)?;
            reader.execute_batch("PRAGMA query_only = ON;")?;
            pool.push(reader);
        }
        Ok(Self {
            writer: Arc::new(Mutex::new(connection)),
            readers: Arc::new(ReadPool {
                permits: tokio::sync::Semaphore::new(pool.len()),
                idle: Mutex::new(pool),
            }),
            keys: Arc::new(keys),
            path,
            writes: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` with the writer connection on a blocking thread.
    pub async fn call<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let connection = Arc::clone(&self.writer);
        let writes = Arc::clone(&self.writes);
        tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .map_err(|_| DbError::Worker("a previous query panicked".into()))?;
            let result = work(&mut guard);
            writes.fetch_add(1, std::sync::atomic::Ordering::Release);
            result
        })
        .await
        .map_err(|error| DbError::Worker(error.to_string()))?
    }

    /// How many times the writer has been used: when it moves, public figures may be stale.
    pub fn write_count(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Runs `work` on a read connection (never the writer), on a blocking thread. The
    /// connection refuses writes (`query_only`).
    pub async fn read<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = Arc::clone(&self.readers);
        let _permit = pool
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Worker("the read pool is closed".into()))?;
        let pool_for_work = Arc::clone(&pool);
        tokio::task::spawn_blocking(move || {
            let pool = pool_for_work;
            let taken = pool
                .idle
                .lock()
                .map_err(|_| DbError::Worker("a previous query panicked".into()))?
                .pop();
            let Some(mut connection) = taken else {
                return Err(DbError::Worker("no read connection is free".into()));
            };
            let result = work(&mut connection);
            if let Ok(mut idle) = pool.idle.lock() {
                idle.push(connection);
            }
            result
        })
        .await
        .map_err(|error| DbError::Worker(error.to_string()))?
    }

    /// The key ring that seals constituents' contacts.
    pub fn keys(&self) -> Arc<ContactKeys> {
        Arc::clone(&self.keys)
    }

    /// Whether the database holds the demo congress (accounts with a published password).
    pub async fn holds_demo(&self) -> Result<bool, DbError> {
        self.read(|connection| {
            Ok(
                connection.query_row("SELECT COUNT(*) FROM meta WHERE key = 'demo'", [], |row| {
                    row.get::<_, i64>(0)
                })? > 0,
            )
        })
        .await
    }

    /// Whether the database answers a query.
    pub async fn is_healthy(&self) -> bool {
        self.read(|connection| Ok(connection.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?))
            .await
            .is_ok()
    }

    /// Version, schema and counts, for signed-in accounts (`/api/about`).
    pub async fn about(&self) -> Result<AboutReport, DbError> {
        self.read(|connection| {
            let count = |table: &str| -> Result<u64, DbError> {
                Ok(
                    connection.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| row.get::<_, i64>(0))?
                        as u64,
                )
            };
            Ok(AboutReport {
                version: env!("CARGO_PKG_VERSION").into(),
                schema_version: schema::current_version(connection)?,
                deputies: count("deputies")?,
                activities: count("activities")?,
                stations: count("stations")?,
                suggestions: count("suggestions")?,
            })
        })
        .await
    }

    /// Fills an empty database with the demo congress; does nothing if deputies exist.
    pub async fn seed_demo_if_empty(&self, scale: crate::config::DemoScale) -> Result<bool, DbError> {
        self.call(move |connection| seed::seed_if_empty(connection, scale))
            .await
    }
}
