//! Suggestion handling (建议办理) beyond the deputy's half: the handling units (承办单位),
//! the categories, the assignment with its due date, key supervision (重点督办), the
//! reviewed public version (审核公开) and the history of every step. The steps themselves
//! and the rules they obey are in [`steps`]; finding earlier suggestions on the same matter
//! in [`similar`]; the figures per unit and category in [`stats`]; masking personal data in
//! text meant for the public in [`redact`].

pub mod redact;
pub mod similar;
pub mod stats;
pub mod steps;

use crate::date::LocalDate;
use crate::define_choice;
use crate::ids::{AccountId, DeputyId, UnitId};
use crate::text::{Description, Reason, Title};

pub use steps::{HandlingStep, NewMilestone, NewPromise, StepContext};

define_choice!(
    /// What a suggestion is about, as staff classify it at intake.
    SuggestionCategory {
        /// 经济发展
        Economy = "economy",
        /// 城乡建设
        Urban = "urban",
        /// 交通运输
        Transport = "transport",
        /// 教育科技
        Education = "education",
        /// 医疗卫生
        Health = "health",
        /// 社会保障
        Welfare = "welfare",
        /// 生态环境
        Environment = "environment",
        /// 农业农村
        Rural = "rural",
        /// 政法与社会治理
        Governance = "governance",
        /// 其他
        Other = "other",
    }
);

define_choice!(
    /// What kind of body a handling unit is.
    UnitKind {
        /// 市级部门: a municipal department.
        Department = "department",
        /// 区县政府: a district or county government.
        DistrictGovernment = "district_government",
        /// 其他单位: courts, procuratorates, state companies…
        Other = "other",
    }
);

/// A handling unit (承办单位), with an account that works in the staff console.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandlingUnit {
    /// Its id.
    pub id: UnitId,
    /// Its name, e.g. 市交通运输委.
    pub name: Title,
    /// A department, a district government or another body.
    pub kind: UnitKind,
}

/// Who took a step: the lead deputy, a staff account or a handling unit. On the wire a
/// string, `deputy:<id>`, `staff:<id>` or `unit:<id>` (a string costs the apps far less
/// code to read than a tagged enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Actor {
    /// A deputy (their receipts).
    Deputy(DeputyId),
    /// A staff account.
    Staff(AccountId),
    /// A handling unit.
    Unit(UnitId),
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        match actor {
            Actor::Deputy(id) => format!("deputy:{id}"),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::Unit(id) => format!("unit:{id}"),
        }
    }
}

impl TryFrom<String> for Actor {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let bad = || format!("`{text}` is not deputy:<id>, staff:<id> or unit:<id>");
        let (role, id) = text.split_once(':').ok_or_else(bad)?;
        match role {
            "deputy" => DeputyId::parse_field(id, "by").map(Actor::Deputy).map_err(|_| bad()),
            "staff" => AccountId::parse_field(id, "by").map(Actor::Staff).map_err(|_| bad()),
            "unit" => UnitId::parse_field(id, "by").map(Actor::Unit).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

/// One step in a suggestion's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandlingEvent {
    /// The handling round it belongs to.
    pub round: u8,
    /// The day.
    pub on: LocalDate,
    /// Who.
    pub by: Actor,
    /// The step's code (`submit`, `assign`, `reply`, `reply_receipt`…), which the apps name.
    pub step: String,
    /// What was said: a reason, a summary, the receipt given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The units a suggestion is assigned to and by when the reply is due.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Assignment {
    /// The lead unit (主办单位), which writes the reply letter.
    pub lead: UnitId,
    /// Co-handling units (协办单位), which give their opinion to the lead.
    #[serde(default)]
    pub co_units: Vec<UnitId>,
    /// The day it was assigned.
    pub assigned_on: LocalDate,
    /// The day the reply is due.
    pub due: LocalDate,
    /// Why the due date was extended, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_because: Option<Reason>,
}

impl Assignment {
    /// Whether `unit` is the lead or a co-handling unit.
    pub fn includes(&self, unit: UnitId) -> bool {
        self.lead == unit || self.co_units.contains(&unit)
    }
}

/// A milestone of key supervision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Milestone {
    /// What is to be reached.
    pub title: Title,
    /// By when.
    pub due: LocalDate,
    /// The day it was reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<LocalDate>,
}

/// Key supervision (重点督办): a responsible leader and milestones.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeySupervision {
    /// The leader responsible, e.g. 副主任 王某某.
    pub leader: Title,
    /// The day it was chosen.
    pub since: LocalDate,
    /// The milestones, in order.
    pub milestones: Vec<Milestone>,
}

impl KeySupervision {
    /// Milestones reached, of all.
    pub fn reached(&self) -> (usize, usize) {
        let done = self.milestones.iter().filter(|m| m.done_on.is_some()).count();
        (done, self.milestones.len())
    }
}

/// The reviewed public version of a suggestion: what the public site shows. Staff write
/// it from the original with no constituent's personal data and no internal notes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Publication {
    /// The public title.
    pub title: Title,
    /// The public text.
    pub body: Description,
    /// How it was handled, in words for the public.
    pub handling: Description,
    /// The day it was published.
    pub published_on: LocalDate,
}

/// The handling rules, as data like the compliance rules: how long a unit has to reply
/// and how far that may be extended, and how many units, promises and milestones one
/// suggestion may carry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlingRules {
    /// Months from assignment to the reply's due date by default (3).
    pub reply_months: u32,
    /// The latest due date, in months from assignment, with a reason (6).
    pub longest_months: u32,
    /// Co-handling units per suggestion.
    pub max_co_units: usize,
    /// Promised actions per reply letter.
    pub max_promises: usize,
    /// Milestones of key supervision.
    pub max_milestones: usize,
    /// Steps kept in one suggestion's history.
    pub max_history: usize,
}

/// The rules in force in Chongqing, from `rules/handling.json`.
pub const DEFAULT_HANDLING_RULES_JSON: &str = include_str!("../../rules/handling.json");

impl HandlingRules {
    /// Reads rules from their JSON text, checking that they make sense.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let rules: Self = serde_json::from_str(text).map_err(|error| format!("handling rules: {error}"))?;
        if rules.reply_months == 0 || rules.longest_months < rules.reply_months || rules.longest_months > 24 {
            return Err("handling rules: 0 < reply_months ≤ longest_months ≤ 24".into());
        }
        Ok(rules)
    }

    /// The rules in force by default (3 months, up to 6).
    pub fn standard() -> Self {
        Self::from_json(DEFAULT_HANDLING_RULES_JSON).unwrap_or(Self {
            reply_months: 3,
            longest_months: 6,
            max_co_units: 6,
            max_promises: 20,
            max_milestones: 20,
            max_history: 400,
        })
    }

    /// The default due date of a reply for a suggestion assigned on `day`.
    pub fn default_due(&self, day: LocalDate) -> LocalDate {
        add_months(day, self.reply_months)
    }

    /// The latest due date allowed, with a reason, for one assigned on `day`.
    pub fn latest_due(&self, day: LocalDate) -> LocalDate {
        add_months(day, self.longest_months)
    }
}

/// `day` plus `months` calendar months, on the same day of the month or the month's last.
pub fn add_months(day: LocalDate, months: u32) -> LocalDate {
    let total = day.year() * 12 + (day.month() as i32 - 1) + months as i32;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = crate::date::days_in_month(year, month);
    LocalDate::from_ymd(year, month, day.day().min(last)).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_calendar_months() {
        let day = |t: &str| LocalDate::parse_field(t, "d").unwrap();
        assert_eq!(add_months(day("2026-03-15"), 3), day("2026-06-15"));
        assert_eq!(add_months(day("2026-11-30"), 3), day("2027-02-28"));
        assert_eq!(add_months(day("2026-08-31"), 6), day("2027-02-28"));
        let rules = HandlingRules::standard();
        assert_eq!(rules.reply_months, 3);
        assert_eq!(rules.longest_months, 6);
    }
}
