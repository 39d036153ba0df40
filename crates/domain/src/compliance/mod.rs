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
//! - **Joint records** (a bill signed by several deputies) count once for each of them.
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

pub mod fast;
pub mod periods;
pub mod selection;
pub mod stats;

use std::collections::BTreeMap;

use crate::activity::{Activity, Review};
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::ids::{ActivityId, DeputyId};
use crate::rules::{RuleBook, Window};
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
    /// How many records the requirement asks for.
    pub minimum: u32,
    /// Records that count.
    pub counted: u32,
    /// Records that would count once approved.
    pub pending: u32,
    /// Met, on track, behind or not applicable.
    pub status: Status,
    /// Days from the evaluation date to the period's last day, while it is open.
    pub days_left: Option<i32>,
    /// The records that count, by id.
    pub counted_ids: Vec<ActivityId>,
    /// The records considered and why each did not count.
    pub not_counted: Vec<(ActivityId, NotCounted)>,
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
    /// How many records the requirement asks for.
    pub minimum: u32,
    /// Records that count.
    pub counted: u32,
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
    } else if standing.counted >= standing.minimum {
        Status::Met
    } else if standing.closed {
        Status::NotMet
    } else {
        let expected =
            u64::from(standing.minimum) * standing.elapsed_days.max(0) as u64 / standing.served_days.max(1) as u64;
        if u64::from(standing.counted) < expected {
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
    let key = |a: &Activity| (a.revision, a.date, a.kind, a.review.code(), a.deputies.clone());
    key(candidate) > key(kept)
}

/// The records of one deputy, each id once (its latest delivery, see [`supersedes`]),
/// dated on or before `as_of`.
pub fn records_of<'a>(
    deputy: DeputyId,
    activities: impl IntoIterator<Item = &'a Activity>,
    as_of: LocalDate,
) -> Vec<&'a Activity> {
    let mut by_id: BTreeMap<ActivityId, &Activity> = BTreeMap::new();
    for activity in activities {
        by_id
            .entry(activity.id)
            .and_modify(|kept| {
                if supersedes(activity, kept) {
                    *kept = activity;
                }
            })
            .or_insert(activity);
    }
    by_id
        .into_values()
        .filter(|activity| activity.date <= as_of && activity.deputies.contains(&deputy))
        .collect()
}

/// Evaluates one deputy against every requirement in every period begun by `as_of`.
pub fn evaluate_deputy<'a>(
    deputy: &Deputy,
    activities: impl IntoIterator<Item = &'a Activity>,
    calendar: &Calendar,
    rules: &RuleBook,
    as_of: LocalDate,
) -> Evaluation {
    let records = records_of(deputy.id, activities, as_of);
    let mut results = Vec::new();
    for service in &deputy.services {
        let Some(term) = calendar.term(service.term) else {
            continue;
        };
        for period in periods::periods_of(term, as_of) {
            let Some(rule_set) = rules.in_force_on(periods::period_first_day(term, period)) else {
                continue;
            };
            if !rule_set.applies_to(deputy.level) {
                continue;
            }
            let span = periods::period_span(term, period);
            if span.clip(service.from, service.until).day_count() == 0 {
                continue;
            }
            for requirement in &rule_set.requirements {
                if requirement.window.is_yearly() != matches!(period, Period::Year(_)) {
                    continue;
                }
                let window = periods::window_days(calendar, term, requirement.window, period);
                let served = window
                    .map(|w| w.clip(service.from, service.until))
                    .unwrap_or(Days::EMPTY);
                let applicable = window.is_some_and(|w| applicable(&w, &served, rule_set.min_service_percent));
                let mut result = RequirementResult {
                    rule_set: rule_set.id.clone(),
                    requirement: requirement.id.clone(),
                    window: requirement.window,
                    term: term.number,
                    period,
                    first_day: served.first_day(),
                    last_day: served.last_day(),
                    minimum: requirement.minimum,
                    counted: 0,
                    pending: 0,
                    status: Status::NotApplicable,
                    days_left: None,
                    counted_ids: Vec::new(),
                    not_counted: Vec::new(),
                };
                for record in records.iter().filter(|r| span.contains(r.date)) {
                    let in_window = window.is_some_and(|w| w.contains(record.date));
                    let verdict = if !requirement.counts_kind(record.kind) {
                        if in_window {
                            Some(NotCounted::WrongKind)
                        } else {
                            continue;
                        }
                    } else if !in_window {
                        Some(NotCounted::OutsideWindow)
                    } else if !served.contains(record.date) {
                        Some(NotCounted::OutsideService)
                    } else {
                        match &record.review {
                            Review::Approved => None,
                            Review::Pending if !requirement.approved_only => None,
                            Review::Pending => Some(NotCounted::Pending),
                            Review::Rejected { .. } => Some(NotCounted::Rejected),
                        }
                    };
                    match verdict {
                        None => {
                            result.counted += 1;
                            result.counted_ids.push(record.id);
                        }
                        Some(reason) => {
                            if reason == NotCounted::Pending {
                                result.pending += 1;
                            }
                            result.not_counted.push((record.id, reason));
                        }
                    }
                }
                let closed = served.last_day().is_none_or(|last| last <= as_of);
                result.status = status(Standing {
                    minimum: requirement.minimum,
                    counted: result.counted,
                    applicable,
                    served_days: served.day_count(),
                    elapsed_days: served.up_to(as_of),
                    closed,
                });
                if applicable && !closed {
                    result.days_left = served.last_day().map(|last| as_of.days_until(last));
                }
                results.push(result);
            }
        }
    }
    Evaluation {
        deputy: deputy.id,
        as_of,
        results,
    }
}
