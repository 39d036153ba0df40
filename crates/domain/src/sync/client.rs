//! The client's sync algorithm, as the app runs it: numbering local changes into the outbox,
//! acknowledging a push answer, applying a pull page while local changes wait, importing an
//! exported outbox, and where the next pull starts (cursor or paged snapshot).
//!
//! Each step is a pure function from what the client holds to a list of [`StoreWrite`]s. The
//! app's IndexedDB adapter (`src/storage/sync_state.rs`) reads what a step needs and performs
//! its writes in one transaction, one write for one request; the model test
//! (`tests/sync_model.rs`) performs the same writes on maps. So the logic that ships is the
//! logic the model test drives; only the mechanical "put this, delete that" is written twice.
//!
//! ## Local versions win until the server has answered
//! A record with a change waiting in the outbox shows the user's own version. A pulled entry
//! for such a record is not applied and not skipped: the pull stops just before it
//! ([`PullStep::held`]) and resumes from there once the outbox has been pushed, so the
//! record's history on the server (a staff review, say) is never passed over.

use std::collections::BTreeSet;

use crate::activity::{Activity, Review};
use crate::ids::{ActivityId, ClientId};
use crate::sync::messages::{
    Change, Mutation, Operation, Outcome, PullRequest, PullResponse, PushRequest, PushResponse, SnapshotCursor,
};

/// Where the next pull starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PullPosition {
    /// Nothing pulled yet (or the local copies must be replaced): the next pull is a snapshot.
    #[default]
    Start,
    /// After this change-log sequence number.
    Cursor(u64),
    /// In the middle of a paged snapshot.
    Snapshot(SnapshotCursor),
}

impl PullPosition {
    /// The request that continues from here, asking for at most `limit` entries.
    pub fn request(&self, limit: u32) -> PullRequest {
        match self {
            PullPosition::Start => PullRequest {
                cursor: None,
                limit,
                snapshot: None,
            },
            PullPosition::Cursor(cursor) => PullRequest {
                cursor: Some(*cursor),
                limit,
                snapshot: None,
            },
            PullPosition::Snapshot(snapshot) => PullRequest {
                cursor: None,
                limit,
                snapshot: Some(snapshot.clone()),
            },
        }
    }
}

/// One write to the client's store. A step's writes are performed in order, in one
/// transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreWrite {
    /// Store this version of a record.
    PutRecord(Activity),
    /// Delete a record.
    DeleteRecord(ActivityId),
    /// Delete every record.
    ClearRecords,
    /// Queue a mutation in the outbox.
    PutMutation(Mutation),
    /// Drop the outbox's mutations numbered up to and including this one.
    DeleteMutationsThrough(u64),
    /// The number the next local change gets.
    SetNextSeq(u64),
    /// Keep these refusals and conflicts for the user, after those already kept.
    AddProblems(Vec<SyncProblem>),
    /// Where the next pull starts.
    SetPosition(PullPosition),
    /// The client now holds everything the server had when this pull was answered: record
    /// the time as the last complete sync.
    MarkSynced,
}

/// A change the server did not apply, kept for the user with their own version beside the
/// server's (never silently dropped).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyncProblem {
    /// What the user asked for.
    pub mutation: Mutation,
    /// Refused (with the reason) or in conflict (with the server's version).
    pub outcome: Outcome,
}

/// The operation that saves `activity` as the user's new version of `existing` (the version
/// this device shows, `None` for a new record): the local copy gets the next revision, and
/// the server is told which revision the edit starts from. The activity goes back to review.
pub fn save(existing: Option<&Activity>, mut activity: Activity) -> Operation {
    let base_revision = existing.map_or(0, |current| current.revision);
    activity.revision = base_revision + 1;
    activity.review = Review::Pending;
    Operation::SaveActivity {
        activity,
        base_revision,
    }
}

/// The operation that withdraws the version of a record this device shows.
pub fn withdraw(shown: &Activity) -> Operation {
    Operation::WithdrawActivity {
        id: shown.id,
        base_revision: shown.revision,
    }
}

/// Queues a local change as number `next_seq`: the writes that change the local copy, queue
/// the mutation and move the numbering on. The app performs them in one strict transaction
/// and says "saved" only after it commits.
pub fn queue(next_seq: u64, operation: Operation) -> (Mutation, Vec<StoreWrite>) {
    let mutation = Mutation {
        seq: next_seq,
        operation,
    };
    let mut writes: Vec<StoreWrite> = local_effect(&mutation.operation).into_iter().collect();
    writes.push(StoreWrite::PutMutation(mutation.clone()));
    writes.push(StoreWrite::SetNextSeq(next_seq + 1));
    (mutation, writes)
}

/// What an operation changes in the local copy before the server has seen it.
fn local_effect(operation: &Operation) -> Option<StoreWrite> {
    match operation {
        Operation::SaveActivity { activity, .. } => Some(StoreWrite::PutRecord(activity.clone())),
        Operation::WithdrawActivity { id, .. } => Some(StoreWrite::DeleteRecord(*id)),
        // Reviews show once the server's answer comes back in a pull; an answer to a joint
        // record is written locally by [`answer`], which has the shown copy.
        Operation::Approve { .. } | Operation::Reject { .. } | Operation::AnswerJoint { .. } => None,
    }
}

/// Queues `deputy`'s answer to the joint record `shown` as number `next_seq`: the local
/// copy carries the answer at once (it counts, or leaves the lists, offline), and the
/// mutation tells the server.
pub fn answer(
    next_seq: u64,
    shown: &Activity,
    deputy: crate::ids::DeputyId,
    answer: crate::activity::JointAnswer,
) -> (Mutation, Vec<StoreWrite>) {
    let (mutation, mut writes) = queue(next_seq, Operation::AnswerJoint { id: shown.id, answer });
    writes.insert(0, StoreWrite::PutRecord(shown.with_answer(deputy, answer)));
    (mutation, writes)
}

/// The next push: up to `max` mutations of the outbox (held oldest first).
pub fn next_push(client: ClientId, outbox: &[Mutation], max: usize) -> Option<PushRequest> {
    (!outbox.is_empty()).then(|| PushRequest {
        client,
        mutations: outbox.iter().take(max).cloned().collect(),
    })
}

/// What a push answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The writes to perform, in one transaction.
    pub writes: Vec<StoreWrite>,
    /// How many of the sent mutations the server has handled.
    pub handled: usize,
    /// How many new refusals and conflicts the user must see.
    pub problems: usize,
    /// The server handled none of the batch: it waits for this older number, which this
    /// client no longer holds. Pushing again would not help.
    pub stalled_at: Option<u64>,
}

/// Acknowledges a push answer for `sent` (the mutations of the request that are still in the
/// outbox): drops what the server handled and keeps the refusals and conflicts. After a
/// problem the local copies may differ from the server's, so the next pull is a snapshot,
/// which replaces them. A stale answer (from an older, delayed push) only drops what is
/// already gone.
pub fn acknowledge(sent: &[Mutation], response: &PushResponse) -> Acknowledgement {
    let problems: Vec<SyncProblem> = response
        .results
        .iter()
        .filter(|result| matches!(result.outcome, Outcome::Refused { .. } | Outcome::Conflict { .. }))
        .filter_map(|result| {
            let mutation = sent.iter().find(|m| m.seq == result.seq)?;
            Some(SyncProblem {
                mutation: mutation.clone(),
                outcome: result.outcome.clone(),
            })
        })
        .collect();
    let handled = sent.iter().filter(|m| m.seq <= response.last_applied).count();
    let stalled_at = match sent.first() {
        Some(first) if response.last_applied < first.seq => {
            Some(response.gap_expected.unwrap_or(response.last_applied + 1))
        }
        _ => None,
    };
    let count = problems.len();
    let mut writes = vec![StoreWrite::DeleteMutationsThrough(response.last_applied)];
    if !problems.is_empty() {
        writes.push(StoreWrite::AddProblems(problems));
        writes.push(StoreWrite::SetPosition(PullPosition::Start));
    }
    Acknowledgement {
        writes,
        handled,
        problems: count,
        stalled_at,
    }
}

/// What a pull page did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullStep {
    /// The writes to perform, in one transaction.
    pub writes: Vec<StoreWrite>,
    /// How many entries were stored.
    pub applied: usize,
    /// Pull again now: the server has more and nothing holds the pull back.
    pub more: bool,
    /// The page reached a record with a change still in the outbox; the pull stopped before
    /// it and resumes there after the next push.
    pub held: bool,
}

/// Applies one pull page, answered to a request made from `position`, while `pending` (the
/// outbox, read in the same transaction) waits.
///
/// The pull is held (nothing stored, the position kept, [`PullStep::held`] set) before the
/// first entry of a record whose change still waits, and before a whole reset while any change
/// waits: a reset's snapshot says nothing of a record the server no longer holds, so a
/// waiting change's record kept through it might never be corrected. The next pass pushes
/// first and pulls again from the same place.
pub fn apply_pull(position: &PullPosition, pending: &[Mutation], response: &PullResponse) -> PullStep {
    let pending_ids: BTreeSet<ActivityId> = pending.iter().map(|m| m.operation.record()).collect();
    if response.reset && !pending_ids.is_empty() {
        return PullStep {
            writes: Vec::new(),
            applied: 0,
            more: false,
            held: true,
        };
    }
    let mut writes = Vec::new();
    if response.reset {
        writes.push(StoreWrite::ClearRecords);
    }
    let mut applied = 0;
    let mut held_at = None;
    for (index, entry) in response.entries.iter().enumerate() {
        if pending_ids.contains(&entry.change.record()) {
            held_at = Some(index);
            break;
        }
        writes.push(match &entry.change {
            Change::Upsert { activity } => StoreWrite::PutRecord(activity.clone()),
            Change::Tombstone { id } => StoreWrite::DeleteRecord(*id),
        });
        applied += 1;
    }
    let next = match held_at {
        None => match &response.snapshot {
            Some(snapshot) => PullPosition::Snapshot(snapshot.clone()),
            None => PullPosition::Cursor(response.cursor),
        },
        Some(index) => held_position(position, response, index),
    };
    writes.push(StoreWrite::SetPosition(next));
    let held = held_at.is_some();
    if !held && !response.more {
        writes.push(StoreWrite::MarkSynced);
    }
    PullStep {
        writes,
        applied,
        more: response.more && !held,
        held,
    }
}

/// Where to resume when the page's entry at `index` could not be applied yet.
fn held_position(asked_from: &PullPosition, response: &PullResponse, index: usize) -> PullPosition {
    let previous = index.checked_sub(1).map(|i| &response.entries[i]);
    let in_snapshot = response.reset || matches!(asked_from, PullPosition::Snapshot(_));
    if !in_snapshot {
        // Change-log entries: resume after the last one stored.
        return PullPosition::Cursor(previous.map_or_else(
            || match asked_from {
                PullPosition::Cursor(cursor) => *cursor,
                _ => 0,
            },
            |entry| entry.seq,
        ));
    }
    // Snapshot entries all carry the snapshot's head; resume after the last record stored.
    let at = response.entries[index].seq;
    match (previous, asked_from) {
        (Some(entry), _) => PullPosition::Snapshot(SnapshotCursor {
            at,
            after: entry.change.record(),
        }),
        (None, PullPosition::Snapshot(snapshot)) => PullPosition::Snapshot(snapshot.clone()),
        // The first record of a snapshot continued from the start.
        (None, _) => PullPosition::Start,
    }
}

/// Adds the mutations of an outbox exported on another browser after this client's own
/// (renumbered from `next_seq`, in their order), with the local copies they save.
pub fn import(next_seq: u64, exported: &[Mutation]) -> (usize, Vec<StoreWrite>) {
    // In sequence order; equal numbers (a hand-edited file) keep their order in the file.
    let mut ordered: Vec<(usize, &Mutation)> = exported.iter().enumerate().collect();
    ordered.sort_unstable_by_key(|(position, m)| (m.seq, *position));
    let ordered: Vec<&Mutation> = ordered.into_iter().map(|(_, m)| m).collect();
    let mut writes = Vec::new();
    let mut seq = next_seq;
    for mutation in &ordered {
        writes.extend(local_effect(&mutation.operation));
        writes.push(StoreWrite::PutMutation(Mutation {
            seq,
            operation: mutation.operation.clone(),
        }));
        seq += 1;
    }
    writes.push(StoreWrite::SetNextSeq(seq));
    (ordered.len(), writes)
}
