//! CSV and JSON Lines: exact round trips, and every bad row reported by file and line.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use lvzhi_domain::activity::Activity;
use lvzhi_domain::calendar::{AnnualSession, Term};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::interchange::{Format, Interchange, export, import};

fn demo() -> lvzhi_seed::DemoData {
    lvzhi_seed::generate(&lvzhi_seed::DemoConfig::small(
        LocalDate::from_ymd(2026, 11, 24).unwrap(),
    ))
}

fn round_trip<T: Interchange + PartialEq + std::fmt::Debug>(records: &[T]) {
    for format in [Format::Csv, Format::JsonLines] {
        let text = export(records, format);
        let imported = import::<T>(&text, format, "file");
        assert!(
            imported.errors.is_empty(),
            "{format:?}: {:?}",
            &imported.errors[..imported.errors.len().min(3)]
        );
        assert_eq!(imported.records, records, "{format:?}");
        assert_eq!(
            export(&imported.records, format),
            text,
            "{format:?}: export → import → export is exact"
        );
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_kind_round_trips_exactly_in_both_formats() {
    let data = demo();
    round_trip::<Term>(&data.terms);
    round_trip::<AnnualSession>(&data.sessions);
    round_trip::<Deputy>(&data.deputies);
    round_trip::<Activity>(&data.activities);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn bad_csv_rows_are_reported_by_file_and_line_and_nothing_is_taken_unless_asked() {
    let data = demo();
    let mut text = export(&data.activities[..5], Format::Csv);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[2] = lines[2].replacen(&data.activities[1].date.to_string(), "2021-02-30", 1);
    lines[4] = lines[4].replacen(data.activities[3].kind.code(), "karaoke", 1);
    lines.push("only,three,cells".into());
    text = lines.join("\n") + "\n";
    let imported = import::<Activity>(&text, Format::Csv, "activities.csv");
    let found: Vec<(u64, bool)> = imported
        .errors
        .iter()
        .map(|e| (e.line, e.file == "activities.csv"))
        .collect();
    assert_eq!(found, vec![(3, true), (5, true), (7, true)], "{:?}", imported.errors);
    assert!(imported.errors[0].reason.contains("calendar"), "{}", imported.errors[0]);
    assert!(imported.errors[1].reason.contains("karaoke"), "{}", imported.errors[1]);
    assert!(
        imported.errors[1].reason.starts_with("column kind: "),
        "{}",
        imported.errors[1]
    );
    assert!(
        imported.errors[0].reason.starts_with("column date: "),
        "{}",
        imported.errors[0]
    );
    assert!(imported.errors[2].reason.contains("cells"), "{}", imported.errors[2]);
    assert_eq!(imported.records.len(), 3);
    assert!(
        imported.clone().into_records(false).is_err(),
        "a file with errors imports nothing by default"
    );
    assert_eq!(
        imported.into_records(true).unwrap().len(),
        3,
        "unless only the good rows are asked for"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn crlf_files_number_their_lines_as_documented() {
    let data = demo();
    let text = export(&data.activities[..5], Format::Csv);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Line 4 of the file (the header is line 1): the third record.
    lines[3] = lines[3].replacen(data.activities[2].kind.code(), "karaoke", 1);
    for ending in ["\n", "\r\n"] {
        let file = lines.join(ending) + ending;
        let imported = import::<Activity>(&file, Format::Csv, "activities.csv");
        let found: Vec<u64> = imported.errors.iter().map(|e| e.line).collect();
        assert_eq!(found, vec![4], "{ending:?}: {:?}", imported.errors);
        assert!(
            imported.errors[0].reason.starts_with("column kind: "),
            "{}",
            imported.errors[0]
        );
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn bad_json_lines_are_reported_by_line() {
    let data = demo();
    let mut text = export(&data.terms, Format::JsonLines);
    text.push_str("{\"number\": 7, \"start\": \"2028-01-01\"}\n");
    text.push_str("not json\n");
    let imported = import::<Term>(&text, Format::JsonLines, "terms.jsonl");
    assert_eq!(imported.errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4]);
    assert!(imported.errors[0].reason.contains("end"), "{}", imported.errors[0]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_csv_without_a_required_column_is_refused_at_its_header() {
    let imported = import::<Term>("number,start\n5,2018-01-01\n", Format::Csv, "terms.csv");
    assert_eq!(imported.errors.len(), 1);
    assert_eq!(imported.errors[0].line, 1);
    assert!(imported.errors[0].reason.contains("end"));
}
