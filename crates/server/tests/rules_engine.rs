//! The rules engine over real HTTP on 127.0.0.1 with a real SQLite file: absences staff
//! record (and every refusal), optional rule sets staff turn on, joint records answered by
//! the named colleague only, and a quarter's standings on the district point system.

mod common;

use common::{TestServer, client, get_signed, sign_in};
use lvzhi_domain::api::{ReferenceData, SignedIn, Standings};
use lvzhi_domain::attendance::Absence;
use lvzhi_domain::sync::{Outcome, PullResponse, PushResponse, RefusalCode};
use lvzhi_seed::attendance::{JOINT_FOR_DEPUTY, JOINT_FOR_DEPUTY2};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post(server: &TestServer, who: &SignedIn, path: &str, body: Value) -> reqwest::Response {
    client()
        .post(server.url(path))
        .bearer_auth(&who.token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn push(server: &TestServer, who: &SignedIn, client_id: &str, operation: Value) -> Outcome {
    let response: PushResponse = post(
        server,
        who,
        "/api/sync/push",
        json!({"client": client_id, "mutations": [{"seq": 1, "operation": operation}]}),
    )
    .await
    .json()
    .await
    .unwrap();
    response.results[0].outcome.clone()
}

async fn points_of(server: &TestServer, staff: &SignedIn, deputy: &str, year: i32) -> i64 {
    let standings: Standings = get_signed(
        &server.base,
        &format!("/api/staff/standings?rule_set=example-district-points&requirement=duty_points&year={year}&quarter=4"),
        &staff.token,
    )
    .await;
    standings
        .rows
        .iter()
        .find(|row| row.deputy.to_string() == deputy)
        .map(|row| row.score)
        .expect("the district deputy is ranked")
}

#[tokio::test]
async fn staff_record_absences_that_move_a_district_deputys_points_and_bad_ones_are_refused() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let district = sign_in(&server.base, "district").await;
    let me = district.account.deputy.unwrap().to_string();
    let seeded: Vec<Absence> = get_signed(&server.base, "/api/absences", &district.token).await;
    assert_eq!(seeded.len(), 2, "the demo's personal and official-duty leave");
    let reference: ReferenceData = get_signed(&server.base, "/api/reference", &district.token).await;
    let today = lvzhi_server::db::today();
    let session = reference
        .sessions
        .iter()
        .filter(|s| s.first_day <= today)
        .max_by_key(|s| s.first_day)
        .unwrap();
    let year = session.first_day.year();
    let before = points_of(&server, &staff, &me, year).await;

    let leave = json!({"id": "01930000-0000-7000-8000-00000000ab01", "deputy": me, "meeting": "annual_session",
        "date": session.first_day.to_string(), "half": "morning", "kind": "leave", "reason": "personal", "approved": true});
    let stored = post(&server, &staff, "/api/staff/absences", leave.clone()).await;
    assert_eq!(stored.status(), StatusCode::OK);
    assert_eq!(
        points_of(&server, &staff, &me, year).await,
        before - 2,
        "half a day of leave: minus 1 point"
    );
    // Sent again: recorded once.
    assert_eq!(
        post(&server, &staff, "/api/staff/absences", leave.clone())
            .await
            .status(),
        StatusCode::OK
    );
    let mine: Vec<Absence> = get_signed(&server.base, "/api/absences", &district.token).await;
    assert_eq!(mine.len(), 3);

    let mut twice = leave.clone();
    twice["id"] = "01930000-0000-7000-8000-00000000ab02".into();
    let mut future = twice.clone();
    future["date"] = today.add_days(1).unwrap().to_string().into();
    future["meeting"] = "standing_committee".into();
    let mut not_session = twice.clone();
    not_session["date"] = session.last_day.add_days(3).unwrap().to_string().into();
    let mut contradictory = twice.clone();
    contradictory["kind"] = "absent".into();
    let mut nobody = twice.clone();
    nobody["deputy"] = "01930000-0000-7000-8000-0000000000ff".into();
    for (body, status, named) in [
        (twice, StatusCode::UNPROCESSABLE_ENTITY, "half"),
        (future, StatusCode::UNPROCESSABLE_ENTITY, "after today"),
        (
            not_session,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a day of an annual session",
        ),
        (contradictory, StatusCode::BAD_REQUEST, "reason"),
        (nobody, StatusCode::NOT_FOUND, "no deputy"),
    ] {
        let response = post(&server, &staff, "/api/staff/absences", body).await;
        assert_eq!(response.status(), status);
        let text = response.text().await.unwrap();
        assert!(text.contains(named), "{named}: {text}");
    }
    let response = post(&server, &district, "/api/staff/absences", leave).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        points_of(&server, &staff, &me, year).await,
        before - 2,
        "nothing refused was stored"
    );

    let csv = client()
        .get(server.url(&format!(
            "/api/staff/standings?rule_set=example-district-points&requirement=duty_days&year={year}&quarter=2&format=csv"
        )))
        .bearer_auth(&staff.token)
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.text().await.unwrap().starts_with("rank,deputy,name"));
    let bad = client()
        .get(server.url(&format!(
            "/api/staff/standings?rule_set=chongqing-341311&requirement=between_sessions&year={year}&quarter=2"
        )))
        .bearer_auth(&staff.token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    server.stop().await;
}

#[tokio::test]
async fn only_staff_turn_optional_rule_sets_on_and_only_optional_ones() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let deputy = sign_in(&server.base, "deputy").await;
    let put = |who: &SignedIn, id: &str, on: bool| {
        client()
            .put(server.url(&format!("/api/staff/rule-sets/{id}")))
            .bearer_auth(&who.token)
            .json(&json!({"enabled": on}))
            .send()
    };
    let off: Vec<String> = put(&staff, "chongqing-observers", false)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(off.is_empty());
    let reference: ReferenceData = get_signed(&server.base, "/api/reference", &deputy.token).await;
    assert!(reference.enabled_rule_sets.is_empty());
    let on: Vec<String> = put(&staff, "chongqing-observers", true)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(on, vec!["chongqing-observers"]);
    assert_eq!(
        put(&staff, "chongqing-341311", false).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put(&staff, "nonexistent", true).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        put(&deputy, "chongqing-observers", false).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    server.stop().await;
}

#[tokio::test]
async fn a_joint_record_is_answered_by_its_named_colleague_only() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let deputy2 = sign_in(&server.base, "deputy2").await;
    let refused = |outcome: &Outcome| match outcome {
        Outcome::Refused { code, .. } => *code,
        _ => None,
    };
    // The proposer cannot answer their own proposal, nor a staff account.
    let answer =
        |id: lvzhi_domain::ids::ActivityId, answer: &str| json!({"op": "answer_joint", "id": id, "answer": answer});
    let outcome = push(
        &server,
        &deputy2,
        "01930000-0000-7000-8000-00000000c201",
        answer(JOINT_FOR_DEPUTY, "confirmed"),
    )
    .await;
    assert_eq!(refused(&outcome), Some(RefusalCode::NotAskedToAnswer));
    let staff = sign_in(&server.base, "staff").await;
    let outcome = push(
        &server,
        &staff,
        "01930000-0000-7000-8000-00000000c203",
        answer(JOINT_FOR_DEPUTY, "confirmed"),
    )
    .await;
    assert_eq!(refused(&outcome), Some(RefusalCode::NotAskedToAnswer));
    // The named colleague confirms; the other declines theirs.
    let outcome = push(
        &server,
        &deputy,
        "01930000-0000-7000-8000-00000000c101",
        answer(JOINT_FOR_DEPUTY, "confirmed"),
    )
    .await;
    assert!(matches!(outcome, Outcome::Applied { revision: 3 }), "{outcome:?}");
    let outcome = push(
        &server,
        &deputy2,
        "01930000-0000-7000-8000-00000000c202",
        answer(JOINT_FOR_DEPUTY2, "declined"),
    )
    .await;
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    let mut joint = None;
    let mut request = json!({"cursor": null, "limit": 1000});
    for _ in 0..100 {
        let pulled: PullResponse = post(&server, &deputy, "/api/sync/pull", request.clone())
            .await
            .json()
            .await
            .unwrap();
        for entry in &pulled.entries {
            if let lvzhi_domain::sync::Change::Upsert { activity } = &entry.change
                && activity.id == JOINT_FOR_DEPUTY
            {
                joint = Some(activity.clone());
            }
        }
        if !pulled.more {
            break;
        }
        request = json!({"cursor": pulled.cursor, "limit": 1000, "snapshot": pulled.snapshot});
    }
    let joint = joint.expect("the confirmed record reaches the deputy");
    assert_eq!(
        joint.participation(deputy.account.deputy.unwrap()),
        lvzhi_domain::activity::Participation::Counts
    );
    // A colleague named on it cannot edit or withdraw it: only its proposer can.
    let mut edited = serde_json::to_value(&joint).unwrap();
    edited["description"] = "改过".into();
    let outcome = push(
        &server,
        &deputy,
        "01930000-0000-7000-8000-00000000c102",
        json!({"op": "save_activity", "activity": edited, "base_revision": joint.revision}),
    )
    .await;
    assert_eq!(refused(&outcome), Some(RefusalCode::OthersRecord));
    // Named colleagues must exist and be serving.
    let me = deputy.account.deputy.unwrap().to_string();
    let record = json!({"id": "01930000-0000-7000-8000-00000000c1f1", "kind": "inspection",
        "date": lvzhi_server::db::today().to_string(), "deputies": [me, "01930000-0000-7000-8000-0000000000ff"],
        "entered_by": {"by": "deputy", "account": me}, "review": {"status": "pending"}, "revision": 0});
    let outcome = push(
        &server,
        &deputy,
        "01930000-0000-7000-8000-00000000c103",
        json!({"op": "save_activity", "activity": record, "base_revision": 0}),
    )
    .await;
    assert_eq!(refused(&outcome), Some(RefusalCode::UnknownColleague));
    server.stop().await;
}
