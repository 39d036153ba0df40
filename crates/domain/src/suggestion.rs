//! Suggestions (代表建议) and bills, their handling stages and the "two evaluations"
//! (两次评价): a receipt on the reply letter, then a receipt on each promised action.
//! An unsatisfied receipt sends the suggestion back to be handled again.

use crate::date::LocalDate;
use crate::define_choice;
use crate::ids::{DeputyId, SuggestionId, UnitId};
use crate::text::{Description, Reason, Title};

define_choice!(
    /// What the deputy submitted.
    SuggestionKind {
        /// 议案
        Bill = "bill",
        /// 建议、批评和意见
        Suggestion = "suggestion",
    }
);

define_choice!(
    /// Where a suggestion is in its handling.
    HandlingStage {
        /// 草稿: written, not yet submitted (may be offline).
        Draft = "draft",
        /// 已提交: received by the staff.
        Submitted = "submitted",
        /// 已退回: returned to the deputy at intake, with a reason.
        Returned = "returned",
        /// 已交办: assigned to handling units.
        Assigned = "assigned",
        /// 已答复: a reply letter was sent; waiting for the deputy's receipt.
        Replied = "replied",
        /// 重新办理: the deputy was unsatisfied; it is being handled again.
        Reopened = "reopened",
        /// 落实中: the reply was accepted; promised actions are being carried out.
        InProgress = "in_progress",
        /// 已办结: the deputy confirmed what was done.
        Completed = "completed",
    }
);

define_choice!(
    /// The deputy's receipt on a reply letter (答复函回执).
    Satisfaction {
        /// 满意.
        Satisfied = "satisfied",
        /// 基本满意.
        BasicallySatisfied = "basically_satisfied",
        /// 不满意: the suggestion goes back to be handled again.
        Unsatisfied = "unsatisfied",
    }
);

define_choice!(
    /// The deputy's receipt on a promised action (承诺事项落实情况回执).
    Fulfilment {
        /// 已落实.
        Done = "done",
        /// 部分落实.
        PartlyDone = "partly_done",
        /// 未落实.
        NotDone = "not_done",
    }
);

/// A reply letter (答复函) from a handling unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyLetter {
    /// The unit that replied.
    pub unit: Title,
    /// The day of the reply.
    pub date: LocalDate,
    /// What the reply says.
    pub summary: Description,
    /// The replying unit's id (absent in letters entered before units had accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<UnitId>,
    /// The handling round it answers (1 for the first).
    #[serde(default = "one")]
    pub round: u8,
    /// Whether the lead unit wrote it (a co-handling unit's letter gives its opinion).
    #[serde(default = "yes")]
    pub lead: bool,
}

/// The receipt on a reply letter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyReceipt {
    /// Satisfied, basically satisfied or unsatisfied.
    pub satisfaction: Satisfaction,
    /// Why, required when unsatisfied.
    #[serde(default)]
    pub reason: Option<Reason>,
    /// The day the receipt was given.
    pub date: LocalDate,
}

/// An action the handling unit promised in its reply, and the deputy's receipt on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Promise {
    /// What the unit promised to do.
    pub action: Title,
    /// By when, if a date was promised.
    pub due: Option<LocalDate>,
    /// The deputy's second evaluation, once given.
    #[serde(default)]
    pub receipt: Option<Fulfilment>,
    /// The unit that owns the action (the lead unit when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<UnitId>,
    /// The day the owner reported it done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<LocalDate>,
    /// The owner's latest progress report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Description>,
}

impl Promise {
    /// Whether the action is late on `today`: its day has passed, the owner has not
    /// reported it done and the deputy has given no receipt on it.
    pub fn overdue(&self, today: LocalDate) -> bool {
        self.due.is_some_and(|due| due < today) && self.done_on.is_none() && self.receipt.is_none()
    }
}

/// A suggestion or bill, with its handling and the deputy's two evaluations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suggestion {
    /// Made on the device.
    pub id: SuggestionId,
    /// A suggestion or a bill.
    pub kind: SuggestionKind,
    /// The title.
    pub title: Title,
    /// The text.
    pub body: Description,
    /// The lead deputy first, then co-signers (联名).
    pub deputies: Vec<DeputyId>,
    /// The day it was submitted, once submitted.
    #[serde(default)]
    pub submitted_on: Option<LocalDate>,
    /// Where it stands in handling.
    pub stage: HandlingStage,
    /// The units assigned to handle it.
    #[serde(default)]
    pub handling_units: Vec<Title>,
    /// The units' replies, oldest first.
    #[serde(default)]
    pub replies: Vec<ReplyLetter>,
    /// The first evaluation, once given.
    #[serde(default)]
    pub reply_receipt: Option<ReplyReceipt>,
    /// The actions promised in the reply.
    #[serde(default)]
    pub promises: Vec<Promise>,
    /// How many times it has been handled (2 after one unsatisfied receipt).
    #[serde(default = "one")]
    pub rounds: u8,
    /// Chosen for key supervision (重点督办).
    #[serde(default)]
    pub key_supervision: bool,
    /// Reviewed and published for public oversight (审核公开).
    #[serde(default)]
    pub published: bool,
    /// Increases by one with every accepted change.
    pub revision: u32,
    /// The category staff classified it under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<crate::handling::SuggestionCategory>,
    /// The lead and co-handling units and the reply's due date, once assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<crate::handling::Assignment>,
    /// Why staff returned it at intake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_because: Option<Reason>,
    /// The responsible leader and milestones of key supervision (重点督办).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision: Option<crate::handling::KeySupervision>,
    /// The reviewed public version, while published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<crate::handling::Publication>,
    /// Earlier suggestions on the same matter that staff linked (年年办又年年提).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<SuggestionId>,
    /// Every step of its handling, oldest first: who did what, when, in which round.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<crate::handling::HandlingEvent>,
}

fn one() -> u8 {
    1
}

fn yes() -> bool {
    true
}

/// Why a deputy's step on a suggestion was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FlowError {
    /// The step does not fit the stage the suggestion is in.
    WrongStage {
        /// The stage it is at.
        stage: HandlingStage,
        /// The stage the step needs.
        expected: HandlingStage,
    },
    /// An unsatisfied receipt must say why.
    ReasonRequired,
    /// There is no promised action with this number.
    UnknownPromise {
        /// The index given.
        index: usize,
    },
    /// Only the lead deputy gives receipts and submits.
    NotTheLeadDeputy,
    /// This kind of account does not take this step (a unit cannot assign, staff cannot reply).
    NotYourStep,
    /// The unit is not assigned this suggestion (or this promised action).
    NotAssigned,
    /// A suggestion is classified before it is assigned.
    CategoryRequired,
    /// A due date outside what the handling rules allow.
    DueOutOfRange {
        /// The earliest allowed day.
        earliest: LocalDate,
        /// The latest allowed day.
        latest: LocalDate,
    },
    /// More of something than the handling rules allow.
    TooMany {
        /// What: "co_units", "promises", "milestones", "history".
        what: &'static str,
        /// The most allowed.
        max: usize,
    },
    /// A unit named twice, or the lead also named as a co-handling unit.
    UnitTwice,
    /// The promised action is not late, so it does not reopen the suggestion.
    NotOverdue,
    /// Publishing what is already published, or withdrawing what is not.
    Publication {
        /// Whether it is published now.
        published: bool,
    },
    /// Key supervision steps on a suggestion that is not key-supervised, or twice.
    Supervision {
        /// Whether it is key-supervised now.
        supervised: bool,
    },
    /// Text meant for the public still holds personal data (a phone number, an ID number,
    /// an e-mail address), in the named field.
    PersonalData {
        /// "title", "body" or "handling".
        field: &'static str,
    },
    /// A suggestion cannot be linked to itself, or to one it is already linked to.
    BadLink,
}

impl FlowError {
    /// A stable code for the API envelope (`flow_…`), which the apps explain in the
    /// user's language.
    pub fn code(&self) -> &'static str {
        match self {
            FlowError::WrongStage { .. } => "flow_wrong_stage",
            FlowError::ReasonRequired => "flow_reason_required",
            FlowError::UnknownPromise { .. } => "flow_unknown_promise",
            FlowError::NotTheLeadDeputy => "flow_not_lead_deputy",
            FlowError::NotYourStep => "flow_not_your_step",
            FlowError::NotAssigned => "flow_not_assigned",
            FlowError::CategoryRequired => "flow_category_required",
            FlowError::DueOutOfRange { .. } => "flow_due_out_of_range",
            FlowError::TooMany { .. } => "flow_too_many",
            FlowError::UnitTwice => "flow_unit_twice",
            FlowError::NotOverdue => "flow_not_overdue",
            FlowError::Publication { .. } => "flow_publication",
            FlowError::Supervision { .. } => "flow_supervision",
            FlowError::PersonalData { .. } => "flow_personal_data",
            FlowError::BadLink => "flow_bad_link",
        }
    }
}

impl std::fmt::Display for FlowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlowError::WrongStage { stage, expected } => write!(
                f,
                "the suggestion is at stage {}; this step needs stage {}",
                stage.code(),
                expected.code()
            ),
            FlowError::ReasonRequired => write!(f, "an unsatisfied receipt needs a reason"),
            FlowError::UnknownPromise { index } => write!(f, "there is no promised action number {}", index + 1),
            FlowError::NotTheLeadDeputy => write!(f, "only the lead deputy of this suggestion can do this"),
            FlowError::NotYourStep => write!(f, "this account's role does not take this step"),
            FlowError::NotAssigned => write!(
                f,
                "this suggestion (or this promised action) is not assigned to your unit"
            ),
            FlowError::CategoryRequired => write!(f, "classify the suggestion before assigning it"),
            FlowError::DueOutOfRange { earliest, latest } => {
                write!(f, "the due date must be between {earliest} and {latest}")
            }
            FlowError::TooMany { what, max } => write!(f, "at most {max} {what}"),
            FlowError::UnitTwice => write!(
                f,
                "a unit is named twice (the lead unit is not also a co-handling unit)"
            ),
            FlowError::NotOverdue => write!(f, "this promised action is not overdue"),
            FlowError::Publication { published: true } => write!(f, "the suggestion is already published"),
            FlowError::Publication { published: false } => write!(f, "the suggestion is not published"),
            FlowError::Supervision { supervised: true } => write!(f, "the suggestion is already under key supervision"),
            FlowError::Supervision { supervised: false } => write!(f, "the suggestion is not under key supervision"),
            FlowError::PersonalData { field } => write!(
                f,
                "{field}: the public version still holds personal data (a phone number, an ID number or an e-mail address)"
            ),
            FlowError::BadLink => write!(f, "a suggestion is linked to an earlier one once, and never to itself"),
        }
    }
}

impl std::error::Error for FlowError {}

fn expect_stage(suggestion: &Suggestion, expected: HandlingStage) -> Result<(), FlowError> {
    if suggestion.stage == expected {
        Ok(())
    } else {
        Err(FlowError::WrongStage {
            stage: suggestion.stage,
            expected,
        })
    }
}

impl Suggestion {
    /// A new draft by `deputies` (the lead first), not yet submitted.
    pub fn draft(
        id: SuggestionId,
        kind: SuggestionKind,
        title: Title,
        body: Description,
        deputies: Vec<DeputyId>,
    ) -> Self {
        Self {
            id,
            kind,
            title,
            body,
            deputies,
            submitted_on: None,
            stage: HandlingStage::Draft,
            handling_units: Vec::new(),
            replies: Vec::new(),
            reply_receipt: None,
            promises: Vec::new(),
            rounds: 1,
            key_supervision: false,
            published: false,
            revision: 0,
            category: None,
            assignment: None,
            returned_because: None,
            supervision: None,
            publication: None,
            earlier: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The lead deputy (the first signer).
    pub fn lead(&self) -> Option<DeputyId> {
        self.deputies.first().copied()
    }

    /// Checks that `deputy` leads this suggestion.
    pub fn check_lead(&self, deputy: DeputyId) -> Result<(), FlowError> {
        if self.lead() == Some(deputy) {
            Ok(())
        } else {
            Err(FlowError::NotTheLeadDeputy)
        }
    }

    /// Whether `deputy` (the lead) owes a receipt: on the reply letter, or on a promised
    /// action still without one.
    pub fn awaits_receipt_from(&self, deputy: DeputyId) -> bool {
        self.lead() == Some(deputy)
            && match self.stage {
                HandlingStage::Replied => true,
                HandlingStage::InProgress => self.promises.iter().any(|p| p.receipt.is_none()),
                _ => false,
            }
    }

    /// Submits a draft: it is received on `today`.
    pub fn submit(&mut self, today: LocalDate) -> Result<(), FlowError> {
        expect_stage(self, HandlingStage::Draft)?;
        self.stage = HandlingStage::Submitted;
        self.submitted_on = Some(today);
        self.revision += 1;
        if let Some(lead) = self.lead() {
            self.record(crate::handling::Actor::Deputy(lead), "submit", today, None);
        }
        Ok(())
    }

    /// The first evaluation (答复函回执): satisfied or basically satisfied moves on to the
    /// promised actions (or completes it when nothing was promised); unsatisfied sends it
    /// back for handling again, one round more.
    pub fn give_reply_receipt(
        &mut self,
        satisfaction: Satisfaction,
        reason: Option<Reason>,
        today: LocalDate,
    ) -> Result<(), FlowError> {
        expect_stage(self, HandlingStage::Replied)?;
        if satisfaction == Satisfaction::Unsatisfied && reason.is_none() {
            return Err(FlowError::ReasonRequired);
        }
        self.reply_receipt = Some(ReplyReceipt {
            satisfaction,
            reason,
            date: today,
        });
        self.stage = match satisfaction {
            Satisfaction::Unsatisfied => {
                self.rounds = self.rounds.saturating_add(1);
                HandlingStage::Reopened
            }
            _ if self.promises.is_empty() => HandlingStage::Completed,
            _ => HandlingStage::InProgress,
        };
        self.revision += 1;
        if let Some(lead) = self.lead() {
            let detail = match &self.reply_receipt {
                Some(ReplyReceipt {
                    reason: Some(reason), ..
                }) => format!("{}: {}", satisfaction.code(), reason.as_str()),
                _ => satisfaction.code().to_owned(),
            };
            self.record(
                crate::handling::Actor::Deputy(lead),
                "reply_receipt",
                today,
                Some(detail),
            );
        }
        Ok(())
    }

    /// The second evaluation (承诺事项落实回执), one promised action at a time. When every
    /// action has a receipt: all done or partly done completes the suggestion; any "not done"
    /// sends it back for handling again.
    pub fn give_promise_receipt(
        &mut self,
        index: usize,
        fulfilment: Fulfilment,
        today: LocalDate,
    ) -> Result<(), FlowError> {
        expect_stage(self, HandlingStage::InProgress)?;
        let promise = self
            .promises
            .get_mut(index)
            .ok_or(FlowError::UnknownPromise { index })?;
        promise.receipt = Some(fulfilment);
        if self.promises.iter().all(|p| p.receipt.is_some()) {
            if self.promises.iter().any(|p| p.receipt == Some(Fulfilment::NotDone)) {
                self.rounds = self.rounds.saturating_add(1);
                self.stage = HandlingStage::Reopened;
            } else {
                self.stage = HandlingStage::Completed;
            }
        }
        self.revision += 1;
        if let Some(lead) = self.lead() {
            let detail = format!("{}: {}", index + 1, fulfilment.code());
            self.record(
                crate::handling::Actor::Deputy(lead),
                "promise_receipt",
                today,
                Some(detail),
            );
        }
        Ok(())
    }
}

/// The most co-signers (联名代表) one suggestion may name.
pub const MAX_CO_SIGNERS: usize = 100;

/// Checks the co-signers a lead deputy names on a suggestion submitted on `on`: each must
/// be a deputy on the roster (`found` holds those the roster has), of the lead's level,
/// serving on that day, and named once; the lead is not their own co-signer. The error
/// names `co_signers[i]`.
pub fn check_co_signers(
    lead: &crate::deputy::Deputy,
    co_signers: &[crate::ids::DeputyId],
    found: &[crate::deputy::Deputy],
    on: LocalDate,
) -> Result<(), crate::error::ValidationError> {
    use crate::error::{Problem, ValidationError};
    check_co_signers_count(co_signers.len())?;
    for (index, id) in co_signers.iter().enumerate() {
        let field = format!("co_signers[{index}]");
        let inconsistent = |detail: String| Err(ValidationError::new(field.clone(), Problem::Inconsistent { detail }));
        if *id == lead.id {
            return inconsistent("the lead deputy does not co-sign their own suggestion".into());
        }
        if co_signers[..index].contains(id) {
            return inconsistent(format!("deputy {id} is named twice"));
        }
        let Some(deputy) = found.iter().find(|d| d.id == *id) else {
            return inconsistent(format!("there is no deputy {id}"));
        };
        if deputy.level != lead.level {
            return inconsistent(format!("{} is a deputy of another congress", deputy.name));
        }
        if !deputy.serving_on(on) {
            return inconsistent(format!("{} is not serving on {on}", deputy.name));
        }
    }
    Ok(())
}

/// Refuses more than [`MAX_CO_SIGNERS`] co-signers (before any is looked up).
pub fn check_co_signers_count(count: usize) -> Result<(), crate::error::ValidationError> {
    if count > MAX_CO_SIGNERS {
        return Err(crate::error::ValidationError::new(
            "co_signers",
            crate::error::Problem::OutOfRange {
                min: "0".into(),
                max: MAX_CO_SIGNERS.to_string(),
            },
        ));
    }
    Ok(())
}
