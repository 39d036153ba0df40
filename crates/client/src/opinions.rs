//! Public-opinion items on this device, one per id in the `opinions` queue
//! ([`crate::storage::queue`]), with the constituent's contact **encrypted**
//! ([`crate::crypto`]); the plain contact exists only in memory — while the deputy reads it,
//! and in the request that files the item with the server. The sync pass sends waiting items
//! after the visit records (`PUT /api/opinions`) and takes in items filed from the deputy's
//! other devices.

use lvzhi_domain::ids::{ActivityId, OpinionId};
use lvzhi_domain::opinion::OpinionItem;
use lvzhi_domain::text::ContactText;

use crate::api::{get_json_signed, post_or_put_json};
use crate::crypto::{SealedText, contact_key, open, seal};
use crate::storage::queue::{Queued, SendFailure};
use crate::storage::{LocalStore, OPINIONS_STORE, StorageError};

/// An item as stored here: everything but the contact in the clear.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredOpinion {
    /// The item with `contact: None`.
    pub item: OpinionItem,
    /// The contact, sealed under this device's key.
    pub sealed_contact: Option<SealedText>,
}

impl Queued for StoredOpinion {
    const STORE: &'static str = OPINIONS_STORE;
    fn key(&self) -> String {
        self.item.id.to_string()
    }
}

async fn to_stored(store: &LocalStore, mut item: OpinionItem) -> Result<StoredOpinion, StorageError> {
    let sealed_contact = match item.contact.take() {
        Some(contact) => Some(seal(&contact_key(store).await?, contact.as_str()).await?),
        None => None,
    };
    Ok(StoredOpinion { item, sealed_contact })
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

/// Saves items gathered on a visit (contacts encrypted first), one transaction each, to be
/// filed by the next sync.
pub async fn save_items(items: Vec<OpinionItem>) -> Result<(), StorageError> {
    let store = LocalStore::open().await?;
    for item in items {
        let entry = to_stored(&store, item).await?;
        store.enqueue(entry).await?;
    }
    Ok(())
}

/// The items of one visit, contacts decrypted, each with whether the server has it.
pub async fn of_visit(visit: ActivityId) -> Result<Vec<(OpinionItem, bool)>, StorageError> {
    let store = LocalStore::open().await?;
    let mut shown = Vec::new();
    for entry in store.queued::<StoredOpinion>().await? {
        if entry.item.item.visit == visit {
            let sent = !entry.is_waiting();
            shown.push((reveal(&store, &entry.item).await?, sent));
        }
    }
    Ok(shown)
}

/// How many items wait for the server; a storage failure is returned, never counted as 0.
pub async fn unsynced_count(store: &LocalStore) -> Result<usize, StorageError> {
    store.waiting_count::<StoredOpinion>().await
}

/// Files waiting items, then takes in the server's list (items from other devices).
pub async fn sync_items(store: &LocalStore, token: &str) -> Result<usize, SendFailure> {
    let sent = store
        .send_waiting(|stored: StoredOpinion| async move {
            let item = reveal(store, &stored).await?;
            post_or_put_json::<_, OpinionItem>("PUT", "/api/opinions", &item, token).await?;
            Ok(())
        })
        .await?;
    let server: Vec<OpinionItem> = get_json_signed("/api/opinions", token).await?;
    for item in server {
        if store.queued_one::<StoredOpinion>(&item.id.to_string()).await?.is_none() {
            let stored = to_stored(store, item).await?;
            store.keep_from_server(stored).await?;
        }
    }
    Ok(sent)
}

/// A new item id.
pub fn new_id() -> OpinionId {
    OpinionId::from_uuid(crate::ids::new_uuid_v7())
}

/// The `meta` key of where the deputy's items stand in staff's handling.
pub const STATUSES_KEY: &str = "opinion_statuses";

/// Fetches where the deputy's items stand (`GET /api/opinions/handling`) and keeps it here,
/// replacing the last copy (the device never edits it); whether it changed.
pub async fn refresh_statuses(store: &LocalStore, token: &str) -> Result<bool, crate::reference::RefreshError> {
    let lines: Vec<lvzhi_domain::api::OpinionStatusLine> =
        crate::api::get_json_signed("/api/opinions/handling", token).await?;
    let kept: Option<Vec<lvzhi_domain::api::OpinionStatusLine>> = store.get_meta_json(STATUSES_KEY).await?;
    if kept.as_ref() == Some(&lines) {
        return Ok(false);
    }
    store.put_meta_json(STATUSES_KEY, &lines).await?;
    Ok(true)
}

/// Where the deputy's items stand, as last fetched.
pub async fn load_statuses() -> Result<Vec<lvzhi_domain::api::OpinionStatusLine>, StorageError> {
    Ok(LocalStore::open()
        .await?
        .get_meta_json(STATUSES_KEY)
        .await?
        .unwrap_or_default())
}
