//! The `lvzhi` binary on real files in a temporary directory.

use std::process::Command;

fn lvzhi(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lvzhi"))
        .args(args)
        .output()
        .expect("lvzhi runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn export(dir: &std::path::Path, format: &str) {
    let (code, out, err) = lvzhi(&[
        "export-demo",
        "--dir",
        dir.to_str().unwrap(),
        "--scale",
        "small",
        "--format",
        format,
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

fn compliance_args<'a>(dir: &'a str, ext: &str, extra: &[&'a str]) -> Vec<String> {
    let mut args: Vec<String> = vec!["compliance".into(), "--rules".into(), format!("{dir}/rules.json")];
    for kind in ["terms", "sessions", "deputies", "activities"] {
        args.push(format!("--{kind}"));
        args.push(format!("{dir}/{kind}.{ext}"));
    }
    args.extend(["--as-of".into(), "2021-12-31".into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn computes_the_same_compliance_from_csv_and_from_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    export(dir.path(), "csv");
    export(dir.path(), "jsonl");
    let run = |ext: &str| {
        let args = compliance_args(path, ext, &["--json"]);
        let (code, out, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).expect("JSON output")
    };
    let (csv, jsonl) = (run("csv"), run("jsonl"));
    assert_eq!(csv, jsonl);
    assert!(csv["evaluations"].as_array().unwrap().len() > 100);
    let first = &csv["summary"][0];
    assert!(first["held_to_it"].as_u64().unwrap() > 0, "{first}");
}

#[test]
fn one_deputy_gets_figures_and_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    export(dir.path(), "csv");
    let deputies = std::fs::read_to_string(dir.path().join("deputies.csv")).unwrap();
    let id = deputies.lines().nth(1).unwrap().split(',').next().unwrap().to_owned();
    let args = compliance_args(path, "csv", &["--deputy", &id]);
    let (code, out, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("session_speeches"), "{out}");
    assert!(out.contains("term 5"), "{out}");
}

#[test]
fn a_broken_row_is_named_by_file_and_line_and_nothing_is_computed_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    export(dir.path(), "csv");
    let file = dir.path().join("activities.csv");
    let mut lines: Vec<String> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines[9] = lines[9]
        .replacen(",approved,", ",maybe,", 1)
        .replacen(",pending,", ",maybe,", 1)
        .replacen(",rejected,", ",maybe,", 1);
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let args = compliance_args(path, "csv", &[]);
    let (code, _, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 2);
    assert!(err.contains("activities.csv:10:"), "{err}");
    assert!(err.contains("maybe"), "{err}");
    let args = compliance_args(path, "csv", &["--accept-good-rows"]);
    let (code, out, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("skipped"), "{err}");
    assert!(out.contains("between_sessions"));
}

#[test]
fn a_bad_rule_file_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    export(dir.path(), "csv");
    let rules = std::fs::read_to_string(dir.path().join("rules.json"))
        .unwrap()
        .replacen("\"minimum\": 3", "\"minimum\": 0", 1);
    std::fs::write(dir.path().join("rules.json"), rules).unwrap();
    let args = compliance_args(path, "csv", &[]);
    let (code, _, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 2);
    assert!(err.contains("requirements[0].minimum"), "{err}");
}

#[test]
fn a_group_or_a_level_can_be_selected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    export(dir.path(), "csv");
    let args = compliance_args(path, "csv", &["--level", "township"]);
    let (code, out, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deputies selected"), "{out}");
    assert_eq!(
        out.lines().count(),
        2,
        "the rules hold township deputies to nothing: {out}"
    );
    // The liaison group of the first deputy who has one.
    let deputies = std::fs::read_to_string(dir.path().join("deputies.csv")).unwrap();
    let group = deputies
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(10).unwrap().to_owned())
        .find(|g| !g.is_empty())
        .unwrap();
    let args = compliance_args(path, "csv", &["--group", &group, "--json"]);
    let (code, out, err) = lvzhi(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let evaluated = value["evaluations"].as_array().unwrap().len();
    assert!(evaluated > 0 && evaluated < 20, "{evaluated}");
    let (code, _, err) = lvzhi(
        &compliance_args(path, "csv", &["--level", "galactic"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("--level"), "{err}");
}
