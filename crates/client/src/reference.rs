//! Reference data kept on the device (terms, sessions, rule sets, the deputy's own record,
//! stations): fetched when online at most every few hours, read offline by the compliance
//! and registration pages.

use lvzhi_domain::api::ReferenceData;

use crate::api::{ApiError, get_json_signed};
use crate::storage::{LocalStore, StorageError};

pub const REFERENCE_KEY: &str = "reference";
pub const REFERENCE_AT_KEY: &str = "reference_at";
/// The signed-in deputy's absences as the server last sent them (replaced whole each pass).
pub const ABSENCES_KEY: &str = "absences";
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

/// The stored absences of the signed-in deputy (none before the first sync).
pub async fn load_absences() -> Result<Vec<lvzhi_domain::attendance::Absence>, StorageError> {
    Ok(LocalStore::open()
        .await?
        .get_meta_json(ABSENCES_KEY)
        .await?
        .unwrap_or_default())
}

/// Fetches the deputy's absences (staff record them at any time, so every pass) and stores
/// the list whole, replacing the old one. Does nothing for a staff account.
pub async fn refresh_absences(store: &LocalStore, token: &str) -> Result<(), RefreshError> {
    let reference: Option<ReferenceData> = store.get_meta_json(REFERENCE_KEY).await?;
    if reference.as_ref().and_then(|r| r.deputy.as_ref()).is_none() {
        return Ok(());
    }
    let absences: Vec<lvzhi_domain::attendance::Absence> = get_json_signed("/api/absences", token).await?;
    store.put_meta_json(ABSENCES_KEY, &absences).await?;
    Ok(())
}

/// The staff workspace as the server last sent it (deputies in scope, groups, staff names,
/// absences).
pub const WORKSPACE_KEY: &str = "staff_workspace";

/// The stored staff workspace (none before the first sync).
pub async fn load_workspace() -> Result<Option<lvzhi_domain::api::StaffWorkspace>, StorageError> {
    LocalStore::open().await?.get_meta_json(WORKSPACE_KEY).await
}

/// Fetches the staff workspace (deputies and absences change at any time: every pass) and
/// stores it whole; whether it changed (so the views reload).
pub async fn refresh_workspace(store: &LocalStore, token: &str) -> Result<bool, RefreshError> {
    let workspace: lvzhi_domain::api::StaffWorkspace = get_json_signed("/api/staff/workspace", token).await?;
    let kept: Option<lvzhi_domain::api::StaffWorkspace> = store.get_meta_json(WORKSPACE_KEY).await?;
    if kept.as_ref() == Some(&workspace) {
        return Ok(false);
    }
    store.put_meta_json(WORKSPACE_KEY, &workspace).await?;
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
