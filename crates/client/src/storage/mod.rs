//! The app's local store in IndexedDB.
//!
//! One database per app (named by the app's profile, [`crate::profile::AppProfile::database`]), versioned by [`SCHEMA_VERSION`]. [`upgrade`] brings
//! a database of any earlier version up to date, one step at a time, so data written by
//! an older build survives an update of the app.
//!
//! Stores:
//! - `meta` (v1): small settings and sync state, string values under string keys
//!   (client id, next sequence number, pull cursor, last sync, session);
//! - `activities` (v1): the user's duty activities, keyed by their UUID (`id`);
//! - `outbox` (v2): mutations not yet acknowledged by the server, keyed by `seq`;
//! - `bulk` (v3): large datasets as packed binary chunks ([`bulk`]);
//! - `replies`, `opinions`, `suggestion_drafts`, `receipts` (v4): keyed queues ([`queue`]),
//!   one entry per item. Databases of v3 kept these as JSON lists in `meta`; [`migrate`]
//!   moves them, one transaction, the first time a v4 build opens the database.
//!
//! A record and its outbox entry are written in one transaction with strict durability
//! ([`LocalStore::queue_change`]); the interface says "saved" only after it commits.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use lvzhi_domain::activity::Activity;
use lvzhi_domain::ids::ActivityId;
use lvzhi_domain::sync::Mutation;

mod bulk;
pub mod eviction;
mod migrate;
pub mod queue;
mod sync_state;
pub use bulk::BULK_RECORDS_PER_CHUNK;
pub use sync_state::{OUTBOX_EXPORT_FORMAT, OutboxExport, SyncState};

pub const SCHEMA_VERSION: u32 = 6;
pub const META_STORE: &str = "meta";
pub const ACTIVITIES_STORE: &str = "activities";
pub const OUTBOX_STORE: &str = "outbox";
pub const BULK_STORE: &str = "bulk";
/// Right-of-reply notes (v4), keyed by their target.
pub const REPLIES_STORE: &str = "replies";
/// Opinion items, contacts sealed (v4), keyed by item id.
pub const OPINIONS_STORE: &str = "opinions";
/// Suggestion drafts (v4), keyed by suggestion id.
pub const DRAFTS_STORE: &str = "suggestion_drafts";
/// Receipts on suggestions waiting to be sent (v4), keyed by suggestion and receipt.
pub const RECEIPTS_STORE: &str = "receipts";
/// Station edits made in the staff console (v5), keyed by station id.
pub const STATIONS_STORE: &str = "station_edits";
/// Training classes saved offline in the staff console (v5), keyed by class id.
pub const TRAININGS_STORE: &str = "training_edits";
/// Handling steps taken in the staff console (v6), keyed by step id (oldest first).
pub const HANDLING_STORE: &str = "handling_steps";
/// The keyed queues, created together in v4.
pub const QUEUE_STORES: [&str; 4] = [REPLIES_STORE, OPINIONS_STORE, DRAFTS_STORE, RECEIPTS_STORE];
/// Records per transaction in bulk loads.
pub const BULK_CHUNK: usize = 10_000;
/// The `meta` key holding the next outbox sequence number.
pub const NEXT_SEQ_KEY: &str = "next_seq";

/// Why the local store failed, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(pub String);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "local storage failed: {}", self.0)
    }
}

impl StorageError {
    /// Whether the browser refused the write for lack of space (the origin's quota is used
    /// up): the one storage failure the user can do something specific about.
    pub fn is_quota(&self) -> bool {
        self.0.contains("QuotaExceeded") || self.0.to_lowercase().contains("quota")
    }
}

fn fail(error: impl std::fmt::Display) -> StorageError {
    StorageError(error.to_string())
}

/// `value` as the plain object stored in an object store, made through JSON: serde_json is
/// the app's one serializer (a second, serde-wasm-bindgen, cost 30+ KiB of wasm for the same
/// types; docs/size.md).
fn to_object<T: serde::Serialize>(value: &T) -> Result<wasm_bindgen::JsValue, StorageError> {
    let text = serde_json::to_string(value).map_err(fail)?;
    js_sys::JSON::parse(&text).map_err(|error| StorageError(format!("{error:?}")))
}

/// A stored plain object read back as `T`, through JSON; a value that does not fit `T` is an
/// error naming what is wrong with it.
fn from_object<T: serde::de::DeserializeOwned>(value: &wasm_bindgen::JsValue) -> Result<T, StorageError> {
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|error| StorageError(format!("{error:?}")))?
        .into();
    serde_json::from_str(&text).map_err(|error| StorageError(format!("a stored value is unreadable: {error}")))
}

/// Every value of `store` read as `T`, inside the caller's transaction.
async fn read_all_in<T: serde::de::DeserializeOwned>(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    store: &str,
) -> Result<Vec<T>, StorageError> {
    all_values(transaction, store).await?.iter().map(from_object).collect()
}

/// Every value of `store`, in key order, read inside the caller's transaction.
async fn all_values(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    store: &str,
) -> Result<Vec<wasm_bindgen::JsValue>, StorageError> {
    transaction
        .object_store(store)
        .map_err(fail)?
        .get_all()
        .primitive()
        .map_err(fail)?
        .await
        .map_err(fail)?
        .collect::<Result<_, _>>()
        .map_err(fail)
}

/// The sequence number the next outbox entry gets, read inside the caller's transaction.
async fn next_seq(meta: &indexed_db_futures::object_store::ObjectStore<'_>) -> Result<u64, StorageError> {
    let next: Option<String> = meta
        .get(NEXT_SEQ_KEY.to_owned())
        .primitive()
        .map_err(fail)?
        .await
        .map_err(fail)?;
    match next {
        None => Ok(1),
        // A number read wrong would reuse sequence numbers: refuse rather than guess.
        Some(text) => text
            .parse::<u64>()
            .map_err(|e| StorageError(format!("the next change number is unreadable: {e}"))),
    }
}

/// Options of a transaction that must be on disk before it reports success.
fn strict() -> TransactionOptions {
    let mut options = TransactionOptions::new();
    options.set_durability(TransactionDurability::Strict);
    options
}

/// An open local store. Its connection closes when it is dropped, so no connection of this
/// tab lingers to block another tab's (or a newer build's) schema upgrade.
pub struct LocalStore {
    /// Always `Some` until dropped.
    db: Option<Database>,
}

impl Drop for LocalStore {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            db.close();
        }
    }
}

impl LocalStore {
    /// The connection.
    fn db(&self) -> &Database {
        // Taken only by `drop`, after which nothing can call this.
        self.db
            .as_ref()
            .expect("the connection is open until the store is dropped")
    }

    /// Opens the running app's database, creating or upgrading it.
    pub async fn open() -> Result<Self, StorageError> {
        Self::open_named(crate::profile::active().database).await
    }

    /// Opens a database of the app's schema under another name (tests use fresh names).
    pub async fn open_named(name: &str) -> Result<Self, StorageError> {
        Self::open_named_at(name, SCHEMA_VERSION).await
    }

    /// Opens a database at an older schema version: tests create old databases with it
    /// and check that opening them with the current version keeps their data.
    pub async fn open_named_at(name: &str, version: u32) -> Result<Self, StorageError> {
        let created = std::rc::Rc::new(std::cell::Cell::new(false));
        let created_in_upgrade = created.clone();
        let db = Database::open(name)
            .with_version(version)
            .with_on_upgrade_needed(move |event, db| {
                let old_version = event.old_version() as u32;
                let new_version = event.new_version().map_or(SCHEMA_VERSION, |v| v as u32);
                created_in_upgrade.set(old_version == 0);
                upgrade(&db, old_version, new_version)
            })
            .await
            .map_err(fail)?;
        eviction::opened(name, created.get());
        let store = Self { db: Some(db) };
        if version >= 4 {
            migrate::lists_to_queues(&store).await?;
        }
        Ok(store)
    }

    /// Writes a setting, durably, before returning.
    pub async fn put_meta(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.put_meta_value(key, &wasm_bindgen::JsValue::from_str(value)).await
    }

    /// Writes a setting as JSON, durably.
    pub async fn put_meta_json<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), StorageError> {
        let text = serde_json::to_string(value).map_err(fail)?;
        self.put_meta(key, &text).await
    }

    /// Reads a setting written by [`Self::put_meta_json`]; missing is `None`, unreadable an
    /// error naming the setting.
    pub async fn get_meta_json<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StorageError> {
        self.get_meta(key)
            .await?
            .map(|text| {
                serde_json::from_str(&text).map_err(|e| StorageError(format!("the stored {key} is unreadable: {e}")))
            })
            .transpose()
    }

    /// Writes a JS value (e.g. a `CryptoKey`, which IndexedDB stores by structured clone).
    pub async fn put_meta_value(&self, key: &str, value: &wasm_bindgen::JsValue) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction(META_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        let store = transaction.object_store(META_STORE).map_err(fail)?;
        store
            .put(value.clone())
            .with_key(key.to_owned())
            .primitive()
            .map_err(fail)?;
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// Reads a JS value written by [`Self::put_meta_value`].
    pub async fn get_meta_value(&self, key: &str) -> Result<Option<wasm_bindgen::JsValue>, StorageError> {
        let transaction = self.db().transaction(META_STORE).build().map_err(fail)?;
        let store = transaction.object_store(META_STORE).map_err(fail)?;
        let value: Option<wasm_bindgen::JsValue> = store
            .get(key.to_owned())
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        Ok(value.filter(|v| !v.is_undefined() && !v.is_null()))
    }

    /// Reads a setting.
    pub async fn get_meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.get_meta_value(key).await?.and_then(|value| value.as_string()))
    }

    /// Stores many activities (a first sync, a statistics snapshot) in transactions of
    /// [`BULK_CHUNK`] records, never one transaction per record.
    pub async fn put_activities_bulk(&self, activities: &[Activity]) -> Result<(), StorageError> {
        for chunk in activities.chunks(BULK_CHUNK) {
            let transaction = self
                .db()
                .transaction(ACTIVITIES_STORE)
                .with_mode(TransactionMode::Readwrite)
                .build()
                .map_err(fail)?;
            let store = transaction.object_store(ACTIVITIES_STORE).map_err(fail)?;
            for activity in chunk {
                store.put(to_object(activity)?).primitive().map_err(fail)?;
            }
            transaction.commit().await.map_err(fail)?;
        }
        Ok(())
    }

    /// Every stored activity.
    pub async fn activities(&self) -> Result<Vec<Activity>, StorageError> {
        self.read_all(ACTIVITIES_STORE).await
    }

    /// One stored activity.
    pub async fn activity(&self, id: ActivityId) -> Result<Option<Activity>, StorageError> {
        let transaction = self.db().transaction(ACTIVITIES_STORE).build().map_err(fail)?;
        let store = transaction.object_store(ACTIVITIES_STORE).map_err(fail)?;
        let value: Option<wasm_bindgen::JsValue> = store
            .get(id.to_string())
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        value.as_ref().map(from_object).transpose()
    }

    /// How many mutations wait in the outbox.
    pub async fn outbox_len(&self) -> Result<u32, StorageError> {
        let transaction = self.db().transaction(OUTBOX_STORE).build().map_err(fail)?;
        let count = transaction
            .object_store(OUTBOX_STORE)
            .map_err(fail)?
            .count()
            .await
            .map_err(fail)?;
        Ok(count)
    }

    /// The outbox, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Mutation>, StorageError> {
        self.read_all(OUTBOX_STORE).await
    }

    async fn read_all<T: serde::de::DeserializeOwned>(&self, store: &str) -> Result<Vec<T>, StorageError> {
        let transaction = self.db().transaction(store).build().map_err(fail)?;
        read_all_in(&transaction, store).await
    }

    /// Deletes everything personal: records, outbox, session, sync state and client id
    /// (a new account on this browser starts a new client). One transaction.
    pub async fn wipe_personal_data(&self) -> Result<(), StorageError> {
        let stores = [
            META_STORE,
            ACTIVITIES_STORE,
            OUTBOX_STORE,
            BULK_STORE,
            REPLIES_STORE,
            OPINIONS_STORE,
            DRAFTS_STORE,
            RECEIPTS_STORE,
        ];
        let transaction = self
            .db()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(fail)?;
        for store in stores {
            transaction.object_store(store).map_err(fail)?.clear().map_err(fail)?;
        }
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// Deletes one setting.
    pub async fn delete_meta(&self, key: &str) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction(META_STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(fail)?;
        transaction
            .object_store(META_STORE)
            .map_err(fail)?
            .delete(key.to_owned())
            .primitive()
            .map_err(fail)?;
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    pub fn name(&self) -> String {
        self.db().name()
    }

    /// The schema version the open database has.
    pub fn schema_version(&self) -> u32 {
        self.db().version() as u32
    }

    /// Closes the connection (tests delete their databases afterwards).
    pub fn close(self) {
        drop(self);
    }
}

/// Creates or changes stores for each version after `old_version`, up to `new_version`.
fn upgrade(db: &Database, old_version: u32, new_version: u32) -> indexed_db_futures::Result<()> {
    if old_version < 1 {
        db.create_object_store(META_STORE).build()?;
        db.create_object_store(ACTIVITIES_STORE)
            .with_key_path("id".into())
            .build()?;
    }
    if old_version < 2 && new_version >= 2 {
        db.create_object_store(OUTBOX_STORE)
            .with_key_path("seq".into())
            .build()?;
    }
    if old_version < 3 && new_version >= 3 {
        db.create_object_store(BULK_STORE).build()?;
    }
    if old_version < 4 && new_version >= 4 {
        for store in QUEUE_STORES {
            db.create_object_store(store).build()?;
        }
    }
    if old_version < 5 && new_version >= 5 {
        db.create_object_store(STATIONS_STORE).build()?;
        db.create_object_store(TRAININGS_STORE).build()?;
    }
    if old_version < 6 && new_version >= 6 {
        db.create_object_store(HANDLING_STORE).build()?;
    }
    Ok(())
}
