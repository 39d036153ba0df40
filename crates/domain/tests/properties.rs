//! Property tests of the compliance engine over random records, deputies and dates.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, JointAnswer, Review};
use lvzhi_domain::attendance::{Absence, AbsenceCategory, AbsenceKind, HalfDay, LeaveReason, Meeting};
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::compliance::{Period, Status, evaluate_deputy};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::ids::{AbsenceId, AccountId, DeputyId};
use lvzhi_domain::rules::{
    Band, LocalizedText, Measure, PointScheme, Requirement, RuleBook, Threshold, Window, default_rule_set,
};
use proptest::prelude::*;
use support::*;

const TERM_START: i32 = 17_532; // 2018-01-01
const TERM_DAYS: i32 = 1826; // to 2022-12-31

fn day(offset: i32) -> LocalDate {
    LocalDate::from_day_number(TERM_START + offset).unwrap()
}

prop_compose! {
    fn a_record(deputies: u128)(id in 0u128..400, kind in 0usize..ActivityKind::ALL.len(), offset in 0..TERM_DAYS,
        first in 1..=deputies, second in prop::option::of(1..=deputies), review in 0u8..3, revision in 1u32..3,
        joint in 0u8..5) -> Activity {
        let mut signers = vec![first];
        if let Some(other) = second.filter(|s| *s != first) { signers.push(other); }
        let review = match review { 0 => Review::Approved, 1 => Review::Pending, _ => rejected("no evidence") };
        let mut activity = record(id, ActivityKind::ALL[kind], &day(offset).to_string(), &signers, review);
        activity.revision = revision;
        // Joint records: proposed by the first deputy, the second unanswered, confirmed or
        // declined; or entered by staff for both.
        if signers.len() == 2 && joint > 0 {
            activity.proposed_by = Some(DeputyId::from_u128(first));
            let colleague = DeputyId::from_u128(signers[1]);
            activity = match joint {
                1 => activity,
                2 => activity.with_answer(colleague, JointAnswer::Confirmed),
                3 => activity.with_answer(colleague, JointAnswer::Declined),
                _ => Activity { entered_by: EnteredBy::Staff(AccountId::from_u128(77)), ..activity },
            };
        }
        activity
    }
}

prop_compose! {
    fn an_absence(deputies: u128)(id in 0u128..40, deputy in 1..=deputies, offset in 0..TERM_DAYS, meeting in 0usize..2,
        kind in 0usize..2, reason in 0usize..4, approved in any::<bool>(), afternoon in any::<bool>()) -> Absence {
        let kind = AbsenceKind::ALL[kind];
        let reason = (kind == AbsenceKind::Leave).then(|| LeaveReason::ALL.get(reason).copied()).flatten();
        Absence {
            id: AbsenceId::from_u128(id),
            deputy: DeputyId::from_u128(deputy),
            meeting: Meeting::ALL[meeting],
            date: day(offset),
            half: if afternoon { HalfDay::Afternoon } else { HalfDay::Morning },
            kind,
            approved: approved && reason.is_some(),
            reason,
            revision: 1,
        }
    }
}

fn text(name: &str) -> LocalizedText {
    LocalizedText {
        zh_hans: name.into(),
        zh_hant: name.into(),
        en: name.into(),
    }
}

fn a_window() -> impl Strategy<Value = Window> {
    (0usize..Window::ALL.len()).prop_map(|i| Window::ALL[i])
}

fn some_kinds() -> impl Strategy<Value = Vec<ActivityKind>> {
    prop::collection::btree_set(0usize..ActivityKind::ALL.len(), 1..8)
        .prop_map(|set| set.into_iter().map(|i| ActivityKind::ALL[i]).collect())
}

prop_compose! {
    /// A random point requirement: weights (halves allowed), caps, deductions, exemptions,
    /// and a minimum or bands.
    fn a_points_requirement()(window in a_window(), kinds in some_kinds(), weights in prop::collection::vec(1i64..9, 8),
        caps in prop::collection::vec(prop::option::of(1i64..12), 8), deductions in prop::collection::vec(0i64..5, 4),
        exempt in prop::collection::btree_set(0usize..3, 0..3), bands in any::<bool>(), minimum in 1i64..40,
        approved_only in any::<bool>()) -> Requirement {
        let weights: Vec<(ActivityKind, i64)> = kinds.iter().zip(&weights).map(|(k, w)| (*k, *w)).collect();
        let caps = kinds.iter().zip(&caps).filter_map(|(k, c)| c.map(|c| (*k, c))).collect();
        let deductions: Vec<(AbsenceCategory, i64)> = AbsenceCategory::ALL.iter().zip(&deductions)
            .filter(|(_, d)| **d > 0).map(|(c, d)| (*c, *d)).collect();
        let exempt_reasons = if deductions.is_empty() { vec![] } else { exempt.into_iter().map(|i| LeaveReason::ALL[i]).collect() };
        let threshold = if bands {
            Threshold::Bands(vec![
                Band { id: "good".into(), title: text("good"), from: Some(minimum * 2) },
                Band { id: "adequate".into(), title: text("adequate"), from: Some(minimum) },
                Band { id: "talk".into(), title: text("talk"), from: None },
            ])
        } else {
            Threshold::Minimum(minimum)
        };
        Requirement {
            id: "random_points".into(), title: text("points"), kinds: kinds.clone(), window, approved_only,
            measure: Measure::Points(PointScheme { weights, caps, deductions, exempt_reasons, threshold }),
        }
    }
}

prop_compose! {
    fn a_duty_days_requirement()(window in a_window(), kinds in some_kinds(), minimum in 1u32..20, approved_only in any::<bool>()) -> Requirement {
        Requirement { id: "random_days".into(), title: text("days"), kinds, window, approved_only, measure: Measure::DutyDays { minimum } }
    }
}

/// "341 311" with a random point requirement and a random duty-day requirement beside it.
fn a_rule_book() -> impl Strategy<Value = RuleBook> {
    (a_points_requirement(), a_duty_days_requirement()).prop_map(|(points, days)| {
        let mut scored = default_rule_set();
        scored.id = "random".into();
        scored.requirements = vec![points, days];
        RuleBook::new(vec![default_rule_set(), scored]).unwrap()
    })
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

/// Per deputy, requirement and period: (counted, pending, score, band, status).
type Table = BTreeMap<(u128, String, Period), (u32, u32, i64, Option<String>, Status)>;

fn table_with(
    deputies: &[Deputy],
    records: &[Activity],
    absences: &[Absence],
    book: &RuleBook,
    as_of: LocalDate,
) -> Table {
    let mut out = BTreeMap::new();
    for d in deputies {
        for r in evaluate_deputy(d, records, absences, &calendar(), book, as_of).results {
            out.insert(
                (d.id.as_uuid().as_u128(), r.requirement.clone(), r.period),
                (r.counted, r.pending, r.score, r.band, r.status),
            );
        }
    }
    out
}

fn table(deputies: &[Deputy], records: &[Activity], book: &RuleBook, as_of: LocalDate) -> Table {
    table_with(deputies, records, &[], book, as_of)
}

/// The same figures from the working form.
fn fast_table(
    deputies: &[Deputy],
    records: &[Activity],
    absences: &[Absence],
    book: &RuleBook,
    as_of: LocalDate,
) -> Table {
    let working = WorkingSet::build(deputies, records, absences, &calendar(), book);
    let mut outcomes = Vec::new();
    working.evaluate(as_of, &mut outcomes);
    let mut fast = BTreeMap::new();
    for outcome in outcomes {
        let slot = &working.slots()[outcome.slot as usize];
        let deputy = working.deputy_id(outcome.deputy).unwrap().as_uuid().as_u128();
        let band = outcome.band.map(|b| slot.bands[b as usize].clone());
        fast.insert(
            (deputy, slot.requirement.clone(), slot.period),
            (outcome.counted, outcome.pending, outcome.score, band, outcome.status),
        );
    }
    fast
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
        for (key, (_, _, _, _, status)) in &first {
            if *status == Status::Met {
                prop_assert_eq!(later.get(key).map(|r| r.4), Some(Status::Met), "{:?}", key);
            }
        }
    }

    #[test]
    fn the_working_form_agrees_with_the_detailed_engine(deputies in deputies(), records in prop::collection::vec(a_record(3), 0..120), as_of in 0..TERM_DAYS + 30) {
        let as_of = day(as_of);
        prop_assert_eq!(table(&deputies, &records, &book(), as_of), fast_table(&deputies, &records, &[], &book(), as_of));
    }

    #[test]
    fn the_working_form_agrees_on_points_and_duty_days_of_random_rules(deputies in deputies(), records in prop::collection::vec(a_record(3), 0..120),
        absences in prop::collection::vec(an_absence(3), 0..12), book in a_rule_book(), as_of in 0..TERM_DAYS + 30) {
        let as_of = day(as_of);
        let detailed = table_with(&deputies, &records, &absences, &book, as_of);
        // The random requirement is judged whenever 341 311 judges a period of its kind.
        let yearly = book.sets().iter().flat_map(|set| &set.requirements).any(|r| r.id == "random_points" && r.window.is_yearly());
        let witness = if yearly { "bills_and_suggestions" } else { "trainings" };
        let judged = |id: &str| detailed.keys().any(|(_, requirement, _)| requirement == id);
        prop_assert_eq!(judged(witness), judged("random_points"));
        let fast = fast_table(&deputies, &records, &absences, &book, as_of);
        let differences: Vec<_> = detailed.iter().filter(|(key, value)| fast.get(*key) != Some(value))
            .map(|(key, value)| (key, value, fast.get(key))).collect();
        prop_assert!(differences.is_empty() && detailed.len() == fast.len(), "detailed vs fast: {:?}", differences);
    }
}

#[test]
fn the_working_form_agrees_on_the_generated_demo_congress() {
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::small(date("2026-11-24")));
    let calendar = lvzhi_domain::compliance::Calendar::new(data.terms.clone(), data.sessions.clone());
    let as_of = date("2026-11-24");
    // Every bundled rule set, the optional observers rule on: counts, points and duty days.
    let book = RuleBook::new(lvzhi_domain::rules::bundled_rule_sets())
        .unwrap()
        .with_enabled([&"chongqing-observers".to_string()]);
    let working = WorkingSet::build(&data.deputies, &data.activities, &data.absences, &calendar, &book);
    let mut outcomes = Vec::new();
    working.evaluate(as_of, &mut outcomes);
    assert!(outcomes.len() > 1000);
    let mut by_deputy: BTreeMap<u32, Vec<_>> = BTreeMap::new();
    for outcome in &outcomes {
        by_deputy.entry(outcome.deputy).or_default().push(*outcome);
    }
    for (index, deputy) in data.deputies.iter().enumerate().step_by(7) {
        let detailed = evaluate_deputy(deputy, &data.activities, &data.absences, &calendar, &book, as_of).results;
        let fast = by_deputy.remove(&(index as u32)).unwrap_or_default();
        assert_eq!(detailed.len(), fast.len(), "deputy {index}");
        for (d, f) in detailed.iter().zip(&fast) {
            assert_eq!(
                (d.counted, d.pending, d.score, d.status),
                (f.counted, f.pending, f.score, f.status),
                "deputy {index} {}",
                d.requirement
            );
        }
    }
    assert!(outcomes.iter().any(|o| o.status == Status::Met));
    assert!(
        outcomes
            .iter()
            .any(|o| working.slots()[o.slot as usize].requirement == "duty_points" && o.score > 0)
    );
    assert!(
        outcomes
            .iter()
            .any(|o| working.slots()[o.slot as usize].rule_set == "chongqing-observers")
    );
    assert!(outcomes.iter().any(|o| o.status == Status::NotMet));
}
