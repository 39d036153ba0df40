//! The commands: reading files, calling the domain crate, printing results.

use std::path::Path;

use lvzhi_domain::activity::Activity;
use lvzhi_domain::calendar::{AnnualSession, Term};
use lvzhi_domain::compliance::selection::Selection;
use lvzhi_domain::compliance::stats::summarise;
use lvzhi_domain::compliance::{Calendar, Evaluation, Period, evaluate_deputy};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::{Deputy, Level};
use lvzhi_domain::ids::{DeputyId, GroupId};
use lvzhi_domain::interchange::{Format, Interchange, export, import};
use lvzhi_domain::rules::{DEFAULT_RULES_JSON, RuleBook, RuleSet};

use crate::args::Args;

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))
}

fn load<T: Interchange>(path: &str, accept_good_rows: bool) -> Result<Vec<T>, String> {
    let format = Format::from_file_name(path).ok_or_else(|| format!("{path}: name the file .csv or .jsonl"))?;
    let imported = import::<T>(&read(path)?, format, path);
    let good = imported.records.len();
    let errors = imported.errors.clone();
    match imported.into_records(accept_good_rows) {
        Ok(records) => {
            for error in &errors {
                eprintln!("skipped {error}");
            }
            Ok(records)
        }
        Err(errors) => {
            let mut message = format!(
                "{path}: {} bad row(s); nothing was imported ({good} good rows kept back; --accept-good-rows takes them)",
                errors.len()
            );
            for error in errors.iter().take(50) {
                message.push_str(&format!("\n  {error}"));
            }
            Err(message)
        }
    }
}

fn period_label(period: Period) -> String {
    match period {
        Period::Year(year) => year.to_string(),
        Period::Term(term) => format!("term {term}"),
    }
}

pub fn compliance(args: &Args) -> Result<(), String> {
    let accept = args.flag("--accept-good-rows");
    let mut sets = Vec::new();
    for path in args.all("--rules") {
        sets.push(RuleSet::from_json(&read(path)?).map_err(|error| format!("{path}: {error}"))?);
    }
    if sets.is_empty() {
        return Err("--rules is required; see `lvzhi help`".into());
    }
    // Rule files named on the command line apply, optional ones included.
    let ids: Vec<String> = sets.iter().map(|set| set.id.clone()).collect();
    let rules = RuleBook::new(sets)
        .map_err(|error| error.to_string())?
        .with_enabled(&ids);
    let as_of = LocalDate::parse_field(args.required("--as-of")?, "--as-of").map_err(|e| e.to_string())?;
    let terms: Vec<Term> = load(args.required("--terms")?, accept)?;
    let sessions: Vec<AnnualSession> = load(args.required("--sessions")?, accept)?;
    let deputies: Vec<Deputy> = load(args.required("--deputies")?, accept)?;
    let activities: Vec<Activity> = load(args.required("--activities")?, accept)?;
    let calendar = Calendar::new(terms, sessions);

    let selection = if let Some(text) = args.one("--deputy") {
        let id = DeputyId::parse_field(text, "--deputy").map_err(|e| e.to_string())?;
        if !deputies.iter().any(|d| d.id == id) {
            return Err(format!("--deputy: no deputy {id} in the file"));
        }
        Selection::One(id)
    } else if let Some(text) = args.one("--group") {
        Selection::Group(GroupId::parse_field(text, "--group").map_err(|e| e.to_string())?)
    } else if let Some(text) = args.one("--level") {
        Selection::Level(Level::parse_field(text, "--level").map_err(|e| e.to_string())?)
    } else {
        Selection::Everyone
    };
    let selected = selection.pick(&deputies);
    // Index records by deputy once, so each evaluation sees only its own.
    let mut by_deputy: std::collections::HashMap<DeputyId, Vec<&Activity>> = std::collections::HashMap::new();
    for activity in &activities {
        for deputy in &activity.deputies {
            by_deputy.entry(*deputy).or_default().push(activity);
        }
    }
    let evaluations: Vec<Evaluation> = selected
        .iter()
        .map(|d| {
            evaluate_deputy(
                d,
                by_deputy.get(&d.id).into_iter().flatten().copied(),
                // Absences are not read from files yet: point rules show no deductions here.
                &[],
                &calendar,
                &rules,
                as_of,
            )
        })
        .collect();

    if args.flag("--json") {
        let output =
            serde_json::json!({ "as_of": as_of, "evaluations": evaluations, "summary": summarise(&evaluations) });
        println!("{}", serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?);
        return Ok(());
    }
    if let (Some(deputy), [evaluation]) = (
        selected.first().filter(|_| args.one("--deputy").is_some()),
        evaluations.as_slice(),
    ) {
        println!("{} ({}), as of {as_of}", deputy.name, deputy.id);
        println!(
            "{:<24} {:<8} {:>7} {:>7} {:<15} reasons not counted",
            "requirement", "period", "count", "pending", "status"
        );
        for r in &evaluation.results {
            let mut reasons: std::collections::BTreeMap<String, u32> = Default::default();
            for (_, reason) in &r.not_counted {
                *reasons.entry(format!("{reason:?}")).or_default() += 1;
            }
            let reasons: Vec<String> = reasons.into_iter().map(|(reason, n)| format!("{reason}×{n}")).collect();
            println!(
                "{:<24} {:<8} {:>7} {:>7} {:<15} {}",
                r.requirement,
                period_label(r.period),
                format!(
                    "{}/{}",
                    lvzhi_domain::labels::figure(r.unit, r.score, lvzhi_domain::labels::Lang::En),
                    lvzhi_domain::labels::figure(r.unit, r.minimum, lvzhi_domain::labels::Lang::En)
                ),
                r.pending,
                r.status.code(),
                reasons.join(" ")
            );
        }
        return Ok(());
    }
    println!(
        "{} of {} deputies selected, {} activities, as of {as_of}",
        selected.len(),
        deputies.len(),
        activities.len()
    );
    println!(
        "{:<24} {:<8} {:>9} {:>7} {:>7}  distribution of counts (0,1,2,…,10+)",
        "requirement", "period", "held to it", "met", "met %"
    );
    for stats in summarise(&evaluations) {
        let period = stats.period.map(period_label).unwrap_or_default();
        let distribution: Vec<String> = stats.distribution.iter().map(ToString::to_string).collect();
        println!(
            "{:<24} {:<8} {:>9} {:>7} {:>6.1}%  {}",
            stats.requirement,
            period,
            stats.held_to_it,
            stats.met,
            stats.met_percent(),
            distribution.join(",")
        );
    }
    Ok(())
}

pub fn export_demo(args: &Args) -> Result<(), String> {
    let dir = Path::new(args.required("--dir")?);
    let as_of = match args.one("--as-of") {
        Some(text) => LocalDate::parse_field(text, "--as-of").map_err(|e| e.to_string())?,
        None => LocalDate::from_ymd(2026, 11, 24).ok_or("bad default date")?,
    };
    let config = match args.one("--scale").unwrap_or("standard") {
        "small" => lvzhi_seed::DemoConfig::small(as_of),
        "standard" => lvzhi_seed::DemoConfig::standard(as_of),
        "benchmark" => lvzhi_seed::DemoConfig::benchmark(as_of),
        other => return Err(format!("--scale: {other:?} is not one of small, standard, benchmark")),
    };
    let (format, extension) = match args.one("--format").unwrap_or("csv") {
        "csv" => (Format::Csv, "csv"),
        "jsonl" => (Format::JsonLines, "jsonl"),
        other => return Err(format!("--format: {other:?} is not csv or jsonl")),
    };
    let data = lvzhi_seed::generate(&config);
    std::fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
    };
    write(&format!("terms.{extension}"), export(&data.terms, format))?;
    write(&format!("sessions.{extension}"), export(&data.sessions, format))?;
    write(&format!("deputies.{extension}"), export(&data.deputies, format))?;
    write(&format!("activities.{extension}"), export(&data.activities, format))?;
    write("rules.json", DEFAULT_RULES_JSON.to_owned())?;
    println!(
        "wrote {} terms, {} sessions, {} deputies, {} activities and rules.json to {}",
        data.terms.len(),
        data.sessions.len(),
        data.deputies.len(),
        data.activities.len(),
        dir.display()
    );
    Ok(())
}
