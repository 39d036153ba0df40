//! Reference data kept on the device (terms, sessions, rule sets, the deputy's own record,
//! stations): fetched when online at most every few hours, read offline by the compliance
//! and registration pages.

use lvzhi_domain::api::ReferenceData;

use crate::api::{ApiError, get_json_signed};
use crate::storage::{LocalStore, StorageError};

pub const REFERENCE_KEY: &str = "reference";
pub const REFERENCE_AT_KEY: &str = "reference_at";
/// How long fetched reference data is used before it is fetched again.
const REFRESH_AFTER_MILLIS: f64 = 6.0 * 3_600_000.0;

/// The stored reference data, if any; a storage failure is an error, never "none".
pub async fn load_reference() -> Result<Option<ReferenceData>, StorageError> {
    LocalStore::open().await?.get_meta_json(REFERENCE_KEY).await
}

/// Fetches and stores the reference data when it is missing or old. Part of a sync pass.
pub async fn refresh_if_old(store: &LocalStore, token: &str, now_millis: f64) -> Result<bool, RefreshError> {
    let fetched_at: Option<f64> = store
        .get_meta(REFERENCE_AT_KEY)
        .await?
        .and_then(|text| text.parse().ok());
    let has_data = store.get_meta(REFERENCE_KEY).await?.is_some();
    if has_data && fetched_at.is_some_and(|at| now_millis - at < REFRESH_AFTER_MILLIS && now_millis >= at) {
        return Ok(false);
    }
    let reference: ReferenceData = get_json_signed("/api/reference", token).await?;
    store.put_meta_json(REFERENCE_KEY, &reference).await?;
    store.put_meta(REFERENCE_AT_KEY, &now_millis.to_string()).await?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq)]
pub enum RefreshError {
    Api(ApiError),
    Storage(StorageError),
}

impl From<ApiError> for RefreshError {
    fn from(error: ApiError) -> Self {
        RefreshError::Api(error)
    }
}

impl From<StorageError> for RefreshError {
    fn from(error: StorageError) -> Self {
        RefreshError::Storage(error)
    }
}
