//! The deputy's suggestions on this device: the list as last fetched (so it reads offline),
//! drafts written offline (the `suggestion_drafts` queue, submitted by the deputy when
//! online), and receipts (the `receipts` queue): given offline or online, checked here by the
//! domain's own rules, and sent by the sync pass.

use lvzhi_domain::api::{NewSuggestion, PromiseReceiptRequest, ReplyReceiptRequest};
use lvzhi_domain::ids::SuggestionId;
use lvzhi_domain::suggestion::Suggestion;

use crate::api::{get_json_signed, post_json};
use crate::error::AppError;
use crate::storage::queue::{QueueEntry, Queued, SendFailure};
use crate::storage::{DRAFTS_STORE, LocalStore, RECEIPTS_STORE, StorageError};

/// The `meta` key of the list as last fetched (a cache, replaced whole by each fetch).
pub const SUGGESTIONS_KEY: &str = "suggestions";

impl Queued for NewSuggestion {
    const STORE: &'static str = DRAFTS_STORE;
    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// A receipt waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QueuedReceipt {
    /// The suggestion it is given on.
    pub suggestion: SuggestionId,
    /// The evaluation.
    pub receipt: Receipt,
}

/// One of the two evaluations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ReceiptWire")]
pub enum Receipt {
    /// On the reply.
    Reply(ReplyReceiptRequest),
    /// On one promised action.
    Promise(PromiseReceiptRequest),
}

impl Queued for QueuedReceipt {
    const STORE: &'static str = RECEIPTS_STORE;
    fn key(&self) -> String {
        match &self.receipt {
            Receipt::Reply(_) => format!("{}/reply", self.suggestion),
            Receipt::Promise(request) => format!("{}/promise/{}", self.suggestion, request.index),
        }
    }
}

/// The list as last fetched; empty before the first fetch.
pub async fn cached() -> Result<Vec<Suggestion>, StorageError> {
    Ok(LocalStore::open()
        .await?
        .get_meta_json(SUGGESTIONS_KEY)
        .await?
        .unwrap_or_default())
}

/// The drafts on this device.
pub async fn drafts() -> Result<Vec<QueueEntry<NewSuggestion>>, StorageError> {
    LocalStore::open().await?.queued().await
}

/// Saves a draft (new or changed), one transaction.
pub async fn save_draft(draft: NewSuggestion) -> Result<(), StorageError> {
    LocalStore::open().await?.enqueue(draft).await
}

/// Fetches the list and keeps it for offline reading.
pub async fn refresh(token: &str) -> Result<Vec<Suggestion>, AppError> {
    let list: Vec<Suggestion> = get_json_signed("/api/suggestions", token).await?;
    LocalStore::open().await?.put_meta_json(SUGGESTIONS_KEY, &list).await?;
    Ok(list)
}

/// Submits a draft; once the server has it, the draft leaves this device (unless it was
/// changed meanwhile).
pub async fn submit(token: &str, draft: &QueueEntry<NewSuggestion>) -> Result<Suggestion, AppError> {
    let stored: Suggestion = post_json("/api/suggestions", &draft.item, Some(token)).await?;
    LocalStore::open()
        .await?
        .remove_queued::<NewSuggestion>(&draft.item.key(), draft.revision)
        .await?;
    Ok(stored)
}

/// Queues a receipt, after checking it with the domain's rules on the copy shown (the
/// server checks it again): the sync pass sends it.
pub async fn give_receipt(
    suggestion: &Suggestion,
    receipt: Receipt,
    today: lvzhi_domain::date::LocalDate,
) -> Result<(), ReceiptFailure> {
    let mut copy = suggestion.clone();
    match &receipt {
        Receipt::Reply(request) => {
            let reason = request
                .reason
                .as_deref()
                .map(|text| lvzhi_domain::text::Reason::parse_field(text, "reason"))
                .transpose()
                .map_err(ReceiptFailure::Invalid)?;
            copy.give_reply_receipt(request.satisfaction, reason, today)
                .map_err(ReceiptFailure::Rule)?
        }
        Receipt::Promise(request) => copy
            .give_promise_receipt(request.index, request.fulfilment, today)
            .map_err(ReceiptFailure::Rule)?,
    }
    LocalStore::open()
        .await
        .map_err(ReceiptFailure::Storage)?
        .enqueue(QueuedReceipt {
            suggestion: suggestion.id,
            receipt,
        })
        .await
        .map_err(ReceiptFailure::Storage)
}

/// Why a receipt was not queued.
#[derive(Debug, Clone, PartialEq)]
pub enum ReceiptFailure {
    /// The receipt does not fit the suggestion (e.g. unsatisfied without a reason).
    Rule(lvzhi_domain::suggestion::FlowError),
    /// The reason is not acceptable text.
    Invalid(lvzhi_domain::error::ValidationError),
    /// The local store failed.
    Storage(StorageError),
}

/// The receipts on this device, sent or not.
pub async fn receipts() -> Result<Vec<QueueEntry<QueuedReceipt>>, StorageError> {
    LocalStore::open().await?.queued().await
}

/// How many receipts wait for the server.
pub async fn unsynced_count(store: &LocalStore) -> Result<usize, StorageError> {
    store.waiting_count::<QueuedReceipt>().await
}

/// Sends every waiting receipt (the sync pass's step).
pub async fn send_receipts(store: &LocalStore, token: &str) -> Result<usize, SendFailure> {
    store
        .send_waiting(|queued: QueuedReceipt| async move {
            let _: Suggestion = match &queued.receipt {
                Receipt::Reply(request) => {
                    post_json(
                        &format!("/api/suggestions/{}/reply-receipt", queued.suggestion),
                        request,
                        Some(token),
                    )
                    .await?
                }
                Receipt::Promise(request) => {
                    post_json(
                        &format!("/api/suggestions/{}/promise-receipt", queued.suggestion),
                        request,
                        Some(token),
                    )
                    .await?
                }
            };
            Ok(())
        })
        .await
}

/// A [`Receipt`] as read from IndexedDB: written by serde's tagged form, read through a flat
/// struct (much less wasm than serde's tagged-content buffering).
#[derive(serde::Deserialize)]
struct ReceiptWire {
    kind: String,
    #[serde(default)]
    satisfaction: Option<lvzhi_domain::suggestion::Satisfaction>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    index: Option<usize>,
    #[serde(default)]
    fulfilment: Option<lvzhi_domain::suggestion::Fulfilment>,
}

impl TryFrom<ReceiptWire> for Receipt {
    type Error = String;
    fn try_from(wire: ReceiptWire) -> Result<Self, String> {
        let missing = |field: &str| format!("missing field `{field}`");
        match wire.kind.as_str() {
            "reply" => Ok(Receipt::Reply(ReplyReceiptRequest {
                satisfaction: wire.satisfaction.ok_or_else(|| missing("satisfaction"))?,
                reason: wire.reason,
            })),
            "promise" => Ok(Receipt::Promise(PromiseReceiptRequest {
                index: wire.index.ok_or_else(|| missing("index"))?,
                fulfilment: wire.fulfilment.ok_or_else(|| missing("fulfilment"))?,
            })),
            other => Err(format!("unknown kind `{other}`, expected one of reply, promise")),
        }
    }
}
