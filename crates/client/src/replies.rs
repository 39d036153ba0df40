//! Right-of-reply notes on this device: written offline, kept one per target in the
//! `replies` queue ([`crate::storage::queue`]), sent by the sync pass (`PUT /api/replies`),
//! and marked sent by key and revision once the server has them.

use lvzhi_domain::reply::{ReplyDraft, ReplyNote, ReplyTarget};

use crate::api::post_or_put_json;
use crate::storage::queue::{QueueEntry, Queued, SendFailure};
use crate::storage::{LocalStore, REPLIES_STORE, StorageError};

impl Queued for ReplyDraft {
    const STORE: &'static str = REPLIES_STORE;
    fn key(&self) -> String {
        self.target.key()
    }
}

/// The note on `target`, if any.
pub async fn find(target: &ReplyTarget) -> Result<Option<QueueEntry<ReplyDraft>>, StorageError> {
    LocalStore::open().await?.queued_one(&target.key()).await
}

/// Saves (or replaces) a note here, to be sent by the next sync pass.
pub async fn save(draft: ReplyDraft) -> Result<(), StorageError> {
    LocalStore::open().await?.enqueue(draft).await
}

/// How many notes wait for the server; a storage failure is returned, never counted as 0.
pub async fn unsynced_count(store: &LocalStore) -> Result<usize, StorageError> {
    store.waiting_count::<ReplyDraft>().await
}

/// Sends every waiting note. A refusal (4xx) is kept on the note; a network failure stops.
pub async fn push_waiting(store: &LocalStore, token: &str) -> Result<usize, SendFailure> {
    store
        .send_waiting(|draft: ReplyDraft| async move {
            post_or_put_json::<_, ReplyNote>("PUT", "/api/replies", &draft, token).await?;
            Ok(())
        })
        .await
}
