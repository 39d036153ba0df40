//! A real server on 127.0.0.1 port 0, with a fresh SQLite file in a temporary directory
//! and a small static app, for each test; and the requests most tests start with.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

use lvzhi_server::config::{Config, DemoScale};

pub struct TestServer {
    pub base: String,
    pub data_dir: tempfile::TempDir,
    pub _static_dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Distinct inline scripts in the two test apps' index.html files (the loader is the same
/// in both; each registers its own service worker).
pub const INLINE_SCRIPTS: usize = 3;

pub const HASHED_ASSET: &str = "me/lvzhi-app-0123456789abcdef_bg.wasm";

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let static_dir = tempfile::tempdir().expect("temporary static directory");
        for app in ["me", "staff"] {
            std::fs::create_dir(static_dir.path().join(app)).unwrap();
            std::fs::write(
                static_dir.path().join(app).join("index.html"),
                format!(
                    "<!DOCTYPE html><title>Lüzhi test shell {app}</title><script type=\"module\">import init from '/app.js'; init();</script>\
                     <script src=\"/other.js\"></script><body><script>navigator.serviceWorker.register('/{app}/sw.js');</script>"
                ),
            )
            .unwrap();
            std::fs::write(static_dir.path().join(app).join("sw.js"), "self.skipWaiting();\n").unwrap();
        }
        std::fs::write(static_dir.path().join("sw.js"), "self.registration.unregister();\n").unwrap();
        std::fs::write(static_dir.path().join(HASHED_ASSET), vec![0u8; 4096]).unwrap();
        std::fs::write(
            static_dir.path().join("me/big.css"),
            "body { color: red; }\n".repeat(200),
        )
        .unwrap();
        let mut config = Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.path().to_path_buf(),
            static_dir: static_dir.path().to_path_buf(),
            demo: Some(DemoScale::Small),
            ..Config::default()
        };
        config.limits.max_body_bytes = 64 * 1024;
        adjust(&mut config);
        let (bound_tx, bound_rx) = tokio::sync::oneshot::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let result = lvzhi_server::serve(
                config,
                move |addr| {
                    let _ = bound_tx.send(addr);
                },
                async move {
                    let _ = stopped.await;
                },
            )
            .await;
            if let Err(error) = result {
                panic!("server failed: {error}");
            }
        });
        let addr = bound_rx.await.expect("the server reports its address");
        Self {
            base: format!("http://{addr}"),
            data_dir,
            _static_dir: static_dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn database_file(&self) -> PathBuf {
        self.data_dir.path().join(lvzhi_server::db::DATABASE_FILE)
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(self) {
        drop(self.stop_keeping_data().await);
    }

    /// Stops the server and hands over its data directory, which lives on until dropped.
    pub async fn stop_keeping_data(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("the server task ends without panicking");
        }
        self.data_dir
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("an HTTP client")
}

/// `GET /api/health` at `base`.
pub async fn health(base: &str) -> lvzhi_domain::api::HealthReport {
    client()
        .get(format!("{base}/api/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `GET path` at `base` with a session token; the answer must be 200 and is decoded.
pub async fn get_signed<T: serde::de::DeserializeOwned>(base: &str, path: &str, token: &str) -> T {
    let response = client()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.unwrap()
}

/// `GET /api/about` at `base`, signed in as staff.
pub async fn about(base: &str) -> lvzhi_domain::api::AboutReport {
    let staff = sign_in(base, "staff").await;
    get_signed(base, "/api/about", &staff.token).await
}

/// Signs a demo account in at `base`.
pub async fn sign_in(base: &str, login: &str) -> lvzhi_domain::api::SignedIn {
    client()
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"login": login, "password": lvzhi_seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
