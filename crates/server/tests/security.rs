//! Security headers, what leaks in errors and health, demo data only when asked, and the
//! log lines (request id, account, refusals), over real HTTP on 127.0.0.1.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{TestServer, client};
use lvzhi_domain::api::ErrorEnvelope;
use lvzhi_server::config::{Config, DemoScale};

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let server = TestServer::start().await;
    let page = client().get(server.url("/me/")).send().await.unwrap();
    let headers = page.headers().clone();
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let csp = header("content-security-policy");
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"),
        "{csp}"
    );
    assert_eq!(
        csp.matches("'sha256-").count(),
        common::INLINE_SCRIPTS,
        "one hash per distinct inline script of the apps' index.html files: {csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(
        header("permissions-policy").contains("camera=(self)"),
        "{}",
        header("permissions-policy")
    );

    let deputy = common::sign_in(&server.base, "deputy").await;
    for (path, token) in [
        ("/api/session", None),
        ("/api/reference", Some(&deputy.token)),
        ("/api/opinions", Some(&deputy.token)),
    ] {
        let mut request = client().get(server.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers.get("cache-control").unwrap(), "no-store", "{path}");
        assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff", "{path}");
        assert!(
            headers
                .get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert!(headers.get("x-request-id").is_some(), "{path}");
    }
    // The sign-in answer carries a token: not to be cached either.
    let response = client()
        .post(server.url("/api/session"))
        .json(&serde_json::json!({"login": "deputy", "password": lvzhi_seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
    server.stop().await;
}

#[tokio::test]
async fn health_tells_anyone_only_ok_and_the_details_need_sign_in() {
    let server = TestServer::start().await;
    let text = client()
        .get(server.url("/api/health"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text, r#"{"status":"ok"}"#);
    let response = client().get(server.url("/api/about")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    for path in ["/api/", "/api", "/api/../api/"] {
        let response = client().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/json",
            "{path} is never HTML"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn a_server_failure_says_nothing_inside_and_gives_a_request_id() {
    let server = TestServer::start().await;
    let deputy = common::sign_in(&server.base, "deputy").await;
    // Damage one of the deputy's stored records behind the server's back.
    let file = rusqlite::Connection::open(server.database_file()).unwrap();
    file.execute(
        "UPDATE activities SET body = 'not json' WHERE id = (SELECT activity_id FROM activity_deputies WHERE deputy_id = ?1 LIMIT 1)",
        [deputy.account.deputy.unwrap().to_string()],
    )
    .unwrap();
    drop(file);
    let response = client()
        .post(server.url("/api/sync/pull"))
        .bearer_auth(&deputy.token)
        .json(&serde_json::json!({"cursor": null, "limit": 5000}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    let id = response
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let envelope: ErrorEnvelope = response.json().await.unwrap();
    assert_eq!(envelope.error.request_id.as_deref(), Some(id.as_str()));
    let message = envelope.error.message.to_lowercase();
    for inside in ["sqlite", "stored", "json", "activity", "corrupt"] {
        assert!(!message.contains(inside), "the message leaks {inside:?}: {message}");
    }
    server.stop().await;
}

#[tokio::test]
async fn no_demo_accounts_unless_asked_and_none_beyond_loopback() {
    assert_eq!(Config::default().demo, None);
    let server = TestServer::start_with(|config| config.demo = None).await;
    let response = client()
        .post(server.url("/api/session"))
        .json(&serde_json::json!({"login": "staff", "password": lvzhi_seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "no demo staff account on a server started without --demo"
    );
    server.stop().await;

    let data_dir = tempfile::tempdir().unwrap();
    let config = Config {
        addr: "0.0.0.0:0".parse().unwrap(),
        data_dir: data_dir.path().to_path_buf(),
        demo: Some(DemoScale::Small),
        ..Config::default()
    };
    let result = lvzhi_server::serve(config, |addr| panic!("must not listen on {addr}"), async {}).await;
    let error = result.expect_err("demo data beyond loopback is refused").to_string();
    assert!(error.contains("--allow-demo-on-network"), "{error}");
}

/// Starts the real binary and returns its stdout lines as they come.
fn spawn_binary(data_dir: &std::path::Path) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lvzhi-server"))
        .args(["--addr", "127.0.0.1:0", "--demo", "small", "--data-dir"])
        .arg(data_dir)
        .arg("--static-dir")
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let (lines, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (child, receive)
}

#[tokio::test]
async fn log_lines_name_the_request_the_account_and_refused_changes() {
    let data_dir = tempfile::tempdir().unwrap();
    let (mut child, lines) = spawn_binary(data_dir.path());
    let base = loop {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server starts");
        if let Some(rest) = line.split("serving on ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    let deputy = common::sign_in(&base, "deputy2").await;
    // A record of a deputy who is not the pusher: refused, though the push answers 200.
    let mut activity: lvzhi_domain::activity::Activity = serde_json::from_value(serde_json::json!({
        "id": "0190a1a0-0000-7000-8000-00000000f00d", "kind": "inspection", "date": "2024-03-01",
        "deputies": ["0190a1a0-0000-7000-8000-000000000bad"], "entered_by": {"by": "deputy", "account": deputy.account.id},
        "review": {"status": "pending"}, "revision": 0
    }))
    .unwrap();
    activity.revision = 0;
    let response = client()
        .post(format!("{base}/api/sync/push"))
        .bearer_auth(&deputy.token)
        .json(
            &serde_json::json!({"client": "0190a1a0-0000-7000-8000-00000000c11e", "mutations": [
            {"seq": 1, "operation": {"op": "save_activity", "activity": activity, "base_revision": 0}}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let id = response
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let line = loop {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a log line for the push");
        if line.starts_with(&id) {
            break line;
        }
    };
    assert!(line.contains("POST /api/sync/push 200"), "{line}");
    assert!(line.contains(&format!("account={}", deputy.account.id)), "{line}");
    assert!(line.contains("refused=1"), "{line}");
    child.kill().unwrap();
    child.wait().unwrap();
}
