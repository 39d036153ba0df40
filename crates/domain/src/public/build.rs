//! Builds [`PublicData`] from the registry: only approved records count, pending ones are
//! counted apart and said; only published suggestions appear, in their reviewed public
//! version; free text that may name constituents (a record's place and description, an
//! opinion item) never leaves; notes stand beside the figure or record they answer.

use std::collections::HashMap;

use crate::activity::{Activity, Participation, Review};
use crate::attendance::Absence;
use crate::compliance::dashboard::periods;
use crate::compliance::fast::WorkingSet;
use crate::compliance::{Calendar, Period, Status};
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::handling::HandlingUnit;
use crate::ids::DeputyId;
use crate::organisation::{Group, Station};
use crate::public::breakdown::{activity_breakdowns, rows_of};
use crate::public::model::*;
use crate::public::stats::{Held, protect_requirement};
use crate::reply::{ReplyNote, ReplyTarget};
use crate::rules::{RuleBook, Unit};
use crate::suggestion::{HandlingStage, Suggestion};

/// What the public figures are computed from.
pub struct Registry<'a> {
    /// The as-of day.
    pub today: LocalDate,
    /// The roster.
    pub deputies: &'a [Deputy],
    /// Every record, one per id.
    pub activities: &'a [Activity],
    /// Every absence.
    pub absences: &'a [Absence],
    /// Terms and sessions.
    pub calendar: &'a Calendar,
    /// The rule sets in force.
    pub rules: &'a RuleBook,
    /// Liaison and professional groups.
    pub groups: &'a [Group],
    /// Deputy stations.
    pub stations: &'a [Station],
    /// Every suggestion (only published ones are used).
    pub suggestions: &'a [Suggestion],
    /// Every right-of-reply note.
    pub notes: &'a [ReplyNote],
    /// Handling units.
    pub units: &'a [HandlingUnit],
    /// The day each public-opinion item was gathered (nothing else of them).
    pub opinion_days: &'a [LocalDate],
}

/// A period's code: `y2026`, `t6`.
pub fn period_code(period: Period) -> String {
    match period {
        Period::Year(year) => format!("y{year}"),
        Period::Term(term) => format!("t{term}"),
    }
}

/// A code read back; `None` when it is not one.
pub fn parse_period(code: &str) -> Option<Period> {
    match code.split_at_checked(1)? {
        ("y", year) => year.parse().ok().map(Period::Year),
        ("t", term) => term.parse().ok().map(Period::Term),
        _ => None,
    }
}

fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn note(note: &ReplyNote) -> PublicNote {
    PublicNote {
        text: crate::handling::redact::redact(&note.text),
        written_on: note.written_on,
    }
}

fn counts_for(activity: &Activity, deputy: DeputyId) -> bool {
    activity.participation(deputy) == Participation::Counts
}

/// The first and last day a period counts up to `today`.
fn days_of(calendar: &Calendar, period: Period, today: LocalDate) -> Option<(LocalDate, LocalDate)> {
    let (first, last) = match period {
        Period::Year(year) => (LocalDate::first_of_year(year)?, LocalDate::last_of_year(year)?),
        Period::Term(term) => {
            let term = calendar.term(term)?;
            (term.start, term.end)
        }
    };
    Some((first, last.min(today)))
}

/// The name of band `id` of a point requirement, from the newest version of its rule set.
fn band_title(rules: &RuleBook, rule_set: &str, requirement: &str, id: &str) -> Option<crate::rules::LocalizedText> {
    let requirement = rules
        .sets()
        .iter()
        .rev()
        .find(|s| s.id == rule_set)?
        .requirement(requirement)?;
    match &requirement.measure {
        crate::rules::Measure::Points(scheme) => match &scheme.threshold {
            crate::rules::Threshold::Bands(bands) => bands.iter().find(|b| b.id == id).map(|b| b.title.clone()),
            crate::rules::Threshold::Minimum(_) => None,
        },
        _ => None,
    }
}

/// Everything public as of `registry.today`.
pub fn build(registry: &Registry<'_>) -> PublicData {
    let approved: Vec<Activity> = registry
        .activities
        .iter()
        .filter(|a| a.review == Review::Approved)
        .cloned()
        .collect();
    let working = WorkingSet::build(
        registry.deputies,
        &approved,
        registry.absences,
        registry.calendar,
        registry.rules,
    );
    let mut outcomes = Vec::new();
    working.evaluate(registry.today, &mut outcomes);
    let title_of = |rule_set: &str, requirement: &str| {
        registry
            .rules
            .sets()
            .iter()
            .rev()
            .find(|s| s.id == rule_set)
            .and_then(|s| s.requirement(requirement))
            .map(|r| r.title.clone())
            .unwrap_or_else(|| crate::rules::LocalizedText {
                zh_hans: requirement.to_owned(),
                zh_hant: requirement.to_owned(),
                en: requirement.to_owned(),
            })
    };
    let mut notes_of: HashMap<DeputyId, Vec<&ReplyNote>> = HashMap::new();
    for n in registry.notes {
        notes_of.entry(n.deputy).or_default().push(n);
    }
    let mut standings: HashMap<DeputyId, Vec<PublicStanding>> = HashMap::new();
    for outcome in &outcomes {
        let (Some(slot), Some(deputy)) = (
            working.slots().get(outcome.slot as usize),
            working.deputy_id(outcome.deputy),
        ) else {
            continue;
        };
        if outcome.status == Status::NotApplicable {
            continue;
        }
        let notes = notes_of
            .get(&deputy)
            .into_iter()
            .flatten()
            .filter(|n| {
                matches!(&n.target, ReplyTarget::Status { requirement, period, .. }
                    if *requirement == slot.requirement && *period == slot.period)
            })
            .map(|n| note(n))
            .collect();
        standings.entry(deputy).or_default().push(PublicStanding {
            period: period_code(slot.period),
            rule_set: slot.rule_set.clone(),
            requirement: slot.requirement.clone(),
            title: title_of(&slot.rule_set, &slot.requirement),
            unit: slot.unit.code().to_owned(),
            minimum: slot.minimum,
            score: outcome.score,
            status: outcome.status.code().to_owned(),
            band: outcome.band.and_then(|b| slot.bands.get(usize::from(b)).cloned()),
            band_title: outcome
                .band
                .and_then(|b| slot.bands.get(usize::from(b)))
                .and_then(|id| band_title(registry.rules, &slot.rule_set, &slot.requirement, id)),
            notes,
        });
    }
    let order = |code: &str| match parse_period(code) {
        Some(Period::Year(year)) => (1, year),
        Some(Period::Term(term)) => (0, i32::from(term)),
        None => (-1, 0),
    };
    let published: Vec<&Suggestion> = registry
        .suggestions
        .iter()
        .filter(|s| s.published && s.publication.is_some() && s.stage != HandlingStage::Draft)
        .collect();
    let mut activities_of: HashMap<DeputyId, Vec<&Activity>> = HashMap::new();
    let mut pending_of: HashMap<DeputyId, u32> = HashMap::new();
    for activity in registry.activities {
        for deputy in &activity.deputies {
            if !counts_for(activity, *deputy) {
                continue;
            }
            match activity.review {
                Review::Approved => activities_of.entry(*deputy).or_default().push(activity),
                Review::Pending => *pending_of.entry(*deputy).or_default() += 1,
                Review::Rejected { .. } => {}
            }
        }
    }
    let group_of: HashMap<_, &Group> = registry.groups.iter().map(|g| (g.id, g)).collect();
    let deputies = registry
        .deputies
        .iter()
        .map(|deputy| {
            let mut own = standings.remove(&deputy.id).unwrap_or_default();
            own.sort_by(|a, b| order(&b.period).cmp(&order(&a.period)));
            let mut activities: Vec<PublicActivity> = activities_of
                .get(&deputy.id)
                .into_iter()
                .flatten()
                .map(|a| PublicActivity {
                    id: a.id.to_string(),
                    kind: a.kind.code().to_owned(),
                    date: a.date,
                    station: a.station.map(|s| s.to_string()),
                    deputies: a
                        .deputies
                        .iter()
                        .filter(|d| counts_for(a, **d))
                        .map(|d| d.to_string())
                        .collect(),
                    notes: notes_of
                        .get(&deputy.id)
                        .into_iter()
                        .flatten()
                        .filter(|n| matches!(&n.target, ReplyTarget::Record { activity } if *activity == a.id))
                        .map(|n| note(n))
                        .collect(),
                })
                .collect();
            activities.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
            let groups = deputy
                .liaison_group
                .iter()
                .chain(&deputy.professional_groups)
                .filter_map(|g| group_of.get(g))
                .map(|g| PublicGroup {
                    id: g.id.to_string(),
                    kind: g.kind.code().to_owned(),
                    name: g.name.as_str().to_owned(),
                })
                .collect();
            PublicDeputy {
                id: deputy.id.to_string(),
                name: deputy.name.as_str().to_owned(),
                level: deputy.level.code().to_owned(),
                electoral_unit: deputy.electoral_unit.as_str().to_owned(),
                occupation: deputy.occupation.as_ref().map(|o| o.as_str().to_owned()),
                terms: deputy
                    .services
                    .iter()
                    .map(|s| PublicTerm {
                        term: s.term,
                        from: s.from,
                        until: s.until,
                    })
                    .collect(),
                groups,
                stations: deputy.stations.iter().map(|s| s.to_string()).collect(),
                standings: own,
                pending_records: pending_of.get(&deputy.id).copied().unwrap_or(0),
                activities,
                suggestions: published
                    .iter()
                    .filter(|s| s.deputies.contains(&deputy.id))
                    .map(|s| s.id.to_string())
                    .collect(),
            }
        })
        .collect();
    let stations = registry
        .stations
        .iter()
        .map(|station| PublicStation {
            id: station.id.to_string(),
            kind: station.kind.code().to_owned(),
            name: station.name.as_str().to_owned(),
            district: station.district.as_str().to_owned(),
            address: station.address.as_str().to_owned(),
            reception: station
                .reception
                .iter()
                .map(|slot| PublicSlot {
                    weekday: slot.weekday,
                    week_of_month: slot.week_of_month,
                    start: hhmm(slot.start_minute),
                    end: hhmm(slot.end_minute),
                })
                .collect(),
            next_reception: crate::organisation::next_reception([station], registry.today).map(|(_, date, slot)| {
                NextReception {
                    date,
                    start: hhmm(slot.start_minute),
                    end: hhmm(slot.end_minute),
                }
            }),
            deputies: registry
                .deputies
                .iter()
                .filter(|d| d.stations.contains(&station.id) && d.serving_on(registry.today))
                .map(|d| d.id.to_string())
                .collect(),
        })
        .collect();
    let suggestions = public_suggestions(&published, registry);
    let statistics = periods(&working, &outcomes)
        .into_iter()
        .filter_map(|period| period_statistics(registry, &working, &outcomes, period, &group_of))
        .collect();
    PublicData {
        as_of: registry.today,
        deputies,
        stations,
        suggestions,
        statistics,
    }
}

fn public_suggestions(published: &[&Suggestion], registry: &Registry<'_>) -> Vec<PublicSuggestion> {
    let unit_name = |id| {
        registry
            .units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.as_str().to_owned())
    };
    let mut list: Vec<PublicSuggestion> = published
        .iter()
        .filter_map(|s| {
            let publication = s.publication.as_ref()?;
            let submitted_on = s.submitted_on?;
            Some(PublicSuggestion {
                id: s.id.to_string(),
                kind: s.kind.code().to_owned(),
                year: submitted_on.year(),
                submitted_on,
                title: publication.title.as_str().to_owned(),
                body: publication.body.as_str().to_owned(),
                handling: publication.handling.as_str().to_owned(),
                published_on: publication.published_on,
                category: s.category.map(|c| c.code().to_owned()),
                lead_unit: s.assignment.as_ref().and_then(|a| unit_name(a.lead)),
                co_units: s
                    .assignment
                    .iter()
                    .flat_map(|a| &a.co_units)
                    .filter_map(|u| unit_name(*u))
                    .collect(),
                stage: s.stage.code().to_owned(),
                key_supervision: s.key_supervision,
                rounds: s.rounds,
                deputies: s.deputies.iter().map(|d| d.to_string()).collect(),
                replies: s
                    .replies
                    .iter()
                    .filter(|r| r.lead)
                    .map(|r| PublicReply {
                        unit: r.unit.as_str().to_owned(),
                        date: r.date,
                        summary: crate::handling::redact::redact(r.summary.as_str()),
                        round: r.round,
                    })
                    .collect(),
                reply_receipt: s.reply_receipt.as_ref().map(|r| PublicReceipt {
                    satisfaction: r.satisfaction.code().to_owned(),
                    date: r.date,
                }),
                promises: s
                    .promises
                    .iter()
                    .map(|p| PublicPromise {
                        action: crate::handling::redact::redact(p.action.as_str()),
                        due: p.due,
                        done_on: p.done_on,
                        receipt: p.receipt.map(|r| r.code().to_owned()),
                    })
                    .collect(),
                raised_before: s
                    .earlier
                    .iter()
                    .filter_map(|id| registry.suggestions.iter().find(|e| e.id == *id))
                    .filter_map(|earlier| {
                        let shown = published.iter().any(|p| p.id == earlier.id);
                        Some(RaisedBefore {
                            year: earlier.submitted_on?.year(),
                            id: shown.then(|| earlier.id.to_string()),
                            title: earlier
                                .publication
                                .as_ref()
                                .filter(|_| shown)
                                .map(|p| p.title.as_str().to_owned()),
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    list.sort_by(|a, b| b.submitted_on.cmp(&a.submitted_on).then_with(|| a.id.cmp(&b.id)));
    list
}

fn period_statistics(
    registry: &Registry<'_>,
    working: &WorkingSet,
    outcomes: &[crate::compliance::fast::SlotOutcome],
    period: Period,
    group_of: &HashMap<crate::ids::GroupId, &Group>,
) -> Option<PeriodStatistics> {
    let (first, last) = days_of(registry.calendar, period, registry.today)?;
    let within = |date: LocalDate| first <= date && date <= last;
    let serving = registry
        .deputies
        .iter()
        .filter(|d| d.services.iter().any(|s| s.from <= last && first <= s.until))
        .count() as u32;
    let mut figures: Vec<Figure> = Vec::new();
    let mut count = |key: &str, value: u32, of: Option<(&str, u32)>| {
        figures.push(Figure {
            key: key.to_owned(),
            value,
            denominator: of.map(|(_, v)| v),
            denominator_key: of.map(|(k, _)| k.to_owned()),
        });
    };
    for kind in crate::activity::ActivityKind::ALL {
        let n = registry
            .activities
            .iter()
            .filter(|a| a.kind == *kind && a.review == Review::Approved && within(a.date))
            .count() as u32;
        count(kind.code(), n, None);
    }
    let [activities_by_level, activities_by_district, activities_by_group] =
        activity_breakdowns(registry.deputies, registry.activities, (first, last), group_of);
    count(
        "opinion_items",
        registry.opinion_days.iter().filter(|d| within(**d)).count() as u32,
        None,
    );
    let submitted: Vec<&Suggestion> = registry
        .suggestions
        .iter()
        .filter(|s| s.stage != HandlingStage::Draft && s.submitted_on.is_some_and(within))
        .collect();
    let total = submitted.len() as u32;
    let key = submitted.iter().filter(|s| s.key_supervision).count() as u32;
    let key_done = submitted
        .iter()
        .filter(|s| s.key_supervision && s.stage == HandlingStage::Completed)
        .count() as u32;
    let completed = submitted.iter().filter(|s| s.stage == HandlingStage::Completed).count() as u32;
    let published = submitted.iter().filter(|s| s.published).count() as u32;
    count("suggestions_submitted", total, None);
    count(
        "suggestions_completed",
        completed,
        Some(("suggestions_submitted", total)),
    );
    count("key_supervised", key, Some(("suggestions_submitted", total)));
    count("key_supervised_completed", key_done, Some(("key_supervised", key)));
    count(
        "suggestions_published",
        published,
        Some(("suggestions_submitted", total)),
    );
    let pending_records = registry
        .activities
        .iter()
        .filter(|a| a.review == Review::Pending && within(a.date))
        .count() as u32;

    let position: HashMap<DeputyId, &Deputy> = registry.deputies.iter().map(|d| (d.id, d)).collect();
    let mut per_slot: std::collections::BTreeMap<u16, Vec<Held>> = Default::default();
    for outcome in outcomes {
        let Some(slot) = working.slots().get(outcome.slot as usize) else {
            continue;
        };
        if slot.period != period || outcome.status == Status::NotApplicable {
            continue;
        }
        let Some(deputy) = working.deputy_id(outcome.deputy).and_then(|id| position.get(&id)) else {
            continue;
        };
        per_slot.entry(outcome.slot).or_default().push(Held {
            score: outcome.score,
            band: outcome.band,
            status: outcome.status,
            rows: rows_of(deputy, group_of),
        });
    }
    let requirements = per_slot
        .into_iter()
        .filter_map(|(index, held)| {
            let slot = working.slots().get(usize::from(index))?;
            let protected = protect_requirement(&held, slot.minimum, &slot.bands, slot.unit == Unit::Records);
            let [by_level, by_district, by_group] = protected.breakdowns;
            Some(RequirementStatistics {
                rule_set: slot.rule_set.clone(),
                requirement: slot.requirement.clone(),
                title: registry
                    .rules
                    .sets()
                    .iter()
                    .rev()
                    .find(|s| s.id == slot.rule_set)
                    .and_then(|s| s.requirement(&slot.requirement))
                    .map(|r| r.title.clone())?,
                unit: slot.unit.code().to_owned(),
                minimum: slot.minimum,
                held: protected.held,
                met: protected.met,
                distribution: protected
                    .distribution
                    .into_iter()
                    .map(|bucket| Bucket {
                        title: band_title(registry.rules, &slot.rule_set, &slot.requirement, &bucket.label),
                        ..bucket
                    })
                    .collect(),
                by_level,
                by_district,
                by_group,
            })
        })
        .collect();
    Some(PeriodStatistics {
        period: period_code(period),
        first,
        last,
        deputies: serving,
        figures,
        activities_by_level,
        activities_by_district,
        activities_by_group,
        pending_records,
        requirements,
    })
}
