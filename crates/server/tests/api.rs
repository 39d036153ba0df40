//! The HTTP API over real HTTP on 127.0.0.1, with a real SQLite file.

mod common;

use common::{TestServer, client};
use lvzhi_domain::api::{ErrorEnvelope, HealthReport, SignedIn};
use reqwest::StatusCode;
use serde_json::json;

async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorEnvelope) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/json"), "errors are JSON");
    (status, response.json().await.expect("an error envelope"))
}

#[tokio::test]
async fn health_says_ok_and_about_gives_version_and_counts_to_the_signed_in() {
    let server = TestServer::start().await;
    let report: HealthReport = common::health(&server.base).await;
    assert_eq!(report.status, "ok");
    let about = common::about(&server.base).await;
    assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(about.schema_version, 9);
    assert!(about.deputies > 100, "{about:?}");
    assert!(about.activities > 1000);
    assert!(server.database_file().exists());
    server.stop().await;
}

#[tokio::test]
async fn the_database_survives_a_restart_and_is_not_seeded_twice() {
    let server = TestServer::start().await;
    let first = common::about(&server.base).await;
    let kept = server.stop_keeping_data().await;
    let data_dir = kept.path().to_path_buf();
    let again = TestServer::start_with(|config| config.data_dir = data_dir.clone()).await;
    let second = common::about(&again.base).await;
    assert_eq!(first, second);
    again.stop().await;
}

#[tokio::test]
async fn unknown_api_paths_and_wrong_methods_get_json_errors() {
    let server = TestServer::start().await;
    let (status, envelope) = error_of(client().get(server.url("/api/no-such-thing")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(envelope.error.status, 404);
    assert_eq!(envelope.error.code, "not_found");
    assert!(
        envelope.error.message.contains("/api/no-such-thing"),
        "{}",
        envelope.error.message
    );
    let (status, envelope) = error_of(client().put(server.url("/api/health")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(envelope.error.code, "method_not_allowed");
    server.stop().await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_a_json_error_naming_the_limit() {
    let server = TestServer::start().await;
    let huge = format!(r#"{{"login":"staff","password":"{}"}}"#, "x".repeat(100 * 1024));
    let response = client()
        .post(server.url("/api/session"))
        .header("content-type", "application/json")
        .body(huge.clone())
        .send()
        .await
        .unwrap();
    let (status, envelope) = error_of(response).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(envelope.error.message.contains("65536"), "{}", envelope.error.message);
    // Streamed without a declared length, the limit still holds.
    let stream = futures_stream(huge);
    let response = client()
        .post(server.url("/api/session"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    let (status, _) = error_of(response).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    server.stop().await;
}

fn futures_stream(text: String) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text.into_bytes().chunks(8192).map(|c| Ok(c.to_vec())).collect();
    tokio_stream::iter(chunks)
}

#[tokio::test]
async fn malformed_json_wrong_types_and_wrong_content_type_are_explained() {
    let server = TestServer::start().await;
    let post = |body: &'static str, content_type: &'static str| {
        client()
            .post(server.url("/api/session"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let (status, envelope) = error_of(post(r#"{"login": "staff""#, "application/json").await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        envelope.error.message.starts_with("malformed JSON"),
        "{}",
        envelope.error.message
    );
    let (status, envelope) = error_of(
        post(r#"{"login": 7, "password": "x"}"#, "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(envelope.error.message.contains("login"), "{}", envelope.error.message);
    let (status, _) = error_of(post(r#"{"login":"staff","password":"x"}"#, "text/plain").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    server.stop().await;
}

#[tokio::test]
async fn demo_accounts_sign_in_and_signing_out_revokes_the_token() {
    let server = TestServer::start().await;
    let http = client();
    let (status, _) = error_of(
        http.post(server.url("/api/session"))
            .json(&json!({"login": "deputy", "password": "wrong"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for login in ["deputy", "deputy2", "staff"] {
        let response = http
            .post(server.url("/api/session"))
            .json(&json!({"login": login, "password": lvzhi_seed::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{login}");
        let signed_in: SignedIn = response.json().await.unwrap();
        assert_eq!(signed_in.token.len(), 64, "256 random bits as hex");
        assert_eq!(signed_in.account.login, login);
        let me = http
            .get(server.url("/api/session"))
            .bearer_auth(&signed_in.token)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        let out = http
            .delete(server.url("/api/session"))
            .bearer_auth(&signed_in.token)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        let (status, _) = error_of(
            http.get(server.url("/api/session"))
                .bearer_auth(&signed_in.token)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a revoked token no longer works");
    }
    let (status, envelope) = error_of(http.get(server.url("/api/session")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(envelope.error.message.contains("Authorization"));
    server.stop().await;
}

#[tokio::test]
async fn the_apps_are_served_with_spa_fallback_caching_and_compression() {
    let server = TestServer::start().await;
    let http = client();
    for (app, route) in [("me", "/me/records/some/route"), ("staff", "/staff/review")] {
        let page = http.get(server.url(route)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{route}");
        assert_eq!(page.headers()["cache-control"], "no-cache");
        assert!(
            page.text().await.unwrap().contains(&format!("Lüzhi test shell {app}")),
            "{route} is the {app} app"
        );
    }
    let index = http.get(server.url("/me/")).send().await.unwrap();
    assert_eq!(index.headers()["cache-control"], "no-cache");
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(server.url("/staff"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(bare.headers()["location"], "/staff/");
    let worker = http.get(server.url("/sw.js")).send().await.unwrap();
    assert_eq!(worker.status(), StatusCode::OK);
    assert_eq!(
        worker.headers()["cache-control"],
        "no-cache",
        "the retiring worker is always revalidated"
    );
    for app in ["/me", "/staff"] {
        let worker = http.get(server.url(&format!("{app}/sw.js"))).send().await.unwrap();
        assert_eq!(worker.status(), StatusCode::OK);
        assert_eq!(
            worker.headers()["service-worker-allowed"],
            app,
            "the app's worker may control {app} itself, the address its router writes for home"
        );
        assert_eq!(worker.headers()["cache-control"], "no-cache");
    }
    let asset = http
        .get(server.url(&format!("/{}", common::HASHED_ASSET)))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable");
    for encoding in ["gzip", "br"] {
        let css = http
            .get(server.url("/me/big.css"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(css.headers()["content-encoding"], encoding);
        let wasm = http
            .get(server.url(&format!("/{}", common::HASHED_ASSET)))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(wasm.headers()["content-encoding"], encoding, "wasm is compressed too");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_missing_build_is_explained_instead_of_a_blank_page() {
    let server = TestServer::start_with(|config| config.static_dir = config.static_dir.join("missing")).await;
    let response = client().get(server.url("/me/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("cargo xtask run"));
    let public = client().get(server.url("/")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::OK, "the public site needs no build");
    server.stop().await;
}

#[tokio::test]
async fn reference_data_needs_a_session_and_carries_the_deputys_own_record() {
    let server = TestServer::start().await;
    let response = client().get(server.url("/api/reference")).send().await.unwrap();
    let (status, envelope) = error_of(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!envelope.error.message.is_empty());

    let deputy = common::sign_in(&server.base, "deputy").await;
    let reference: lvzhi_domain::api::ReferenceData = client()
        .get(server.url("/api/reference"))
        .bearer_auth(&deputy.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reference.deputy.as_ref().map(|d| d.id), deputy.account.deputy);
    assert!(reference.terms.len() >= 2 && !reference.sessions.is_empty() && !reference.stations.is_empty());
    // Every bundled rule file; the demo has the optional observers rule turned on.
    assert_eq!(reference.rule_sets.len(), lvzhi_domain::rules::BUNDLED_RULE_FILES.len());
    assert_eq!(reference.enabled_rule_sets, vec!["chongqing-observers".to_string()]);
    assert!(!reference.colleagues.is_empty(), "the deputy's liaison group");
    assert!(reference.colleagues.iter().all(|c| Some(c.id) != deputy.account.deputy));

    let staff = common::sign_in(&server.base, "staff").await;
    let reference: lvzhi_domain::api::ReferenceData = client()
        .get(server.url("/api/reference"))
        .bearer_auth(&staff.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(reference.deputy.is_none());
    server.stop().await;
}

#[tokio::test]
async fn precompressed_copies_of_the_app_are_sent_as_they_are() {
    let server = TestServer::start().await;
    let dir = server._static_dir.path();
    std::fs::write(dir.join(format!("{}.br", common::HASHED_ASSET)), b"BROTLI-COPY").unwrap();
    std::fs::write(dir.join(format!("{}.gz", common::HASHED_ASSET)), b"GZIP-COPY").unwrap();
    let url = server.url(&format!("/{}", common::HASHED_ASSET));
    let get = |encoding: &'static str| {
        let url = url.clone();
        async move {
            let response = common::client()
                .get(url)
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let sent = response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned());
            (sent, response.bytes().await.unwrap().to_vec())
        }
    };
    assert_eq!(get("br, gzip").await, (Some("br".into()), b"BROTLI-COPY".to_vec()));
    assert_eq!(get("gzip").await, (Some("gzip".into()), b"GZIP-COPY".to_vec()));
    let (encoding, body) = get("identity").await;
    assert_eq!(
        (encoding, body.len()),
        (None, 4096),
        "the file itself without a copy asked for"
    );
    server.stop().await;
}
