//! The deputy's suggestions on this device: the list as last fetched (so it reads offline),
//! drafts written offline, and the calls that submit and give receipts when online.

use lvzhi_domain::api::{NewSuggestion, PromiseReceiptRequest, ReplyReceiptRequest};
use lvzhi_domain::suggestion::Suggestion;

use crate::api::{ApiError, get_json_signed, post_json};
use crate::storage::{LocalStore, StorageError};

pub const SUGGESTIONS_KEY: &str = "suggestions";
pub const DRAFTS_KEY: &str = "suggestion_drafts";

async fn read<T: serde::de::DeserializeOwned + Default>(key: &str) -> T {
    match LocalStore::open().await {
        Ok(store) => store.get_meta_json(key).await.ok().flatten().unwrap_or_default(),
        Err(_) => T::default(),
    }
}

async fn write<T: serde::Serialize>(key: &str, value: &T) -> Result<(), StorageError> {
    LocalStore::open().await?.put_meta_json(key, value).await
}

/// The list as last fetched.
pub async fn cached() -> Vec<Suggestion> {
    read(SUGGESTIONS_KEY).await
}

pub async fn drafts() -> Vec<NewSuggestion> {
    read(DRAFTS_KEY).await
}

pub async fn save_draft(draft: NewSuggestion) -> Result<(), StorageError> {
    let mut all = drafts().await;
    all.retain(|d| d.id != draft.id);
    all.push(draft);
    write(DRAFTS_KEY, &all).await
}

/// Fetches the list and keeps it for offline reading.
pub async fn refresh(token: &str) -> Result<Vec<Suggestion>, ApiError> {
    let list: Vec<Suggestion> = get_json_signed("/api/suggestions", token).await?;
    let _ = write(SUGGESTIONS_KEY, &list).await;
    Ok(list)
}

/// Submits a draft; once the server has it, the draft leaves this device.
pub async fn submit(token: &str, draft: &NewSuggestion) -> Result<Suggestion, ApiError> {
    let stored: Suggestion = post_json("/api/suggestions", draft, Some(token)).await?;
    let mut all = drafts().await;
    all.retain(|d| d.id != draft.id);
    let _ = write(DRAFTS_KEY, &all).await;
    Ok(stored)
}

pub async fn reply_receipt(
    token: &str,
    suggestion: &Suggestion,
    request: &ReplyReceiptRequest,
) -> Result<Suggestion, ApiError> {
    post_json(
        &format!("/api/suggestions/{}/reply-receipt", suggestion.id),
        request,
        Some(token),
    )
    .await
}

pub async fn promise_receipt(
    token: &str,
    suggestion: &Suggestion,
    request: &PromiseReceiptRequest,
) -> Result<Suggestion, ApiError> {
    post_json(
        &format!("/api/suggestions/{}/promise-receipt", suggestion.id),
        request,
        Some(token),
    )
    .await
}
