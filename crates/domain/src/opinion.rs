//! Public-opinion items (社情民意) a deputy gathers on a constituent visit or a reception at
//! a station: the content, a category, the place, the urgency, and — optionally — how to
//! reach the constituent. The contact is personal data: the app encrypts it on the device,
//! the server gives it only to the deputy who gathered it (and, with the staff console, to
//! staff handling the item), and no public page ever shows it.

use crate::date::LocalDate;
use crate::define_choice;
use crate::error::{Problem, ValidationError};
use crate::ids::{ActivityId, DeputyId, OpinionId};
use crate::text::{ContactText, Description, PlaceText};

define_choice!(
    /// What an opinion item is about.
    OpinionCategory {
        /// 民生保障
        Livelihood = "livelihood",
        /// 经济发展
        Economy = "economy",
        /// 生态环境
        Environment = "environment",
        /// 社会治理
        Governance = "governance",
        /// 法治建设
        RuleOfLaw = "rule_of_law",
        /// 其他
        Other = "other",
    }
);

define_choice!(
    /// How soon it needs attention.
    Urgency {
        /// 一般: in the ordinary course.
        Normal = "normal",
        /// 紧急: soon.
        Urgent = "urgent",
        /// 特急: at once.
        VeryUrgent = "very_urgent",
    }
);

/// One opinion item, as the deputy's device sends it and the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpinionItem {
    /// Made on the device.
    pub id: OpinionId,
    /// The visit (a constituent-visit activity) it was gathered on.
    pub visit: ActivityId,
    /// The deputy who gathered it.
    pub deputy: DeputyId,
    /// The day it was gathered.
    pub gathered_on: LocalDate,
    /// What was said.
    pub content: Description,
    /// What it is about.
    pub category: OpinionCategory,
    /// Where it was gathered.
    #[serde(default)]
    pub place: PlaceText,
    /// How urgent it is.
    pub urgency: Urgency,
    /// How to reach the person, if they agreed; sealed from the public.
    #[serde(default)]
    pub contact: Option<ContactText>,
}

impl OpinionItem {
    /// Checks what a form or a request carries; the content must say something.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: OpinionId,
        visit: ActivityId,
        deputy: DeputyId,
        gathered_on: LocalDate,
        content: &str,
        category: OpinionCategory,
        place: &str,
        urgency: Urgency,
        contact: &str,
    ) -> Result<Self, ValidationError> {
        let content = Description::parse_field(content, "content")?;
        if content.as_str().is_empty() {
            return Err(ValidationError::new("content", Problem::Empty));
        }
        let contact = match contact.trim() {
            "" => None,
            text => Some(ContactText::parse_field(text, "contact")?),
        };
        Ok(Self {
            id,
            visit,
            deputy,
            gathered_on,
            content,
            category,
            place: PlaceText::parse_field(place, "place")?,
            urgency,
            contact,
        })
    }
}

define_choice!(
    /// Where an opinion item is in its handling, as the deputy who gathered it sees it.
    OpinionStatus {
        /// 已收到: staff have it.
        Received = "received",
        /// 已转交办理: forwarded to a handling unit.
        Forwarded = "forwarded",
        /// 已办理答复: the unit answered.
        Answered = "answered",
        /// 已转为建议: made into a work suggestion.
        Converted = "converted",
        /// 已合并: merged into another item on the same matter.
        Merged = "merged",
    }
);

/// How staff handle an opinion item (kept beside the item, which stays the deputy's).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpinionHandling {
    /// Where it stands.
    pub status: OpinionStatus,
    /// The category staff chose, when it differs from the deputy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<OpinionCategory>,
    /// The unit it was forwarded to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<crate::ids::UnitId>,
    /// The item it was merged into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<OpinionId>,
    /// The work suggestion it became.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<crate::ids::SuggestionId>,
    /// Staff's note on forwarding, or the unit's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Description>,
    /// The day of the last step.
    pub updated_on: LocalDate,
    /// Increases with every step.
    pub revision: u32,
}

/// One step of handling an opinion item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)] // each variant's doc says what its fields are
pub enum OpinionStep {
    /// Staff: put it under another category.
    Categorise { category: OpinionCategory },
    /// Staff: merge it into an item on the same matter.
    Merge { into: OpinionId },
    /// Staff: forward it to a unit, with a note for the unit.
    Forward {
        unit: crate::ids::UnitId,
        note: Description,
    },
    /// Staff: make it a work suggestion (the server creates the suggestion with this id).
    Convert {
        suggestion: crate::ids::SuggestionId,
        title: crate::text::Title,
    },
    /// The unit it was forwarded to: its answer.
    Answer { note: Description },
}

/// Why an opinion step was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OpinionFlowError {
    /// Merged or converted items take no more steps; answered needs forwarded.
    WrongStatus {
        /// The status it has.
        status: OpinionStatus,
    },
    /// The step is not this account's (a unit cannot forward, staff do not answer).
    NotYourStep,
    /// An item cannot be merged into itself.
    SelfMerge,
    /// Forwarding or answering needs words.
    NoteRequired,
}

impl OpinionFlowError {
    /// A stable code for the API envelope.
    pub fn code(&self) -> &'static str {
        match self {
            OpinionFlowError::WrongStatus { .. } => "opinion_wrong_status",
            OpinionFlowError::NotYourStep => "flow_not_your_step",
            OpinionFlowError::SelfMerge => "opinion_self_merge",
            OpinionFlowError::NoteRequired => "flow_reason_required",
        }
    }
}

impl std::fmt::Display for OpinionFlowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpinionFlowError::WrongStatus { status } => {
                write!(f, "the item is {}; this step does not apply to it", status.code())
            }
            OpinionFlowError::NotYourStep => write!(f, "this account's role does not take this step"),
            OpinionFlowError::SelfMerge => write!(f, "an item cannot be merged into itself"),
            OpinionFlowError::NoteRequired => write!(f, "say what is forwarded or answered"),
        }
    }
}

impl std::error::Error for OpinionFlowError {}

impl OpinionHandling {
    /// The handling of an item staff have not touched yet.
    pub fn received(today: LocalDate) -> Self {
        Self {
            status: OpinionStatus::Received,
            category: None,
            unit: None,
            merged_into: None,
            suggestion: None,
            note: None,
            updated_on: today,
            revision: 0,
        }
    }

    /// Takes a step on item `item`: by staff (`by_unit` None) or by a unit.
    pub fn apply(
        &mut self,
        item: OpinionId,
        step: OpinionStep,
        by_unit: Option<crate::ids::UnitId>,
        today: LocalDate,
    ) -> Result<(), OpinionFlowError> {
        use OpinionStatus::*;
        let finished = matches!(self.status, Merged | Converted);
        match (step, by_unit) {
            (OpinionStep::Answer { note }, Some(unit)) => {
                if self.status != Forwarded || self.unit != Some(unit) {
                    return Err(OpinionFlowError::WrongStatus { status: self.status });
                }
                if note.as_str().trim().is_empty() {
                    return Err(OpinionFlowError::NoteRequired);
                }
                self.note = Some(note);
                self.status = Answered;
            }
            (_, Some(_)) | (OpinionStep::Answer { .. }, None) => return Err(OpinionFlowError::NotYourStep),
            (_, None) if finished => return Err(OpinionFlowError::WrongStatus { status: self.status }),
            (OpinionStep::Categorise { category }, None) => self.category = Some(category),
            (OpinionStep::Merge { into }, None) => {
                if into == item {
                    return Err(OpinionFlowError::SelfMerge);
                }
                self.merged_into = Some(into);
                self.status = Merged;
            }
            (OpinionStep::Forward { unit, note }, None) => {
                if note.as_str().trim().is_empty() {
                    return Err(OpinionFlowError::NoteRequired);
                }
                if self.status == Answered {
                    return Err(OpinionFlowError::WrongStatus { status: self.status });
                }
                self.unit = Some(unit);
                self.note = Some(note);
                self.status = Forwarded;
            }
            (OpinionStep::Convert { suggestion, .. }, None) => {
                self.suggestion = Some(suggestion);
                self.status = Converted;
            }
        }
        self.updated_on = today;
        self.revision += 1;
        Ok(())
    }
}
