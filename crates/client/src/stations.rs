//! Station edits made in the staff console: kept one per station in the `station_edits`
//! queue ([`crate::storage::queue`]), so a schedule changed offline is saved at once and
//! sent by the next sync pass (`PUT /api/staff/stations/{id}`, idempotent), marked sent by
//! key and revision. Other devices read the station with the workspace after their pass.

use lvzhi_domain::organisation::Station;

use crate::api::post_or_put_json;
use crate::storage::queue::{QueueEntry, Queued, SendFailure};
use crate::storage::{LocalStore, STATIONS_STORE, StorageError};

/// A station as edited on this device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct StationEdit(pub Station);

impl Queued for StationEdit {
    const STORE: &'static str = STATIONS_STORE;
    fn key(&self) -> String {
        self.0.id.to_string()
    }
}

/// Every station edit on this device, sent or not.
pub async fn edits() -> Result<Vec<QueueEntry<StationEdit>>, StorageError> {
    LocalStore::open().await?.queued().await
}

/// Saves an edited station here, to be sent by the next sync pass.
pub async fn save(station: Station) -> Result<(), StorageError> {
    LocalStore::open().await?.enqueue(StationEdit(station)).await
}

/// Sends every waiting edit. A refusal (4xx) is kept on the edit; a network failure stops.
pub async fn send_waiting(store: &LocalStore, token: &str) -> Result<usize, SendFailure> {
    store
        .send_waiting(|edit: StationEdit| async move {
            let path = format!("/api/staff/stations/{}", edit.0.id);
            post_or_put_json::<_, Station>("PUT", &path, &edit.0, token).await?;
            Ok(())
        })
        .await
}
