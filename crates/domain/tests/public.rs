//! What the public builder makes of the small demo congress: only approved records count
//! and appear, pending ones are a count, the figures add up to the records they count, and
//! each breakdown of activities (by level, district, liaison group) covers every counted
//! record and every serving deputy.

#![cfg(not(target_arch = "wasm32"))]

use lvzhi_domain::activity::{Participation, Review};
use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Level;
use lvzhi_domain::public::disclosure::Cell;
use lvzhi_domain::public::{PublicData, Registry, build, parse_period};
use lvzhi_domain::rules::{RuleBook, bundled_rule_sets};
use lvzhi_seed::{DemoConfig, DemoData, generate};

fn demo() -> (DemoData, PublicData) {
    demo_with(|_| {})
}

/// The small demo, changed by `change` before the figures are built.
fn demo_with(change: impl FnOnce(&mut DemoData)) -> (DemoData, PublicData) {
    let today: LocalDate = "2026-12-08".parse().unwrap();
    let mut data = generate(&DemoConfig::small(today));
    change(&mut data);
    let calendar = Calendar::new(data.terms.clone(), data.sessions.clone());
    let rules = RuleBook::new(bundled_rule_sets()).unwrap();
    let public = build(&Registry {
        today,
        deputies: &data.deputies,
        activities: &data.activities,
        absences: &data.absences,
        calendar: &calendar,
        rules: &rules,
        groups: &data.groups,
        stations: &data.stations,
        suggestions: &data.suggestions,
        notes: &[],
        units: &data.units,
        opinion_days: &[],
    });
    (data, public)
}

#[test]
fn profiles_list_approved_records_only_and_count_the_pending_ones() {
    let (data, public) = demo();
    let mut pending_seen = 0;
    for deputy in &public.deputies {
        let id = deputy.id.parse().unwrap();
        let counted = |review: fn(&Review) -> bool| {
            data.activities
                .iter()
                .filter(|a| review(&a.review) && a.participation(id) == Participation::Counts)
                .count()
        };
        assert_eq!(
            deputy.activities.len(),
            counted(|r| *r == Review::Approved),
            "{}",
            deputy.name
        );
        assert_eq!(
            deputy.pending_records as usize,
            counted(|r| *r == Review::Pending),
            "{}",
            deputy.name
        );
        pending_seen += deputy.pending_records;
        for activity in &deputy.activities {
            let record = data
                .activities
                .iter()
                .find(|a| a.id.to_string() == activity.id)
                .unwrap();
            assert_eq!(record.review, Review::Approved);
        }
    }
    assert!(pending_seen > 0, "the demo has pending records to say");
}

#[test]
fn every_breakdown_covers_each_counted_record_and_each_serving_deputy() {
    // One record of a municipal deputy names a district deputy too: two levels.
    let (data, public) = demo_with(|data| {
        let district = data
            .deputies
            .iter()
            .find(|d| d.level == Level::District && d.serving_on("2025-06-01".parse().unwrap()))
            .map(|d| d.id)
            .unwrap();
        let municipal: Vec<_> = data
            .deputies
            .iter()
            .filter(|d| d.level == Level::Municipal)
            .map(|d| d.id)
            .collect();
        let record = data
            .activities
            .iter_mut()
            .find(|a| {
                a.review == Review::Approved
                    && a.date.year() == 2025
                    && a.proposed_by.is_none()
                    && a.deputies.len() == 1
                    && municipal.contains(&a.deputies[0])
            })
            .unwrap();
        record.deputies.push(district);
    });
    assert!(public.statistics.len() > 2);
    for period in &public.statistics {
        assert!(parse_period(&period.period).is_some());
        for breakdown in [
            &period.activities_by_level,
            &period.activities_by_district,
            &period.activities_by_group,
        ] {
            assert!(!breakdown.is_empty(), "{}", period.period);
            // Deputies: the shown cells never exceed the serving total; with nothing hidden
            // they add up to it.
            let shown: u32 = breakdown.iter().filter_map(|r| r.deputies.value()).sum();
            let hidden = breakdown.iter().any(|r| r.deputies.value().is_none());
            assert!(shown <= period.deputies);
            if !hidden {
                assert_eq!(shown, period.deputies, "{}", period.period);
            }
            for r in breakdown {
                if let Cell::Shown(n) = r.deputies {
                    assert!(n >= 5, "a small count is never shown");
                }
            }
            // Each kind: every row is at most the total (a row counts a record once), and
            // the rows together reach it (every counted record has a row).
            for figure in period.figures.iter().filter(|f| f.denominator.is_none()) {
                let per_row: Vec<u32> = breakdown
                    .iter()
                    .filter_map(|r| r.activities.get(&figure.key).copied())
                    .collect();
                if per_row.is_empty() {
                    continue; // not an activity kind (opinion items, suggestions)
                }
                assert!(
                    per_row.iter().all(|v| *v <= figure.value),
                    "{} {}",
                    period.period,
                    figure.key
                );
                assert!(
                    per_row.iter().sum::<u32>() >= figure.value,
                    "{} {}",
                    period.period,
                    figure.key
                );
            }
        }
    }
    // A record with deputies of two levels counts once for each level: the level rows of
    // a kind add up to the records of that kind times the levels each one touches.
    let year = public.statistics.iter().find(|p| p.period == "y2025").unwrap();
    let level_of = |id| data.deputies.iter().find(|d| d.id == id).map(|d| d.level);
    let mut mixed = 0;
    for kind in lvzhi_domain::activity::ActivityKind::ALL {
        let expected: usize = data
            .activities
            .iter()
            .filter(|a| a.review == Review::Approved && a.date.year() == 2025 && a.kind == *kind)
            .map(|a| {
                let levels: std::collections::HashSet<_> = a
                    .deputies
                    .iter()
                    .filter(|d| a.participation(**d) == Participation::Counts)
                    .filter_map(|d| level_of(*d))
                    .collect();
                mixed += usize::from(levels.len() > 1);
                levels.len()
            })
            .sum();
        let rows: u32 = year
            .activities_by_level
            .iter()
            .filter_map(|r| r.activities.get(kind.code()).copied())
            .sum();
        assert_eq!(rows as usize, expected, "{kind:?}");
    }
    assert!(mixed > 0, "the demo has records with deputies of two levels");
}
