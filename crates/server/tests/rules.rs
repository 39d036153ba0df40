//! Every rule the app checks, enforced by the server with the same domain code, and every
//! input bounded: reply notes (length, characters, real targets, how many), dates not after
//! today, co-signers who exist and serve, per-account rate limits, and pulls that never
//! answer more than their limit. Over real HTTP on 127.0.0.1 with a real SQLite file.

mod common;

use std::collections::BTreeSet;

use common::{TestServer, client, sign_in};
use lvzhi_domain::api::{ErrorEnvelope, SignedIn};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::sync::{Outcome, PullRequest, PullResponse, PushResponse};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn tomorrow() -> LocalDate {
    let today = lvzhi_server::db::today();
    LocalDate::from_day_number(today.day_number() + 1).unwrap()
}

async fn put_reply(server: &TestServer, who: &SignedIn, body: &Value) -> reqwest::Response {
    client()
        .put(server.url("/api/replies"))
        .bearer_auth(&who.token)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn status_note(requirement: &str, term: u16, period: Value, text: &str) -> Value {
    json!({"target": {"on": "status", "requirement": requirement, "term": term, "period": period},
           "text": text, "written_on": "2024-03-01"})
}

async fn refused_field(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let envelope: ErrorEnvelope = response.json().await.unwrap();
    (status, envelope.error.field.unwrap_or(envelope.error.code))
}

#[tokio::test]
async fn reply_notes_are_bounded_and_name_real_targets() {
    let server = TestServer::start_with(|config| config.limits.notes_per_deputy = 3).await;
    let deputy = sign_in(&server.base, "deputy").await;
    let year = json!({"period": "year", "value": 2024});
    let ok = put_reply(
        &server,
        &deputy,
        &status_note("session_speeches", 6, year.clone(), "2024年会议书面审议。"),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK, "{:?}", ok.text().await);
    let cases = [
        (
            status_note(&"r".repeat(10_000), 6, year.clone(), "x"),
            "target.requirement",
        ),
        (
            status_note("no_such_requirement", 6, year.clone(), "x"),
            "target.requirement",
        ),
        (status_note("session_speeches", 99, year.clone(), "x"), "target.term"),
        (
            status_note("session_speeches", 6, json!({"period": "year", "value": 2019}), "x"),
            "target.period",
        ),
        (
            status_note("session_speeches", 6, json!({"period": "term", "value": 5}), "x"),
            "target.period",
        ),
        (status_note("session_speeches", 6, year.clone(), "bell\u{7}"), "text"),
        (status_note("session_speeches", 6, year.clone(), "nul\u{0}"), "text"),
        (
            status_note("session_speeches", 6, year.clone(), "abc\u{202E}fed"),
            "text",
        ),
        (
            status_note("session_speeches", 6, year.clone(), &"长".repeat(301)),
            "text",
        ),
    ];
    for (body, field) in cases {
        let (status, named) = refused_field(put_reply(&server, &deputy, &body).await).await;
        assert_eq!(
            (status, named.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, field),
            "{body}"
        );
    }
    let mut future = status_note("session_speeches", 6, year.clone(), "x");
    future["written_on"] = json!(tomorrow().to_string());
    let (status, named) = refused_field(put_reply(&server, &deputy, &future).await).await;
    assert_eq!(
        (status, named.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "written_on")
    );
    // Three notes at most (configured here); rewriting one is always allowed.
    for requirement in ["between_sessions", "bills_and_suggestions"] {
        let response = put_reply(&server, &deputy, &status_note(requirement, 6, year.clone(), "说明")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (status, code) = refused_field(
        put_reply(
            &server,
            &deputy,
            &status_note("trainings", 6, json!({"period": "term", "value": 6}), "说明"),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "quota_full"));
    let rewrite = put_reply(
        &server,
        &deputy,
        &status_note("session_speeches", 6, year, "改写后的说明"),
    )
    .await;
    assert_eq!(rewrite.status(), StatusCode::OK);
    let kept: Vec<Value> = common::get_signed(&server.base, "/api/replies", &deputy.token).await;
    assert_eq!(kept.len(), 3, "nothing refused was stored");
    server.stop().await;
}

fn activity(id: &str, deputy: &str, date: &str) -> Value {
    json!({"id": id, "kind": "inspection", "date": date, "deputies": [deputy],
           "entered_by": {"by": "deputy", "account": "01930000-0000-7000-8000-000000000000"},
           "review": {"status": "pending"}, "revision": 0})
}

async fn push(server: &TestServer, who: &SignedIn, client_id: &str, mutations: Vec<Value>) -> reqwest::Response {
    client()
        .post(server.url("/api/sync/push"))
        .bearer_auth(&who.token)
        .json(&json!({"client": client_id, "mutations": mutations}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn records_dated_after_today_are_refused_by_the_server() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let today = lvzhi_server::db::today().to_string();
    let mutations = vec![
        json!({"seq": 1, "operation": {"op": "save_activity", "base_revision": 0,
               "activity": activity("01930000-0000-7000-8000-0000000fd001", &me, &tomorrow().to_string())}}),
        json!({"seq": 2, "operation": {"op": "save_activity", "base_revision": 0,
               "activity": activity("01930000-0000-7000-8000-0000000fd002", &me, &today)}}),
    ];
    let response: PushResponse = push(&server, &deputy, "01930000-0000-7000-8000-0000000fdc01", mutations)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        matches!(&response.results[0].outcome, Outcome::Refused { code: Some(code), .. } if code.code() == "future_date"),
        "{:?}",
        response.results[0]
    );
    assert!(
        matches!(response.results[1].outcome, Outcome::Applied { .. }),
        "today is fine"
    );
    server.stop().await;
}

/// A deputy of the given level that the roster has not serving today, and one serving.
fn roster_deputies(server: &TestServer, lead: &str) -> (String, String) {
    let file = rusqlite::Connection::open(server.database_file()).unwrap();
    let today = lvzhi_server::db::today();
    let lead_level: String = file
        .query_row("SELECT level FROM deputies WHERE id = ?1", [lead], |row| row.get(0))
        .unwrap();
    let mut statement = file.prepare("SELECT body FROM deputies WHERE level = ?1").unwrap();
    let rows = statement
        .query_map([&lead_level], |row| row.get::<_, String>(0))
        .unwrap();
    let (mut retired, mut serving) = (None, None);
    for body in rows {
        let deputy: lvzhi_domain::deputy::Deputy = serde_json::from_str(&body.unwrap()).unwrap();
        if deputy.id.to_string() == lead {
            continue;
        }
        if deputy.serving_on(today) {
            serving.get_or_insert(deputy.id.to_string());
        } else {
            retired.get_or_insert(deputy.id.to_string());
        }
    }
    (
        retired.expect("a deputy not serving today"),
        serving.expect("a serving colleague"),
    )
}

#[tokio::test]
async fn co_signers_must_exist_and_serve() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let (retired, serving) = roster_deputies(&server, &me);
    let submit = |id: &str, co_signers: Vec<String>| {
        client()
            .post(server.url("/api/suggestions"))
            .bearer_auth(&deputy.token)
            .json(&json!({"id": id, "kind": "suggestion", "title": "关于增设公交线路的建议", "body": "建议增设。", "co_signers": co_signers}))
            .send()
    };
    for (id, co_signers) in [
        (
            "01930000-0000-7000-8000-00000005c001",
            vec!["01930000-0000-7000-8000-00000000dead".to_owned()],
        ),
        ("01930000-0000-7000-8000-00000005c002", vec![retired.clone()]),
        (
            "01930000-0000-7000-8000-00000005c003",
            vec![serving.clone(), serving.clone()],
        ),
        ("01930000-0000-7000-8000-00000005c004", vec![me.clone()]),
    ] {
        let (status, field) = refused_field(submit(id, co_signers.clone()).await.unwrap()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{co_signers:?}");
        assert!(field.starts_with("co_signers["), "{field}");
    }
    let response = submit("01930000-0000-7000-8000-00000005c005", vec![serving.clone()])
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.text().await);
    // Nothing refused shows in the named deputy's lists.
    let stored: i64 = rusqlite::Connection::open(server.database_file())
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM suggestion_deputies WHERE suggestion_id LIKE '01930000-0000-7000-8000-00000005c%'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(stored, 2, "the lead and one co-signer of the one accepted suggestion");
    server.stop().await;
}

#[tokio::test]
async fn one_account_cannot_push_without_limit() {
    // Default limits: bursts of 5,000 mutations, 600 a minute after (and the default body limit).
    let server = TestServer::start_with(|config| config.limits = lvzhi_server::config::Limits::default()).await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let (mut accepted, mut limited, mut seq) = (0u64, None, 0u64);
    for _ in 0..20 {
        let batch: Vec<Value> = (0..500)
            .map(|_| {
                seq += 1;
                let id = format!("01930000-0000-7000-8000-{seq:012x}");
                json!({"seq": seq, "operation": {"op": "save_activity", "base_revision": 0,
                       "activity": activity(&id, &me, "2024-05-01")}})
            })
            .collect();
        let response = push(&server, &deputy, "01930000-0000-7000-8000-00000000f10d", batch).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
        let answer: PushResponse = response.json().await.unwrap();
        accepted = answer.last_applied;
    }
    println!("pushed {accepted} mutations before the limit (Retry-After: {limited:?})");
    assert!(limited.is_some(), "the limit was reached");
    assert!((5_000..=5_500).contains(&accepted), "{accepted}");
    // Other accounts are not affected.
    let other = sign_in(&server.base, "deputy2").await;
    let response = push(&server, &other, "01930000-0000-7000-8000-00000000f10e", vec![]).await;
    assert_eq!(response.status(), StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn write_requests_are_rate_limited_per_account() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let note = status_note("session_speeches", 6, json!({"period": "year", "value": 2024}), "说明");
    let mut statuses = Vec::new();
    for _ in 0..300 {
        statuses.push(put_reply(&server, &deputy, &note).await.status());
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    println!("300 writes at once: {ok} accepted, {limited} refused with 429");
    assert!((240..=250).contains(&ok), "the burst of 240 and a few refilled: {ok}");
    assert_eq!(ok + limited, 300);
    server.stop().await;
}

#[tokio::test]
async fn a_pull_never_answers_more_than_its_limit_and_the_snapshot_pages_resume() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let pull = |request: PullRequest| {
        client()
            .post(server.url("/api/sync/pull"))
            .bearer_auth(&staff.token)
            .json(&request)
            .send()
    };
    let first: PullResponse = pull(PullRequest {
        cursor: None,
        limit: 1,
        snapshot: None,
    })
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(first.entries.len(), 1);
    assert!(first.reset && first.more && first.snapshot.is_some());
    // Walk the snapshot in pages of 700; a deputy's change in the middle arrives after it.
    let mut seen: BTreeSet<String> = first.entries.iter().map(|e| e.change.record().to_string()).collect();
    let mut snapshot = first.snapshot;
    let mut pages = 1;
    let mut cursor = first.cursor;
    while let Some(place) = snapshot.take() {
        let page: PullResponse = pull(PullRequest {
            cursor: None,
            limit: 700,
            snapshot: Some(place),
        })
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert!(page.entries.len() <= 700);
        assert!(!page.reset, "only the first page resets");
        for entry in &page.entries {
            assert!(seen.insert(entry.change.record().to_string()), "every record once");
        }
        pages += 1;
        if pages == 3 {
            let deputy = sign_in(&server.base, "deputy").await;
            let me = deputy.account.deputy.unwrap().to_string();
            let mutation = json!({"seq": 1, "operation": {"op": "save_activity", "base_revision": 0,
                "activity": activity("01930000-0000-7000-8000-0000000aaaaa", &me, "2024-06-01")}});
            assert_eq!(
                push(&server, &deputy, "01930000-0000-7000-8000-00000000abcd", vec![mutation])
                    .await
                    .status(),
                200
            );
        }
        cursor = page.cursor;
        snapshot = page.snapshot;
        assert!(pages < 100, "the snapshot ends");
    }
    // Every record once, the one added meanwhile included (its id sorts after the page it came in).
    let total = common::about(&server.base).await.activities as usize;
    assert_eq!(seen.len(), total, "the snapshot holds every record the staff may see");
    let after: PullResponse = pull(PullRequest {
        cursor: Some(cursor),
        limit: 5000,
        snapshot: None,
    })
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(
        after
            .entries
            .iter()
            .any(|e| e.change.record().to_string() == "01930000-0000-7000-8000-0000000aaaaa"),
        "the change made during the snapshot follows it"
    );
    let zero = pull(PullRequest {
        cursor: None,
        limit: 0,
        snapshot: None,
    })
    .await
    .unwrap();
    assert_eq!(zero.status(), StatusCode::UNPROCESSABLE_ENTITY);
    server.stop().await;
}

#[tokio::test]
async fn a_record_naming_too_many_deputies_is_refused_whole() {
    let server = TestServer::start_with(|config| config.limits = lvzhi_server::config::Limits::default()).await;
    let deputy = sign_in(&server.base, "deputy").await;
    let mut record = activity(
        "01930000-0000-7000-8000-00000000b16a",
        &deputy.account.deputy.unwrap().to_string(),
        "2024-05-01",
    );
    let many: Vec<String> = (0..600u32)
        .map(|n| format!("01930000-0000-7000-8000-{n:012x}"))
        .collect();
    record["deputies"] = json!(many);
    let response = push(
        &server,
        &deputy,
        "01930000-0000-7000-8000-00000000b16c",
        vec![json!({"seq": 1, "operation": {"op": "save_activity", "base_revision": 0, "activity": record}})],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let envelope: ErrorEnvelope = response.json().await.unwrap();
    assert!(
        envelope.error.message.contains("deputies") && envelope.error.message.contains("500"),
        "{}",
        envelope.error.message
    );
    server.stop().await;
}
