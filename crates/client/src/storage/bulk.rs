//! Bulk data (a staff member's first sync, a public statistics snapshot: 100,000+ records)
//! in the `bulk` store: chunks of [`BULK_RECORDS_PER_CHUNK`] activities in the packed binary
//! form of `lvzhi_domain::packed`, one IndexedDB value per chunk, keyed `"<dataset>/<n>"`.
//! A few dozen large values are written and read far faster than 100,000 small objects
//! (figures in docs/benchmarks.md). A dataset is replaced whole, in one transaction.

use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::packed::{decode_activities_into, encode_activities};
use wasm_bindgen::JsValue;

use lvzhi_domain::ids::ActivityId;
use lvzhi_domain::sync::SnapshotCursor;
use lvzhi_domain::sync::client::PullPosition;

use super::{ACTIVITIES_STORE, BULK_STORE, LocalStore, META_STORE, StorageError, fail, strict};

/// The dataset of a staff device's first load.
pub const LOADED_RECORDS: &str = "records";
/// The `meta` key of a first load under way: JSON of [`BulkProgress`].
pub const BULK_PROGRESS_KEY: &str = "bulk_progress";
/// Keys of deleted records' tombstones in the bulk store: `tomb/<id>`.
const TOMBSTONES: &str = "tomb";

/// How far a first load has come: where the next page starts and how many were stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BulkProgress {
    /// The next page's cursor.
    pub next: SnapshotCursor,
    /// Pages stored.
    pub pages: u32,
    /// Records stored.
    pub loaded: u64,
    /// Records in the whole snapshot.
    pub total: u64,
}

/// Writes a deleted record's tombstone, inside a sync transaction spanning the bulk store.
pub(super) fn put_tombstone(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    id: ActivityId,
) -> Result<(), StorageError> {
    transaction
        .object_store(BULK_STORE)
        .map_err(fail)?
        .put(JsValue::TRUE)
        .with_key(format!("{TOMBSTONES}/{id}"))
        .primitive()
        .map_err(fail)?;
    Ok(())
}

/// Activities per stored chunk.
pub const BULK_RECORDS_PER_CHUNK: usize = 5_000;

/// The key range holding every chunk of `dataset` ('/' sorts just before '0').
fn dataset_range(dataset: &str) -> KeyRange<String> {
    KeyRange::Bound(format!("{dataset}/"), false, format!("{dataset}0"), true)
}

impl LocalStore {
    /// Replaces the dataset with these activities, in one transaction.
    pub async fn put_bulk_activities(&self, dataset: &str, activities: &[Activity]) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction(BULK_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        let store = transaction.object_store(BULK_STORE).map_err(fail)?;
        store
            .delete::<String, _>(dataset_range(dataset))
            .primitive()
            .map_err(fail)?;
        for (index, chunk) in activities.chunks(BULK_RECORDS_PER_CHUNK).enumerate() {
            let bytes = encode_activities(chunk);
            let value: JsValue = js_sys::Uint8Array::from(bytes.as_slice()).into();
            store
                .put(value)
                .with_key(format!("{dataset}/{index:06}"))
                .primitive()
                .map_err(fail)?;
        }
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// Every activity of the dataset, in the order stored. A damaged chunk fails the read
    /// with its key and byte offset.
    pub async fn bulk_activities(&self, dataset: &str) -> Result<Vec<Activity>, StorageError> {
        let transaction = self.db().transaction(BULK_STORE).build().map_err(fail)?;
        let chunks: Vec<JsValue> = transaction
            .object_store(BULK_STORE)
            .map_err(fail)?
            .get_all()
            .with_query::<String, _>(dataset_range(dataset))
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        let mut activities = Vec::new();
        let mut buffer = Vec::new();
        for (index, chunk) in chunks.iter().enumerate() {
            let array = js_sys::Uint8Array::new(chunk);
            buffer.resize(array.length() as usize, 0);
            array.copy_to(&mut buffer);
            decode_activities_into(&buffer, &mut activities)
                .map_err(|error| StorageError(format!("{dataset} chunk {index}: {error}")))?;
        }
        Ok(activities)
    }

    /// Starts a first load afresh: the bulk store, the local copies and any load under way
    /// are cleared, in one transaction (the outbox stays: it is pushed before a load).
    pub async fn begin_bulk_load(&self) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction([BULK_STORE, ACTIVITIES_STORE, META_STORE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        transaction
            .object_store(BULK_STORE)
            .map_err(fail)?
            .clear()
            .map_err(fail)?;
        transaction
            .object_store(ACTIVITIES_STORE)
            .map_err(fail)?
            .clear()
            .map_err(fail)?;
        transaction
            .object_store(META_STORE)
            .map_err(fail)?
            .delete(BULK_PROGRESS_KEY.to_owned())
            .primitive()
            .map_err(fail)?;
        super::sync_state::write_position(&transaction, &PullPosition::Start)?;
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// The first load under way, if any.
    pub async fn bulk_progress(&self) -> Result<Option<BulkProgress>, StorageError> {
        self.get_meta_json(BULK_PROGRESS_KEY).await
    }

    /// Stores the next page of a first load (packed bytes as the server sent them, checked
    /// first) and where the load stands, in one transaction: with `next`, the progress; on
    /// the last page, the sync cursor at the snapshot's position `at`, so pulls continue
    /// from there. Returns the progress after this page.
    pub async fn store_bulk_page(
        &self,
        bytes: &[u8],
        at: u64,
        next: Option<SnapshotCursor>,
        total: u64,
        before: Option<&BulkProgress>,
    ) -> Result<BulkProgress, StorageError> {
        let index = before.map_or(0, |p| p.pages);
        let records = lvzhi_domain::packed::decode_activities(bytes)
            .map_err(|error| StorageError(format!("page {index} of the first load: {error}")))?
            .len() as u64;
        let after = BulkProgress {
            next: next.clone().unwrap_or(SnapshotCursor {
                at,
                after: ActivityId::from_u128(0),
            }),
            pages: index + 1,
            loaded: before.map_or(0, |p| p.loaded) + records,
            total,
        };
        let transaction = self
            .db()
            .transaction([BULK_STORE, META_STORE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        let value: JsValue = js_sys::Uint8Array::from(bytes).into();
        transaction
            .object_store(BULK_STORE)
            .map_err(fail)?
            .put(value)
            .with_key(format!("{LOADED_RECORDS}/{index:06}"))
            .primitive()
            .map_err(fail)?;
        if next.is_some() {
            super::sync_state::put_meta_text(
                &transaction,
                BULK_PROGRESS_KEY,
                serde_json::to_string(&after).map_err(fail)?,
            )?;
        } else {
            transaction
                .object_store(META_STORE)
                .map_err(fail)?
                .delete(BULK_PROGRESS_KEY.to_owned())
                .primitive()
                .map_err(fail)?;
            super::sync_state::write_position(&transaction, &PullPosition::Cursor(at))?;
        }
        transaction.commit().await.map_err(fail)?;
        Ok(after)
    }

    /// Every record a staff device holds: its first load, less the records deleted since
    /// (tombstones), with the versions pulled or saved since in their place.
    pub async fn loaded_records(&self) -> Result<Vec<Activity>, StorageError> {
        let mut records = self.bulk_activities(LOADED_RECORDS).await?;
        let transaction = self.db().transaction(BULK_STORE).build().map_err(fail)?;
        let tombs: Vec<String> = transaction
            .object_store(BULK_STORE)
            .map_err(fail)?
            .get_all_keys()
            .with_query::<String, _>(dataset_range(TOMBSTONES))
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        drop(transaction);
        let newer = self.activities().await?;
        let mut replaced: std::collections::HashSet<ActivityId> = newer.iter().map(|a| a.id).collect();
        for tomb in &tombs {
            let id = tomb
                .strip_prefix("tomb/")
                .and_then(|id| id.parse::<ActivityId>().ok())
                .ok_or_else(|| StorageError(format!("an unreadable tombstone key {tomb:?} in the bulk store")))?;
            replaced.insert(id);
        }
        if !replaced.is_empty() {
            records.retain(|record| !replaced.contains(&record.id));
        }
        records.extend(newer);
        Ok(records)
    }
}
