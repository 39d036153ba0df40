//! 1,000 offline mutations pushed and acknowledged over loopback (two pushes of 500, as the
//! app batches them), against the real server with a real SQLite file (WAL, synchronous=FULL).
//! Goal: ≤ 1 s. Run: `cargo bench -p lvzhi-server --bench push`.

use std::net::SocketAddr;

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::api::SignedIn;
use lvzhi_domain::ids::{AccountId, ActivityId, ClientId};
use lvzhi_domain::sync::{Mutation, Operation, PushRequest, PushResponse};
use lvzhi_domain::text::{Description, PlaceText};
use lvzhi_server::config::{Config, DemoScale};

fn push_1000_mutations(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let data_dir = tempfile::tempdir().expect("a temporary directory");
    let mut config = Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir: data_dir.path().to_path_buf(),
        static_dir: data_dir.path().join("no-app"),
        demo: Some(DemoScale::Small),
        ..Config::default()
    };
    config.limits.max_body_bytes = 4 * 1024 * 1024;
    // This measures how fast a push is applied, repeated many times by one account: the
    // per-account rate limits (which would stop it after 5,000 mutations) are lifted here,
    // and only here.
    config.limits.mutation_burst = u32::MAX;
    config.limits.mutations_per_minute = u32::MAX;
    config.limits.write_burst = u32::MAX;
    config.limits.writes_per_minute = u32::MAX;
    let (bound_tx, bound_rx) = std::sync::mpsc::channel();
    runtime.spawn(async move {
        let _ = lvzhi_server::serve(
            config,
            move |addr| bound_tx.send(addr).unwrap_or(()),
            std::future::pending(),
        )
        .await;
    });
    let addr = bound_rx.recv().expect("the server binds");
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    let deputy: SignedIn = runtime.block_on(async {
        http.post(format!("{base}/api/session"))
            .json(&serde_json::json!({"login": "deputy", "password": lvzhi_seed::DEMO_PASSWORD}))
            .send()
            .await
            .expect("sign in")
            .json()
            .await
            .expect("a session")
    });
    let mut round: u128 = 0;
    c.bench_function("push_1000_offline_mutations_over_loopback", |b| {
        b.iter(|| {
            round += 1;
            let client = ClientId::from_u128(round);
            let mutations: Vec<Mutation> = (1..=1000u64)
                .map(|seq| {
                    let activity = Activity {
                        id: ActivityId::from_u128(round << 32 | u128::from(seq)),
                        kind: ActivityKind::ConstituentVisit,
                        date: "2026-11-20".parse().expect("a date"),
                        deputies: vec![deputy.account.deputy.expect("a deputy account")],
                        station: None,
                        place: PlaceText::default(),
                        description: Description::default(),
                        entered_by: EnteredBy::Deputy(AccountId::from_u128(0)),
                        review: Review::Pending,
                        revision: 0,
                        proposed_by: None,
                        answers: Vec::new(),
                    };
                    Mutation {
                        seq,
                        operation: Operation::SaveActivity {
                            activity,
                            base_revision: 0,
                        },
                    }
                })
                .collect();
            runtime.block_on(async {
                for chunk in mutations.chunks(500) {
                    let response: PushResponse = http
                        .post(format!("{base}/api/sync/push"))
                        .bearer_auth(&deputy.token)
                        .json(&PushRequest {
                            client,
                            mutations: chunk.to_vec(),
                        })
                        .send()
                        .await
                        .expect("push")
                        .json()
                        .await
                        .expect("an answer");
                    assert_eq!(response.last_applied, chunk.last().map_or(0, |m| m.seq));
                }
            });
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = push_1000_mutations
}
criterion_main!(benches);
