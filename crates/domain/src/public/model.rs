//! The public types: everything a public page or download may show, and nothing more.
//! Ids are strings, dates ISO days; names of choices are their stable codes (the pages put
//! them in words). These are what the open-data API answers, described by its OpenAPI
//! document.

use crate::date::LocalDate;
use crate::public::disclosure::Cell;
use crate::rules::LocalizedText;

/// Everything public, as of one day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicData {
    /// The day the figures are computed for (Chongqing time).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: LocalDate,
    /// Every deputy on the roster, by id.
    pub deputies: Vec<PublicDeputy>,
    /// Every deputy station, by district.
    pub stations: Vec<PublicStation>,
    /// The suggestions published for public oversight, newest first.
    pub suggestions: Vec<PublicSuggestion>,
    /// The statistics of every year and term begun, newest first.
    pub statistics: Vec<PeriodStatistics>,
}

/// A deputy's public profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDeputy {
    /// The deputy's id.
    pub id: String,
    /// The name.
    pub name: String,
    /// `national`, `municipal`, `district` or `township`.
    pub level: String,
    /// 原选举单位: the district or body that elected the deputy.
    pub electoral_unit: String,
    /// Occupation or workplace as published.
    pub occupation: Option<String>,
    /// Service in each term.
    pub terms: Vec<PublicTerm>,
    /// Liaison and professional groups.
    pub groups: Vec<PublicGroup>,
    /// Ids of the stations where the deputy receives the public.
    pub stations: Vec<String>,
    /// The standing on each requirement in each year and term begun, newest first.
    pub standings: Vec<PublicStanding>,
    /// Records still waiting for staff review: not counted in the standings yet.
    pub pending_records: u32,
    /// Approved duty activities, newest first (public fields only).
    pub activities: Vec<PublicActivity>,
    /// Ids of published suggestions the deputy signed.
    pub suggestions: Vec<String>,
}

/// Service in one term.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicTerm {
    /// The term's number.
    pub term: u16,
    /// The first day served.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: LocalDate,
    /// The last day served (or the term's end).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub until: LocalDate,
}

/// A liaison or professional group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicGroup {
    /// The group's id.
    pub id: String,
    /// `liaison` or `professional`.
    pub kind: String,
    /// The group's name.
    pub name: String,
}

/// One requirement in one period, for one deputy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStanding {
    /// `y2026` (a year) or `t6` (a term).
    pub period: String,
    /// The rule set's id.
    pub rule_set: String,
    /// The requirement's id.
    pub requirement: String,
    /// The requirement's name.
    pub title: LocalizedText,
    /// What the figures are in: `records`, `half_points` or `days`.
    pub unit: String,
    /// The figure required (the denominator: "2 of 3 required").
    pub minimum: i64,
    /// The figure reached, from approved records only.
    pub score: i64,
    /// `met`, `in_progress`, `at_risk` or `not_met`.
    pub status: String,
    /// For point systems with bands: the band reached.
    pub band: Option<String>,
    /// The band's name.
    pub band_title: Option<LocalizedText>,
    /// The deputy's right-of-reply notes on this figure.
    pub notes: Vec<PublicNote>,
}

/// A right-of-reply note, shown beside the figure or record it answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicNote {
    /// The deputy's words.
    pub text: String,
    /// The day written.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub written_on: LocalDate,
}

/// An approved duty activity, public fields only: what kind, when, at which station and
/// with which deputies — not the deputy's free text, which may name constituents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicActivity {
    /// The record's id.
    pub id: String,
    /// The kind's code (e.g. `constituent_visit`).
    pub kind: String,
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: LocalDate,
    /// The station's id, when it took place at one.
    pub station: Option<String>,
    /// Every deputy it counts for.
    pub deputies: Vec<String>,
    /// The deputy's notes on this record.
    pub notes: Vec<PublicNote>,
}

/// A deputy station and when it receives the public.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStation {
    /// The station's id.
    pub id: String,
    /// `home`, `station` or `point`.
    pub kind: String,
    /// The name.
    pub name: String,
    /// The district or county.
    pub district: String,
    /// The address (street and number).
    pub address: String,
    /// The regular reception times.
    pub reception: Vec<PublicSlot>,
    /// The next reception on or after the as-of day.
    pub next_reception: Option<NextReception>,
    /// Ids of the deputies (every level) received there.
    pub deputies: Vec<String>,
}

/// A regular reception time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSlot {
    /// ISO weekday, 1 = Monday.
    pub weekday: u8,
    /// Only this week of the month (1–5), else every week.
    pub week_of_month: Option<u8>,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM`.
    pub end: String,
}

/// The next reception day and its hours.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextReception {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: LocalDate,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM`.
    pub end: String,
}

/// A suggestion published for public oversight: its reviewed public text, how it was
/// handled, the promises and both of the deputy's receipts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSuggestion {
    /// The suggestion's id.
    pub id: String,
    /// `suggestion` or `bill`.
    pub kind: String,
    /// The year it was submitted.
    pub year: i32,
    /// The day it was submitted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub submitted_on: LocalDate,
    /// The public title.
    pub title: String,
    /// The public text.
    pub body: String,
    /// How it was handled, in words for the public.
    pub handling: String,
    /// The day it was published.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published_on: LocalDate,
    /// The category's code.
    pub category: Option<String>,
    /// The lead handling unit.
    pub lead_unit: Option<String>,
    /// Co-handling units.
    pub co_units: Vec<String>,
    /// The stage's code (e.g. `in_progress`).
    pub stage: String,
    /// Chosen for key supervision (重点督办).
    pub key_supervision: bool,
    /// How many times it has been handled (2 after an unsatisfied receipt).
    pub rounds: u8,
    /// The signing deputies' ids, the lead first.
    pub deputies: Vec<String>,
    /// The units' replies, oldest first.
    pub replies: Vec<PublicReply>,
    /// The first evaluation: the deputy's receipt on the reply.
    pub reply_receipt: Option<PublicReceipt>,
    /// The promised actions and the second evaluation of each.
    pub promises: Vec<PublicPromise>,
    /// Earlier suggestions on the same matter (年年提).
    pub raised_before: Vec<RaisedBefore>,
}

/// A reply letter, as published (personal data masked).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReply {
    /// The unit.
    pub unit: String,
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: LocalDate,
    /// What it says.
    pub summary: String,
    /// The handling round it answers.
    pub round: u8,
}

/// The receipt on a reply.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReceipt {
    /// `satisfied`, `basically_satisfied` or `unsatisfied`.
    pub satisfaction: String,
    /// The day given.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: LocalDate,
}

/// A promised action.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicPromise {
    /// What was promised.
    pub action: String,
    /// By when.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due: Option<LocalDate>,
    /// The day the unit reported it done.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub done_on: Option<LocalDate>,
    /// The deputy's receipt: `done`, `partly_done` or `not_done`.
    pub receipt: Option<String>,
}

/// An earlier suggestion on the same matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaisedBefore {
    /// The year it was raised.
    pub year: i32,
    /// Its id, when it is published too.
    pub id: Option<String>,
    /// Its public title, when published.
    pub title: Option<String>,
}

/// The statistics of one year or term.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodStatistics {
    /// `y2026` or `t6`.
    pub period: String,
    /// The first day counted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first: LocalDate,
    /// The last day counted (the as-of day while the period is open).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub last: LocalDate,
    /// Deputies serving in the period (the denominator of per-deputy figures).
    pub deputies: u32,
    /// Counts of the period: approved activities by kind, suggestions and their handling.
    pub figures: Vec<Figure>,
    /// Approved activities by kind for the deputies of each level (a record with deputies
    /// of two levels counts for both), with the deputies of that level serving.
    pub activities_by_level: Vec<FiguresOf>,
    /// The same by electoral unit (district).
    pub activities_by_district: Vec<FiguresOf>,
    /// The same by liaison group.
    pub activities_by_group: Vec<FiguresOf>,
    /// Records still waiting for review in the period, not counted in any figure.
    pub pending_records: u32,
    /// Per requirement: the share of deputies meeting it and the distribution.
    pub requirements: Vec<RequirementStatistics>,
}

/// Approved activities by kind for the deputies of one row of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiguresOf {
    /// The level's code, the district's name or the group's id (`none`: no liaison group).
    pub key: String,
    /// Its name.
    pub label: String,
    /// Deputies of the row serving in the period (the denominator).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub deputies: Cell,
    /// Approved activities by kind: kind code → records.
    pub activities: std::collections::BTreeMap<String, u32>,
}

/// One count with what it is out of.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// What is counted (e.g. `constituent_visit`, `key_supervised_completed`).
    pub key: String,
    /// The count.
    pub value: u32,
    /// What it is out of, when it is a share (e.g. key-supervised suggestions).
    pub denominator: Option<u32>,
    /// The key whose value is the denominator.
    pub denominator_key: Option<String>,
}

/// How deputies stand on one requirement in the period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequirementStatistics {
    /// The rule set's id.
    pub rule_set: String,
    /// The requirement's id.
    pub requirement: String,
    /// Its name.
    pub title: LocalizedText,
    /// `records`, `half_points` or `days`.
    pub unit: String,
    /// The figure required.
    pub minimum: i64,
    /// Deputies held to it, and how many have met it.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub held: Cell,
    /// Deputies who met it.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub met: Cell,
    /// Deputies by figure reached (or by band), lowest first.
    pub distribution: Vec<Bucket>,
    /// By level of congress.
    pub by_level: Vec<BreakdownRow>,
    /// By electoral unit (district).
    pub by_district: Vec<BreakdownRow>,
    /// By liaison group.
    pub by_group: Vec<BreakdownRow>,
}

/// A bucket of a distribution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bucket {
    /// The figure (`0`, `1`, `≥3`) or the band's id (`-`: no band).
    pub label: String,
    /// The band's name, for bands.
    pub title: Option<LocalizedText>,
    /// Deputies in it.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub deputies: Cell,
}

/// One row of a breakdown: deputies of one level, district or group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakdownRow {
    /// The level's code, the district's name or the group's id (`none`: no group).
    pub key: String,
    /// Its name.
    pub label: String,
    /// Held to the requirement.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub held: Cell,
    /// Met it.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub met: Cell,
    /// Not (yet) met.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::public::disclosure::Cell))]
    pub not_yet: Cell,
}
