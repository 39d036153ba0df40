//! Table tests of the rule format: every field of count, points and duty-day requirements,
//! every refusal naming its field, and which rule sets are in force for whom.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use lvzhi_domain::attendance::{AbsenceCategory, LeaveReason};
use lvzhi_domain::deputy::{Attribute, Level};
use lvzhi_domain::rules::{
    DEFAULT_RULES_JSON, Measure, RuleBook, RuleSet, Threshold, Window, bundled_rule_sets, default_rule_set,
    format_points,
};
use serde_json::{Value, json};
use support::*;

fn edited(text: &str, edit: impl FnOnce(&mut Value)) -> Result<RuleSet, lvzhi_domain::ValidationError> {
    let mut value: Value = serde_json::from_str(text).unwrap();
    edit(&mut value);
    RuleSet::from_json(&value.to_string())
}

fn district_text() -> &'static str {
    lvzhi_domain::rules::BUNDLED_RULE_FILES
        .iter()
        .find(|(name, _)| *name == "example-district-points.json")
        .unwrap()
        .1
}

type Edit = Box<dyn FnOnce(&mut Value)>;

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_default_rule_set_encodes_341_311() {
    let rules = default_rule_set();
    let minimums: Vec<(Window, i64)> = rules.requirements.iter().map(|r| (r.window, r.minimum())).collect();
    assert_eq!(
        minimums,
        vec![
            (Window::SessionDays, 3),
            (Window::BetweenSessions, 4),
            (Window::CalendarYear, 1),
            (Window::Term, 3),
            (Window::Term, 1),
            (Window::Term, 1),
        ]
    );
    assert!(
        rules
            .requirements
            .iter()
            .all(|r| matches!(r.measure, Measure::Count { .. }))
    );
    assert!(rules.levels.contains(&Level::Municipal) && !rules.optional);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_bundled_file_parses_and_survives_a_round_trip() {
    for set in bundled_rule_sets() {
        let text = serde_json::to_string(&set).unwrap();
        assert_eq!(RuleSet::from_json(&text).unwrap(), set, "{}", set.id);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_district_example_reads_weights_halves_caps_deductions_and_bands() {
    let set = bundled("example-district-points");
    let points = set.requirement("duty_points").unwrap().points().unwrap();
    use lvzhi_domain::activity::ActivityKind::*;
    assert_eq!(points.weight(Suggestion), Some(6), "3 points = 6 half points");
    assert_eq!(points.weight(ConstituentVisit), Some(3), "1.5 points");
    assert_eq!(points.weight(Other), None);
    assert_eq!(points.cap(ConstituentVisit), Some(18));
    assert_eq!(points.deduction(AbsenceCategory::SessionLeave), 2);
    assert_eq!(points.deduction(AbsenceCategory::CommitteeLeave), 1);
    assert_eq!(points.exempt_reasons, vec![LeaveReason::OfficialDuty]);
    let Threshold::Bands(bands) = &points.threshold else {
        panic!("bands")
    };
    assert_eq!(
        bands.iter().map(|b| b.from).collect::<Vec<_>>(),
        vec![Some(60), Some(24), None]
    );
    assert_eq!(points.band_of(60).unwrap().id, "good");
    assert_eq!(points.band_of(59).unwrap().id, "adequate");
    assert_eq!(points.band_of(-4).unwrap().id, "talk");
    assert_eq!(set.requirement("duty_points").unwrap().minimum(), 24);
    assert!(matches!(
        set.requirement("duty_days").unwrap().measure,
        Measure::DutyDays { minimum: 6 }
    ));
    assert_eq!(
        (format_points(237), format_points(-2), format_points(0)),
        ("118.5".into(), "-1".into(), "0".into())
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn malformed_or_inconsistent_count_rules_name_the_field() {
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|v| v["requirements"][1]["minimum"] = 0.into()),
            "requirements[1].minimum",
        ),
        (
            Box::new(|v| v["requirements"][1]["minimum"] = 2.5.into()),
            "requirements[1].minimum",
        ),
        (
            Box::new(|v| v["requirements"][2]["id"] = "session_speeches".into()),
            "requirements[2].id",
        ),
        (
            Box::new(|v| v["requirements"][0]["kinds"] = json!([])),
            "requirements[0].kinds",
        ),
        (
            Box::new(|v| v["requirements"][3]["kinds"] = json!(["training", "training"])),
            "requirements[3].kinds[1]",
        ),
        (Box::new(|v| v["levels"] = json!([])), "levels"),
        (
            Box::new(|v| v["min_service_percent"] = 140.into()),
            "min_service_percent",
        ),
        (Box::new(|v| v["requirements"] = json!([])), "requirements"),
        (
            Box::new(|v| v["requirements"][0]["type"] = "stars".into()),
            "requirements[0].type",
        ),
        (
            Box::new(|v| v["requirements"][0]["caps"] = json!({"session_speech": 2})),
            "requirements[0].caps",
        ),
        (
            Box::new(|v| v["requirements"][0]["bands"] = json!([])),
            "requirements[0].bands",
        ),
        (
            Box::new(|v| v["requirements"][0]["points"] = json!({"session_speech": 2})),
            "requirements[0].points",
        ),
        (
            Box::new(|v| v["attributes"] = json!(["grassroots", "grassroots"])),
            "attributes[1]",
        ),
    ];
    for (edit, field) in cases {
        let error = edited(DEFAULT_RULES_JSON, edit).unwrap_err();
        assert_eq!(error.field, field, "{error}");
    }
    let error = edited(DEFAULT_RULES_JSON, |v| {
        v["requirements"][0]["window"] = "fortnight".into()
    })
    .unwrap_err();
    assert!(error.to_string().contains("fortnight"), "{error}");
    let error = edited(DEFAULT_RULES_JSON, |v| v["effective_from"] = "2019-02-30".into()).unwrap_err();
    assert!(error.to_string().contains("calendar"), "{error}");
    let error = edited(DEFAULT_RULES_JSON, |v| v["requirements"][0]["colour"] = "red".into()).unwrap_err();
    assert!(error.to_string().contains("colour"), "{error}");
    let error = edited(DEFAULT_RULES_JSON, |v| v["attributes"] = json!(["veteran"])).unwrap_err();
    assert!(error.to_string().contains("veteran"), "{error}");
    let error = RuleSet::from_json("{ not json").unwrap_err();
    assert!(error.field.starts_with("line 1"), "{error}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn malformed_or_inconsistent_point_rules_name_the_field() {
    let at = "requirements[0]";
    let cases: Vec<(Edit, String)> = vec![
        (
            Box::new(|v| v["requirements"][0]["points"]["suggestion"] = 1.25.into()),
            format!("{at}.points.suggestion"),
        ),
        (
            Box::new(|v| v["requirements"][0]["points"]["suggestion"] = 0.into()),
            format!("{at}.points.suggestion"),
        ),
        (
            Box::new(|v| v["requirements"][0]["points"]["suggestion"] = (-3).into()),
            format!("{at}.points.suggestion"),
        ),
        (
            Box::new(|v| v["requirements"][0]["points"]["karaoke"] = 1.into()),
            format!("{at}.points.karaoke"),
        ),
        (
            Box::new(|v| v["requirements"][0]["points"] = json!({})),
            format!("{at}.points"),
        ),
        (
            Box::new(|v| v["requirements"][0]["caps"]["other"] = 2.into()),
            format!("{at}.caps.other"),
        ),
        (
            Box::new(|v| v["requirements"][0]["caps"]["suggestion"] = 0.into()),
            format!("{at}.caps.suggestion"),
        ),
        (
            Box::new(|v| v["requirements"][0]["deductions"]["nap"] = 1.into()),
            format!("{at}.deductions.nap"),
        ),
        (
            Box::new(|v| {
                v["requirements"][0].as_object_mut().unwrap().remove("deductions");
            }),
            format!("{at}.exempt_reasons"),
        ),
        (
            Box::new(|v| v["requirements"][0]["minimum"] = 10.into()),
            format!("{at}.bands"),
        ),
        (
            Box::new(|v| {
                v["requirements"][0].as_object_mut().unwrap().remove("bands");
            }),
            format!("{at}.minimum"),
        ),
        (
            Box::new(|v| v["requirements"][0]["kinds"] = json!(["bill"])),
            format!("{at}.kinds"),
        ),
        (
            Box::new(|v| v["requirements"][0]["bands"][1]["from"] = 40.into()),
            format!("{at}.bands[1].from"),
        ),
        (
            Box::new(|v| v["requirements"][0]["bands"][2]["from"] = 1.into()),
            format!("{at}.bands[2].from"),
        ),
        (
            Box::new(|v| {
                v["requirements"][0]["bands"][1].as_object_mut().unwrap().remove("from");
            }),
            format!("{at}.bands[1].from"),
        ),
        (
            Box::new(|v| v["requirements"][0]["bands"][1]["id"] = "good".into()),
            format!("{at}.bands[1].id"),
        ),
        (
            Box::new(|v| {
                v["requirements"][0]["bands"] =
                    json!([{"id": "all", "title": {"zh-Hans": "", "zh-Hant": "", "en": ""}}])
            }),
            format!("{at}.bands"),
        ),
        (
            Box::new(|v| v["requirements"][1]["minimum"] = 0.into()),
            "requirements[1].minimum".into(),
        ),
        (
            Box::new(|v| v["requirements"][1]["caps"] = json!({"bill": 1})),
            "requirements[1].caps".into(),
        ),
    ];
    for (edit, field) in cases {
        let error = edited(district_text(), edit).unwrap_err();
        assert_eq!(error.field, field, "{error}");
    }
    let error = edited(district_text(), |v| {
        v["requirements"][0]["points"]["suggestion"] = "three".into()
    })
    .unwrap_err();
    assert!(error.to_string().contains("three"), "{error}");
    let error = edited(district_text(), |v| {
        v["requirements"][0]["exempt_reasons"] = json!(["boredom"])
    })
    .unwrap_err();
    assert!(error.to_string().contains("boredom"), "{error}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn several_rule_sets_are_in_force_at_once_each_by_its_latest_version() {
    let old = default_rule_set();
    let mut new = default_rule_set();
    new.effective_from = date("2025-01-01");
    new.title.en = "341 311, second version".into();
    let observers = bundled("chongqing-observers");
    let district = bundled("example-district-points");
    let book = RuleBook::new(vec![new, district, old, observers]).unwrap();
    let ids = |on: &str| -> Vec<(String, String)> {
        book.in_force_on(date(on))
            .iter()
            .map(|set| (set.id.clone(), set.effective_from.to_string()))
            .collect()
    };
    // The observers rule is optional: off until staff turn it on.
    assert_eq!(
        ids("2024-12-31"),
        vec![
            ("chongqing-341311".into(), "2018-01-01".into()),
            ("example-district-points".into(), "2018-01-01".into())
        ]
    );
    assert_eq!(ids("2025-01-01")[0], ("chongqing-341311".into(), "2025-01-01".into()));
    assert!(ids("2017-12-31").is_empty());
    let book = book.with_enabled([&"chongqing-observers".to_string()]);
    let mut grassroots = deputy(1, "2018-01-01", "2022-12-31");
    let plain = grassroots.clone();
    grassroots.attributes = vec![Attribute::Grassroots];
    let judging = |d| -> Vec<String> {
        book.judging(d, date("2020-01-01"))
            .iter()
            .map(|s| s.id.clone())
            .collect()
    };
    assert_eq!(judging(&grassroots), vec!["chongqing-341311", "chongqing-observers"]);
    assert_eq!(judging(&plain), vec!["chongqing-341311"]);
    assert_eq!(judging(&district_deputy(2)), vec!["example-district-points"]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn two_versions_of_one_rule_set_may_not_share_a_date() {
    let error = RuleBook::new(vec![default_rule_set(), default_rule_set()]).unwrap_err();
    assert_eq!(error.field, "effective_from");
    // Different rule sets may start the same day.
    RuleBook::new(vec![default_rule_set(), bundled("example-township")]).unwrap();
}
