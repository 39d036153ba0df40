//! What travels between client and server.

use crate::activity::{Activity, JointAnswer};
use crate::ids::{ActivityId, ClientId};
use crate::text::Reason;

/// A change a client asks for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", try_from = "OperationWire")]
pub enum Operation {
    /// Create (base_revision 0) or edit a record.
    SaveActivity {
        /// The record as the client wants it.
        activity: Activity,
        /// The revision the client last saw (0 for a new record).
        base_revision: u32,
    },
    /// Withdraw a pending record (it is deleted; others see a tombstone).
    WithdrawActivity {
        /// The record.
        id: ActivityId,
        /// The revision the client last saw.
        base_revision: u32,
    },
    /// Staff: approve a record.
    Approve {
        /// The record.
        id: ActivityId,
    },
    /// Staff: reject a record, with the reason the deputy sees.
    Reject {
        /// The record.
        id: ActivityId,
        /// Why, shown to the deputy.
        reason: Reason,
    },
    /// A colleague named on a joint record confirms or declines taking part.
    AnswerJoint {
        /// The record.
        id: ActivityId,
        /// Confirmed or declined.
        answer: JointAnswer,
    },
}

impl Operation {
    /// The record the operation is about.
    pub fn record(&self) -> ActivityId {
        match self {
            Operation::SaveActivity { activity, .. } => activity.id,
            Operation::WithdrawActivity { id, .. }
            | Operation::Approve { id }
            | Operation::Reject { id, .. }
            | Operation::AnswerJoint { id, .. } => *id,
        }
    }
}

/// One change from a client's outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mutation {
    /// 1, 2, 3… per client, in the order the user made the changes.
    pub seq: u64,
    /// What to do.
    pub operation: Operation,
}

/// `POST /api/sync/push`: a client's changes, in outbox order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PushRequest {
    /// The client that made them.
    pub client: ClientId,
    /// The changes, oldest first.
    pub mutations: Vec<Mutation>,
}

crate::define_choice!(
    /// Why the server refused a change.
    RefusalCode {
        /// A deputy may only register records they took part in.
        NotAParticipant = "not_a_participant",
        /// The record belongs to other deputies.
        OthersRecord = "others_record",
        /// Only records still pending review can be edited or withdrawn.
        NotPending = "not_pending",
        /// The base revision is newer than the server's.
        UnknownRevision = "unknown_revision",
        /// The record is not on the server.
        NotOnServer = "not_on_server",
        /// Only staff can approve or reject.
        StaffOnly = "staff_only",
        /// The record is dated after today (Asia/Shanghai, by the server's clock).
        FutureDate = "future_date",
        /// A deputy named on the record does not exist or did not serve on its date.
        UnknownColleague = "unknown_colleague",
        /// Only a colleague named on a joint record, not its proposer, answers it.
        NotAskedToAnswer = "not_asked_to_answer",
        /// A reviewer never reviews a record they entered.
        OwnEntry = "own_entry",
        /// The record's deputies are outside the staff account's scope.
        OutOfScope = "out_of_scope",
    }
);

impl RefusalCode {
    /// The English sentence for logs and API clients.
    pub fn message(self) -> &'static str {
        match self {
            RefusalCode::NotAParticipant => "a deputy can only register records they took part in",
            RefusalCode::OthersRecord => "this record belongs to other deputies",
            RefusalCode::NotPending => "only records still pending review can be edited or withdrawn",
            RefusalCode::UnknownRevision => "the change refers to a revision the server never had",
            RefusalCode::NotOnServer => "the record is not on the server (already withdrawn?)",
            RefusalCode::StaffOnly => "only staff can approve or reject records",
            RefusalCode::FutureDate => "the record is dated after today",
            RefusalCode::UnknownColleague => {
                "a deputy named on the record does not exist or was not serving on its date"
            }
            RefusalCode::NotAskedToAnswer => {
                "only a colleague named on a joint record, not its proposer, confirms or declines it"
            }
            RefusalCode::OwnEntry => "a reviewer never reviews a record they entered; another reviewer must",
            RefusalCode::OutOfScope => "the record's deputies are outside this staff account's scope",
        }
    }
}

/// What became of one mutation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", try_from = "OutcomeWire")]
pub enum Outcome {
    /// Applied now; the record's new revision (0 for a withdrawal).
    Applied {
        /// The record's revision now.
        revision: u32,
    },
    /// Applied by an earlier delivery of the same mutation.
    Duplicate,
    /// The server already held exactly this content (sent again from another client, e.g.
    /// after the outbox was exported and imported): nothing changed.
    AlreadyInEffect {
        /// The record's revision.
        revision: u32,
    },
    /// Not allowed or invalid: not applied, and never will be.
    Refused {
        /// Why, in English, for logs and support.
        reason: String,
        /// Which rule refused it, for the app to explain in the user's language.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<RefusalCode>,
    },
    /// The record changed on the server since the client's base revision.
    Conflict {
        /// The server's copy, when the record still exists.
        server_version: Option<Activity>,
        /// Why, in English, for logs and support.
        reason: String,
    },
}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MutationResult {
    /// The change's outbox number.
    pub seq: u64,
    /// The record it was about.
    pub record: ActivityId,
    /// Applied, already in effect, refused or in conflict.
    pub outcome: Outcome,
}

/// The answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PushResponse {
    /// The highest sequence number of this client the server has handled.
    pub last_applied: u64,
    /// One result per change handled, in order.
    pub results: Vec<MutationResult>,
    /// Set when the server stopped at a missing sequence number (it expected this one).
    #[serde(default)]
    pub gap_expected: Option<u64>,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "change", rename_all = "snake_case", try_from = "ChangeWire")]
pub enum Change {
    /// The record as it now stands.
    Upsert {
        /// The record.
        activity: Activity,
    },
    /// The record was withdrawn or deleted.
    Tombstone {
        /// The record.
        id: ActivityId,
    },
}

impl Change {
    /// The record the change is about.
    pub fn record(&self) -> ActivityId {
        match self {
            Change::Upsert { activity } => activity.id,
            Change::Tombstone { id } => *id,
        }
    }
}

/// One entry of the server's change log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ChangeEntryWire")]
pub struct ChangeEntry {
    /// Its position in the log.
    pub seq: u64,
    /// What changed.
    #[serde(flatten)]
    pub change: Change,
}

/// Where a paged snapshot stands: the change-log head it was taken at, and the last record
/// sent so far (records go in id order). The client keeps it until the snapshot is complete,
/// so an interrupted first sync resumes after the last page it stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnapshotCursor {
    /// The change-log position the snapshot started at; after its last page the client
    /// pulls the changes after it, which covers everything that changed meanwhile.
    pub at: u64,
    /// The last record sent; the next page starts after it.
    pub after: ActivityId,
}

/// `POST /api/sync/pull`: the changes since the client's cursor, or the next snapshot page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PullRequest {
    /// The last change sequence the client stored; `None` on first sync.
    pub cursor: Option<u64>,
    /// The most entries the answer may carry (the server also caps it).
    pub limit: u32,
    /// Set while a paged snapshot is under way: continue it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<SnapshotCursor>,
}

/// The answer to a pull.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PullResponse {
    /// The client must drop what it holds from the server and take these entries instead
    /// (the first page of a snapshot; later pages add to it).
    pub reset: bool,
    /// The entries, oldest first.
    pub entries: Vec<ChangeEntry>,
    /// Where to continue from once no snapshot is under way.
    pub cursor: u64,
    /// More entries wait: another pull follows.
    pub more: bool,
    /// Set when a snapshot has more pages: send it back in the next pull (and keep it
    /// instead of `cursor` until a page comes without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<SnapshotCursor>,
}

/// The fields of every [`Operation`], as read from JSON.
#[derive(serde::Deserialize)]
struct OperationWire {
    op: String,
    #[serde(default)]
    activity: Option<Activity>,
    #[serde(default)]
    id: Option<ActivityId>,
    #[serde(default)]
    base_revision: Option<u32>,
    #[serde(default)]
    reason: Option<Reason>,
    #[serde(default)]
    answer: Option<JointAnswer>,
}

impl TryFrom<OperationWire> for Operation {
    type Error = String;
    fn try_from(wire: OperationWire) -> Result<Self, String> {
        use crate::wire::required;
        Ok(match wire.op.as_str() {
            "save_activity" => Operation::SaveActivity {
                activity: required(wire.activity, "activity")?,
                base_revision: required(wire.base_revision, "base_revision")?,
            },
            "withdraw_activity" => Operation::WithdrawActivity {
                id: required(wire.id, "id")?,
                base_revision: required(wire.base_revision, "base_revision")?,
            },
            "approve" => Operation::Approve {
                id: required(wire.id, "id")?,
            },
            "reject" => Operation::Reject {
                id: required(wire.id, "id")?,
                reason: required(wire.reason, "reason")?,
            },
            "answer_joint" => Operation::AnswerJoint {
                id: required(wire.id, "id")?,
                answer: required(wire.answer, "answer")?,
            },
            other => {
                let expected = [
                    "save_activity",
                    "withdraw_activity",
                    "approve",
                    "reject",
                    "answer_joint",
                ];
                return Err(crate::wire::unknown_tag("op", other, &expected));
            }
        })
    }
}

/// The fields of every [`Outcome`], as read from JSON.
#[derive(serde::Deserialize)]
struct OutcomeWire {
    outcome: String,
    #[serde(default)]
    revision: Option<u32>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    code: Option<RefusalCode>,
    #[serde(default)]
    server_version: Option<Activity>,
}

impl TryFrom<OutcomeWire> for Outcome {
    type Error = String;
    fn try_from(wire: OutcomeWire) -> Result<Self, String> {
        use crate::wire::required;
        Ok(match wire.outcome.as_str() {
            "applied" => Outcome::Applied {
                revision: required(wire.revision, "revision")?,
            },
            "duplicate" => Outcome::Duplicate,
            "already_in_effect" => Outcome::AlreadyInEffect {
                revision: required(wire.revision, "revision")?,
            },
            "refused" => Outcome::Refused {
                reason: required(wire.reason, "reason")?,
                code: wire.code,
            },
            "conflict" => Outcome::Conflict {
                server_version: wire.server_version,
                reason: required(wire.reason, "reason")?,
            },
            other => {
                let expected = ["applied", "duplicate", "already_in_effect", "refused", "conflict"];
                return Err(crate::wire::unknown_tag("outcome", other, &expected));
            }
        })
    }
}

/// The fields of every [`Change`], as read from JSON.
#[derive(serde::Deserialize)]
struct ChangeWire {
    change: String,
    #[serde(default)]
    activity: Option<Activity>,
    #[serde(default)]
    id: Option<ActivityId>,
}

impl TryFrom<ChangeWire> for Change {
    type Error = String;
    fn try_from(wire: ChangeWire) -> Result<Self, String> {
        use crate::wire::required;
        Ok(match wire.change.as_str() {
            "upsert" => Change::Upsert {
                activity: required(wire.activity, "activity")?,
            },
            "tombstone" => Change::Tombstone {
                id: required(wire.id, "id")?,
            },
            other => return Err(crate::wire::unknown_tag("change", other, &["upsert", "tombstone"])),
        })
    }
}

/// A [`ChangeEntry`] as read from JSON: its sequence number beside the change's fields.
#[derive(serde::Deserialize)]
struct ChangeEntryWire {
    seq: u64,
    change: String,
    #[serde(default)]
    activity: Option<Activity>,
    #[serde(default)]
    id: Option<ActivityId>,
}

impl TryFrom<ChangeEntryWire> for ChangeEntry {
    type Error = String;
    fn try_from(wire: ChangeEntryWire) -> Result<Self, String> {
        let change = Change::try_from(ChangeWire {
            change: wire.change,
            activity: wire.activity,
            id: wire.id,
        })?;
        Ok(ChangeEntry { seq: wire.seq, change })
    }
}
