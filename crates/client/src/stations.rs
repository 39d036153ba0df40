//! Station edits and training classes saved in the staff console: kept one per station
//! (`station_edits`) or class (`training_edits`) in keyed queues ([`crate::storage::queue`]),
//! so a schedule or an attendance list changed offline is saved at once and sent by the next
//! sync pass (`PUT /api/staff/stations/{id}`, `PUT /api/staff/trainings/{id}`, both
//! idempotent), marked sent by key and revision. Other devices read them with the workspace
//! after their pass; a class's registrations arrive with the pull.

use lvzhi_domain::organisation::{Station, Training};

use crate::api::post_or_put_json;
use crate::storage::queue::{QueueEntry, Queued, SendFailure};
use crate::storage::{LocalStore, STATIONS_STORE, StorageError, TRAININGS_STORE};

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

/// A training class saved on this device while offline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct TrainingEdit(pub Training);

impl Queued for TrainingEdit {
    const STORE: &'static str = TRAININGS_STORE;
    fn key(&self) -> String {
        self.0.id.to_string()
    }
}

/// Every class saved on this device, sent or not.
pub async fn training_edits() -> Result<Vec<QueueEntry<TrainingEdit>>, StorageError> {
    LocalStore::open().await?.queued().await
}

/// Saves a class here, to be sent by the next sync pass.
pub async fn save_training(training: Training) -> Result<(), StorageError> {
    LocalStore::open().await?.enqueue(TrainingEdit(training)).await
}

/// Sends every waiting station edit, then every waiting class. A refusal (4xx) is kept on
/// the item; a network failure stops.
pub async fn send_waiting(store: &LocalStore, token: &str) -> Result<usize, SendFailure> {
    let stations = store
        .send_waiting(|edit: StationEdit| async move {
            let path = format!("/api/staff/stations/{}", edit.0.id);
            post_or_put_json::<_, Station>("PUT", &path, &edit.0, token).await?;
            Ok(())
        })
        .await?;
    let trainings = store
        .send_waiting(|edit: TrainingEdit| async move {
            let path = format!("/api/staff/trainings/{}", edit.0.id);
            post_or_put_json::<_, lvzhi_domain::api::TrainingSaved>("PUT", &path, &edit.0, token).await?;
            Ok(())
        })
        .await?;
    Ok(stations + trainings)
}
