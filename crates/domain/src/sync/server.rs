//! The server's side of push: sequencing per client and the per-record permission and
//! conflict rules. Storage is behind [`SyncStore`], implemented over a SQLite transaction
//! by the server and in memory by the model tests.

use crate::activity::{Activity, EnteredBy, Participation, Review, keep_answers};
use crate::api::Role;
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::ids::{AccountId, ActivityId, ClientId, DeputyId};
use crate::staff::{HistoryAction, HistoryEntry, StaffScope, changed_fields, may_review};
use crate::sync::messages::{Mutation, MutationResult, Operation, Outcome, PushRequest, PushResponse, RefusalCode};

/// Who is pushing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account pushing.
    pub account: AccountId,
    /// Deputy or staff.
    pub role: Role,
    /// The deputy a deputy's account belongs to.
    pub deputy: Option<DeputyId>,
    /// For staff, the deputies the account may act on.
    pub scope: StaffScope,
}

/// Storage the push logic needs; every call happens inside one transaction.
pub trait SyncStore {
    /// The storage's error.
    type Error;
    /// The highest outbox number applied for `client` (0 if none).
    fn last_applied(&mut self, client: ClientId) -> Result<u64, Self::Error>;
    /// Records that `client`'s changes up to `seq` are applied.
    fn set_last_applied(&mut self, client: ClientId, seq: u64) -> Result<(), Self::Error>;
    /// The stored record `id`, if any.
    fn activity(&mut self, id: ActivityId) -> Result<Option<Activity>, Self::Error>;
    /// Stores the record and appends an upsert to the change log.
    fn save_activity(&mut self, activity: &Activity) -> Result<(), Self::Error>;
    /// Deletes the record and appends a tombstone to the change log.
    fn delete_activity(&mut self, id: ActivityId) -> Result<(), Self::Error>;
    /// The deputy `id`, if any.
    fn deputy(&mut self, id: DeputyId) -> Result<Option<Deputy>, Self::Error>;
    /// Whether `deputy` exists and was serving on `date` (a colleague named on a record).
    fn serving_on(&mut self, deputy: DeputyId, date: LocalDate) -> Result<bool, Self::Error> {
        Ok(self.deputy(deputy)?.is_some_and(|d| d.serving_on(date)))
    }
    /// Appends a line to the record's history, in the same transaction as its effect.
    fn append_history(&mut self, entry: &HistoryEntry) -> Result<(), Self::Error>;
}

/// What to do with one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Store this version of the record.
    Save(Activity),
    /// Delete the record.
    Delete,
    /// Refuse the change.
    Refuse(RefusalCode),
    /// The client edited an old revision: the server's copy (if any) and why.
    Conflict(Option<Activity>, String),
    /// The server already holds exactly this content (the same change sent again from another
    /// client, e.g. an outbox exported and imported elsewhere): nothing to do.
    AlreadyInEffect(u32),
}

/// Whether two versions say the same thing (review state, revision and author aside).
pub fn same_content(a: &Activity, b: &Activity) -> bool {
    a.id == b.id
        && a.kind == b.kind
        && a.date == b.date
        && a.deputies == b.deputies
        && a.station == b.station
        && a.place == b.place
        && a.description == b.description
}

fn owns(actor: &Actor, activity: &Activity) -> bool {
    actor.deputy.is_some_and(|deputy| activity.deputies.contains(&deputy))
}

/// Whether the actor proposed the record (or it predates proposers): only the proposer edits
/// or withdraws a joint record; colleagues answer it.
fn proposed_by_actor(actor: &Actor, activity: &Activity) -> bool {
    activity
        .proposed_by
        .is_none_or(|proposer| actor.deputy == Some(proposer))
}

/// The permission and conflict rules for one operation against the stored record. `today`
/// is the server's today in Asia/Shanghai: a record dated after it is refused.
pub fn decide(actor: &Actor, operation: &Operation, existing: Option<&Activity>, today: LocalDate) -> Decision {
    let is_staff = actor.role == Role::Staff;
    let stale = |base: u32, current: &Activity| {
        Decision::Conflict(
            Some(current.clone()),
            format!(
                "the record changed on the server (revision {} after your {base}); both versions are kept for you to compare",
                current.revision
            ),
        )
    };
    match operation {
        Operation::SaveActivity {
            activity,
            base_revision,
        } => {
            if !is_staff && !owns(actor, activity) {
                return Decision::Refuse(RefusalCode::NotAParticipant);
            }
            if activity.date.not_after(today, "date").is_err() {
                return Decision::Refuse(RefusalCode::FutureDate);
            }
            let mut saved = activity.clone();
            saved.entered_by = if is_staff {
                EnteredBy::Staff(actor.account)
            } else {
                EnteredBy::Deputy(actor.account)
            };
            // The proposer is whoever first saved it as a deputy; answers are the colleagues'
            // own, never the editor's to set.
            saved.proposed_by = match (existing, is_staff) {
                (Some(current), _) => current.proposed_by,
                (None, true) => None,
                (None, false) => actor.deputy,
            };
            saved.answers.clear();
            let mut saved = keep_answers(existing, saved);
            // Every save waits for review, staff's entries on a deputy's behalf too: another
            // reviewer approves them.
            saved.review = Review::Pending;
            match existing {
                None if *base_revision == 0 => {
                    saved.revision = 1;
                    Decision::Save(saved)
                }
                None => Decision::Conflict(None, "the record was withdrawn or deleted on the server".into()),
                Some(current) => {
                    if !is_staff && (!owns(actor, current) || !proposed_by_actor(actor, current)) {
                        return Decision::Refuse(RefusalCode::OthersRecord);
                    }
                    if *base_revision < current.revision && same_content(activity, current) {
                        return Decision::AlreadyInEffect(current.revision);
                    }
                    if *base_revision < current.revision {
                        return stale(*base_revision, current);
                    }
                    if *base_revision > current.revision {
                        return Decision::Refuse(RefusalCode::UnknownRevision);
                    }
                    if !is_staff && !current.deputy_may_change() {
                        return Decision::Refuse(RefusalCode::NotPending);
                    }
                    saved.revision = current.revision + 1;
                    Decision::Save(saved)
                }
            }
        }
        Operation::WithdrawActivity { base_revision, .. } => match existing {
            None => Decision::Refuse(RefusalCode::NotOnServer),
            Some(current) if !is_staff && (!owns(actor, current) || !proposed_by_actor(actor, current)) => {
                Decision::Refuse(RefusalCode::OthersRecord)
            }
            Some(current) if *base_revision < current.revision => stale(*base_revision, current),
            Some(current) if !is_staff && !current.deputy_may_change() => Decision::Refuse(RefusalCode::NotPending),
            Some(_) => Decision::Delete,
        },
        Operation::AnswerJoint { answer, .. } => match existing {
            None => Decision::Refuse(RefusalCode::NotOnServer),
            Some(current) => {
                let Some(deputy) = actor.deputy.filter(|_| !is_staff) else {
                    return Decision::Refuse(RefusalCode::NotAskedToAnswer);
                };
                let asked = current.proposed_by.is_some_and(|p| p != deputy)
                    && !matches!(current.entered_by, EnteredBy::Staff(_))
                    && current.deputies.contains(&deputy);
                if !asked {
                    return Decision::Refuse(RefusalCode::NotAskedToAnswer);
                }
                let wanted = match answer {
                    crate::activity::JointAnswer::Confirmed => Participation::Counts,
                    crate::activity::JointAnswer::Declined => Participation::Declined,
                };
                if current.participation(deputy) == wanted {
                    return Decision::AlreadyInEffect(current.revision);
                }
                let mut answered = current.with_answer(deputy, *answer);
                answered.revision = current.revision + 1;
                Decision::Save(answered)
            }
        },
        Operation::Approve { .. } | Operation::Reject { .. } if !is_staff => Decision::Refuse(RefusalCode::StaffOnly),
        Operation::Approve { .. } | Operation::Reject { .. } => match existing {
            None => Decision::Refuse(RefusalCode::NotOnServer),
            Some(current) if !may_review(actor.account, current) => Decision::Refuse(RefusalCode::OwnEntry),
            Some(current) => {
                let mut reviewed = current.clone();
                reviewed.review = match operation {
                    Operation::Reject { reason, .. } => Review::Rejected { reason: reason.clone() },
                    _ => Review::Approved,
                };
                reviewed.revision = current.revision + 1;
                Decision::Save(reviewed)
            }
        },
    }
}

/// Whether a limited staff scope covers the record: a new record's deputy (the first named)
/// must be covered; an existing record, any of its participants.
fn in_scope<S: SyncStore>(
    store: &mut S,
    actor: &Actor,
    operation: &Operation,
    existing: Option<&Activity>,
) -> Result<bool, S::Error> {
    let deputies: Vec<DeputyId> = match (existing, operation) {
        (Some(current), _) => current.deputies.clone(),
        (None, Operation::SaveActivity { activity, .. }) => activity.deputies.first().copied().into_iter().collect(),
        (None, _) => return Ok(true),
    };
    for id in deputies {
        if store.deputy(id)?.is_some_and(|deputy| actor.scope.covers(&deputy)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The history line for an operation about to take effect.
fn history_entry(
    actor: &Actor,
    operation: &Operation,
    existing: Option<&Activity>,
    decision: &Decision,
) -> HistoryEntry {
    let revision = match decision {
        Decision::Save(saved) => saved.revision,
        _ => 0,
    };
    let (action, detail) = match operation {
        Operation::SaveActivity { activity, .. } => match existing {
            None => (HistoryAction::Entered, None),
            Some(current) => (
                HistoryAction::Edited,
                Some(changed_fields(current, activity).join(", ")),
            ),
        },
        Operation::WithdrawActivity { .. } => (HistoryAction::Withdrawn, None),
        Operation::Approve { .. } => (HistoryAction::Approved, None),
        Operation::Reject { reason, .. } => (HistoryAction::Rejected, Some(reason.as_str().to_owned())),
        Operation::AnswerJoint { answer, .. } => match answer {
            crate::activity::JointAnswer::Confirmed => (HistoryAction::Confirmed, None),
            crate::activity::JointAnswer::Declined => (HistoryAction::Declined, None),
        },
    };
    HistoryEntry {
        record: operation.record(),
        revision,
        action,
        by: actor.account,
        by_staff: actor.role == Role::Staff,
        detail: detail.filter(|d| !d.is_empty()),
    }
}

/// Applies a push in sequence order: duplicates are answered, the next number is decided and
/// applied, a gap stops the batch. Call inside one transaction and commit after.
pub fn process_push<S: SyncStore>(
    store: &mut S,
    actor: &Actor,
    request: &PushRequest,
    today: LocalDate,
) -> Result<PushResponse, S::Error> {
    let mut mutations: Vec<&Mutation> = request.mutations.iter().collect();
    mutations.sort_by_key(|m| m.seq);
    mutations.dedup_by_key(|m| m.seq);
    let mut last = store.last_applied(request.client)?;
    let mut results = Vec::with_capacity(mutations.len());
    let mut gap_expected = None;
    for mutation in mutations {
        let record = mutation.operation.record();
        if mutation.seq <= last {
            results.push(MutationResult {
                seq: mutation.seq,
                record,
                outcome: Outcome::Duplicate,
            });
            continue;
        }
        if mutation.seq != last + 1 {
            gap_expected = Some(last + 1);
            break;
        }
        let existing = store.activity(record)?;
        let mut decision = decide(actor, &mutation.operation, existing.as_ref(), today);
        if actor.role == Role::Staff
            && !actor.scope.is_everyone()
            && !in_scope(store, actor, &mutation.operation, existing.as_ref())?
        {
            decision = Decision::Refuse(RefusalCode::OutOfScope);
        }
        if let Decision::Save(saved) = &decision
            && matches!(mutation.operation, Operation::SaveActivity { .. })
        {
            for deputy in &saved.deputies {
                if Some(*deputy) != actor.deputy && !store.serving_on(*deputy, saved.date)? {
                    decision = Decision::Refuse(RefusalCode::UnknownColleague);
                    break;
                }
            }
        }
        if let Decision::Save(_) | Decision::Delete = &decision {
            let entry = history_entry(actor, &mutation.operation, existing.as_ref(), &decision);
            store.append_history(&entry)?;
        }
        let outcome = match decision {
            Decision::Save(activity) => {
                store.save_activity(&activity)?;
                Outcome::Applied {
                    revision: activity.revision,
                }
            }
            Decision::Delete => {
                store.delete_activity(record)?;
                Outcome::Applied { revision: 0 }
            }
            Decision::Refuse(code) => Outcome::Refused {
                reason: code.message().to_owned(),
                code: Some(code),
            },
            Decision::Conflict(server_version, reason) => Outcome::Conflict { server_version, reason },
            Decision::AlreadyInEffect(revision) => Outcome::AlreadyInEffect { revision },
        };
        last = mutation.seq;
        results.push(MutationResult {
            seq: mutation.seq,
            record,
            outcome,
        });
    }
    store.set_last_applied(request.client, last)?;
    Ok(PushResponse {
        last_applied: last,
        results,
        gap_expected,
    })
}
