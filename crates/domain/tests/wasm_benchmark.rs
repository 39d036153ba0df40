//! The compliance benchmark inside headless Chromium: ~60,000 deputies × ~1,000,000
//! activities in the working form, evaluated repeatedly; goal ≤ 20 ms per evaluation.
//! Run with `cargo xtask bench-wasm` (release build; prints its figures).
#![cfg(all(target_arch = "wasm32", feature = "wasm-benchmark"))]

use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::rules::{RuleBook, default_rule_set};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn time_ms(mut work: impl FnMut(), runs: u32) -> f64 {
    let started = js_sys::Date::now();
    for _ in 0..runs {
        work();
    }
    (js_sys::Date::now() - started) / f64::from(runs)
}

#[wasm_bindgen_test]
fn compliance_for_60k_deputies_and_1m_activities_in_the_browser() {
    let today = LocalDate::from_ymd(2026, 11, 24).unwrap();
    let started = js_sys::Date::now();
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::benchmark(today));
    let generated = js_sys::Date::now() - started;
    let calendar = Calendar::new(data.terms.clone(), data.sessions.clone());
    let started = js_sys::Date::now();
    let working = WorkingSet::build(
        &data.deputies,
        &data.activities,
        &data.absences,
        &calendar,
        &RuleBook::single(default_rule_set()),
    );
    let built = js_sys::Date::now() - started;
    let every_level = lvzhi_seed::benchmark_rule_book();
    let everyone = WorkingSet::build(
        &data.deputies,
        &data.activities,
        &data.absences,
        &calendar,
        &every_level,
    );
    let mut outcomes = Vec::new();
    working.evaluate(today, &mut outcomes);
    everyone.evaluate(today, &mut outcomes);
    let municipal = time_ms(|| working.evaluate(today, &mut outcomes), 30);
    let all = time_ms(|| everyone.evaluate(today, &mut outcomes), 30);
    console_log!(
        "wasm benchmark: {} deputies, {} activities; generated in {generated:.0} ms, working form built in {built:.0} ms",
        data.deputies.len(),
        data.activities.len()
    );
    console_log!(
        "wasm benchmark: evaluate (341 311, municipal deputies judged): {municipal:.2} ms per run (goal ≤ 20 ms)"
    );
    console_log!(
        "wasm benchmark: evaluate (every level's rules, counts and points together, all judged): {all:.2} ms per run (goal ≤ 10 ms)"
    );
    assert!(!outcomes.is_empty());
}
