//! Table tests of point and duty-day requirements, absences, several rule sets side by
//! side, and joint records that count once confirmed.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use lvzhi_domain::activity::ActivityKind::*;
use lvzhi_domain::activity::{Activity, EnteredBy, JointAnswer, Review};
use lvzhi_domain::attendance::{Absence, AbsenceKind, LeaveReason, Meeting};
use lvzhi_domain::compliance::{
    NotCounted, Period, PointSource, RequirementResult, Status, evaluate_deputy, records_of,
};
use lvzhi_domain::deputy::{Attribute, Deputy};
use lvzhi_domain::ids::{AccountId, DeputyId};
use lvzhi_domain::rules::{Measure, RuleBook, Unit};
use support::*;

fn district_book() -> RuleBook {
    RuleBook::new(vec![bundled("example-district-points")]).unwrap()
}

fn evaluate(
    d: &Deputy,
    records: &[Activity],
    absences: &[Absence],
    book: &RuleBook,
    as_of: &str,
) -> Vec<RequirementResult> {
    evaluate_deputy(d, records, absences, &calendar(), book, date(as_of)).results
}

fn find<'a>(results: &'a [RequirementResult], requirement: &str, period: Period) -> &'a RequirementResult {
    results
        .iter()
        .find(|r| r.requirement == requirement && r.period == period)
        .unwrap_or_else(|| panic!("no {requirement} in {period:?}"))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn points_add_up_record_by_record_with_caps_deductions_exemptions_and_a_band() {
    let d = district_deputy(1);
    let mut records = vec![
        approved(1, Suggestion, "2019-03-01", 1),
        approved(2, Inspection, "2019-04-01", 1),
        approved(3, Other, "2019-04-02", 1), // earns nothing under this rule
        record(4, Bill, "2019-05-01", &[1], Review::Pending),
    ];
    // Seven visits at 1.5 points: the cap of 9 points cuts the seventh to nothing.
    for n in 0..7 {
        records.push(approved(10 + n, ConstituentVisit, &format!("2019-06-{:02}", n + 1), 1));
    }
    let absences = vec![
        absence(
            1,
            1,
            "2019-01-21",
            Meeting::AnnualSession,
            AbsenceKind::Leave,
            Some(LeaveReason::Personal),
        ),
        absence(
            2,
            1,
            "2019-01-22",
            Meeting::AnnualSession,
            AbsenceKind::Leave,
            Some(LeaveReason::OfficialDuty),
        ),
        absence(
            3,
            1,
            "2019-09-10",
            Meeting::StandingCommittee,
            AbsenceKind::Absent,
            None,
        ),
        absence(
            4,
            2,
            "2019-09-10",
            Meeting::StandingCommittee,
            AbsenceKind::Absent,
            None,
        ), // another deputy's
    ];
    let results = evaluate(&d, &records, &absences, &district_book(), "2019-12-31");
    let points = find(&results, "duty_points", Period::Year(2019));
    assert_eq!(points.unit, Unit::HalfPoints);
    // 3 + 3 + 9 (capped visits) − 1 (personal leave) − 0 (official duty, exempt) − 1 (committee absence) = 13.
    assert_eq!(points.score, 26);
    assert_eq!(points.counted, 9, "suggestion, inspection and seven visits");
    assert_eq!(points.pending, 1);
    assert_eq!(points.band.as_deref(), Some("adequate"));
    assert_eq!(points.status, Status::Met);
    let lines: Vec<(String, i64, i64, i64)> = points
        .lines
        .iter()
        .map(|line| {
            let what = match line.source {
                PointSource::Record { kind, .. } => kind.code().to_owned(),
                PointSource::Absence { category, exempt, .. } => {
                    format!("{}{}", category.code(), if exempt { " exempt" } else { "" })
                }
            };
            (what, line.points, line.cut_by_cap, line.running_total)
        })
        .collect();
    assert_eq!(lines[0], ("session_leave".into(), -2, 0, -2));
    assert_eq!(lines[1], ("session_leave exempt".into(), 0, 0, -2));
    assert_eq!(lines[2], ("suggestion".into(), 6, 0, 4));
    assert_eq!(lines[3], ("inspection".into(), 6, 0, 10));
    assert_eq!(lines[9], ("constituent_visit".into(), 3, 0, 28));
    assert_eq!(
        lines[10],
        ("constituent_visit".into(), 0, 3, 28),
        "the cap cuts the seventh visit"
    );
    assert_eq!(lines[11], ("committee_absent".into(), -2, 0, 26));
    assert_eq!(lines.len(), 12);
    assert!(points.not_counted.contains(&(records[2].id, NotCounted::WrongKind)));
    assert!(points.not_counted.contains(&(records[3].id, NotCounted::Pending)));
    // Duty days: the inspection, the other activity and seven visits on nine distinct days
    // (a suggestion is not a kind of duty day here; the bill is pending).
    let days = find(&results, "duty_days", Period::Year(2019));
    assert_eq!((days.unit, days.score, days.status), (Unit::Days, 9, Status::Met));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_low_total_falls_in_the_bottom_band_and_may_go_below_zero() {
    let d = district_deputy(1);
    let absences = vec![
        absence(1, 1, "2020-01-21", Meeting::AnnualSession, AbsenceKind::Absent, None),
        absence(2, 1, "2023-01-21", Meeting::AnnualSession, AbsenceKind::Absent, None), // after the term
    ];
    let records = vec![approved(1, Training, "2020-03-01", 1)];
    let results = evaluate(&d, &records, &absences, &district_book(), "2020-12-31");
    let points = find(&results, "duty_points", Period::Year(2020));
    assert_eq!(
        (points.score, points.band.as_deref(), points.status),
        (0, Some("talk"), Status::NotMet)
    );
    let results = evaluate(&d, &[], &absences, &district_book(), "2020-12-31");
    assert_eq!(find(&results, "duty_points", Period::Year(2020)).score, -4);
    // While the year runs, the pace is judged against the lowest band above the bottom one.
    let results = evaluate(&d, &records, &absences, &district_book(), "2020-02-01");
    assert_eq!(find(&results, "duty_points", Period::Year(2020)).status, Status::AtRisk);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn two_records_on_one_day_make_one_duty_day() {
    let d = district_deputy(1);
    let records = vec![
        approved(1, Inspection, "2021-05-01", 1),
        approved(2, ConstituentVisit, "2021-05-01", 1),
        approved(3, Training, "2021-05-02", 1),
        record(4, Training, "2021-05-03", &[1], rejected("no evidence")),
    ];
    let results = evaluate(&d, &records, &[], &district_book(), "2021-12-31");
    let days = find(&results, "duty_days", Period::Year(2021));
    assert_eq!((days.score, days.counted, days.minimum), (2, 3, 6));
    assert_eq!(days.status, Status::NotMet);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_point_rule_changed_mid_term_judges_earlier_periods_by_the_old_weights() {
    let old = bundled("example-district-points");
    let mut new = old.clone();
    new.effective_from = date("2020-07-01");
    let Measure::Points(scheme) = &mut new.requirements[0].measure else {
        panic!("points")
    };
    for (kind, weight) in &mut scheme.weights {
        if *kind == Suggestion {
            *weight = 10; // 5 points from the next year on
        }
    }
    let book = RuleBook::new(vec![new, old]).unwrap();
    let d = district_deputy(1);
    let records = vec![
        approved(1, Suggestion, "2020-03-01", 1),
        approved(2, Suggestion, "2020-09-01", 1), // after the change, in a year begun under the old weights
        approved(3, Suggestion, "2021-03-01", 1),
    ];
    let results = evaluate(&d, &records, &[], &book, "2021-12-31");
    assert_eq!(
        find(&results, "duty_points", Period::Year(2020)).score,
        12,
        "3 + 3 points, old weights"
    );
    assert_eq!(
        find(&results, "duty_points", Period::Year(2021)).score,
        10,
        "5 points, new weights"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_grassroots_municipal_deputy_is_judged_by_341_311_and_the_observers_rule_side_by_side() {
    let book = RuleBook::new(vec![bundled("chongqing-341311"), bundled("chongqing-observers")])
        .unwrap()
        .with_enabled([&"chongqing-observers".to_string()]);
    let mut d = deputy(1, "2018-01-01", "2022-12-31");
    d.attributes = vec![Attribute::Grassroots];
    let records = vec![approved(1, StandingCommitteeObserver, "2019-05-01", 1)];
    let results = evaluate(&d, &records, &[], &book, "2022-12-31");
    let observed = find(&results, "observe_standing_committee", Period::Term(5));
    assert_eq!(
        (observed.rule_set.as_str(), observed.status),
        ("chongqing-observers", Status::Met)
    );
    let between = find(&results, "between_sessions", Period::Year(2019));
    assert_eq!((between.rule_set.as_str(), between.counted), ("chongqing-341311", 1));
    // Not grassroots, or the rule not turned on: only 341 311.
    d.attributes.clear();
    assert!(
        evaluate(&d, &records, &[], &book, "2022-12-31")
            .iter()
            .all(|r| r.rule_set == "chongqing-341311")
    );
    d.attributes = vec![Attribute::Grassroots];
    let off = RuleBook::new(vec![bundled("chongqing-341311"), bundled("chongqing-observers")]).unwrap();
    assert!(
        evaluate(&d, &records, &[], &off, "2022-12-31")
            .iter()
            .all(|r| r.rule_set == "chongqing-341311")
    );
}

fn joint(id: u128, proposer: u128, colleagues: &[u128], answers: &[(u128, JointAnswer)]) -> Activity {
    let mut deputies = vec![proposer];
    deputies.extend_from_slice(colleagues);
    let mut activity = record(id, Inspection, "2019-05-01", &deputies, Review::Approved);
    activity.proposed_by = Some(DeputyId::from_u128(proposer));
    for (deputy, answer) in answers {
        activity = activity.with_answer(DeputyId::from_u128(*deputy), *answer);
    }
    activity
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_joint_record_counts_for_a_colleague_once_confirmed_and_never_once_declined() {
    let book = RuleBook::single(bundled("chongqing-341311"));
    let records = vec![joint(
        1,
        1,
        &[2, 3, 4],
        &[(3, JointAnswer::Confirmed), (4, JointAnswer::Declined)],
    )];
    let between = |n: u128| -> (u32, Vec<NotCounted>) {
        let d = deputy(n, "2018-01-01", "2022-12-31");
        let results = evaluate(&d, &records, &[], &book, "2019-12-31");
        let r = find(&results, "between_sessions", Period::Year(2019));
        (r.counted, r.not_counted.iter().map(|(_, why)| *why).collect())
    };
    assert_eq!(between(1), (1, vec![]), "the proposer");
    assert_eq!(between(2), (0, vec![NotCounted::Unconfirmed]), "not yet answered");
    assert_eq!(between(3), (1, vec![]), "confirmed");
    assert_eq!(between(4), (0, vec![]), "declined: not even listed");
    let four = DeputyId::from_u128(4);
    assert!(records_of(four, &records, date("2019-12-31")).is_empty());
    assert!(!records[0].listed_for(four));
    // Entered by staff, it counts for everyone named.
    let mut by_staff = records[0].clone();
    by_staff.entered_by = EnteredBy::Staff(AccountId::from_u128(99));
    by_staff.answers.clear();
    let d = deputy(2, "2018-01-01", "2022-12-31");
    let results = evaluate(&d, &[by_staff], &[], &book, "2019-12-31");
    assert_eq!(find(&results, "between_sessions", Period::Year(2019)).counted, 1);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_joint_record_refuses_a_proposer_or_answer_outside_its_deputies() {
    let good = joint(1, 1, &[2], &[(2, JointAnswer::Confirmed)]);
    let mut json = serde_json::to_value(&good).unwrap();
    json["proposed_by"] = serde_json::to_value(DeputyId::from_u128(9)).unwrap();
    let error = serde_json::from_value::<Activity>(json).unwrap_err().to_string();
    assert!(error.contains("proposed_by"), "{error}");
    let mut json = serde_json::to_value(&good).unwrap();
    json["answers"][0]["deputy"] = serde_json::to_value(DeputyId::from_u128(1)).unwrap();
    let error = serde_json::from_value::<Activity>(json).unwrap_err().to_string();
    assert!(error.contains("answers[0].deputy"), "{error}");
    let mut json = serde_json::to_value(&good).unwrap();
    json["answers"][0]["answer"] = "maybe".into();
    assert!(serde_json::from_value::<Activity>(json).is_err());
    let round: Activity = serde_json::from_value(serde_json::to_value(&good).unwrap()).unwrap();
    assert_eq!(round, good);
    let packed =
        lvzhi_domain::packed::decode_activities(&lvzhi_domain::packed::encode_activities(&[good.clone()])).unwrap();
    assert_eq!(packed, vec![good]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn quarterly_standings_rank_district_deputies_by_points_up_to_the_quarter() {
    use lvzhi_domain::compliance::standings::{StandingsQuery, standings, standings_csv};
    let deputies = vec![
        district_deputy(1),
        district_deputy(2),
        district_deputy(3),
        deputy(4, "2018-01-01", "2022-12-31"),
    ];
    let records = vec![
        approved(1, Suggestion, "2019-02-01", 1),
        approved(2, Suggestion, "2019-05-01", 2),
        approved(3, Suggestion, "2019-02-10", 2),
        approved(4, Suggestion, "2019-03-10", 3),
        approved(5, Suggestion, "2019-03-10", 4),
    ];
    let query = StandingsQuery {
        rule_set: "example-district-points".into(),
        requirement: "duty_points".into(),
        year: 2019,
        quarter: 1,
    };
    let book = district_book();
    let first = standings(&query, &deputies, &records, &[], &calendar(), &book, date("2026-01-01")).unwrap();
    assert_eq!(first.as_of, date("2019-03-31"));
    let ranks: Vec<(u32, u128, String)> = first
        .rows
        .iter()
        .map(|r| (r.rank, r.deputy.as_uuid().as_u128(), r.shown.clone()))
        .collect();
    assert_eq!(
        ranks,
        vec![(1, 1, "3".into()), (1, 2, "3".into()), (1, 3, "3".into())],
        "the municipal deputy is not judged by it"
    );
    let half = standings(
        &StandingsQuery {
            quarter: 2,
            ..query.clone()
        },
        &deputies,
        &records,
        &[],
        &calendar(),
        &book,
        date("2026-01-01"),
    )
    .unwrap();
    assert_eq!(
        (half.rows[0].deputy.as_uuid().as_u128(), half.rows[0].shown.as_str()),
        (2, "6")
    );
    assert_eq!(half.rows[1].rank, 2);
    let csv = standings_csv(&half);
    assert!(csv.starts_with("rank,deputy,name"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    for bad in [
        StandingsQuery {
            quarter: 5,
            ..query.clone()
        },
        StandingsQuery {
            requirement: "nope".into(),
            ..query.clone()
        },
    ] {
        assert!(standings(&bad, &deputies, &records, &[], &calendar(), &book, date("2026-01-01")).is_err());
    }
    let counts = StandingsQuery {
        rule_set: "chongqing-341311".into(),
        requirement: "between_sessions".into(),
        ..query
    };
    let book = RuleBook::new(vec![bundled("chongqing-341311")]).unwrap();
    assert_eq!(
        standings(
            &counts,
            &deputies,
            &records,
            &[],
            &calendar(),
            &book,
            date("2026-01-01")
        )
        .unwrap_err()
        .field,
        "requirement"
    );
}
