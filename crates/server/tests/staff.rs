//! The staff console's server side over real HTTP on 127.0.0.1 with a real SQLite file:
//! scope (a liaison office limited to one district sees and touches nothing outside it), the
//! reviewer who entered a record cannot review it, each record's audit trail, and the packed
//! first load followed by incremental pulls.

mod common;

use common::{TestServer, client, get_signed, sign_in};
use lvzhi_domain::activity::Activity;
use lvzhi_domain::api::{SignedIn, StaffWorkspace, bulk_headers};
use lvzhi_domain::packed::decode_activities;
use lvzhi_domain::staff::{HistoryAction, HistoryLine};
use lvzhi_domain::sync::{Change, Outcome, PullResponse, PushResponse, RefusalCode};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;

async fn post(server: &TestServer, who: &SignedIn, path: &str, body: Value) -> reqwest::Response {
    client()
        .post(server.url(path))
        .bearer_auth(&who.token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn push(server: &TestServer, who: &SignedIn, client_id: &str, seq: u64, operation: Value) -> Outcome {
    let answer = post(
        server,
        who,
        "/api/sync/push",
        json!({"client": client_id, "mutations": [{"seq": seq, "operation": operation}]}),
    )
    .await
    .text()
    .await
    .unwrap();
    let response: PushResponse = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
    response.results[0].outcome.clone()
}

fn refusal(outcome: &Outcome) -> Option<RefusalCode> {
    match outcome {
        Outcome::Refused { code, .. } => *code,
        _ => None,
    }
}

/// Every record the account's first load brings, walking the packed pages of `limit`.
async fn bulk_load(server: &TestServer, who: &SignedIn, limit: u32) -> (Vec<Activity>, u64, Option<u64>, usize) {
    let mut all = Vec::new();
    let mut cursor: Option<Value> = None;
    let mut total = None;
    let mut pages = 0;
    loop {
        let response = post(
            server,
            who,
            "/api/staff/snapshot",
            json!({"snapshot": cursor, "limit": limit}),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        let at: u64 = headers[bulk_headers::AT].to_str().unwrap().parse().unwrap();
        if pages == 0 {
            total = Some(headers[bulk_headers::TOTAL].to_str().unwrap().parse().unwrap());
        }
        let bytes = response.bytes().await.unwrap();
        all.extend(decode_activities(&bytes).expect("a well-formed packed page"));
        pages += 1;
        match headers.get(bulk_headers::AFTER) {
            Some(after) => cursor = Some(json!({"at": at, "after": after.to_str().unwrap()})),
            None => return (all, at, total, pages),
        }
    }
}

fn a_record(id: &str, deputy: &str, date: &str) -> Value {
    json!({"id": id, "kind": "inspection", "date": date, "deputies": [deputy], "place": "渝中区解放碑街道",
        "description": "视察老旧小区改造", "review": {"status": "pending"}, "revision": 0,
        "entered_by": {"by": "deputy", "account": deputy}})
}

#[tokio::test]
async fn a_liaison_office_sees_and_touches_only_its_districts_deputies() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let liaison = sign_in(&server.base, "liaison").await;
    let deputy = sign_in(&server.base, "deputy").await;
    let district = sign_in(&server.base, "district").await;
    assert!(
        !liaison.account.scope.is_everyone(),
        "the demo liaison office is limited"
    );

    let everyone: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    let limited: StaffWorkspace = get_signed(&server.base, "/api/staff/workspace", &liaison.token).await;
    assert!(limited.deputies.len() < everyone.deputies.len());
    assert!(limited.deputies.iter().all(|d| liaison.account.scope.covers(d)));
    let mine: HashSet<_> = limited.deputies.iter().map(|d| d.id).collect();
    assert!(mine.contains(&deputy.account.deputy.unwrap()));
    assert!(!mine.contains(&district.account.deputy.unwrap()));
    assert!(limited.absences.iter().all(|a| mine.contains(&a.deputy)));

    // The first load and the JSON pull both stop at the scope.
    let (records, _, total, _) = bulk_load(&server, &liaison, 500).await;
    assert_eq!(Some(records.len() as u64), total);
    assert!(!records.is_empty());
    assert!(records.iter().all(|r| r.deputies.iter().any(|d| mine.contains(d))));
    let (all_records, ..) = bulk_load(&server, &staff, 5_000).await;
    assert!(all_records.len() > records.len());
    let pulled: PullResponse = post(&server, &liaison, "/api/sync/pull", json!({"limit": 5000}))
        .await
        .json()
        .await
        .unwrap();
    assert!(pulled.entries.iter().all(|e| match &e.change {
        Change::Upsert { activity } => activity.deputies.iter().any(|d| mine.contains(d)),
        Change::Tombstone { .. } => true,
    }));

    // A record of a deputy outside the scope: no review, no history, no absence, no entry.
    let outside = all_records
        .iter()
        .find(|r| r.deputies.iter().all(|d| !mine.contains(d)) && r.review == lvzhi_domain::activity::Review::Pending)
        .expect("a pending record elsewhere");
    let outcome = push(
        &server,
        &liaison,
        "01930000-0000-7000-8000-0000000c0001",
        1,
        json!({"op": "approve", "id": outside.id}),
    )
    .await;
    assert_eq!(refusal(&outcome), Some(RefusalCode::OutOfScope), "{outcome:?}");
    let history = client()
        .get(server.url(&format!("/api/records/{}/history", outside.id)))
        .bearer_auth(&liaison.token)
        .send()
        .await
        .unwrap();
    assert_eq!(history.status(), StatusCode::NOT_FOUND);
    let absences = client()
        .get(server.url(&format!("/api/absences?deputy={}", district.account.deputy.unwrap())))
        .bearer_auth(&liaison.token)
        .send()
        .await
        .unwrap();
    assert_eq!(absences.status(), StatusCode::NOT_FOUND);
    let today = lvzhi_server::db::today().to_string();
    let entry = a_record(
        "01930000-0000-7000-8000-0000000c0002",
        &district.account.deputy.unwrap().to_string(),
        &today,
    );
    let outcome = push(
        &server,
        &liaison,
        "01930000-0000-7000-8000-0000000c0001",
        2,
        json!({"op": "save_activity", "activity": entry, "base_revision": 0}),
    )
    .await;
    assert_eq!(refusal(&outcome), Some(RefusalCode::OutOfScope), "{outcome:?}");
    // Inside the scope, the same office works.
    let inside = records
        .iter()
        .find(|r| {
            r.review == lvzhi_domain::activity::Review::Pending
                && !matches!(r.entered_by, lvzhi_domain::activity::EnteredBy::Staff(_))
        })
        .expect("a pending record in the district");
    let outcome = push(
        &server,
        &liaison,
        "01930000-0000-7000-8000-0000000c0001",
        3,
        json!({"op": "approve", "id": inside.id}),
    )
    .await;
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_reviewer_never_reviews_a_record_they_entered_and_every_step_is_in_its_history() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let second = sign_in(&server.base, "staff2").await;
    let deputy = sign_in(&server.base, "deputy").await;
    let other = sign_in(&server.base, "deputy2").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let today = lvzhi_server::db::today().to_string();
    let staff_client = "01930000-0000-7000-8000-0000000d0001";

    // Staff enter a record on the deputy's behalf: it waits for review by someone else.
    let id = "01930000-0000-7000-8000-0000000d1001";
    let outcome = push(
        &server,
        &staff,
        staff_client,
        1,
        json!({"op": "save_activity", "activity": a_record(id, &me, &today), "base_revision": 0}),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied { revision: 1 });
    let outcome = push(&server, &staff, staff_client, 2, json!({"op": "approve", "id": id})).await;
    assert_eq!(refusal(&outcome), Some(RefusalCode::OwnEntry));
    let outcome = push(
        &server,
        &staff,
        staff_client,
        3,
        json!({"op": "reject", "id": id, "reason": "duplicate"}),
    )
    .await;
    assert_eq!(refusal(&outcome), Some(RefusalCode::OwnEntry));
    let outcome = push(
        &server,
        &second,
        "01930000-0000-7000-8000-0000000d0002",
        1,
        json!({"op": "approve", "id": id}),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied { revision: 2 });

    // A deputy's own record: entered, edited, rejected with a reason, each in the history.
    let own = "01930000-0000-7000-8000-0000000d1002";
    let deputy_client = "01930000-0000-7000-8000-0000000d0003";
    let outcome = push(
        &server,
        &deputy,
        deputy_client,
        1,
        json!({"op": "save_activity", "activity": a_record(own, &me, &today), "base_revision": 0}),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied { revision: 1 });
    let mut edited = a_record(own, &me, &today);
    edited["description"] = json!("视察老旧小区改造（补充照片）");
    let outcome = push(
        &server,
        &deputy,
        deputy_client,
        2,
        json!({"op": "save_activity", "activity": edited, "base_revision": 1}),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied { revision: 2 });
    let outcome = push(
        &server,
        &staff,
        staff_client,
        4,
        json!({"op": "reject", "id": own, "reason": "insufficient: 请补充签到表"}),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied { revision: 3 });

    let lines: Vec<HistoryLine> = get_signed(&server.base, &format!("/api/records/{own}/history"), &deputy.token).await;
    let actions: Vec<HistoryAction> = lines.iter().map(|l| l.entry.action).collect();
    assert_eq!(
        actions,
        [HistoryAction::Entered, HistoryAction::Edited, HistoryAction::Rejected]
    );
    assert_eq!(lines[1].entry.detail.as_deref(), Some("description"));
    assert_eq!(lines[2].entry.detail.as_deref(), Some("insufficient: 请补充签到表"));
    assert_eq!(lines[2].by_name, staff.account.display_name);
    assert!(lines[2].entry.by_staff && !lines[0].entry.by_staff);
    assert!(lines.windows(2).all(|w| w[0].at_millis <= w[1].at_millis));
    let lines: Vec<HistoryLine> = get_signed(&server.base, &format!("/api/records/{id}/history"), &staff.token).await;
    let steps: Vec<(HistoryAction, String)> = lines.iter().map(|l| (l.entry.action, l.by_name.clone())).collect();
    assert_eq!(
        steps,
        [
            (HistoryAction::Entered, staff.account.display_name.clone()),
            (HistoryAction::Approved, second.account.display_name.clone())
        ],
        "refused reviews leave no line"
    );
    // Another deputy sees neither history.
    let response = client()
        .get(server.url(&format!("/api/records/{own}/history")))
        .bearer_auth(&other.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn the_packed_first_load_pages_through_everything_then_pulls_continue_from_its_position() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let deputy = sign_in(&server.base, "deputy").await;
    let (records, at, total, pages) = bulk_load(&server, &staff, 700).await;
    assert_eq!(Some(records.len() as u64), total);
    assert!(pages > 1, "small pages: {pages}");
    let ids: HashSet<_> = records.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), records.len(), "no record twice");
    assert!(records.windows(2).all(|w| w[0].id < w[1].id), "in id order");

    // A change after the load arrives by an ordinary pull from the load's position.
    let me = deputy.account.deputy.unwrap().to_string();
    let today = lvzhi_server::db::today().to_string();
    let new = "01930000-0000-7000-8000-0000000e1001";
    let outcome = push(
        &server,
        &deputy,
        "01930000-0000-7000-8000-0000000e0001",
        1,
        json!({"op": "save_activity", "activity": a_record(new, &me, &today), "base_revision": 0}),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied { revision: 1 });
    let pulled: PullResponse = post(&server, &staff, "/api/sync/pull", json!({"cursor": at, "limit": 100}))
        .await
        .json()
        .await
        .unwrap();
    assert!(!pulled.reset);
    assert_eq!(pulled.entries.len(), 1);
    assert_eq!(pulled.entries[0].change.record().to_string(), new);

    // Deputies have no bulk load; a limit out of range is named.
    let response = post(&server, &deputy, "/api/staff/snapshot", json!({"limit": 100})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = post(&server, &staff, "/api/staff/snapshot", json!({"limit": 50_000})).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["field"], "limit");
    server.stop().await;
}

#[tokio::test]
async fn the_compliance_table_exports_as_a_workbook_for_staff_only_with_bad_filters_named() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let deputy = sign_in(&server.base, "deputy").await;
    let get = |who: &SignedIn, query: &str| {
        client()
            .get(server.url(&format!("/api/staff/compliance.xlsx{query}")))
            .bearer_auth(who.token.clone())
            .send()
    };
    let response = get(&staff, "?level=municipal&lang=en").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[reqwest::header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let everyone = response.bytes().await.unwrap();
    assert_eq!(&everyone[..2], b"PK", "an xlsx is a zip");
    let fewer = get(
        &staff,
        "?level=municipal&search=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E4%BA%BA",
    )
    .await
    .unwrap()
    .bytes()
    .await
    .unwrap();
    assert!(
        fewer.len() < everyone.len(),
        "a search matching nobody leaves only the header"
    );
    let response = get(&staff, "?period=2026").await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["field"], "period");
    let response = get(&staff, "?colour=red").await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(get(&deputy, "").await.unwrap().status(), StatusCode::FORBIDDEN);
    server.stop().await;
}
