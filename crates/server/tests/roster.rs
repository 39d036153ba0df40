//! The roster and organisation over real HTTP on 127.0.0.1 with a real SQLite file: roster
//! previews name every bad row by line and column in CSV (LF and CRLF, UTF-8 with and
//! without BOM, GBK) and XLSX alike and import nothing; a clean file imports once and again
//! changes nothing; scope limits imports; training attendance makes and withdraws
//! registrations exactly once; stations are edited within scope.

mod common;

use common::{TestServer, client, get_signed, sign_in};
use lvzhi_domain::api::{ReferenceData, RosterReport, SignedIn, StaffWorkspace, TrainingSaved};
use lvzhi_domain::deputy::Level;
use lvzhi_domain::staff::{HistoryAction, HistoryLine};
use lvzhi_domain::sync::{Change, PullResponse};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn upload(server: &TestServer, who: &SignedIn, action: &str, file: &str, bytes: Vec<u8>) -> reqwest::Response {
    client()
        .post(server.url(&format!("/api/staff/roster/{action}?file={file}")))
        .bearer_auth(&who.token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn preview(server: &TestServer, who: &SignedIn, file: &str, bytes: Vec<u8>) -> RosterReport {
    let response = upload(server, who, "preview", file, bytes).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn export_csv(server: &TestServer, who: &SignedIn) -> String {
    let response = client()
        .get(server.url("/api/staff/roster.csv"))
        .bearer_auth(&who.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    text.strip_prefix('\u{feff}')
        .expect("the export starts with a BOM for Excel")
        .to_owned()
}

/// A roster file of the export's header and its first `rows` rows, with one row of a new
/// deputy (a by-election) and one changed occupation.
fn small_roster(export: &str, rows: usize) -> String {
    let mut lines: Vec<String> = export.lines().take(rows + 1).map(str::to_owned).collect();
    let header: Vec<String> = lines[0].split(',').map(str::to_owned).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    // Every row of the first deputy (one per term) says the new occupation.
    for line in lines.iter_mut().skip(1) {
        let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
        if cells[column("id")] == first[column("id")] {
            cells[column("occupation")] = "重庆市某区人民医院院长".into();
            *line = cells.join(",");
        }
    }
    let mut new = first.clone();
    new[column("id")] = "01930000-0000-7000-8000-00000000beef".into();
    new[column("name")] = "补选代表".into();
    let term_from = first[column("from")].clone();
    let (year, rest) = term_from.split_at(4);
    let later: i32 = year.parse::<i32>().unwrap() + 1;
    new[column("from")] = format!("{later}{rest}");
    new[column("by_election")] = "true".into();
    lines.push(new.join(","));
    lines.join("\n") + "\n"
}

/// `good` with three bad rows in place of lines 3, 4 and 5: an unknown level, a date that is
/// not one, and a term that does not exist.
fn with_three_bad_rows(good: &str) -> String {
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let header: Vec<String> = lines[0].split(',').map(str::to_owned).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut spoil = |line: usize, name: &str, value: &str| {
        let mut cells: Vec<String> = lines[line - 1].split(',').map(str::to_owned).collect();
        cells[column(name)] = value.into();
        lines[line - 1] = cells.join(",");
    };
    spoil(3, "level", "municpal");
    spoil(4, "from", "2023-02-30");
    spoil(5, "term", "9");
    lines.join("\n") + "\n"
}

fn workbook(csv_text: &str) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in csv_text.lines().enumerate() {
        for (column, cell) in line.split(',').enumerate() {
            sheet.write_string(row as u32, column as u16, cell).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn bad_lines(report: &RosterReport) -> Vec<(u64, Option<&str>)> {
    report.problems.iter().map(|p| (p.line, p.column.as_deref())).collect()
}

#[tokio::test]
async fn every_bad_row_is_named_by_line_and_column_and_a_clean_file_imports_once() {
    let server = TestServer::start_with(|config| config.limits.max_import_bytes = 4 * 1024 * 1024).await;
    let staff = sign_in(&server.base, "staff").await;
    let export = export_csv(&server, &staff).await;
    let good = small_roster(&export, 6);
    let bad = with_three_bad_rows(&good);
    let expected = vec![(3, Some("level")), (4, Some("from")), (5, Some("term"))];
    let before: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;

    // The same three rows, whatever the line ends, byte-order mark, encoding or format.
    let crlf = bad.replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(bad.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&bad);
    assert!(!unmappable);
    for (file, bytes, encoding) in [
        ("roster.csv", bad.clone().into_bytes(), "utf-8"),
        ("roster-crlf.csv", crlf.into_bytes(), "utf-8"),
        ("roster-bom.csv", bom, "utf-8-bom"),
        ("roster-gbk.csv", gbk.into_owned(), "gbk"),
        ("roster.xlsx", workbook(&bad), "xlsx"),
    ] {
        let report = preview(&server, &staff, file, bytes.clone()).await;
        assert_eq!(bad_lines(&report), expected, "{file}: {:?}", report.problems);
        assert_eq!(report.encoding, encoding, "{file}");
        assert!(!report.applied);
        assert_eq!(report.problems[0].cell.as_deref(), Some("C"), "level is column C");
        assert!(
            report.problems[0].message.contains("municpal"),
            "{:?}",
            report.problems[0]
        );
        assert!(
            report.problems[2].message.contains("没有第 9 届"),
            "{:?}",
            report.problems[2]
        );
        // Importing it imports nothing, and says why.
        let refused = upload(&server, &staff, "import", file, bytes).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let envelope: Value = refused.json().await.unwrap();
        let message = envelope["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("3 bad row(s)") && message.contains("line 3"),
            "{message}"
        );
    }
    // The problems in the user's language.
    for (lang, words) in [
        ("en", "there is no term 9"),
        ("zh-Hant", "沒有第 9 屆"),
        ("zh-Hans", "没有第 9 届"),
    ] {
        let report = preview(
            &server,
            &staff,
            &format!("roster.csv&lang={lang}"),
            bad.clone().into_bytes(),
        )
        .await;
        assert!(
            report.problems[2].message.contains(words),
            "{lang}: {:?}",
            report.problems[2]
        );
    }
    let unchanged: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    assert_eq!(unchanged.deputies, before.deputies, "a refused file changes nothing");

    // Text that is neither UTF-8 nor GBK is refused as such.
    let garbage = upload(
        &server,
        &staff,
        "preview",
        "roster.csv",
        vec![b'i', b'd', 0xFF, 0xFF, 0x81],
    )
    .await;
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let envelope: Value = garbage.json().await.unwrap();
    assert!(
        envelope["error"]["message"]
            .as_str()
            .unwrap()
            .contains("neither UTF-8 nor GBK")
    );

    // The good rows only, when asked: the three bad rows are skipped and still listed.
    let partial: RosterReport = client()
        .post(server.url("/api/staff/roster/import?file=roster.xlsx&good_rows=true"))
        .bearer_auth(&staff.token)
        .body(workbook(&bad))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(partial.applied);
    assert_eq!(bad_lines(&partial), expected);
    assert_eq!((partial.new, partial.changed), (1, 1), "{partial:?}");
    let after: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    assert_eq!(after.deputies.len(), before.deputies.len() + 1);

    // The fixed file: clean, and everything in it is stored already.
    let report = preview(&server, &staff, "roster.xlsx", workbook(&good)).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.new, report.changed), (0, 0), "{report:?}");
    let imported: RosterReport = upload(&server, &staff, "import", "roster.xlsx", workbook(&good))
        .await
        .json()
        .await
        .unwrap();
    assert!(imported.applied);
    let again: RosterReport = upload(&server, &staff, "import", "roster.csv", good.clone().into_bytes())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((again.new, again.changed, again.unchanged), (0, 0, report.deputies));
    let still: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    assert_eq!(
        still.deputies, after.deputies,
        "importing the same file twice changes nothing"
    );
    let by_election = still.deputies.iter().find(|d| d.name.as_str() == "补选代表").unwrap();
    assert!(by_election.services[0].by_election);
    // Home sees the previews with problems and the imports.
    assert!(still.imports.iter().any(|entry| entry.problems == 3 && !entry.applied));
    assert!(still.imports.iter().any(|entry| entry.applied));
    // Export → import → export is exact.
    let exported = export_csv(&server, &staff).await;
    let round: RosterReport = upload(&server, &staff, "preview", "roster.csv", exported.clone().into_bytes())
        .await
        .json()
        .await
        .unwrap();
    assert!(
        round.problems.is_empty() && round.new == 0 && round.changed == 0,
        "{round:?}"
    );
    let xlsx = client()
        .get(server.url("/api/staff/roster.xlsx"))
        .bearer_auth(&staff.token)
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"PK"), "an XLSX workbook is a zip file");
    let from_xlsx = preview(&server, &staff, "roster.xlsx", bytes).await;
    assert_eq!((from_xlsx.rows, from_xlsx.changed), (round.rows, 0));

    // A deputy cannot import, and a liaison office cannot touch deputies outside its scope.
    let deputy = sign_in(&server.base, "deputy").await;
    let forbidden = upload(&server, &deputy, "preview", "roster.csv", good.clone().into_bytes()).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let liaison = sign_in(&server.base, "liaison").await;
    let limited = upload(&server, &liaison, "import", "roster.csv", exported.into_bytes()).await;
    assert_eq!(limited.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let report = preview(
        &server,
        &liaison,
        "roster.csv",
        export_csv(&server, &staff).await.into_bytes(),
    )
    .await;
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.column.as_deref() == Some("electoral_unit"))
            && !report.problems.is_empty(),
        "{:?}",
        report.problems.first()
    );
    server.stop().await;
}

async fn put(server: &TestServer, who: &SignedIn, path: &str, body: &Value) -> reqwest::Response {
    client()
        .put(server.url(path))
        .bearer_auth(&who.token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn training_records(server: &TestServer, who: &SignedIn, class: &str) -> Vec<lvzhi_domain::activity::Activity> {
    let mut records = Vec::new();
    let mut request = json!({"limit": 5000});
    loop {
        let page: PullResponse = client()
            .post(server.url("/api/sync/pull"))
            .bearer_auth(&who.token)
            .json(&request)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for entry in page.entries {
            if let Change::Upsert { activity } = entry.change
                && activity.description.as_str() == class
            {
                records.push(activity);
            }
        }
        match (page.snapshot, page.more) {
            (Some(snapshot), _) => request = json!({"limit": 5000, "snapshot": snapshot}),
            (None, true) => request = json!({"limit": 5000, "cursor": page.cursor}),
            (None, false) => break,
        }
    }
    records
}

#[tokio::test]
async fn attendance_makes_one_approved_registration_each_and_removal_withdraws_it() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let workspace: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    let today = lvzhi_server::db::today();
    let attendees: Vec<String> = workspace
        .deputies
        .iter()
        .filter(|d| d.level == Level::Municipal && d.serving_on(today))
        .take(10)
        .map(|d| d.id.to_string())
        .collect();
    assert_eq!(attendees.len(), 10);
    let id = "01930000-0000-7000-8000-00000000c1a5";
    let title = "新任代表履职培训班（测试）";
    let mut class = json!({"id": id, "title": title, "first_day": today.to_string(), "last_day": today.to_string(),
        "mode": "in_person", "attendees": attendees, "place": "市人大常委会机关三楼会议室",
        "organiser": "市人大常委会代表工作室"});
    let path = format!("/api/staff/trainings/{id}");
    let saved: TrainingSaved = put(&server, &staff, &path, &class).await.json().await.unwrap();
    assert_eq!((saved.registered, saved.withdrawn), (10, 0));
    let again: TrainingSaved = put(&server, &staff, &path, &class).await.json().await.unwrap();
    assert_eq!(
        (again.registered, again.withdrawn),
        (0, 0),
        "saving again makes none twice"
    );
    let records = training_records(&server, &staff, title).await;
    assert_eq!(records.len(), 10);
    assert!(
        records
            .iter()
            .all(|r| r.review == lvzhi_domain::activity::Review::Approved
                && matches!(r.entered_by, lvzhi_domain::activity::EnteredBy::Staff(_)))
    );

    // Removing one attendee withdraws that registration, with a history line saying so.
    let removed = class["attendees"][0].as_str().unwrap().to_owned();
    let withdrawn_record = records
        .iter()
        .find(|r| r.deputies[0].to_string() == removed)
        .unwrap()
        .id;
    class["attendees"].as_array_mut().unwrap().remove(0);
    let saved: TrainingSaved = put(&server, &staff, &path, &class).await.json().await.unwrap();
    assert_eq!((saved.registered, saved.withdrawn), (0, 1));
    assert_eq!(training_records(&server, &staff, title).await.len(), 9);
    let history: Vec<HistoryLine> = get_signed(
        &server.base,
        &format!("/api/records/{withdrawn_record}/history"),
        &staff.token,
    )
    .await;
    assert!(
        history.iter().any(|line| line.entry.action == HistoryAction::Withdrawn),
        "{history:?}"
    );
    let workspace: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    let stored = workspace.trainings.iter().find(|t| t.id.to_string() == id).unwrap();
    assert_eq!(stored.attendees.len(), 9);

    // Bad classes are refused naming the field; a deputy cannot keep classes.
    let mut twice = class.clone();
    twice["attendees"] = json!([attendees[1], attendees[1]]);
    let refused = put(&server, &staff, &path, &twice).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut backwards = class.clone();
    backwards["last_day"] = json!("2000-01-01");
    let envelope: Value = put(&server, &staff, &path, &backwards).await.json().await.unwrap();
    assert_eq!(envelope["error"]["field"], "last_day");
    let deputy = sign_in(&server.base, "deputy").await;
    assert_eq!(
        put(&server, &deputy, &path, &class).await.status(),
        StatusCode::FORBIDDEN
    );
    server.stop().await;
}

#[tokio::test]
async fn stations_are_edited_within_scope_and_devices_read_the_new_schedule() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let deputy = sign_in(&server.base, "deputy").await;
    let reference: ReferenceData = get_signed(&server.base, "/api/reference", &deputy.token).await;
    let mut station = serde_json::to_value(&reference.stations[0]).unwrap();
    station["reception"] = json!([{"weekday": 2, "start_minute": 540, "end_minute": 690}]);
    let path = format!("/api/staff/stations/{}", station["id"].as_str().unwrap());
    let response = put(&server, &staff, &path, &station).await;
    assert_eq!(response.status(), StatusCode::OK);
    let reference: ReferenceData = get_signed(&server.base, "/api/reference", &deputy.token).await;
    assert_eq!(reference.stations[0].reception[0].weekday, 2);
    let mut wrong = station.clone();
    wrong["reception"] = json!([{"weekday": 8, "start_minute": 540, "end_minute": 690}]);
    let envelope: Value = put(&server, &staff, &path, &wrong).await.json().await.unwrap();
    assert_eq!(envelope["error"]["field"], "weekday");
    // The liaison office is limited to one district: another district's station is not its.
    let liaison = sign_in(&server.base, "liaison").await;
    let unit = liaison.account.scope.electoral_units[0].as_str().to_owned();
    let elsewhere = reference
        .stations
        .iter()
        .find(|s| s.district.as_str() != unit)
        .expect("a station in another district");
    let body = serde_json::to_value(elsewhere).unwrap();
    let response = put(
        &server,
        &liaison,
        &format!("/api/staff/stations/{}", elsewhere.id),
        &body,
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    server.stop().await;
}

/// The demo files under `docs/demo/` preview as `docs/staff.md` says. The workbooks are
/// made from the CSV files (`LVZHI_WRITE_DEMO_FILES=1` writes them again).
#[tokio::test]
async fn the_demo_roster_files_preview_and_import_as_documented() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/demo");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    if std::env::var_os("LVZHI_WRITE_DEMO_FILES").is_some() {
        for name in ["roster", "roster-bad"] {
            let text = String::from_utf8(read(&format!("{name}.csv"))).unwrap();
            std::fs::write(
                dir.join(format!("{name}.xlsx")),
                lvzhi_server::import::csv_to_xlsx(&text).unwrap(),
            )
            .unwrap();
        }
    }
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let bad = preview(&server, &staff, "roster-bad.xlsx", read("roster-bad.xlsx")).await;
    assert_eq!(
        bad_lines(&bad),
        vec![(3, Some("level")), (4, Some("from")), (7, Some("term"))]
    );
    let csv_bad = preview(&server, &staff, "roster-bad.csv", read("roster-bad.csv")).await;
    assert_eq!(bad_lines(&csv_bad), bad_lines(&bad));
    for name in ["roster.xlsx", "roster.csv"] {
        let clean = preview(&server, &staff, name, read(name)).await;
        assert!(clean.problems.is_empty(), "{name}: {:?}", clean.problems);
    }
    let first: RosterReport = upload(&server, &staff, "import", "roster.xlsx", read("roster.xlsx"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((first.new, first.applied), (12, true));
    let second: RosterReport = upload(&server, &staff, "import", "roster.csv", read("roster.csv"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((second.new, second.changed, second.unchanged), (0, 0, 12));
    server.stop().await;
}

#[tokio::test]
async fn a_by_election_and_an_early_leave_are_entered_as_services() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let id = "01930000-0000-7000-8000-00000000b1e1";
    let mut deputy = json!({"id": id, "name": "补选的代表", "level": "municipal", "electoral_unit": "渝中区人民代表大会",
        "services": [{"term": 6, "from": "2025-06-18", "until": "2027-12-31", "by_election": true}]});
    let path = format!("/api/staff/deputies/{id}");
    let response = put(&server, &staff, &path, &deputy).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Leaving early: the service ends before the term does.
    deputy["services"][0]["until"] = json!("2026-09-30");
    let envelope: Value = put(&server, &staff, &format!("{path}?lang=en"), &deputy)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(envelope["error"]["field"], "left_early", "{envelope}");
    deputy["services"][0]["left_early"] = json!(true);
    let stored: lvzhi_domain::deputy::Deputy = put(&server, &staff, &path, &deputy).await.json().await.unwrap();
    assert!(stored.services[0].left_early && stored.services[0].by_election);
    let workspace: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    assert!(
        workspace
            .deputies
            .iter()
            .any(|d| d.id.to_string() == id && d.services[0].left_early)
    );
    // A service out of its term is refused naming the field; the liaison office cannot add
    // a deputy of another district.
    deputy["services"][0]["from"] = json!("2022-06-18");
    let envelope: Value = put(&server, &staff, &path, &deputy).await.json().await.unwrap();
    assert_eq!(envelope["error"]["field"], "from");
    let liaison = sign_in(&server.base, "liaison").await;
    let mut elsewhere = json!({"id": "01930000-0000-7000-8000-00000000b1e2", "name": "外区代表", "level": "municipal",
        "electoral_unit": "不在范围内的区人民代表大会",
        "services": [{"term": 6, "from": "2023-01-01", "until": "2027-12-31"}]});
    let envelope: Value = put(
        &server,
        &liaison,
        "/api/staff/deputies/01930000-0000-7000-8000-00000000b1e2",
        &elsewhere,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(envelope["error"]["field"], "electoral_unit", "{envelope}");
    elsewhere["electoral_unit"] = json!(liaison.account.scope.electoral_units[0].as_str());
    let response = put(
        &server,
        &liaison,
        "/api/staff/deputies/01930000-0000-7000-8000-00000000b1e2",
        &elsewhere,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    server.stop().await;
}
