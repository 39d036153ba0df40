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

use super::{BULK_STORE, LocalStore, StorageError, fail, strict};

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
}
