//! Fault test T3: the server process is killed with SIGKILL while pushes are in flight and
//! started again on the same data directory. Every acknowledged mutation survives, and
//! retrying the unacknowledged ones applies each exactly once.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::api::SignedIn;
use lvzhi_domain::ids::{AccountId, ActivityId, ClientId};
use lvzhi_domain::sync::{Mutation, Operation, PullRequest, PullResponse, PushRequest, PushResponse};
use lvzhi_domain::text::{Description, PlaceText};

fn start(data_dir: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_lvzhi-server"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data_dir)
        .args(["--demo", "small", "--static-dir", "/nonexistent"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_ready(base: &str) {
    for _ in 0..600 {
        if reqwest::get(format!("{base}/api/health"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become ready");
}

fn activity(deputy: &SignedIn, n: u128) -> Activity {
    Activity {
        id: ActivityId::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0000 + n),
        kind: ActivityKind::PublicOpinion,
        date: "2026-11-21".parse().unwrap(),
        deputies: vec![deputy.account.deputy.unwrap()],
        station: None,
        place: PlaceText::default(),
        description: Description::parse_field(&format!("社情民意 {n}"), "description").unwrap(),
        entered_by: EnteredBy::Deputy(AccountId::from_u128(0)),
        review: Review::Pending,
        revision: 0,
        proposed_by: None,
        answers: Vec::new(),
    }
}

#[tokio::test]
async fn acknowledged_pushes_survive_sigkill_and_retries_double_nothing() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(data.path(), port);
    wait_ready(&base).await;
    let http = reqwest::Client::new();
    let deputy: SignedIn = common::sign_in(&base, "deputy").await;
    let client = ClientId::from_u128(77);
    let total: u64 = 200;
    let mutations: Vec<Mutation> = (1..=total)
        .map(|seq| Mutation {
            seq,
            operation: Operation::SaveActivity {
                activity: activity(&deputy, seq as u128),
                base_revision: 0,
            },
        })
        .collect();

    // Push in batches of 10 from a task; kill the server after a few acknowledgements.
    let (acked_tx, mut acked_rx) = tokio::sync::watch::channel(0u64);
    let pusher = {
        let (http, base, token, mutations) = (http.clone(), base.clone(), deputy.token.clone(), mutations.clone());
        tokio::spawn(async move {
            for chunk in mutations.chunks(10) {
                let sent = http
                    .post(format!("{base}/api/sync/push"))
                    .bearer_auth(&token)
                    .json(&PushRequest {
                        client,
                        mutations: chunk.to_vec(),
                    })
                    .send()
                    .await;
                let Ok(response) = sent else { return };
                let Ok(response) = response.json::<PushResponse>().await else {
                    return;
                };
                let _ = acked_tx.send(response.last_applied);
            }
        })
    };
    while *acked_rx.borrow() < 50 {
        if acked_rx.changed().await.is_err() {
            break;
        }
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    let _ = pusher.await;
    let acknowledged = *acked_rx.borrow();
    assert!(acknowledged >= 50);

    let mut server = start(data.path(), port);
    wait_ready(&base).await;
    // The client retries everything it has no acknowledgement for, from its oldest.
    let retry: PushResponse = http
        .post(format!("{base}/api/sync/push"))
        .bearer_auth(&deputy.token)
        .json(&PushRequest {
            client,
            mutations: mutations[acknowledged as usize..].to_vec(),
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(retry.last_applied, total);
    let snapshot: PullResponse = http
        .post(format!("{base}/api/sync/pull"))
        .bearer_auth(&deputy.token)
        .json(&PullRequest {
            cursor: None,
            limit: 5000,
            snapshot: None,
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for seq in 1..=total {
        let id = activity(&deputy, seq as u128).id;
        let copies = snapshot.entries.iter().filter(|e| e.change.record() == id).count();
        assert_eq!(copies, 1, "record {seq} is on the server exactly once");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}
