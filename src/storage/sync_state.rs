//! The local half of the sync protocol in IndexedDB: the client id, acknowledging pushed
//! mutations, storing pulled changes before moving the cursor, the problems the user must
//! see, and moving an outbox to another browser (export / import).
//!
//! Every function here is one transaction: a crash or a closed tab in the middle leaves the
//! store as it was before or as it is after, never half of each.

use std::collections::BTreeSet;

use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::ids::{ActivityId, ClientId};
use lvzhi_domain::sync::client::SyncProblem;
use lvzhi_domain::sync::{Change, Mutation, Operation, PullResponse, SnapshotCursor};

use super::{ACTIVITIES_STORE, LocalStore, META_STORE, NEXT_SEQ_KEY, OUTBOX_STORE, StorageError, fail, strict};

pub const CLIENT_ID_KEY: &str = "client_id";
pub const CURSOR_KEY: &str = "cursor";
pub const LAST_SYNC_KEY: &str = "last_sync";
pub const PROBLEMS_KEY: &str = "sync_problems";
/// A paged snapshot under way (JSON of [`SnapshotCursor`]); while it is set, `cursor` is not.
pub const SNAPSHOT_KEY: &str = "snapshot";

/// What the store knows about syncing, for the status display and the next pull.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    pub cursor: Option<u64>,
    /// Where an unfinished paged snapshot stands: the next pull continues it.
    pub snapshot: Option<SnapshotCursor>,
    /// Milliseconds since 1970 of the last sync that completed.
    pub last_sync_millis: Option<f64>,
}

/// An outbox written to a file, to be imported on another browser by the same account.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutboxExport {
    /// Always "lvzhi-outbox".
    pub format: String,
    pub version: u32,
    /// The account whose changes these are.
    pub account: lvzhi_domain::ids::AccountId,
    pub exported_at_millis: f64,
    pub mutations: Vec<Mutation>,
}

pub const OUTBOX_EXPORT_FORMAT: &str = "lvzhi-outbox";

impl LocalStore {
    /// This browser's client id, created on first use.
    pub async fn client_id(&self, new_id: impl FnOnce() -> ClientId) -> Result<ClientId, StorageError> {
        if let Some(text) = self.get_meta(CLIENT_ID_KEY).await? {
            if let Ok(id) = text.parse::<ClientId>() {
                return Ok(id);
            }
        }
        let id = new_id();
        self.put_meta(CLIENT_ID_KEY, &id.to_string()).await?;
        Ok(id)
    }

    pub async fn sync_state(&self) -> Result<SyncState, StorageError> {
        Ok(SyncState {
            cursor: self.get_meta(CURSOR_KEY).await?.and_then(|text| text.parse().ok()),
            snapshot: self.get_meta_json(SNAPSHOT_KEY).await?,
            last_sync_millis: self.get_meta(LAST_SYNC_KEY).await?.and_then(|text| text.parse().ok()),
        })
    }

    /// Drops the outbox entries the server has handled (sequence ≤ `last_applied`) and keeps
    /// the refusals and conflicts for the user, in one transaction.
    pub async fn acknowledge(&self, last_applied: u64, new_problems: Vec<SyncProblem>) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction([META_STORE, OUTBOX_STORE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        transaction
            .object_store(OUTBOX_STORE)
            .map_err(fail)?
            // An explicit closed bound: the crate's `..=x` conversion makes the bound open.
            .delete::<f64, _>(KeyRange::UpperBound(last_applied as f64, false))
            .primitive()
            .map_err(fail)?;
        if !new_problems.is_empty() {
            let meta = transaction.object_store(META_STORE).map_err(fail)?;
            let stored: Option<String> = meta
                .get(PROBLEMS_KEY.to_owned())
                .primitive()
                .map_err(fail)?
                .await
                .map_err(fail)?;
            let mut problems: Vec<SyncProblem> = stored
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            problems.extend(new_problems);
            let text = serde_json::to_string(&problems).map_err(fail)?;
            meta.put(text)
                .with_key(PROBLEMS_KEY.to_owned())
                .primitive()
                .map_err(fail)?;
            // The local copies of those records may now differ from the server's: the next
            // pull takes a full snapshot, which replaces them with the server's versions.
            meta.delete(CURSOR_KEY.to_owned()).primitive().map_err(fail)?;
            meta.delete(SNAPSHOT_KEY.to_owned()).primitive().map_err(fail)?;
        }
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// The changes the server did not apply, oldest first.
    pub async fn problems(&self) -> Result<Vec<SyncProblem>, StorageError> {
        Ok(self.get_meta_json(PROBLEMS_KEY).await?.unwrap_or_default())
    }

    /// Forgets one problem once the user has seen it.
    pub async fn dismiss_problem(&self, seq: u64) -> Result<(), StorageError> {
        let mut problems = self.problems().await?;
        problems.retain(|problem| problem.mutation.seq != seq);
        self.put_meta_json(PROBLEMS_KEY, &problems).await
    }

    /// Stores one pulled page and then moves the cursor, in one transaction. Records with a
    /// change still waiting in the outbox keep their local version (the server's answer to
    /// that change decides); a reset replaces everything else.
    pub async fn apply_pull(&self, response: &PullResponse, now_millis: f64) -> Result<(), StorageError> {
        let transaction = self
            .db()
            .transaction([META_STORE, ACTIVITIES_STORE, OUTBOX_STORE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        let pending: Vec<Mutation> = transaction
            .object_store(OUTBOX_STORE)
            .map_err(fail)?
            .get_all()
            .serde()
            .map_err(fail)?
            .await
            .map_err(fail)?
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        let pending_ids: BTreeSet<ActivityId> = pending.iter().map(|m| m.operation.record()).collect();
        let activities = transaction.object_store(ACTIVITIES_STORE).map_err(fail)?;
        if response.reset {
            let mut kept: Vec<Activity> = Vec::new();
            for id in &pending_ids {
                let local: Option<Activity> = activities
                    .get(id.to_string())
                    .serde()
                    .map_err(fail)?
                    .await
                    .map_err(fail)?;
                kept.extend(local);
            }
            activities.clear().map_err(fail)?;
            for activity in &kept {
                activities.put(activity).serde().map_err(fail)?;
            }
        }
        for entry in &response.entries {
            if pending_ids.contains(&entry.change.record()) {
                continue;
            }
            match &entry.change {
                Change::Upsert { activity } => {
                    activities.put(activity).serde().map_err(fail)?;
                }
                Change::Tombstone { id } => {
                    activities.delete(id.to_string()).primitive().map_err(fail)?;
                }
            }
        }
        let meta = transaction.object_store(META_STORE).map_err(fail)?;
        match &response.snapshot {
            // A snapshot with pages to come: remember where it stands, not a cursor, so an
            // interruption resumes the snapshot instead of skipping its rest.
            Some(snapshot) => {
                let text = serde_json::to_string(snapshot).map_err(fail)?;
                meta.put(text)
                    .with_key(SNAPSHOT_KEY.to_owned())
                    .primitive()
                    .map_err(fail)?;
                meta.delete(CURSOR_KEY.to_owned()).primitive().map_err(fail)?;
            }
            None => {
                meta.delete(SNAPSHOT_KEY.to_owned()).primitive().map_err(fail)?;
                meta.put(response.cursor.to_string())
                    .with_key(CURSOR_KEY.to_owned())
                    .primitive()
                    .map_err(fail)?;
            }
        }
        if !response.more {
            meta.put(now_millis.to_string())
                .with_key(LAST_SYNC_KEY.to_owned())
                .primitive()
                .map_err(fail)?;
        }
        transaction.commit().await.map_err(fail)?;
        Ok(())
    }

    /// Withdraws a record: deletes it here and queues the withdrawal, in one transaction.
    pub async fn withdraw_with_outbox(&self, id: ActivityId, base_revision: u32) -> Result<Mutation, StorageError> {
        self.write_with_outbox(None, Operation::WithdrawActivity { id, base_revision })
            .await
    }

    /// Adds the mutations of an exported outbox to this one, renumbered after this client's
    /// own, with the records they save; one transaction. Returns how many were added.
    pub async fn import_outbox(&self, export: &OutboxExport) -> Result<usize, StorageError> {
        let transaction = self
            .db()
            .transaction([META_STORE, ACTIVITIES_STORE, OUTBOX_STORE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(strict())
            .build()
            .map_err(fail)?;
        let meta = transaction.object_store(META_STORE).map_err(fail)?;
        let mut seq = super::next_seq(&meta).await?;
        let activities = transaction.object_store(ACTIVITIES_STORE).map_err(fail)?;
        let outbox = transaction.object_store(OUTBOX_STORE).map_err(fail)?;
        let mut ordered = export.mutations.clone();
        ordered.sort_by_key(|m| m.seq);
        for mutation in &ordered {
            match &mutation.operation {
                Operation::SaveActivity { activity, .. } => {
                    activities.put(activity).serde().map_err(fail)?;
                }
                Operation::WithdrawActivity { id, .. } => {
                    activities.delete(id.to_string()).primitive().map_err(fail)?;
                }
                Operation::Approve { .. } | Operation::Reject { .. } => {}
            }
            let renumbered = Mutation {
                seq,
                operation: mutation.operation.clone(),
            };
            outbox.put(&renumbered).serde().map_err(fail)?;
            seq += 1;
        }
        meta.put(seq.to_string())
            .with_key(NEXT_SEQ_KEY.to_owned())
            .primitive()
            .map_err(fail)?;
        transaction.commit().await.map_err(fail)?;
        Ok(ordered.len())
    }
}
