//! Right-of-reply notes on this device: written offline, kept in IndexedDB (`meta`), sent by
//! the sync pass (`PUT /api/replies`), and marked synced once the server has them.

use lvzhi_domain::reply::{ReplyDraft, ReplyNote, ReplyTarget};

use crate::api::{ApiError, post_or_put_json};
use crate::storage::{LocalStore, StorageError};

pub const REPLIES_KEY: &str = "reply_notes";

/// A note as kept here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalReply {
    pub draft: ReplyDraft,
    pub synced: bool,
    /// Set when the server refused the note (it is not sent again).
    #[serde(default)]
    pub refused: Option<String>,
}

pub async fn all(store: &LocalStore) -> Vec<LocalReply> {
    store
        .get_meta_json(REPLIES_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

async fn write(store: &LocalStore, replies: &[LocalReply]) -> Result<(), StorageError> {
    store.put_meta_json(REPLIES_KEY, &replies).await
}

/// The note on `target`, if any.
pub async fn find(target: &ReplyTarget) -> Option<LocalReply> {
    let store = LocalStore::open().await.ok()?;
    let key = target.key();
    all(&store).await.into_iter().find(|r| r.draft.target.key() == key)
}

/// Saves (or replaces) a note here, to be sent by the next sync pass.
pub async fn save(draft: ReplyDraft) -> Result<(), StorageError> {
    let store = LocalStore::open().await?;
    let mut replies = all(&store).await;
    let key = draft.target.key();
    replies.retain(|r| r.draft.target.key() != key);
    replies.push(LocalReply {
        draft,
        synced: false,
        refused: None,
    });
    write(&store, &replies).await
}

/// How many notes wait for the server; a storage failure is returned, never counted as 0.
pub async fn unsynced_count(store: &LocalStore) -> Result<usize, crate::storage::StorageError> {
    let notes: Vec<LocalReply> = store.get_meta_json(REPLIES_KEY).await?.unwrap_or_default();
    Ok(notes.iter().filter(|r| !r.synced && r.refused.is_none()).count())
}

/// Sends every waiting note. A refusal (4xx) is kept on the note; a network failure stops.
pub async fn push_waiting(store: &LocalStore, token: &str) -> Result<usize, ApiError> {
    let mut replies = all(store).await;
    let mut sent = 0;
    for reply in replies.iter_mut().filter(|r| !r.synced && r.refused.is_none()) {
        match post_or_put_json::<_, ReplyNote>("PUT", "/api/replies", &reply.draft, token).await {
            Ok(_) => {
                reply.synced = true;
                sent += 1;
            }
            Err(ApiError::Server { status, message, .. })
                if (400..500).contains(&status) && ![401, 408, 429].contains(&status) =>
            {
                reply.refused = Some(message);
            }
            Err(other) => {
                let _ = write(store, &replies).await;
                return Err(other);
            }
        }
    }
    let _ = write(store, &replies).await;
    Ok(sent)
}
