//! Public-opinion items over real HTTP: filed on the deputy's own visit, read back only by
//! that deputy (the constituent's contact never reaches another), bad items refused.

mod common;

use common::{TestServer, client, sign_in};
use lvzhi_domain::opinion::OpinionItem;
use reqwest::StatusCode;
use serde_json::json;

const VISIT: &str = "01930000-0000-7000-8000-00000000a001";

async fn push_visit(server: &TestServer, token: &str, deputy: &str) {
    let body = json!({
        "client": "01930000-0000-7000-8000-00000000c001",
        "mutations": [{"seq": 1, "operation": {"op": "save_activity", "base_revision": 0, "activity": {
            "id": VISIT, "kind": "constituent_visit", "date": "2026-11-20", "deputies": [deputy],
            "place": "青杠村", "description": "走访村民", "entered_by": {"by": "deputy", "account": "01930000-0000-7000-8000-000000000000"},
            "review": {"status": "pending"}, "revision": 0
        }}}]
    });
    let response = client()
        .post(server.url("/api/sync/push"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

fn item(deputy: &str, id: &str, content: &str) -> serde_json::Value {
    json!({"id": id, "visit": VISIT, "deputy": deputy, "gathered_on": "2026-11-20", "content": content,
           "category": "livelihood", "place": "青杠村", "urgency": "urgent", "contact": "王大爷 138 0000 0000"})
}

async fn put(server: &TestServer, token: &str, body: &serde_json::Value) -> reqwest::Response {
    client()
        .put(server.url("/api/opinions"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn list(server: &TestServer, token: &str) -> Vec<OpinionItem> {
    client()
        .get(server.url("/api/opinions"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn items_are_filed_on_own_visits_and_read_back_only_by_their_deputy() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let other = sign_in(&server.base, "deputy2").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let them = other.account.deputy.unwrap().to_string();
    push_visit(&server, &deputy.token, &me).await;

    let first = item(
        &me,
        "01930000-0000-7000-8000-0000000000f1",
        "村道路灯损坏，夜间出行不便",
    );
    assert_eq!(put(&server, &deputy.token, &first).await.status(), StatusCode::OK);
    assert_eq!(
        put(&server, &deputy.token, &first).await.status(),
        StatusCode::OK,
        "sending again is harmless"
    );
    let mine = list(&server, &deputy.token).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(
        mine[0].contact.as_ref().map(|c| c.as_str()),
        Some("王大爷 138 0000 0000")
    );
    assert!(
        list(&server, &other.token).await.is_empty(),
        "never sent to another deputy"
    );

    // Another deputy cannot file on this visit, nor in this deputy's name, nor take over the id.
    let theirs = item(&them, "01930000-0000-7000-8000-0000000000f2", "其他");
    assert_eq!(
        put(&server, &other.token, &theirs).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(put(&server, &other.token, &first).await.status(), StatusCode::FORBIDDEN);
    let mut unknown_visit = item(&me, "01930000-0000-7000-8000-0000000000f3", "内容");
    unknown_visit["visit"] = json!("01930000-0000-7000-8000-00000000dead");
    assert_eq!(
        put(&server, &deputy.token, &unknown_visit).await.status(),
        StatusCode::NOT_FOUND
    );
    let empty = item(&me, "01930000-0000-7000-8000-0000000000f4", "");
    assert_eq!(
        put(&server, &deputy.token, &empty).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut bad_urgency = item(&me, "01930000-0000-7000-8000-0000000000f5", "内容");
    bad_urgency["urgency"] = json!("tomorrow");
    assert_eq!(
        put(&server, &deputy.token, &bad_urgency).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(list(&server, &deputy.token).await.len(), 1, "nothing else was stored");
    server.stop().await;
}

/// Whether `needle` appears in the database file or its WAL.
fn in_database_files(server: &TestServer, needle: &str) -> bool {
    let dir = server.data_dir.path();
    ["lvzhi.sqlite3", "lvzhi.sqlite3-wal"].iter().any(|name| {
        std::fs::read(dir.join(name))
            .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .unwrap_or(false)
    })
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn contacts_are_sealed_at_rest_and_the_key_can_be_rotated() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    push_visit(&server, &deputy.token, &me).await;
    let mut body = item(&me, "01930000-0000-7000-8000-00000000b0c1", "路灯坏了");
    body["contact"] = json!("王大爷 13912345678");
    assert_eq!(put(&server, &deputy.token, &body).await.status(), StatusCode::OK);
    assert!(
        !in_database_files(&server, "13912345678"),
        "the contact is not in the database in clear"
    );
    assert!(!in_database_files(&server, "王大爷"), "nor the name");
    #[cfg(unix)]
    {
        let dir = server.data_dir.path();
        assert_eq!(mode(dir), 0o700, "data directory");
        assert_eq!(mode(&dir.join("lvzhi.sqlite3")), 0o600, "database file");
        assert_eq!(mode(&dir.join("contacts.key")), 0o600, "key file");
    }
    let read = list(&server, &deputy.token).await;
    assert_eq!(read[0].contact.as_ref().map(|c| c.as_str()), Some("王大爷 13912345678"));
    // A rotation refuses to run beside the server…
    let dir = server.data_dir.path().to_path_buf();
    let refused = lvzhi_server::sealing::rotate_contacts_key(&dir)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("stop it first"), "{refused}");
    let key_before = std::fs::read(dir.join("contacts.key")).unwrap();
    let kept = server.stop_keeping_data().await;
    // …and reseals every contact once it is stopped.
    let rotation = lvzhi_server::sealing::rotate_contacts_key(&dir).unwrap();
    assert_eq!(rotation.resealed, 1);
    assert_ne!(rotation.from, rotation.to);
    assert_ne!(std::fs::read(dir.join("contacts.key")).unwrap(), key_before);
    let again = TestServer::start_with(|config| config.data_dir = dir.clone()).await;
    let deputy = sign_in(&again.base, "deputy").await;
    let read = list(&again, &deputy.token).await;
    assert_eq!(
        read[0].contact.as_ref().map(|c| c.as_str()),
        Some("王大爷 13912345678"),
        "opens under the new key"
    );
    again.stop().await;
    drop(kept);
}

#[tokio::test]
async fn contacts_stored_in_clear_by_an_older_server_are_sealed_on_start() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    push_visit(&server, &deputy.token, &me).await;
    let body = item(&me, "01930000-0000-7000-8000-00000000b0c2", "河道垃圾");
    assert_eq!(put(&server, &deputy.token, &body).await.status(), StatusCode::OK);
    let dir = server.data_dir.path().to_path_buf();
    let kept = server.stop_keeping_data().await;
    // Put the contact back in clear, as schema 4 kept it.
    let file = rusqlite::Connection::open(dir.join("lvzhi.sqlite3")).unwrap();
    file.execute(
        "UPDATE opinion_items SET body = json_set(body, '$.contact', '李女士 13700001111'), contact_sealed = NULL",
        [],
    )
    .unwrap();
    drop(file);
    let again = TestServer::start_with(|config| config.data_dir = dir.clone()).await;
    assert!(
        !in_database_files(&again, "13700001111"),
        "sealed and checkpointed on start"
    );
    let deputy = sign_in(&again.base, "deputy").await;
    let read = list(&again, &deputy.token).await;
    assert_eq!(read[0].contact.as_ref().map(|c| c.as_str()), Some("李女士 13700001111"));
    again.stop().await;
    drop(kept);
}
