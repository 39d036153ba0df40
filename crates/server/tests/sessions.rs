//! Sessions and the audit log over real HTTP: the idle timeout, "my sessions" with revoke
//! and sign out everywhere, the per-account cap, expired rows purged, and security events
//! kept with account and request id and no personal data.

mod common;

use std::time::Duration;

use common::{TestServer, client, sign_in};
use lvzhi_domain::api::{SessionSummary, SignedIn};
use lvzhi_server::db::AuditRecord;

async fn status_with(server: &TestServer, who: &SignedIn) -> u16 {
    client()
        .get(server.url("/api/session"))
        .bearer_auth(&who.token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn session_rows(server: &TestServer) -> i64 {
    rusqlite::Connection::open(server.database_file())
        .unwrap()
        .query_row("SELECT COUNT(*) FROM auth_sessions", [], |row| row.get(0))
        .unwrap()
}

#[tokio::test]
async fn an_unused_session_ends_after_the_idle_limit_and_its_row_is_purged() {
    let server = TestServer::start_with(|config| {
        config.limits.session_idle = Duration::from_secs(2);
        config.limits.purge_every = Duration::from_secs(1);
    })
    .await;
    let kept_busy = sign_in(&server.base, "deputy").await;
    let left = sign_in(&server.base, "deputy2").await;
    for _ in 0..8 {
        assert_eq!(status_with(&server, &kept_busy).await, 200, "a session in use stays");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert_eq!(status_with(&server, &left).await, 401, "unused for over 2 s: ended");
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        session_rows(&server),
        0,
        "both idle sessions were deleted from the database"
    );
    server.stop().await;
}

#[tokio::test]
async fn my_sessions_can_be_listed_revoked_and_ended_everywhere() {
    let server = TestServer::start_with(|config| config.limits.sessions_per_account = 3).await;
    let oldest = sign_in(&server.base, "deputy").await;
    let mut sessions = vec![oldest.clone()];
    for _ in 0..3 {
        sessions.push(sign_in(&server.base, "deputy").await);
    }
    assert_eq!(
        status_with(&server, &oldest).await,
        401,
        "over the cap of 3 the least recently used went"
    );
    let me = &sessions[3];
    let listed: Vec<SessionSummary> = common::get_signed(&server.base, "/api/sessions", &me.token).await;
    assert_eq!(listed.len(), 3);
    assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
    let json = serde_json::to_string(&listed).unwrap();
    assert!(
        !sessions.iter().any(|s| json.contains(&s.token)),
        "tokens are never listed"
    );
    // Revoke one other session by its id.
    let other = listed.iter().find(|s| !s.current).unwrap();
    let response = client()
        .delete(server.url(&format!("/api/sessions/{}", other.id)))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let mut still = 0;
    for session in &sessions[1..3] {
        if status_with(&server, session).await == 200 {
            still += 1;
        }
    }
    assert_eq!(still, 1, "the revoked one ended, the other stays");
    // Someone else cannot revoke my sessions.
    let stranger = sign_in(&server.base, "deputy2").await;
    let response = client()
        .delete(server.url(&format!("/api/sessions/{}", listed[0].id)))
        .bearer_auth(&stranger.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    // Sign out everywhere.
    let response = client()
        .delete(server.url("/api/sessions"))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    for session in &sessions {
        assert_eq!(status_with(&server, session).await, 401);
    }
    assert_eq!(status_with(&server, &stranger).await, 200, "other accounts keep theirs");
    server.stop().await;
}

#[tokio::test]
async fn security_events_are_audited_with_account_and_request_id_and_no_personal_data() {
    let server = TestServer::start().await;
    let wrong = client()
        .post(server.url("/api/session"))
        .json(&serde_json::json!({"login": "deputy", "password": "wrong password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let failed_request = wrong
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let deputy = sign_in(&server.base, "deputy").await;
    let staff = sign_in(&server.base, "staff").await;
    let forbidden = client()
        .get(server.url("/api/audit"))
        .bearer_auth(&deputy.token)
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403, "only staff read the audit log");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let records: Vec<AuditRecord> = common::get_signed(&server.base, "/api/audit?limit=50", &staff.token).await;
    let failed = records
        .iter()
        .find(|r| r.event.code() == "sign_in_failed")
        .expect("the wrong password is audited");
    assert_eq!(failed.request_id, failed_request);
    assert_eq!(failed.account.as_deref(), Some(deputy.account.id.to_string().as_str()));
    assert!(
        records
            .iter()
            .any(|r| r.event.code() == "sign_in" && r.account == Some(staff.account.id.to_string()))
    );
    let refused = records
        .iter()
        .find(|r| r.event.code() == "forbidden")
        .expect("the 403 is audited");
    assert_eq!(refused.account, Some(deputy.account.id.to_string()));
    assert_eq!(refused.detail, "/api/audit");
    let text = serde_json::to_string(&records).unwrap();
    assert!(
        !text.contains("wrong password") && !text.contains("\"deputy\"") && !text.contains("127.0.0.1"),
        "{text}"
    );
    server.stop().await;
}
