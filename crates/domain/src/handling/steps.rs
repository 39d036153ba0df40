//! The steps of handling a suggestion, who may take each, at which stage, and what each
//! changes — the state machine the server applies and the console previews offline.
//!
//! ```text
//! Draft ─submit→ Submitted ─assign→ Assigned ─reply(lead)→ Replied ─receipt ok→ InProgress ─all promises ok→ Completed
//!                    │                  ↑                    │  │          (no promises) ─────────────────→ Completed
//!                    └─return→ Returned │                    │  └─ask_again / receipt unsatisfied → Reopened
//!                                       └──── reply(lead) ←──┴──────────── Reopened ← reopen_overdue / promise not done
//! ```
//!
//! Every accepted step adds one line to the history and one to the revision.

use super::{Actor, Assignment, HandlingRules, KeySupervision, Milestone, Publication, SuggestionCategory};
use crate::date::LocalDate;
use crate::ids::{SuggestionId, UnitId};
use crate::suggestion::{FlowError, Fulfilment, HandlingStage, Promise, ReplyLetter, Satisfaction, Suggestion};
use crate::text::{Description, Reason, Title};

/// A promised action, as a reply letter states it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewPromise {
    /// What will be done.
    pub action: Title,
    /// By when.
    pub due: LocalDate,
    /// The unit that owns it (the lead unit when absent).
    #[serde(default)]
    pub owner: Option<UnitId>,
}

/// A milestone, as staff set it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewMilestone {
    /// What is to be reached.
    pub title: Title,
    /// By when.
    pub due: LocalDate,
}

/// One step of handling. Staff take intake, assignment, supervision and publication
/// steps; units reply and report on promises; the lead deputy gives the two receipts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)] // each variant's doc says what its fields are
pub enum HandlingStep {
    /// Staff: return it to the deputy at intake (Submitted → Returned).
    Return { reason: Reason },
    /// Staff: classify it (any stage from Submitted until Completed).
    Classify { category: SuggestionCategory },
    /// Staff: assign a lead unit and co-handling units (Submitted → Assigned). Without a
    /// due date the rules' default applies (3 months).
    Assign {
        lead: UnitId,
        #[serde(default)]
        co_units: Vec<UnitId>,
        #[serde(default)]
        due: Option<LocalDate>,
    },
    /// Staff: move the reply's due date, with a reason, up to the rules' longest.
    Extend { due: LocalDate, reason: Reason },
    /// A unit: the lead's reply letter (Assigned/Reopened → Replied), or a co-unit's opinion.
    Reply {
        summary: Description,
        #[serde(default)]
        promises: Vec<NewPromise>,
    },
    /// Staff: ask the lead unit to answer again (Replied → Reopened).
    AskAgain { reason: Reason },
    /// The owner unit: progress on a promised action, `done` when it is carried out.
    ReportPromise {
        index: usize,
        note: Description,
        done: bool,
    },
    /// Staff: an overdue promised action sends the suggestion back for another round.
    ReopenOverdue { index: usize },
    /// The lead deputy: the receipt on the reply letter.
    ReplyReceipt {
        satisfaction: Satisfaction,
        #[serde(default)]
        reason: Option<Reason>,
    },
    /// The lead deputy: the receipt on one promised action.
    PromiseReceipt { index: usize, fulfilment: Fulfilment },
    /// Staff: choose it for key supervision with a leader and milestones.
    Supervise {
        leader: Title,
        milestones: Vec<NewMilestone>,
    },
    /// Staff: a milestone reached.
    MilestoneReached { index: usize },
    /// Staff: publish the reviewed public version.
    Publish {
        title: Title,
        body: Description,
        handling: Description,
    },
    /// Staff: withdraw the public version.
    Unpublish { reason: Reason },
    /// Staff: link an earlier suggestion on the same matter.
    LinkEarlier { earlier: SuggestionId },
}

impl HandlingStep {
    /// The step's code, as the history and the apps name it.
    pub fn code(&self) -> &'static str {
        match self {
            HandlingStep::Return { .. } => "return",
            HandlingStep::Classify { .. } => "classify",
            HandlingStep::Assign { .. } => "assign",
            HandlingStep::Extend { .. } => "extend",
            HandlingStep::Reply { .. } => "reply",
            HandlingStep::AskAgain { .. } => "ask_again",
            HandlingStep::ReportPromise { .. } => "report_promise",
            HandlingStep::ReopenOverdue { .. } => "reopen_overdue",
            HandlingStep::ReplyReceipt { .. } => "reply_receipt",
            HandlingStep::PromiseReceipt { .. } => "promise_receipt",
            HandlingStep::Supervise { .. } => "supervise",
            HandlingStep::MilestoneReached { .. } => "milestone_reached",
            HandlingStep::Publish { .. } => "publish",
            HandlingStep::Unpublish { .. } => "unpublish",
            HandlingStep::LinkEarlier { .. } => "link_earlier",
        }
    }
}

/// What a step is judged against: the day, the rules, the units that exist (with names,
/// for the deputy's view of who handles it).
#[derive(Debug, Clone, Copy)]
pub struct StepContext<'a> {
    /// Today, where the step is taken.
    pub today: LocalDate,
    /// The handling rules in force.
    pub rules: &'a HandlingRules,
    /// Every handling unit.
    pub units: &'a [super::HandlingUnit],
}

impl StepContext<'_> {
    fn unit_name(&self, id: UnitId) -> Result<Title, FlowError> {
        self.units
            .iter()
            .find(|unit| unit.id == id)
            .map(|unit| unit.name.clone())
            .ok_or(FlowError::NotAssigned)
    }
}

fn stage_in(suggestion: &Suggestion, stages: &[HandlingStage]) -> Result<(), FlowError> {
    if stages.contains(&suggestion.stage) {
        Ok(())
    } else {
        Err(FlowError::WrongStage {
            stage: suggestion.stage,
            expected: stages[0],
        })
    }
}

fn staff(actor: Actor) -> Result<(), FlowError> {
    match actor {
        Actor::Staff(_) => Ok(()),
        _ => Err(FlowError::NotYourStep),
    }
}

fn at_most(what: &'static str, count: usize, max: usize) -> Result<(), FlowError> {
    if count > max {
        Err(FlowError::TooMany { what, max })
    } else {
        Ok(())
    }
}

fn due_between(due: LocalDate, earliest: LocalDate, latest: LocalDate) -> Result<(), FlowError> {
    if due < earliest || due > latest {
        Err(FlowError::DueOutOfRange { earliest, latest })
    } else {
        Ok(())
    }
}

/// The stages a suggestion is handled in, after intake and before completion.
const OPEN: [HandlingStage; 5] = [
    HandlingStage::Submitted,
    HandlingStage::Assigned,
    HandlingStage::Replied,
    HandlingStage::Reopened,
    HandlingStage::InProgress,
];

impl Suggestion {
    /// Adds a line to the history.
    pub(crate) fn record(&mut self, by: Actor, step: &str, on: LocalDate, detail: Option<String>) {
        self.history.push(super::HandlingEvent {
            round: self.rounds,
            on,
            by,
            step: step.to_owned(),
            detail,
        });
    }

    /// Whether the reply is late on `today`: assigned (or reopened), no reply yet, and
    /// the due date has passed.
    pub fn reply_overdue(&self, today: LocalDate) -> bool {
        matches!(self.stage, HandlingStage::Assigned | HandlingStage::Reopened)
            && self.assignment.as_ref().is_some_and(|a| a.due < today)
    }

    /// The numbers (from 0) of promised actions late on `today`.
    pub fn overdue_promises(&self, today: LocalDate) -> Vec<usize> {
        if !matches!(self.stage, HandlingStage::Replied | HandlingStage::InProgress) {
            return Vec::new();
        }
        (0..self.promises.len())
            .filter(|&i| self.promises[i].overdue(today))
            .collect()
    }

    /// Whether `unit` may see this suggestion: it is (or was) assigned to it.
    pub fn assigned_to(&self, unit: UnitId) -> bool {
        self.assignment.as_ref().is_some_and(|a| a.includes(unit))
    }

    /// Takes one step by `actor`, or refuses it with the reason; a refused step changes
    /// nothing.
    pub fn apply(&mut self, step: HandlingStep, actor: Actor, context: StepContext<'_>) -> Result<(), FlowError> {
        let mut next = self.clone();
        next.take(step, actor, context)?;
        at_most("history", next.history.len(), context.rules.max_history)?;
        *self = next;
        Ok(())
    }

    fn take(&mut self, step: HandlingStep, actor: Actor, context: StepContext<'_>) -> Result<(), FlowError> {
        let today = context.today;
        let rules = context.rules;
        let code = step.code();
        // Receipts keep their own methods (the deputy's app calls them offline) and history.
        match step {
            HandlingStep::ReplyReceipt { satisfaction, reason } => {
                self.deputy_only(actor)?;
                return self.give_reply_receipt(satisfaction, reason, today);
            }
            HandlingStep::PromiseReceipt { index, fulfilment } => {
                self.deputy_only(actor)?;
                return self.give_promise_receipt(index, fulfilment, today);
            }
            _ => {}
        }
        let detail = match step {
            HandlingStep::ReplyReceipt { .. } | HandlingStep::PromiseReceipt { .. } => None,
            HandlingStep::Return { reason } => {
                staff(actor)?;
                stage_in(self, &[HandlingStage::Submitted])?;
                self.stage = HandlingStage::Returned;
                let detail = reason.as_str().to_owned();
                self.returned_because = Some(reason);
                Some(detail)
            }
            HandlingStep::Classify { category } => {
                staff(actor)?;
                stage_in(self, &OPEN)?;
                self.category = Some(category);
                Some(category.code().to_owned())
            }
            HandlingStep::Assign { lead, co_units, due } => {
                staff(actor)?;
                stage_in(self, &[HandlingStage::Submitted])?;
                if self.category.is_none() {
                    return Err(FlowError::CategoryRequired);
                }
                at_most("co_units", co_units.len(), rules.max_co_units)?;
                let mut seen = vec![lead];
                for unit in &co_units {
                    if seen.contains(unit) {
                        return Err(FlowError::UnitTwice);
                    }
                    seen.push(*unit);
                }
                let mut names = Vec::new();
                for unit in &seen {
                    names.push(context.unit_name(*unit)?);
                }
                let due = due.unwrap_or_else(|| rules.default_due(today));
                due_between(due, today, rules.default_due(today))?;
                self.handling_units = names.clone();
                self.assignment = Some(Assignment {
                    lead,
                    co_units,
                    assigned_on: today,
                    due,
                    extended_because: None,
                });
                self.stage = HandlingStage::Assigned;
                Some(format!(
                    "{} · {due}",
                    names.iter().map(Title::as_str).collect::<Vec<_>>().join("、")
                ))
            }
            HandlingStep::Extend { due, reason } => {
                staff(actor)?;
                stage_in(self, &[HandlingStage::Assigned, HandlingStage::Reopened])?;
                let assignment = self.assignment.as_mut().ok_or(FlowError::NotAssigned)?;
                due_between(due, assignment.due, rules.latest_due(assignment.assigned_on))?;
                assignment.due = due;
                let detail = format!("{due}: {}", reason.as_str());
                assignment.extended_because = Some(reason);
                Some(detail)
            }
            HandlingStep::Reply { summary, promises } => {
                let Actor::Unit(unit) = actor else {
                    return Err(FlowError::NotYourStep);
                };
                stage_in(self, &[HandlingStage::Assigned, HandlingStage::Reopened])?;
                let assignment = self.assignment.clone().ok_or(FlowError::NotAssigned)?;
                if !assignment.includes(unit) {
                    return Err(FlowError::NotAssigned);
                }
                if summary.as_str().trim().is_empty() {
                    return Err(FlowError::ReasonRequired);
                }
                let lead = assignment.lead == unit;
                if !lead && !promises.is_empty() {
                    // A co-handling unit's opinion goes to the lead; the lead's letter promises.
                    return Err(FlowError::NotYourStep);
                }
                at_most("promises", promises.len(), rules.max_promises)?;
                for promise in &promises {
                    due_between(promise.due, today, rules.latest_due(today))?;
                    if let Some(owner) = promise.owner
                        && !assignment.includes(owner)
                    {
                        return Err(FlowError::NotAssigned);
                    }
                }
                let count = promises.len();
                self.replies.push(ReplyLetter {
                    unit: context.unit_name(unit)?,
                    date: today,
                    summary: summary.clone(),
                    unit_id: Some(unit),
                    round: self.rounds,
                    lead,
                });
                if lead {
                    self.promises = promises
                        .into_iter()
                        .map(|p| Promise {
                            action: p.action,
                            due: Some(p.due),
                            receipt: None,
                            owner: p.owner.or(Some(unit)),
                            done_on: None,
                            progress: None,
                        })
                        .collect();
                    self.reply_receipt = None;
                    self.stage = HandlingStage::Replied;
                }
                Some(format!("{} ({count})", summary.as_str()))
            }
            HandlingStep::AskAgain { reason } => {
                staff(actor)?;
                stage_in(self, &[HandlingStage::Replied])?;
                self.rounds = self.rounds.saturating_add(1);
                self.stage = HandlingStage::Reopened;
                Some(reason.as_str().to_owned())
            }
            HandlingStep::ReportPromise { index, note, done } => {
                let Actor::Unit(unit) = actor else {
                    return Err(FlowError::NotYourStep);
                };
                stage_in(self, &[HandlingStage::InProgress, HandlingStage::Replied])?;
                let lead = self.assignment.as_ref().map(|a| a.lead);
                let promise = self
                    .promises
                    .get_mut(index)
                    .ok_or(FlowError::UnknownPromise { index })?;
                if promise.owner != Some(unit) && lead != Some(unit) {
                    return Err(FlowError::NotAssigned);
                }
                if promise.receipt.is_some() {
                    return Err(FlowError::WrongStage {
                        stage: HandlingStage::Completed,
                        expected: HandlingStage::InProgress,
                    });
                }
                if done {
                    promise.done_on = Some(today);
                }
                let detail = format!("{}: {}{}", index + 1, note.as_str(), if done { " ✓" } else { "" });
                promise.progress = Some(note);
                Some(detail)
            }
            HandlingStep::ReopenOverdue { index } => {
                staff(actor)?;
                stage_in(self, &[HandlingStage::InProgress, HandlingStage::Replied])?;
                let promise = self.promises.get(index).ok_or(FlowError::UnknownPromise { index })?;
                if !promise.overdue(today) {
                    return Err(FlowError::NotOverdue);
                }
                self.rounds = self.rounds.saturating_add(1);
                self.stage = HandlingStage::Reopened;
                Some(format!("{}", index + 1))
            }
            HandlingStep::Supervise { leader, milestones } => {
                staff(actor)?;
                stage_in(self, &OPEN)?;
                if self.supervision.is_some() {
                    return Err(FlowError::Supervision { supervised: true });
                }
                at_most("milestones", milestones.len(), rules.max_milestones)?;
                for milestone in &milestones {
                    due_between(milestone.due, today, super::add_months(today, 24))?;
                }
                let detail = format!("{} ({})", leader.as_str(), milestones.len());
                self.supervision = Some(KeySupervision {
                    leader,
                    since: today,
                    milestones: milestones
                        .into_iter()
                        .map(|m| Milestone {
                            title: m.title,
                            due: m.due,
                            done_on: None,
                        })
                        .collect(),
                });
                self.key_supervision = true;
                Some(detail)
            }
            HandlingStep::MilestoneReached { index } => {
                staff(actor)?;
                let supervision = self
                    .supervision
                    .as_mut()
                    .ok_or(FlowError::Supervision { supervised: false })?;
                let milestone = supervision
                    .milestones
                    .get_mut(index)
                    .ok_or(FlowError::UnknownPromise { index })?;
                milestone.done_on.get_or_insert(today);
                Some(milestone.title.as_str().to_owned())
            }
            HandlingStep::Publish { title, body, handling } => {
                staff(actor)?;
                if matches!(self.stage, HandlingStage::Draft | HandlingStage::Returned) {
                    return Err(FlowError::WrongStage {
                        stage: self.stage,
                        expected: HandlingStage::Replied,
                    });
                }
                if self.publication.is_some() {
                    return Err(FlowError::Publication { published: true });
                }
                for (field, text) in [
                    ("title", title.as_str()),
                    ("body", body.as_str()),
                    ("handling", handling.as_str()),
                ] {
                    if super::redact::holds_personal_data(text) {
                        return Err(FlowError::PersonalData { field });
                    }
                }
                self.publication = Some(Publication {
                    title,
                    body,
                    handling,
                    published_on: today,
                });
                self.published = true;
                None
            }
            HandlingStep::Unpublish { reason } => {
                staff(actor)?;
                if self.publication.take().is_none() {
                    return Err(FlowError::Publication { published: false });
                }
                self.published = false;
                Some(reason.as_str().to_owned())
            }
            HandlingStep::LinkEarlier { earlier } => {
                staff(actor)?;
                if earlier == self.id || self.earlier.contains(&earlier) {
                    return Err(FlowError::BadLink);
                }
                self.earlier.push(earlier);
                Some(earlier.to_string())
            }
        };
        self.revision += 1;
        self.record(actor, code, today, detail);
        Ok(())
    }

    fn deputy_only(&self, actor: Actor) -> Result<(), FlowError> {
        match actor {
            Actor::Deputy(deputy) => self.check_lead(deputy),
            _ => Err(FlowError::NotYourStep),
        }
    }
}
