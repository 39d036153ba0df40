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
