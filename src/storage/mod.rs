//! The app's local store in IndexedDB.
//!
//! One database, [`DATABASE_NAME`], versioned by [`SCHEMA_VERSION`]. [`upgrade`] brings
//! a database of any earlier version up to date, one step at a time, so data written by
//! an older build survives an update of the app.
//!
//! Stores (version 1):
//! - `meta`: small settings and sync state, string values under string keys;
//! - `activities`: the user's duty activities, keyed by their UUID (`id`).

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};

pub const DATABASE_NAME: &str = "lvzhi";
pub const SCHEMA_VERSION: u32 = 1;
pub const META_STORE: &str = "meta";
pub const ACTIVITIES_STORE: &str = "activities";

/// Why the local store failed, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(pub String);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "local storage failed: {}", self.0)
    }
}

fn fail(error: impl std::fmt::Display) -> StorageError {
    StorageError(error.to_string())
}

/// An open local store.
pub struct LocalStore {
    db: Database,
}

impl LocalStore {
    /// Opens the app's database, creating or upgrading it.
    pub async fn open() -> Result<Self, StorageError> {
        Self::open_named(DATABASE_NAME).await
    }

    /// Opens a database of the app's schema under another name (tests use fresh names).
    pub async fn open_named(name: &str) -> Result<Self, StorageError> {
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed(|event, db| {
                let old_version = event.old_version() as u32;
                upgrade(&db, old_version)
            })
            .await
            .map_err(fail)?;
        Ok(Self { db })
    }

    /// Writes a setting, durably, before returning.
    pub async fn put_meta(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let mut options = TransactionOptions::new();
        options.set_durability(TransactionDurability::Strict);
        let transaction = self
            .db
            .transaction(META_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(fail)?;
        let store = transaction.object_store(META_STORE).map_err(fail)?;
        store
            .put(value.to_owned())
            .with_key(key.to_owned())
            .primitive()
            .map_err(fail)?;
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// Reads a setting.
    pub async fn get_meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        let transaction = self.db.transaction(META_STORE).build().map_err(fail)?;
        let store = transaction.object_store(META_STORE).map_err(fail)?;
        let value: Option<String> = store
            .get(key.to_owned())
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        Ok(value)
    }

    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The schema version the open database has.
    pub fn schema_version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Closes the connection (tests delete their databases afterwards).
    pub fn close(self) {
        self.db.close();
    }
}

/// Creates or changes stores for each version after `old_version`.
fn upgrade(db: &Database, old_version: u32) -> indexed_db_futures::Result<()> {
    if old_version < 1 {
        db.create_object_store(META_STORE).build()?;
        db.create_object_store(ACTIVITIES_STORE)
            .with_key_path("id".into())
            .build()?;
    }
    Ok(())
}
