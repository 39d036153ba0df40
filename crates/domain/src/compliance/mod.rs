//! The compliance engine: for a deputy, as of a date, every requirement in every period —
//! what counted, what did not and why, and a status.
//!
//! ## Decisions (each has a test in `tests/compliance.rs`)
//! - **Periods.** Each year of a term (clipped to the term) and the whole term. Only periods
//!   that have begun by the evaluation date and in which the deputy served are judged. Records dated after the evaluation
//!   date are ignored, as if not yet entered.
//! - **Which rules.** A period is judged by the rule set in force on its first day
//!   ([`crate::rules::RuleBook`]); a rule change mid-term applies from the next year, and to
//!   the term only if the term began under it.
//! - **Windows.** `session_days` are the year's session days; `between_sessions` the rest of
//!   the year: an inspection on a session day does not count between sessions
//!   ([`NotCounted::OutsideWindow`]). A year with no session recorded leaves session speeches
//!   [`Status::NotApplicable`].
//! - **Partial service.** A requirement applies in a period if the deputy served at least
//!   `min_service_percent` of the window's days (by-elections, early leave). Records
//!   dated when the deputy was not serving do not count ([`NotCounted::OutsideService`]).
//! - **Several rule sets.** Every rule set in force on a period's first day that judges the
//!   deputy (level and attributes; optional sets only when staff turned them on) is applied
//!   side by side, each by its own version.
//! - **Joint records** (a bill signed by several deputies) count once for each deputy who
//!   took part: at once for the deputy who proposed it and for everyone named when staff
//!   entered it; for a named colleague only once they confirm it
//!   ([`NotCounted::Unconfirmed`] until then). A record a colleague declined is left out of
//!   their lists and counts. Both paths decide this by [`crate::activity::Activity::participation`].
//! - **Points.** A point requirement adds each counted record's weight in date order; a cap
//!   per kind cuts what records of that kind earn beyond it in the period; each recorded
//!   absence in the window and in service deducts its category's points unless it is
//!   approved leave for an exempt reason. The total may fall below zero. Bands: the highest
//!   band whose lower bound the total reaches; reaching any band above the bottom one meets
//!   the requirement, and pace is judged against that bound.
//! - **Duty days.** Distinct calendar days (Asia/Shanghai) with at least one counted record.
//! - **Duplicates.** A record delivered twice (same id) counts once; the highest revision wins.
//! - **Review.** With `approved_only`, pending records are counted apart (`pending`) and
//!   rejected ones never count.
//! - **Closing.** The evaluation date means the end of that day: a period whose last served
//!   day is on or before it is closed.
//! - **Pace.** While a period is open, the expected count is `minimum × elapsed ÷ served`,
//!   where `served` is the number of days the deputy serves in the window and `elapsed` the
//!   number of those on or before the evaluation date. A deputy below the whole part of the
//!   expected count is [`Status::AtRisk`]; otherwise [`Status::InProgress`]. E.g. halfway
//!   through the year with 1 of 4 activities between sessions: expected 2, at risk.

pub mod dashboard;
pub mod fast;
mod judge;
pub mod periods;
pub mod selection;
pub mod standings;
pub mod stats;

use std::collections::BTreeMap;

use crate::activity::{Activity, ActivityKind, Participation};
use crate::attendance::{Absence, AbsenceCategory};
use crate::date::LocalDate;
use crate::ids::{AbsenceId, ActivityId, DeputyId};
use crate::rules::{HalfPoints, Unit, Window};
pub use judge::evaluate_deputy;
pub use periods::{Calendar, Days, Period, current_periods};

crate::define_choice!(
    /// Where a deputy stands on one requirement in one period.
    Status {
        /// The minimum is reached.
        Met = "met",
        /// The period is open and the deputy is on pace.
        InProgress = "in_progress",
        /// The period is open and the deputy is behind pace.
        AtRisk = "at_risk",
        /// The period closed below the minimum.
        NotMet = "not_met",
        /// The deputy did not serve enough of the window to be held to it.
        NotApplicable = "not_applicable",
    }
);

/// Why a record did not count for a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCounted {
    /// Awaiting staff review; counts once approved.
    Pending,
    /// Rejected by staff.
    Rejected,
    /// The right kind, but dated outside the window (e.g. during the session, for "between sessions").
    OutsideWindow,
    /// Dated when the deputy was not serving.
    OutsideService,
    /// In the window, but of a kind this requirement does not count.
    WrongKind,
    /// A colleague proposed it and the deputy has not confirmed taking part yet.
    Unconfirmed,
}

/// What earned or cost points on a line of a point requirement's explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum PointSource {
    /// A counted record.
    Record {
        /// The record.
        id: ActivityId,
        /// Its kind.
        kind: ActivityKind,
    },
    /// A recorded absence.
    Absence {
        /// The absence.
        id: AbsenceId,
        /// What it is deducted under.
        category: AbsenceCategory,
        /// Approved leave for an exempt reason: nothing deducted.
        exempt: bool,
    },
}

/// One line of a point requirement's explanation, in date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PointLine {
    /// The day of the record or absence.
    pub date: LocalDate,
    /// The record or absence.
    pub source: PointSource,
    /// Points earned (negative: deducted), in half points, after any cap.
    pub points: HalfPoints,
    /// Points the kind's cap cut from this record (half points, ≥ 0).
    pub cut_by_cap: HalfPoints,
    /// The total after this line (half points).
    pub running_total: HalfPoints,
}

/// How one deputy stands against one requirement in one period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RequirementResult {
    /// The id of the rule set the requirement comes from.
    pub rule_set: String,
    /// The requirement's id within its rule set.
    pub requirement: String,
    /// Whether it counts per year or per term.
    pub window: Window,
    /// The term the period belongs to.
    pub term: u16,
    /// The year or term counted.
    pub period: Period,
    /// The deputy's first and last day in the window (service-clipped), if any.
    pub first_day: Option<LocalDate>,
    /// The last day the period runs to, when known.
    pub last_day: Option<LocalDate>,
    /// What `minimum` and `score` are in: records, half points or days.
    pub unit: Unit,
    /// The figure needed (for bands: the lowest bound above the bottom band).
    pub minimum: i64,
    /// The deputy's figure: records counted, points total, or duty days.
    pub score: i64,
    /// Records that count.
    pub counted: u32,
    /// Records that would count once approved.
    pub pending: u32,
    /// Met, on track, behind or not applicable.
    pub status: Status,
    /// The band the total is in (point requirements with bands).
    pub band: Option<String>,
    /// Days from the evaluation date to the period's last day, while it is open.
    pub days_left: Option<i32>,
    /// The records that count, by id.
    pub counted_ids: Vec<ActivityId>,
    /// The records considered and why each did not count.
    pub not_counted: Vec<(ActivityId, NotCounted)>,
    /// For points: every record and absence with what it earned or cost, in date order.
    pub lines: Vec<PointLine>,
}

/// One deputy's standing against every requirement in force, on a date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    /// The deputy evaluated.
    pub deputy: DeputyId,
    /// The date evaluated on.
    pub as_of: LocalDate,
    /// One result per requirement and period.
    pub results: Vec<RequirementResult>,
}

/// What the status function needs: the same for the detailed and the fast paths.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    /// The figure the requirement asks for.
    pub minimum: i64,
    /// The deputy's figure.
    pub score: i64,
    /// Whether the requirement applies to the deputy at all.
    pub applicable: bool,
    /// Days the deputy serves in the window, and how many of them are on or before the date.
    pub served_days: i32,
    /// Days of the window on or before the evaluation date.
    pub elapsed_days: i32,
    /// Whether the window has ended.
    pub closed: bool,
}

/// The status for a standing: the one rule both compliance paths use.
pub fn status(standing: Standing) -> Status {
    if !standing.applicable {
        Status::NotApplicable
    } else if standing.score >= standing.minimum {
        Status::Met
    } else if standing.closed {
        Status::NotMet
    } else {
        let expected =
            standing.minimum.max(0) * i64::from(standing.elapsed_days.max(0)) / i64::from(standing.served_days.max(1));
        if standing.score < expected {
            Status::AtRisk
        } else {
            Status::InProgress
        }
    }
}

/// Whether a deputy is held to a window: served enough of its days.
pub fn applicable(window: &Days, served: &Days, min_service_percent: u8) -> bool {
    served.day_count() > 0
        && i64::from(served.day_count()) * 100 >= i64::from(window.day_count()) * i64::from(min_service_percent)
}

/// Whether `candidate` replaces `kept`, two deliveries of the same record id: the higher
/// revision wins; equal revisions (which a server never produces with different content)
/// are ordered by content so the outcome never depends on the order of delivery.
pub fn supersedes(candidate: &Activity, kept: &Activity) -> bool {
    let key = |a: &Activity| {
        (
            a.revision,
            a.date,
            a.kind,
            a.review.code(),
            a.deputies.clone(),
            a.answers
                .iter()
                .map(|r| (r.deputy, r.answer.index()))
                .collect::<Vec<_>>(),
        )
    };
    key(candidate) > key(kept)
}

/// Each id once: the latest delivery by `supersedes` (candidate, kept). Every dedupe of
/// both compliance paths goes through it.
pub fn latest_by_id<'a, T, K: Ord>(
    items: impl IntoIterator<Item = &'a T>,
    id: impl Fn(&T) -> K,
    supersedes: impl Fn(&T, &T) -> bool,
) -> BTreeMap<K, &'a T>
where
    T: 'a,
{
    let mut by_id: BTreeMap<K, &T> = BTreeMap::new();
    for item in items {
        by_id
            .entry(id(item))
            .and_modify(|kept| {
                if supersedes(item, kept) {
                    *kept = item;
                }
            })
            .or_insert(item);
    }
    by_id
}

/// The records of one deputy, each id once (its latest delivery, see [`supersedes`]),
/// dated on or before `as_of`, that count for them or wait for their confirmation
/// (declined ones are left out).
pub fn records_of<'a>(
    deputy: DeputyId,
    activities: impl IntoIterator<Item = &'a Activity>,
    as_of: LocalDate,
) -> Vec<&'a Activity> {
    let by_id = latest_by_id(activities, |a: &Activity| a.id, supersedes);
    by_id
        .into_values()
        .filter(|activity| {
            activity.date <= as_of
                && matches!(
                    activity.participation(deputy),
                    Participation::Counts | Participation::AwaitingAnswer
                )
        })
        .collect()
}

/// Whether `candidate` replaces `kept`, two deliveries of the same absence id: the higher
/// revision wins, ties ordered by content, so the outcome never depends on delivery order.
pub fn absence_supersedes(candidate: &Absence, kept: &Absence) -> bool {
    let key = |a: &Absence| {
        (
            a.revision,
            a.deputy,
            a.date,
            a.meeting.index(),
            a.half.index(),
            a.kind.index(),
            a.reason.map(|r| r.index()),
            a.approved,
        )
    };
    key(candidate) > key(kept)
}

/// The absences of one deputy on or before `as_of`, each id once (see [`absence_supersedes`]).
pub fn absences_of<'a>(
    deputy: DeputyId,
    absences: impl IntoIterator<Item = &'a Absence>,
    as_of: LocalDate,
) -> Vec<&'a Absence> {
    let by_id = latest_by_id(absences, |a: &Absence| a.id, absence_supersedes);
    by_id
        .into_values()
        .filter(|absence| absence.deputy == deputy && absence.date <= as_of)
        .collect()
}
