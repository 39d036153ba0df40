//! The client's side: the outbox (numbering, batching, acknowledgement) and applying pulled
//! changes. The app keeps the same state in IndexedDB; this is the logic.

use std::collections::BTreeMap;

use crate::activity::Activity;
use crate::ids::{ActivityId, ClientId};
use crate::sync::messages::{
    Change, Mutation, MutationResult, Operation, Outcome, PullResponse, PushRequest, PushResponse,
};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outbox {
    pub client: ClientId,
    /// The sequence number the next mutation gets.
    pub next_seq: u64,
    /// Mutations not yet acknowledged, in order.
    pub pending: Vec<Mutation>,
}

impl Outbox {
    pub fn new(client: ClientId) -> Self {
        Self {
            client,
            next_seq: 1,
            pending: Vec::new(),
        }
    }

    /// Numbers a new mutation and queues it.
    pub fn enqueue(&mut self, operation: Operation) -> Mutation {
        let mutation = Mutation {
            seq: self.next_seq,
            operation,
        };
        self.next_seq += 1;
        self.pending.push(mutation.clone());
        mutation
    }

    /// The revision the server will have for `id` once this outbox's queued saves of it are
    /// applied, given the last revision the client saw from the server: the base revision
    /// for one more edit.
    pub fn predicted_revision(&self, id: ActivityId, server_revision: u32) -> u32 {
        let queued = self
            .pending
            .iter()
            .filter(|m| matches!(&m.operation, Operation::SaveActivity { activity, .. } if activity.id == id))
            .count() as u32;
        server_revision + queued
    }

    /// The next push: up to `max` mutations from the oldest unacknowledged.
    pub fn next_push(&self, max: usize) -> Option<PushRequest> {
        (!self.pending.is_empty()).then(|| PushRequest {
            client: self.client,
            mutations: self.pending.iter().take(max).cloned().collect(),
        })
    }

    /// Drops every mutation the server has handled and returns the results the user must
    /// see (refusals and conflicts). A stale answer (from an older, delayed push) is harmless.
    pub fn acknowledge(&mut self, response: &PushResponse) -> Vec<MutationResult> {
        self.pending.retain(|mutation| mutation.seq > response.last_applied);
        response
            .results
            .iter()
            .filter(|result| matches!(result.outcome, Outcome::Refused { .. } | Outcome::Conflict { .. }))
            .cloned()
            .collect()
    }
}

/// The server's records as the client holds them, and its cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replica {
    pub records: BTreeMap<ActivityId, Activity>,
    pub cursor: Option<u64>,
}

impl Replica {
    /// Stores a pulled page, then moves the cursor (a reset replaces everything first).
    pub fn apply_pull(&mut self, response: &PullResponse) {
        if response.reset {
            self.records.clear();
        }
        for entry in &response.entries {
            match &entry.change {
                Change::Upsert { activity } => {
                    self.records.insert(activity.id, activity.clone());
                }
                Change::Tombstone { id } => {
                    self.records.remove(id);
                }
            }
        }
        self.cursor = Some(response.cursor);
    }
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

/// Pairs the refusals and conflicts of a push answer with the mutations they answer.
pub fn problems(sent: &[Mutation], response: &PushResponse) -> Vec<SyncProblem> {
    response
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
        .collect()
}
