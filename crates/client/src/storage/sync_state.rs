//! The IndexedDB adapter of the client's sync algorithm ([`lvzhi_domain::sync::client`]): it
//! reads what a step needs, asks the domain for the step's writes, and performs them in the
//! same transaction. No sync decision is taken here.
//!
//! Every function here is one transaction: a crash or a closed tab in the middle leaves the
//! store as it was before or as it is after, never half of each.

use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use lvzhi_domain::activity::Activity;
use lvzhi_domain::ids::ClientId;
use lvzhi_domain::sync::client::{self, Acknowledgement, PullPosition, PullStep, StoreWrite, SyncProblem};
use lvzhi_domain::sync::{Mutation, Operation, PullResponse, PushResponse, SnapshotCursor};

use super::{
    ACTIVITIES_STORE, BULK_STORE, LocalStore, META_STORE, NEXT_SEQ_KEY, OUTBOX_STORE, StorageError, fail, read_all_in,
    strict, to_object,
};

/// The `meta` key of this browser's client id.
pub const CLIENT_ID_KEY: &str = "client_id";
/// The `meta` key of the change-log cursor (set when no snapshot is under way).
pub const CURSOR_KEY: &str = "cursor";
/// The `meta` key of the last complete sync, milliseconds since 1970.
pub const LAST_SYNC_KEY: &str = "last_sync";
/// The `meta` key of the refusals and conflicts waiting for the user (a JSON list).
pub const PROBLEMS_KEY: &str = "sync_problems";
/// A paged snapshot under way (JSON of [`SnapshotCursor`]); while it is set, `cursor` is not.
pub const SNAPSHOT_KEY: &str = "snapshot";

/// What the store knows about syncing, for the status display and the next pull.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    /// Where the next pull starts.
    pub position: PullPosition,
    /// Milliseconds since 1970 of the last sync that completed.
    pub last_sync_millis: Option<f64>,
}

/// An outbox written to a file, to be imported on another browser by the same account.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutboxExport {
    /// Always [`OUTBOX_EXPORT_FORMAT`].
    pub format: String,
    /// The file format's version (1).
    pub version: u32,
    /// The account whose changes these are.
    pub account: lvzhi_domain::ids::AccountId,
    /// When the file was written, milliseconds since 1970.
    pub exported_at_millis: f64,
    /// The changes, in their order on the exporting browser.
    pub mutations: Vec<Mutation>,
}

/// The `format` of an [`OutboxExport`] file.
pub const OUTBOX_EXPORT_FORMAT: &str = "lvzhi-outbox";

/// The stores a sync step may write (the bulk store: a deleted record's tombstone over a
/// staff device's first load).
const SYNC_STORES: [&str; 4] = [META_STORE, ACTIVITIES_STORE, OUTBOX_STORE, BULK_STORE];

impl LocalStore {
    /// This browser's client id, created on first use.
    pub async fn client_id(&self, new_id: impl FnOnce() -> ClientId) -> Result<ClientId, StorageError> {
        if let Some(text) = self.get_meta(CLIENT_ID_KEY).await? {
            match text.parse::<ClientId>() {
                Ok(id) => return Ok(id),
                Err(error) => return Err(StorageError(format!("the stored client id is unreadable: {error}"))),
            }
        }
        let id = new_id();
        self.put_meta(CLIENT_ID_KEY, &id.to_string()).await?;
        Ok(id)
    }

    /// Where the next pull starts and when the last sync completed.
    pub async fn sync_state(&self) -> Result<SyncState, StorageError> {
        let transaction = self.db().transaction(META_STORE).build().map_err(fail)?;
        let position = read_position(&transaction).await?;
        let last_sync_millis = read_meta_text(&transaction, LAST_SYNC_KEY)
            .await?
            .map(|text| {
                // Whole milliseconds (no float parsing or formatting in the wasm: size).
                text.parse::<i64>()
                    .map(|millis| millis as f64)
                    .map_err(|e| StorageError(format!("last sync time: {e}")))
            })
            .transpose()?;
        Ok(SyncState {
            position,
            last_sync_millis,
        })
    }

    /// Acknowledges a push answer: the domain decides, from the mutations sent that are
    /// still in the outbox, what to drop and which problems to keep; one transaction.
    pub async fn acknowledge(&self, response: &PushResponse) -> Result<Acknowledgement, StorageError> {
        let transaction = self.sync_transaction()?;
        let sent: Vec<Mutation> = read_all_in(&transaction, OUTBOX_STORE).await?;
        let acknowledgement = client::acknowledge(&sent, response);
        perform(&transaction, &acknowledgement.writes, 0.0).await?;
        transaction.commit().await.map_err(fail)?;
        Ok(acknowledgement)
    }

    /// The changes the server did not apply, oldest first.
    pub async fn problems(&self) -> Result<Vec<SyncProblem>, StorageError> {
        let text = self.get_meta(PROBLEMS_KEY).await?;
        parse_problems(text)
    }

    /// Forgets one problem once the user has seen it (read and write in one transaction).
    pub async fn dismiss_problem(&self, seq: u64) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction(META_STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        let mut problems = parse_problems(read_meta_text(&transaction, PROBLEMS_KEY).await?)?;
        problems.retain(|problem| problem.mutation.seq != seq);
        put_meta_text(
            &transaction,
            PROBLEMS_KEY,
            serde_json::to_string(&problems).map_err(fail)?,
        )?;
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// Stores one pulled page, answered to a pull from `asked_from`, as the domain's
    /// [`client::apply_pull`] decides given the outbox read in the same transaction.
    pub async fn apply_pull(
        &self,
        asked_from: &PullPosition,
        response: &PullResponse,
        now_millis: f64,
    ) -> Result<PullStep, StorageError> {
        let transaction = self.sync_transaction()?;
        let pending: Vec<Mutation> = read_all_in(&transaction, OUTBOX_STORE).await?;
        let step = client::apply_pull(asked_from, &pending, response);
        perform(&transaction, &step.writes, now_millis).await?;
        transaction.commit().await.map_err(fail)?;
        Ok(step)
    }

    /// Queues a local change (and changes the local copy to match), numbered with the next
    /// sequence number, in one strict transaction; returns the mutation once committed.
    pub async fn queue_change(&self, operation: Operation) -> Result<Mutation, StorageError> {
        let transaction = self.sync_transaction()?;
        let meta = transaction.object_store(META_STORE).map_err(fail)?;
        let seq = super::next_seq(&meta).await?;
        let (mutation, writes) = client::queue(seq, operation);
        perform(&transaction, &writes, 0.0).await?;
        transaction.commit().await.map_err(fail)?;
        Ok(mutation)
    }

    /// Records `deputy`'s answer to the joint record this device shows: the local copy gets
    /// the answer and the mutation is queued, in one transaction.
    pub async fn answer_with_outbox(
        &self,
        shown: &Activity,
        deputy: lvzhi_domain::ids::DeputyId,
        answer: lvzhi_domain::activity::JointAnswer,
    ) -> Result<Mutation, StorageError> {
        let transaction = self.sync_transaction()?;
        let meta = transaction.object_store(META_STORE).map_err(fail)?;
        let seq = super::next_seq(&meta).await?;
        let (mutation, writes) = client::answer(seq, shown, deputy, answer);
        perform(&transaction, &writes, 0.0).await?;
        transaction.commit().await.map_err(fail)?;
        Ok(mutation)
    }

    /// Withdraws the version of a record this device shows: deletes it here and queues the
    /// withdrawal, in one transaction.
    pub async fn withdraw_with_outbox(&self, shown: &Activity) -> Result<Mutation, StorageError> {
        self.queue_change(client::withdraw(shown)).await
    }

    /// Adds the mutations of an exported outbox to this one, renumbered after this client's
    /// own, with the records they save; one transaction. Returns how many were added.
    pub async fn import_outbox(&self, export: &OutboxExport) -> Result<usize, StorageError> {
        let transaction = self.sync_transaction()?;
        let meta = transaction.object_store(META_STORE).map_err(fail)?;
        let seq = super::next_seq(&meta).await?;
        let (count, writes) = client::import(seq, &export.mutations);
        perform(&transaction, &writes, 0.0).await?;
        transaction.commit().await.map_err(fail)?;
        Ok(count)
    }

    fn sync_transaction(&self) -> Result<Transaction<'_>, StorageError> {
        self.db()
            .transaction(SYNC_STORES)
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)
    }
}

/// Performs a domain step's writes, in order, inside `transaction` (which spans
/// [`SYNC_STORES`]).
async fn perform(transaction: &Transaction<'_>, writes: &[StoreWrite], now_millis: f64) -> Result<(), StorageError> {
    let activities = transaction.object_store(ACTIVITIES_STORE).map_err(fail)?;
    let outbox = transaction.object_store(OUTBOX_STORE).map_err(fail)?;
    for write in writes {
        match write {
            StoreWrite::PutRecord(activity) => {
                activities.put(to_object(activity)?).primitive().map_err(fail)?;
            }
            StoreWrite::DeleteRecord(id) => {
                activities.delete(id.to_string()).primitive().map_err(fail)?;
                // Hides the record's copy in a staff device's packed first load, if any.
                super::bulk::put_tombstone(transaction, *id)?;
            }
            StoreWrite::ClearRecords => {
                activities.clear().map_err(fail)?;
                transaction
                    .object_store(BULK_STORE)
                    .map_err(fail)?
                    .clear()
                    .map_err(fail)?;
            }
            StoreWrite::PutMutation(mutation) => {
                outbox.put(to_object(mutation)?).primitive().map_err(fail)?;
            }
            StoreWrite::DeleteMutationsThrough(seq) => {
                // An explicit closed bound: the crate's `..=x` conversion makes the bound open.
                outbox
                    .delete::<f64, _>(KeyRange::UpperBound(*seq as f64, false))
                    .primitive()
                    .map_err(fail)?;
            }
            StoreWrite::SetNextSeq(next) => put_meta_text(transaction, NEXT_SEQ_KEY, next.to_string())?,
            StoreWrite::AddProblems(new_problems) => {
                let mut problems = parse_problems(read_meta_text(transaction, PROBLEMS_KEY).await?)?;
                problems.extend(new_problems.iter().cloned());
                put_meta_text(
                    transaction,
                    PROBLEMS_KEY,
                    serde_json::to_string(&problems).map_err(fail)?,
                )?;
            }
            StoreWrite::SetPosition(position) => write_position(transaction, position)?,
            StoreWrite::MarkSynced => put_meta_text(transaction, LAST_SYNC_KEY, (now_millis as i64).to_string())?,
        }
    }
    Ok(())
}

fn parse_problems(text: Option<String>) -> Result<Vec<SyncProblem>, StorageError> {
    match text {
        None => Ok(Vec::new()),
        Some(text) => {
            serde_json::from_str(&text).map_err(|e| StorageError(format!("the kept sync problems are unreadable: {e}")))
        }
    }
}

async fn read_position(transaction: &Transaction<'_>) -> Result<PullPosition, StorageError> {
    if let Some(text) = read_meta_text(transaction, SNAPSHOT_KEY).await? {
        let snapshot: SnapshotCursor = serde_json::from_str(&text)
            .map_err(|e| StorageError(format!("the snapshot position is unreadable: {e}")))?;
        return Ok(PullPosition::Snapshot(snapshot));
    }
    match read_meta_text(transaction, CURSOR_KEY).await? {
        None => Ok(PullPosition::Start),
        Some(text) => text
            .parse()
            .map(PullPosition::Cursor)
            .map_err(|e| StorageError(format!("the sync cursor is unreadable: {e}"))),
    }
}

pub(super) fn write_position(transaction: &Transaction<'_>, position: &PullPosition) -> Result<(), StorageError> {
    let meta = transaction.object_store(META_STORE).map_err(fail)?;
    match position {
        PullPosition::Start => {
            meta.delete(CURSOR_KEY.to_owned()).primitive().map_err(fail)?;
            meta.delete(SNAPSHOT_KEY.to_owned()).primitive().map_err(fail)?;
        }
        PullPosition::Cursor(cursor) => {
            meta.delete(SNAPSHOT_KEY.to_owned()).primitive().map_err(fail)?;
            put_meta_text(transaction, CURSOR_KEY, cursor.to_string())?;
        }
        PullPosition::Snapshot(snapshot) => {
            meta.delete(CURSOR_KEY.to_owned()).primitive().map_err(fail)?;
            put_meta_text(
                transaction,
                SNAPSHOT_KEY,
                serde_json::to_string(snapshot).map_err(fail)?,
            )?;
        }
    }
    Ok(())
}

pub(super) async fn read_meta_text(transaction: &Transaction<'_>, key: &str) -> Result<Option<String>, StorageError> {
    super::queue::read_text(transaction, META_STORE, key).await
}

pub(super) fn put_meta_text(transaction: &Transaction<'_>, key: &str, value: String) -> Result<(), StorageError> {
    transaction
        .object_store(META_STORE)
        .map_err(fail)?
        .put(value)
        .with_key(key.to_owned())
        .primitive()
        .map_err(fail)?;
    Ok(())
}
