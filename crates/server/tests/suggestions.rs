//! The deputy's side of suggestions over real HTTP: list, submit once, the two receipts,
//! and clear refusals that change nothing.

mod common;

use common::{TestServer, client, sign_in};
use lvzhi_domain::api::ErrorEnvelope;
use lvzhi_domain::suggestion::{HandlingStage, Suggestion};
use reqwest::StatusCode;
use serde_json::json;

async fn mine(server: &TestServer, token: &str) -> Vec<Suggestion> {
    client()
        .get(server.url("/api/suggestions"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn post(server: &TestServer, token: &str, path: &str, body: serde_json::Value) -> reqwest::Response {
    client()
        .post(server.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn error(response: reqwest::Response) -> (StatusCode, ErrorEnvelope) {
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn the_two_receipts_move_a_suggestion_on_and_refusals_change_nothing() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let list = mine(&server, &deputy.token).await;
    let replied = list
        .iter()
        .find(|s| s.stage == HandlingStage::Replied)
        .expect("the demo has one to answer");
    let in_progress = list
        .iter()
        .find(|s| s.stage == HandlingStage::InProgress)
        .expect("and one with promises");
    let replied_path = format!("/api/suggestions/{}/reply-receipt", replied.id);

    // Unsatisfied without a reason: refused, naming the field.
    let (status, envelope) = error(
        post(
            &server,
            &deputy.token,
            &replied_path,
            json!({"satisfaction": "unsatisfied"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(envelope.error.field.as_deref(), Some("reason"));
    // Another deputy: forbidden.
    let other = sign_in(&server.base, "deputy2").await;
    let (status, _) = error(
        post(
            &server,
            &other.token,
            &replied_path,
            json!({"satisfaction": "satisfied"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Malformed and unknown.
    let (status, _) = error(
        post(
            &server,
            &deputy.token,
            &replied_path,
            json!({"satisfaction": "delighted"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let unknown = "/api/suggestions/01900000-0000-7000-8000-000000000000/reply-receipt";
    let (status, _) = error(post(&server, &deputy.token, unknown, json!({"satisfaction": "satisfied"})).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let unchanged = mine(&server, &deputy.token).await;
    assert_eq!(unchanged, list, "nothing changed");

    let response = post(
        &server,
        &deputy.token,
        &replied_path,
        json!({"satisfaction": "unsatisfied", "reason": "答复没有具体时限"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let reopened: Suggestion = response.json().await.unwrap();
    assert_eq!((reopened.stage, reopened.rounds), (HandlingStage::Reopened, 2));
    // A second receipt on the same reply: wrong stage.
    let (status, envelope) = error(
        post(
            &server,
            &deputy.token,
            &replied_path,
            json!({"satisfaction": "satisfied"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        envelope.error.message.contains("reopened"),
        "{}",
        envelope.error.message
    );

    let promise_path = format!("/api/suggestions/{}/promise-receipt", in_progress.id);
    let done: Suggestion = post(
        &server,
        &deputy.token,
        &promise_path,
        json!({"index": 0, "fulfilment": "done"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(done.stage, HandlingStage::Completed);
    server.stop().await;
}

#[tokio::test]
async fn a_suggestion_written_offline_is_submitted_once() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let before = mine(&server, &deputy.token).await.len();
    let body = json!({
        "id": "01937a00-0000-7000-8000-0000000000aa",
        "kind": "suggestion",
        "title": "关于增加社区养老食堂的建议",
        "body": "建议在老旧小区增设养老食堂。"
    });
    let first: Suggestion = post(&server, &deputy.token, "/api/suggestions", body.clone())
        .await
        .json()
        .await
        .unwrap();
    let again: Suggestion = post(&server, &deputy.token, "/api/suggestions", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(first.stage, HandlingStage::Submitted);
    assert_eq!(mine(&server, &deputy.token).await.len(), before + 1);
    let (status, envelope) = error(
        post(
            &server,
            &deputy.token,
            "/api/suggestions",
            json!({"id": "01937a00-0000-7000-8000-0000000000ab", "kind": "suggestion", "title": "", "body": "x"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, envelope.error.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title"))
    );
    let staff = sign_in(&server.base, "staff").await;
    let response = client()
        .get(server.url("/api/suggestions"))
        .bearer_auth(&staff.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    server.stop().await;
}

#[tokio::test]
async fn right_of_reply_notes_attach_to_own_records_and_statuses_and_replace_earlier_ones() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let status = json!({"target": {"on": "status", "requirement": "between_sessions", "term": 6, "period": {"period": "year", "value": 2026}}, "text": "下半年因病住院两个月。", "written_on": "2026-11-20"});
    let response = client()
        .put(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .json(&status)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
    let mut again = status.clone();
    again["text"] = json!("下半年因病住院两个月，已补足活动。");
    let note: lvzhi_domain::reply::ReplyNote = client()
        .put(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .json(&again)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(note.revision, 2);
    let notes: Vec<lvzhi_domain::reply::ReplyNote> = client()
        .get(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "下半年因病住院两个月，已补足活动。");

    // Another deputy's record: forbidden; an unknown record: not found; too long: invalid.
    let other = sign_in(&server.base, "deputy2").await;
    let pulled: lvzhi_domain::sync::PullResponse = client()
        .post(server.url("/api/sync/pull"))
        .bearer_auth(&other.token)
        .json(&json!({"cursor": null, "limit": 10}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let me = deputy.account.deputy.expect("a deputy account");
    let theirs = pulled
        .entries
        .iter()
        .find_map(|e| match &e.change {
            lvzhi_domain::sync::Change::Upsert { activity } if !activity.deputies.contains(&me) => Some(activity.id),
            _ => None,
        })
        .expect("deputy2 has records of their own");
    let on_theirs =
        json!({"target": {"on": "record", "activity": theirs.to_string()}, "text": "说明", "written_on": "2026-11-20"});
    let response = client()
        .put(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .json(&on_theirs)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let unknown = json!({"target": {"on": "record", "activity": "01900000-0000-7000-8000-000000000000"}, "text": "说明", "written_on": "2026-11-20"});
    let response = client()
        .put(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .json(&unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let mut long = status.clone();
    long["text"] = json!("长".repeat(301));
    let (status_code, envelope) = error(
        client()
            .put(server.url("/api/replies"))
            .bearer_auth(&deputy.token)
            .json(&long)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status_code, envelope.error.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text"))
    );
    server.stop().await;
}
