//! Public-opinion items on this device. Kept in IndexedDB (`meta`, [`OPINIONS_KEY`]) with the
//! constituent's contact **encrypted** ([`crate::crypto`]); the plain contact exists only in
//! memory — while the deputy reads it, and in the request that files the item with the
//! server. The sync pass sends waiting items after the visit records (`PUT /api/opinions`)
//! and takes in items filed from the deputy's other devices.

use lvzhi_domain::ids::{ActivityId, OpinionId};
use lvzhi_domain::opinion::OpinionItem;
use lvzhi_domain::text::ContactText;

use crate::api::{ApiError, get_json_signed, post_or_put_json};
use crate::crypto::{SealedText, contact_key, open, seal};
use crate::storage::{LocalStore, StorageError};

pub const OPINIONS_KEY: &str = "opinion_items";

/// An item as stored here: everything but the contact in the clear.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredOpinion {
    /// The item with `contact: None`.
    pub item: OpinionItem,
    pub sealed_contact: Option<SealedText>,
    pub synced: bool,
    #[serde(default)]
    pub refused: Option<String>,
}

pub async fn stored(store: &LocalStore) -> Vec<StoredOpinion> {
    store
        .get_meta_json(OPINIONS_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

async fn write(store: &LocalStore, items: &[StoredOpinion]) -> Result<(), StorageError> {
    store.put_meta_json(OPINIONS_KEY, &items).await
}

async fn to_stored(store: &LocalStore, mut item: OpinionItem, synced: bool) -> Result<StoredOpinion, StorageError> {
    let sealed_contact = match item.contact.take() {
        Some(contact) => Some(seal(&contact_key(store).await?, contact.as_str()).await?),
        None => None,
    };
    Ok(StoredOpinion {
        item,
        sealed_contact,
        synced,
        refused: None,
    })
}

/// The item with its contact decrypted, for the deputy's own eyes or the server.
pub async fn reveal(store: &LocalStore, stored: &StoredOpinion) -> Result<OpinionItem, StorageError> {
    let mut item = stored.item.clone();
    if let Some(sealed) = &stored.sealed_contact {
        let text = open(&contact_key(store).await?, sealed).await?;
        item.contact = Some(ContactText::parse_field(&text, "contact").map_err(|e| StorageError(e.to_string()))?);
    }
    Ok(item)
}

/// Saves items gathered on a visit (contacts encrypted first), to be filed by the next sync.
pub async fn save_items(items: Vec<OpinionItem>) -> Result<(), StorageError> {
    let store = LocalStore::open().await?;
    let mut all = stored(&store).await;
    for item in items {
        let entry = to_stored(&store, item, false).await?;
        all.retain(|s| s.item.id != entry.item.id);
        all.push(entry);
    }
    write(&store, &all).await
}

/// The items of one visit, contacts decrypted.
pub async fn of_visit(visit: ActivityId) -> Vec<(OpinionItem, bool)> {
    let Ok(store) = LocalStore::open().await else {
        return Vec::new();
    };
    let mut shown = Vec::new();
    for entry in stored(&store).await.iter().filter(|s| s.item.visit == visit) {
        if let Ok(item) = reveal(&store, entry).await {
            shown.push((item, entry.synced));
        }
    }
    shown
}

/// How many items wait for the server; a storage failure is returned, never counted as 0.
pub async fn unsynced_count(store: &LocalStore) -> Result<usize, crate::storage::StorageError> {
    let items: Vec<StoredOpinion> = store.get_meta_json(OPINIONS_KEY).await?.unwrap_or_default();
    Ok(items.iter().filter(|s| !s.synced && s.refused.is_none()).count())
}

#[derive(Debug)]
pub enum OpinionSyncError {
    Api(ApiError),
    Storage(StorageError),
}

/// Files waiting items, then takes in the server's list (items from other devices).
pub async fn sync_items(store: &LocalStore, token: &str) -> Result<usize, OpinionSyncError> {
    let mut all = stored(store).await;
    let mut sent = 0;
    for index in 0..all.len() {
        if all[index].synced || all[index].refused.is_some() {
            continue;
        }
        let item = reveal(store, &all[index]).await.map_err(OpinionSyncError::Storage)?;
        match post_or_put_json::<_, OpinionItem>("PUT", "/api/opinions", &item, token).await {
            Ok(_) => {
                all[index].synced = true;
                sent += 1;
            }
            Err(ApiError::Server { status, message, .. })
                if (400..500).contains(&status) && ![401, 408, 429].contains(&status) =>
            {
                all[index].refused = Some(message);
            }
            Err(other) => {
                let _ = write(store, &all).await;
                return Err(OpinionSyncError::Api(other));
            }
        }
    }
    let server: Vec<OpinionItem> = get_json_signed("/api/opinions", token)
        .await
        .map_err(OpinionSyncError::Api)?;
    for item in server {
        if !all.iter().any(|s| s.item.id == item.id) {
            all.push(to_stored(store, item, true).await.map_err(OpinionSyncError::Storage)?);
        }
    }
    write(store, &all).await.map_err(OpinionSyncError::Storage)?;
    Ok(sent)
}

/// A new item id.
pub fn new_id() -> OpinionId {
    OpinionId::from_uuid(crate::ids::new_uuid_v7())
}
