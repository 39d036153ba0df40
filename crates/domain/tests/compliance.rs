//! Table tests of the compliance engine: every rule of "341 311" and every edge case the
//! engine's documentation decides.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use lvzhi_domain::activity::ActivityKind::*;
use lvzhi_domain::activity::{Activity, Review};
use lvzhi_domain::compliance::{NotCounted, Period, RequirementResult, Status, evaluate_deputy};
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::ids::ActivityId;
use lvzhi_domain::rules::{Measure, RuleBook, default_rule_set};
use support::*;

fn result<'a>(results: &'a [RequirementResult], requirement: &str, period: Period) -> &'a RequirementResult {
    results
        .iter()
        .find(|r| r.requirement == requirement && r.period == period)
        .unwrap_or_else(|| panic!("no result for {requirement} in {period:?}"))
}

fn evaluate(deputy: &Deputy, records: &[Activity], as_of: &str) -> Vec<RequirementResult> {
    evaluate_deputy(
        deputy,
        records,
        &[],
        &calendar(),
        &RuleBook::single(default_rule_set()),
        date(as_of),
    )
    .results
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_341_311_requirement_is_met_by_enough_approved_records() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let mut records = vec![];
    for (n, day) in ["2019-01-20", "2019-01-22", "2019-01-25"].iter().enumerate() {
        records.push(approved(100 + n as u128, SessionSpeech, day, 1));
    }
    for (n, (kind, day)) in [
        (Inspection, "2019-03-01"),
        (ThematicResearch, "2019-05-01"),
        (ConstituentVisit, "2019-07-01"),
        (PublicOpinion, "2019-09-01"),
    ]
    .iter()
    .enumerate()
    {
        records.push(approved(200 + n as u128, *kind, day, 1));
    }
    records.push(approved(300, Suggestion, "2019-02-01", 1));
    for (n, day) in ["2018-03-01", "2020-03-01", "2021-03-01"].iter().enumerate() {
        records.push(approved(400 + n as u128, Training, day, 1));
    }
    records.push(approved(500, GoodDeed, "2021-06-01", 1));
    records.push(approved(600, ReportToElectoralUnit, "2022-06-01", 1));
    let results = evaluate(&d, &records, "2022-12-31");
    for (requirement, period, counted) in [
        ("session_speeches", Period::Year(2019), 3),
        ("between_sessions", Period::Year(2019), 4),
        ("bills_and_suggestions", Period::Year(2019), 1),
        ("trainings", Period::Term(5), 3),
        ("good_deeds", Period::Term(5), 1),
        ("reports", Period::Term(5), 1),
    ] {
        let r = result(&results, requirement, period);
        assert_eq!((r.status, r.counted), (Status::Met, counted), "{requirement}");
    }
    // 2020 had fewer than the minimum and is closed.
    let r = result(&results, "session_speeches", Period::Year(2020));
    assert_eq!((r.status, r.counted), (Status::NotMet, 0));
    // The training in March 2020 also counts between sessions that year.
    assert_eq!(result(&results, "between_sessions", Period::Year(2020)).counted, 1);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn pending_and_rejected_records_are_shown_apart_and_do_not_count() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let records = vec![
        approved(1, SessionSpeech, "2019-01-20", 1),
        record(2, SessionSpeech, "2019-01-21", &[1], Review::Pending),
        record(
            3,
            SessionSpeech,
            "2019-01-22",
            &[1],
            rejected("not a speech at the session"),
        ),
    ];
    let r = result(
        &evaluate(&d, &records, "2019-12-31"),
        "session_speeches",
        Period::Year(2019),
    )
    .clone();
    assert_eq!((r.counted, r.pending, r.status), (1, 1, Status::NotMet));
    assert_eq!(r.counted_ids, vec![ActivityId::from_u128(1)]);
    assert!(r.not_counted.contains(&(ActivityId::from_u128(2), NotCounted::Pending)));
    assert!(
        r.not_counted
            .contains(&(ActivityId::from_u128(3), NotCounted::Rejected))
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_activity_during_the_session_does_not_count_between_sessions() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let records = vec![
        approved(1, Inspection, "2019-01-22", 1),
        approved(2, Inspection, "2019-01-26", 1),
    ];
    let r = result(
        &evaluate(&d, &records, "2019-12-31"),
        "between_sessions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!(r.counted_ids, vec![ActivityId::from_u128(2)]);
    assert_eq!(
        r.not_counted,
        vec![(ActivityId::from_u128(1), NotCounted::OutsideWindow)]
    );
    // And a speech outside the session days is not a session speech.
    let records = vec![approved(3, SessionSpeech, "2019-03-01", 1)];
    let r = result(
        &evaluate(&d, &records, "2019-12-31"),
        "session_speeches",
        Period::Year(2019),
    )
    .clone();
    assert_eq!(
        r.not_counted,
        vec![(ActivityId::from_u128(3), NotCounted::OutsideWindow)]
    );
    // Kinds that do not count are listed when they fall in the window.
    let records = vec![approved(4, Suggestion, "2019-03-01", 1)];
    let r = result(
        &evaluate(&d, &records, "2019-12-31"),
        "between_sessions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!(r.not_counted, vec![(ActivityId::from_u128(4), NotCounted::WrongKind)]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_by_election_after_the_session_is_not_held_to_that_sessions_speeches() {
    let d = deputy(1, "2020-06-01", "2022-12-31");
    let results = evaluate(&d, &[], "2022-12-31");
    assert_eq!(
        result(&results, "session_speeches", Period::Year(2020)).status,
        Status::NotApplicable
    );
    // Served 214 of the 360 days between sessions in 2020: more than half, so held to it.
    assert_eq!(
        result(&results, "between_sessions", Period::Year(2020)).status,
        Status::NotMet
    );
    assert_eq!(
        result(&results, "session_speeches", Period::Year(2021)).status,
        Status::NotMet
    );
    // No results at all for the years before joining.
    assert!(results.iter().all(|r| r.period != Period::Year(2019)));
    // Served 2.6 of 5 years: held to the term's requirements.
    assert_eq!(result(&results, "trainings", Period::Term(5)).status, Status::NotMet);
    let late = deputy(2, "2022-03-01", "2022-12-31");
    assert_eq!(
        result(&evaluate(&late, &[], "2022-12-31"), "trainings", Period::Term(5)).status,
        Status::NotApplicable
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn early_leave_closes_the_period_and_records_after_leaving_do_not_count() {
    let d = deputy(1, "2018-01-01", "2020-09-30");
    let records = vec![
        approved(1, Inspection, "2020-03-01", 1),
        approved(2, Inspection, "2020-10-15", 1),
    ];
    let results = evaluate(&d, &records, "2020-12-31");
    let r = result(&results, "between_sessions", Period::Year(2020));
    assert_eq!(r.counted, 1);
    assert_eq!(
        r.not_counted,
        vec![(ActivityId::from_u128(2), NotCounted::OutsideService)]
    );
    assert_eq!(r.status, Status::NotMet, "closed on the day of leaving");
    assert!(results.iter().all(|r| r.period != Period::Year(2021)));
    // Left in March: held to nothing more that year.
    let brief = deputy(2, "2018-01-01", "2021-03-01");
    let results = evaluate(&brief, &[], "2021-12-31");
    assert_eq!(
        result(&results, "between_sessions", Period::Year(2021)).status,
        Status::NotApplicable
    );
    assert_eq!(
        result(&results, "session_speeches", Period::Year(2021)).status,
        Status::NotMet
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_joint_bill_counts_once_for_each_signer() {
    let records = vec![record(1, Bill, "2019-03-01", &[1, 2, 3], Review::Approved)];
    for signer in [1, 2, 3] {
        let d = deputy(signer, "2018-01-01", "2022-12-31");
        let r = result(
            &evaluate(&d, &records, "2019-12-31"),
            "bills_and_suggestions",
            Period::Year(2019),
        )
        .clone();
        assert_eq!((r.counted, r.status), (1, Status::Met), "signer {signer}");
    }
    let outsider = deputy(4, "2018-01-01", "2022-12-31");
    assert_eq!(
        result(
            &evaluate(&outsider, &records, "2019-12-31"),
            "bills_and_suggestions",
            Period::Year(2019)
        )
        .counted,
        0
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_same_record_delivered_twice_counts_once_at_its_latest_revision() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let first = record(1, Inspection, "2019-03-01", &[1], Review::Pending);
    let mut second = first.clone();
    second.revision = 2;
    second.review = Review::Approved;
    let records = vec![first.clone(), second.clone(), first, second];
    let r = result(
        &evaluate(&d, &records, "2019-12-31"),
        "between_sessions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!((r.counted, r.pending), (1, 0));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_year_boundary_is_midnight_in_shanghai() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    // 2019-12-31T15:30Z is 23:30 on 31 December in Shanghai: it belongs to 2019.
    let evening = lvzhi_domain::date::LocalDate::from_unix_millis(1_577_806_200_000).unwrap();
    let mut late = approved(1, Suggestion, "2019-01-01", 1);
    late.date = evening;
    let results = evaluate(&d, &[late], "2020-12-31");
    assert_eq!(result(&results, "bills_and_suggestions", Period::Year(2019)).counted, 1);
    assert_eq!(result(&results, "bills_and_suggestions", Period::Year(2020)).counted, 0);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn open_periods_are_in_progress_or_at_risk_by_pace_with_days_left() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let one = vec![approved(1, Inspection, "2019-02-10", 1)];
    // 1 July: about half the days between sessions have passed; expected 1 (of 4 × 0.49): on pace.
    let r = result(
        &evaluate(&d, &one, "2019-07-01"),
        "between_sessions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!(r.status, Status::InProgress);
    assert_eq!(r.days_left, Some(183));
    // 1 October: expected 2 (4 × 0.75 = 3.0 → 2 with 272/360 days): behind pace.
    let r = result(
        &evaluate(&d, &one, "2019-10-01"),
        "between_sessions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!(r.status, Status::AtRisk);
    // Before the session, speeches are simply in progress.
    let r = result(&evaluate(&d, &[], "2019-01-10"), "session_speeches", Period::Year(2019)).clone();
    assert_eq!(r.status, Status::InProgress);
    // Evaluated on the last day, the year is closed.
    let r = result(
        &evaluate(&d, &one, "2019-12-31"),
        "between_sessions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!((r.status, r.days_left), (Status::NotMet, None));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn records_after_the_evaluation_date_are_ignored() {
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let records = vec![approved(1, Suggestion, "2019-06-01", 1)];
    let r = result(
        &evaluate(&d, &records, "2019-05-31"),
        "bills_and_suggestions",
        Period::Year(2019),
    )
    .clone();
    assert_eq!(r.counted, 0);
    assert!(r.not_counted.is_empty());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_rule_change_mid_term_applies_from_the_next_period() {
    let old = default_rule_set();
    // A new version of the same rule set (same id), stricter from mid-2020.
    let mut stricter = default_rule_set();
    stricter.effective_from = date("2020-07-01");
    stricter.requirements[1].measure = Measure::Count { minimum: 6 };
    stricter.requirements[3].measure = Measure::Count { minimum: 5 };
    let book = RuleBook::new(vec![old, stricter]).unwrap();
    let d = deputy(1, "2018-01-01", "2022-12-31");
    let records: Vec<Activity> = (0..5)
        .flat_map(|n| [2020, 2021].map(|y| approved(y as u128 * 100 + n, Inspection, &format!("{y}-0{}-01", n + 3), 1)))
        .collect();
    let results = evaluate_deputy(&d, &records, &[], &calendar(), &book, date("2021-12-31")).results;
    let r2020 = result(&results, "between_sessions", Period::Year(2020));
    assert_eq!((r2020.minimum, r2020.status), (4, Status::Met));
    let r2021 = result(&results, "between_sessions", Period::Year(2021));
    assert_eq!((r2021.minimum, r2021.status), (6, Status::NotMet));
    // One version judges each period: no period is judged twice.
    assert_eq!(
        results.iter().filter(|r| r.requirement == "between_sessions").count(),
        4
    );
    // The term began under the old version and is judged by it.
    assert_eq!(result(&results, "trainings", Period::Term(5)).minimum, 3);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn deputies_of_levels_the_rules_do_not_cover_get_no_results() {
    let mut d = deputy(1, "2018-01-01", "2022-12-31");
    d.level = lvzhi_domain::deputy::Level::Township;
    assert!(evaluate(&d, &[], "2022-12-31").is_empty());
}
