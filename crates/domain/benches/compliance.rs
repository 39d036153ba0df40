//! Compliance for ~60,000 deputies × ~1,000,000 activities (the demo generator's scale
//! mode), once the records are in the engine's working form. Goal: ≤ 10 ms natively.
//!
//! Run: `cargo bench -p lvzhi-domain --bench compliance`

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::rules::{RuleBook, default_rule_set};
use lvzhi_seed::{DemoConfig, generate};

fn compliance_for_everyone(c: &mut Criterion) {
    let today = LocalDate::from_ymd(2026, 11, 24).expect("a valid date");
    let started = std::time::Instant::now();
    let data = generate(&DemoConfig::benchmark(today));
    let generated = started.elapsed();
    let calendar = Calendar::new(data.terms.clone(), data.sessions.clone());
    let rules = RuleBook::single(default_rule_set());
    let started = std::time::Instant::now();
    let working = WorkingSet::build(&data.deputies, &data.activities, &data.absences, &calendar, &rules);
    let built = started.elapsed();
    let mut outcomes = Vec::new();
    working.evaluate(today, &mut outcomes);
    println!(
        "scale: {} deputies, {} activities ({} deputy-records); generated in {:.1} s, working form built in {:.0} ms",
        data.deputies.len(),
        data.activities.len(),
        working.record_count(),
        generated.as_secs_f64(),
        built.as_secs_f64() * 1000.0
    );
    println!(
        "working form: {:.1} MB in all, {} bytes per packed record ({:.1} bytes per activity overall); {} outcomes per evaluation",
        working.memory_bytes() as f64 / 1e6,
        WorkingSet::bytes_per_record(),
        working.memory_bytes() as f64 / data.activities.len() as f64,
        outcomes.len()
    );
    // The same records with the rules applied to deputies of every level, so that all
    // ~60,000 deputies are judged, not only the municipal ones "341 311" covers.
    let every_level = lvzhi_seed::benchmark_rule_book();
    let everyone = WorkingSet::build(
        &data.deputies,
        &data.activities,
        &data.absences,
        &calendar,
        &every_level,
    );
    let mut all_outcomes = Vec::new();
    everyone.evaluate(today, &mut all_outcomes);
    println!(
        "every level's rules (counts and points): {} outcomes per evaluation",
        all_outcomes.len()
    );

    let mut group = c.benchmark_group("compliance");
    group.sample_size(30);
    group.bench_function("60k_deputies_1m_activities_municipal_rules", |b| {
        b.iter(|| working.evaluate(today, &mut outcomes))
    });
    group.bench_function("60k_deputies_1m_activities_every_level_counts_and_points", |b| {
        b.iter(|| everyone.evaluate(today, &mut all_outcomes))
    });
    group.finish();
}

criterion_group!(benches, compliance_for_everyone);
criterion_main!(benches);
