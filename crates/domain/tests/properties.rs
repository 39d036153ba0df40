//! Property tests of the compliance engine over random records, deputies and dates.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;

use lvzhi_domain::activity::{Activity, ActivityKind, Review};
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::compliance::{Period, Status, evaluate_deputy};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::rules::{Requirement, RuleBook, Window, default_rule_set};
use proptest::prelude::*;
use support::*;

const TERM_START: i32 = 17_532; // 2018-01-01
const TERM_DAYS: i32 = 1826; // to 2022-12-31

fn day(offset: i32) -> LocalDate {
    LocalDate::from_day_number(TERM_START + offset).unwrap()
}

prop_compose! {
    fn a_record(deputies: u128)(id in 0u128..400, kind in 0usize..ActivityKind::ALL.len(), offset in 0..TERM_DAYS,
        first in 1..=deputies, second in prop::option::of(1..=deputies), review in 0u8..3, revision in 1u32..3) -> Activity {
        let mut signers = vec![first];
        if let Some(other) = second.filter(|s| *s != first) { signers.push(other); }
        let review = match review { 0 => Review::Approved, 1 => Review::Pending, _ => rejected("no evidence") };
        let mut activity = record(id, ActivityKind::ALL[kind], &day(offset).to_string(), &signers, review);
        activity.revision = revision;
        activity
    }
}

prop_compose! {
    fn a_deputy(number: u128)(start in 0..TERM_DAYS, length in 0..TERM_DAYS) -> Deputy {
        let from = if start % 3 == 0 { 0 } else { start };
        let until = (from + length).min(TERM_DAYS - 1);
        let until = if length % 2 == 0 { TERM_DAYS - 1 } else { until };
        deputy(number, &day(from).to_string(), &day(until).to_string())
    }
}

fn deputies() -> impl Strategy<Value = Vec<Deputy>> {
    (a_deputy(1), a_deputy(2), a_deputy(3)).prop_map(|(a, b, c)| vec![a, b, c])
}

/// Per deputy, requirement and period: (counted, pending, status).
fn table(
    deputies: &[Deputy],
    records: &[Activity],
    book: &RuleBook,
    as_of: LocalDate,
) -> BTreeMap<(u128, String, Period), (u32, u32, Status)> {
    let mut out = BTreeMap::new();
    for d in deputies {
        for r in evaluate_deputy(d, records, &calendar(), book, as_of).results {
            out.insert(
                (d.id.as_uuid().as_u128(), r.requirement.clone(), r.period),
                (r.counted, r.pending, r.status),
            );
        }
    }
    out
}

fn book() -> RuleBook {
    RuleBook::single(default_rule_set())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_result_does_not_depend_on_record_order(deputies in deputies(), records in prop::collection::vec(a_record(3), 0..80), seed in any::<u64>(), as_of in 0..TERM_DAYS + 30) {
        let mut shuffled = records.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let as_of = day(as_of);
        prop_assert_eq!(table(&deputies, &records, &book(), as_of), table(&deputies, &shuffled, &book(), as_of));
    }

    #[test]
    fn a_duplicated_record_never_changes_a_count(deputies in deputies(), records in prop::collection::vec(a_record(3), 1..60), pick in any::<prop::sample::Index>()) {
        let mut doubled = records.clone();
        doubled.push(pick.get(&records).clone());
        let as_of = day(TERM_DAYS - 1);
        prop_assert_eq!(table(&deputies, &records, &book(), as_of), table(&deputies, &doubled, &book(), as_of));
    }

    #[test]
    fn a_terms_count_is_the_sum_over_its_years(deputies in deputies(), records in prop::collection::vec(a_record(3), 0..80)) {
        let mut rules = default_rule_set();
        let mut yearly: Requirement = rules.requirements[3].clone();
        yearly.id = "trainings_per_year".into();
        yearly.window = Window::CalendarYear;
        rules.requirements.push(yearly);
        let book = RuleBook::single(rules);
        let as_of = day(TERM_DAYS - 1);
        let results = table(&deputies, &records, &book, as_of);
        for d in &deputies {
            let id = d.id.as_uuid().as_u128();
            let term = results.get(&(id, "trainings".to_string(), Period::Term(5))).map(|r| r.0);
            let years: u32 = (2018..=2022).filter_map(|y| results.get(&(id, "trainings_per_year".to_string(), Period::Year(y)))).map(|r| r.0).sum();
            prop_assert_eq!(term.unwrap_or(0), years);
        }
    }

    #[test]
    fn a_later_evaluation_date_never_undoes_met(deputies in deputies(), records in prop::collection::vec(a_record(3), 0..80), earlier in 0..TERM_DAYS, gap in 0..400i32) {
        let first = table(&deputies, &records, &book(), day(earlier));
        let later = table(&deputies, &records, &book(), day(earlier + gap));
        for (key, (_, _, status)) in &first {
            if *status == Status::Met {
                prop_assert_eq!(later.get(key).map(|r| r.2), Some(Status::Met), "{:?}", key);
            }
        }
    }

    #[test]
    fn the_working_form_agrees_with_the_detailed_engine(deputies in deputies(), records in prop::collection::vec(a_record(3), 0..120), as_of in 0..TERM_DAYS + 30) {
        let as_of = day(as_of);
        let detailed = table(&deputies, &records, &book(), as_of);
        let working = WorkingSet::build(&deputies, &records, &calendar(), &book());
        let mut outcomes = Vec::new();
        working.evaluate(as_of, &mut outcomes);
        let mut fast = BTreeMap::new();
        for outcome in outcomes {
            let slot = &working.slots()[outcome.slot as usize];
            let deputy = working.deputy_id(outcome.deputy).unwrap().as_uuid().as_u128();
            fast.insert((deputy, slot.requirement.clone(), slot.period), (outcome.counted, outcome.pending, outcome.status));
        }
        prop_assert_eq!(detailed, fast);
    }
}

#[test]
fn the_working_form_agrees_on_the_generated_demo_congress() {
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::small(date("2026-11-24")));
    let calendar = lvzhi_domain::compliance::Calendar::new(data.terms.clone(), data.sessions.clone());
    let as_of = date("2026-11-24");
    let working = WorkingSet::build(&data.deputies, &data.activities, &calendar, &book());
    let mut outcomes = Vec::new();
    working.evaluate(as_of, &mut outcomes);
    assert!(outcomes.len() > 1000);
    let mut by_deputy: BTreeMap<u32, Vec<_>> = BTreeMap::new();
    for outcome in &outcomes {
        by_deputy.entry(outcome.deputy).or_default().push(*outcome);
    }
    for (index, deputy) in data.deputies.iter().enumerate().step_by(7) {
        let detailed = evaluate_deputy(deputy, &data.activities, &calendar, &book(), as_of).results;
        let fast = by_deputy.remove(&(index as u32)).unwrap_or_default();
        assert_eq!(detailed.len(), fast.len(), "deputy {index}");
        for (d, f) in detailed.iter().zip(&fast) {
            assert_eq!(
                (d.counted, d.pending, d.status),
                (f.counted, f.pending, f.status),
                "deputy {index} {}",
                d.requirement
            );
        }
    }
    assert!(outcomes.iter().any(|o| o.status == Status::Met));
    assert!(outcomes.iter().any(|o| o.status == Status::NotMet));
}
