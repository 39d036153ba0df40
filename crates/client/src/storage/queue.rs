//! Keyed queues of things the device sends to the server outside the record outbox:
//! right-of-reply notes, opinion items, suggestion drafts and receipts. Each kind has its own
//! object store, one entry per item under the item's key, written one transaction per item.
//!
//! An entry carries a local revision, bumped by every save. A send marks an entry sent (or
//! refused) only if its revision is still the one that was sent, in one transaction, so a
//! note saved again while a sync pass is sending the old text is sent by the next pass,
//! never lost under a stale copy. No list is ever read, changed and written back.

use std::future::Future;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{LocalStore, StorageError, fail, strict};
use crate::api::ApiError;

/// A kind of item kept in a keyed queue.
pub trait Queued: Serialize + DeserializeOwned + Clone {
    /// The object store holding this kind.
    const STORE: &'static str;
    /// The item's key, unique within its store.
    fn key(&self) -> String;
}

/// Where an item stands with the server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", try_from = "SendStateWire")]
pub enum SendState {
    /// Not yet sent (or changed since it was).
    Waiting,
    /// The server has this revision.
    Sent,
    /// The server refused this revision; it is not sent again until changed.
    Refused {
        /// The server's reason.
        reason: String,
    },
}

/// A [`SendState`] as read back: a flat struct instead of serde's tagged-content buffering
/// (less wasm), for the same JSON.
#[derive(serde::Deserialize)]
struct SendStateWire {
    state: String,
    #[serde(default)]
    reason: Option<String>,
}

impl TryFrom<SendStateWire> for SendState {
    type Error = String;
    fn try_from(wire: SendStateWire) -> Result<Self, String> {
        match wire.state.as_str() {
            "waiting" => Ok(SendState::Waiting),
            "sent" => Ok(SendState::Sent),
            "refused" => Ok(SendState::Refused {
                reason: wire.reason.ok_or("missing field `reason`")?,
            }),
            other => Err(format!(
                "unknown state `{other}`, expected one of waiting, sent, refused"
            )),
        }
    }
}

/// An item as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QueueEntry<T> {
    /// The item.
    pub item: T,
    /// Bumped by every local save.
    pub revision: u64,
    /// Where it stands with the server.
    pub state: SendState,
}

impl<T> QueueEntry<T> {
    /// Whether the next sync pass sends it.
    pub fn is_waiting(&self) -> bool {
        self.state == SendState::Waiting
    }
}

/// Why sending stopped: the app's error.
pub type SendFailure = crate::error::AppError;

impl LocalStore {
    fn queue_transaction(&self, store: &str, write: bool) -> Result<Transaction<'_>, StorageError> {
        let builder = self.db().transaction(store);
        if write {
            builder
                .with_mode(TransactionMode::Readwrite)
                .with_options(strict())
                .build()
                .map_err(fail)
        } else {
            builder.build().map_err(fail)
        }
    }

    /// Every item of a kind, in key order.
    pub async fn queued<T: Queued>(&self) -> Result<Vec<QueueEntry<T>>, StorageError> {
        let transaction = self.queue_transaction(T::STORE, false)?;
        super::all_values(&transaction, T::STORE)
            .await?
            .iter()
            .map(|value| match value.as_string() {
                Some(text) => parse_entry(T::STORE, &text),
                None => Err(StorageError(format!("an item in {} is not text", T::STORE))),
            })
            .collect()
    }

    /// One item, by key.
    pub async fn queued_one<T: Queued>(&self, key: &str) -> Result<Option<QueueEntry<T>>, StorageError> {
        let transaction = self.queue_transaction(T::STORE, false)?;
        read_entry(&transaction, T::STORE, key).await
    }

    /// Saves an item to be sent (new, or a new version of it), in one transaction.
    pub async fn enqueue<T: Queued>(&self, item: T) -> Result<(), StorageError> {
        let transaction = self.queue_transaction(T::STORE, true)?;
        let key = item.key();
        let previous: Option<QueueEntry<T>> = read_entry(&transaction, T::STORE, &key).await?;
        let entry = QueueEntry {
            item,
            revision: previous.map_or(1, |p| p.revision + 1),
            state: SendState::Waiting,
        };
        write_entry(&transaction, T::STORE, &key, &entry)?;
        transaction.commit().await.map_err(fail)
    }

    /// Keeps an item the server already has (filed from another device), unless this device
    /// holds a version of it.
    pub async fn keep_from_server<T: Queued>(&self, item: T) -> Result<bool, StorageError> {
        let transaction = self.queue_transaction(T::STORE, true)?;
        let key = item.key();
        if read_entry::<T>(&transaction, T::STORE, &key).await?.is_some() {
            return Ok(false);
        }
        let entry = QueueEntry {
            item,
            revision: 1,
            state: SendState::Sent,
        };
        write_entry(&transaction, T::STORE, &key, &entry)?;
        transaction.commit().await.map_err(fail)?;
        Ok(true)
    }

    /// Records what the server said of revision `revision` of the item under `key`; a newer
    /// revision saved meanwhile stays waiting. One transaction.
    pub async fn mark_queued<T: Queued>(&self, key: &str, revision: u64, state: SendState) -> Result<(), StorageError> {
        let transaction = self.queue_transaction(T::STORE, true)?;
        if let Some(mut entry) = read_entry::<T>(&transaction, T::STORE, key).await? {
            if entry.revision == revision {
                entry.state = state;
                write_entry(&transaction, T::STORE, key, &entry)?;
            }
        }
        transaction.commit().await.map_err(fail)
    }

    /// Deletes the item under `key` if it is still at `revision` (a draft once submitted).
    pub async fn remove_queued<T: Queued>(&self, key: &str, revision: u64) -> Result<(), StorageError> {
        let transaction = self.queue_transaction(T::STORE, true)?;
        if let Some(entry) = read_entry::<T>(&transaction, T::STORE, key).await? {
            if entry.revision == revision {
                transaction
                    .object_store(T::STORE)
                    .map_err(fail)?
                    .delete(key.to_owned())
                    .primitive()
                    .map_err(fail)?;
            }
        }
        transaction.commit().await.map_err(fail)
    }

    /// How many items of a kind wait to be sent.
    pub async fn waiting_count<T: Queued>(&self) -> Result<usize, StorageError> {
        // Read past the items themselves: counting needs only each entry's state, and not
        // decoding the items keeps every kind's decoder out of the code that counts.
        let transaction = self.queue_transaction(T::STORE, false)?;
        let mut waiting = 0;
        for value in super::all_values(&transaction, T::STORE).await? {
            let text = value
                .as_string()
                .ok_or_else(|| StorageError(format!("an item in {} is not text", T::STORE)))?;
            let entry: QueueEntry<serde::de::IgnoredAny> = parse_entry(T::STORE, &text)?;
            waiting += usize::from(entry.is_waiting());
        }
        Ok(waiting)
    }

    /// The one send step: sends each waiting item with `send`, oldest key first, and marks
    /// it sent or refused by key and revision. A refusal is kept on the item; any other
    /// failure stops, leaving the rest waiting. Returns how many were sent.
    pub async fn send_waiting<T, F, Fut>(&self, send: F) -> Result<usize, SendFailure>
    where
        T: Queued,
        F: Fn(T) -> Fut,
        Fut: Future<Output = Result<(), SendFailure>>,
    {
        let mut sent = 0;
        for entry in self.queued::<T>().await?.into_iter().filter(QueueEntry::is_waiting) {
            let key = entry.item.key();
            match send(entry.item).await {
                Ok(()) => {
                    self.mark_queued::<T>(&key, entry.revision, SendState::Sent).await?;
                    sent += 1;
                }
                Err(SendFailure::Api(error)) if error.is_refusal() => {
                    let reason = match error {
                        ApiError::Server { message, .. } => message,
                        other => other.to_string(),
                    };
                    self.mark_queued::<T>(&key, entry.revision, SendState::Refused { reason })
                        .await?;
                }
                Err(other) => return Err(other),
            }
        }
        Ok(sent)
    }
}

fn parse_entry<T: DeserializeOwned>(store: &str, text: &str) -> Result<QueueEntry<T>, StorageError> {
    serde_json::from_str(text).map_err(|e| StorageError(format!("an item in {store} is unreadable: {e}")))
}

async fn read_entry<T: DeserializeOwned>(
    transaction: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<QueueEntry<T>>, StorageError> {
    read_text(transaction, store, key)
        .await?
        .map(|text| parse_entry(store, &text))
        .transpose()
}

/// The string stored under `key` in `store`, read inside `transaction` (a value that is not
/// a string reads as absent).
pub(super) async fn read_text(
    transaction: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<String>, StorageError> {
    let value: Option<wasm_bindgen::JsValue> = transaction
        .object_store(store)
        .map_err(fail)?
        .get(key.to_owned())
        .primitive()
        .map_err(fail)?
        .await
        .map_err(fail)?;
    Ok(value.and_then(|value| value.as_string()))
}

/// Writes one entry inside `transaction` (the caller commits).
pub(super) fn write_entry<T: Serialize>(
    transaction: &Transaction<'_>,
    store: &str,
    key: &str,
    entry: &QueueEntry<T>,
) -> Result<(), StorageError> {
    let text = serde_json::to_string(entry).map_err(fail)?;
    transaction
        .object_store(store)
        .map_err(fail)?
        .put(text)
        .with_key(key.to_owned())
        .primitive()
        .map_err(fail)?;
    Ok(())
}
