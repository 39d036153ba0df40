//! Moving data kept by older builds into today's stores, without loss.
//!
//! Builds before schema v4 kept right-of-reply notes, opinion items and suggestion drafts as
//! one JSON list each in `meta`. [`lists_to_queues`] moves every item into its keyed queue
//! and deletes the list, in one transaction, so a tab closed in the middle leaves either the
//! list or the queue entries, never neither.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use lvzhi_domain::api::NewSuggestion;
use lvzhi_domain::reply::ReplyDraft;

use super::queue::{QueueEntry, Queued, SendState, write_entry};
use super::{DRAFTS_STORE, LocalStore, META_STORE, OPINIONS_STORE, REPLIES_STORE, StorageError, fail, strict};
use crate::opinions::StoredOpinion;

/// The `meta` keys of the v3 lists.
const OLD_REPLIES_KEY: &str = "reply_notes";
const OLD_OPINIONS_KEY: &str = "opinion_items";
const OLD_DRAFTS_KEY: &str = "suggestion_drafts";

/// A v3 note.
#[derive(serde::Deserialize)]
struct OldReply {
    draft: ReplyDraft,
    synced: bool,
    #[serde(default)]
    refused: Option<String>,
}

/// A v3 opinion item.
#[derive(serde::Deserialize)]
struct OldOpinion {
    item: lvzhi_domain::opinion::OpinionItem,
    sealed_contact: Option<crate::crypto::SealedText>,
    synced: bool,
    #[serde(default)]
    refused: Option<String>,
}

fn state(synced: bool, refused: Option<String>) -> SendState {
    match (synced, refused) {
        (_, Some(reason)) => SendState::Refused { reason },
        (true, None) => SendState::Sent,
        (false, None) => SendState::Waiting,
    }
}

fn unreadable(key: &str, error: serde_json::Error) -> StorageError {
    StorageError(format!(
        "the older list {key} is unreadable, so it was left as it was: {error}"
    ))
}

/// Moves the v3 lists into the v4 queues, if any list is still there. One transaction.
pub async fn lists_to_queues(store: &LocalStore) -> Result<(), StorageError> {
    let keys = [OLD_REPLIES_KEY, OLD_OPINIONS_KEY, OLD_DRAFTS_KEY];
    let mut found = false;
    for key in keys {
        found |= store.get_meta(key).await?.is_some();
    }
    if !found {
        return Ok(());
    }
    let transaction = store
        .db()
        .transaction([META_STORE, REPLIES_STORE, OPINIONS_STORE, DRAFTS_STORE])
        .with_mode(TransactionMode::Readwrite)
        .with_options(strict())
        .build()
        .map_err(fail)?;
    let meta = transaction.object_store(META_STORE).map_err(fail)?;
    for key in keys {
        let Some(text) = meta
            .get(key.to_owned())
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?
            .and_then(|value: wasm_bindgen::JsValue| value.as_string())
        else {
            continue;
        };
        match key {
            OLD_REPLIES_KEY => {
                for old in serde_json::from_str::<Vec<OldReply>>(&text).map_err(|e| unreadable(key, e))? {
                    let entry = QueueEntry {
                        revision: 1,
                        state: state(old.synced, old.refused),
                        item: old.draft,
                    };
                    write_entry(&transaction, REPLIES_STORE, &entry.item.key(), &entry)?;
                }
            }
            OLD_OPINIONS_KEY => {
                for old in serde_json::from_str::<Vec<OldOpinion>>(&text).map_err(|e| unreadable(key, e))? {
                    let entry = QueueEntry {
                        revision: 1,
                        state: state(old.synced, old.refused),
                        item: StoredOpinion {
                            item: old.item,
                            sealed_contact: old.sealed_contact,
                        },
                    };
                    write_entry(&transaction, OPINIONS_STORE, &entry.item.key(), &entry)?;
                }
            }
            _ => {
                for draft in serde_json::from_str::<Vec<NewSuggestion>>(&text).map_err(|e| unreadable(key, e))? {
                    let entry = QueueEntry {
                        revision: 1,
                        state: SendState::Waiting,
                        item: draft,
                    };
                    write_entry(&transaction, DRAFTS_STORE, &entry.item.key(), &entry)?;
                }
            }
        }
        meta.delete(key.to_owned()).primitive().map_err(fail)?;
    }
    transaction.commit().await.map_err(fail)
}
