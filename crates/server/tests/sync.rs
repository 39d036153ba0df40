//! Push and pull over real HTTP with a real SQLite file: duplicates, reordering and gaps
//! take effect once (fault test T4), permissions per record, review by staff.

mod common;

use common::{TestServer, client};
use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::api::SignedIn;
use lvzhi_domain::ids::{AccountId, ActivityId, ClientId};
use lvzhi_domain::sync::{Change, Mutation, Operation, Outcome, PullRequest, PullResponse, PushRequest, PushResponse};
use lvzhi_domain::text::{Description, PlaceText, Reason};
use reqwest::StatusCode;
use serde_json::json;

async fn sign_in(server: &TestServer, login: &str) -> SignedIn {
    common::sign_in(&server.base, login).await
}

fn new_activity(owner: &SignedIn, n: u128) -> Activity {
    Activity {
        id: ActivityId::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0000 + n),
        kind: ActivityKind::ConstituentVisit,
        date: "2026-11-20".parse().unwrap(),
        deputies: vec![owner.account.deputy.unwrap()],
        station: None,
        place: PlaceText::parse_field("解放碑街道代表之家", "place").unwrap(),
        description: Description::parse_field("接待群众 12 人次", "description").unwrap(),
        entered_by: EnteredBy::Deputy(AccountId::from_u128(0)),
        review: Review::Approved, // the server makes it pending
        revision: 0,
        proposed_by: None,
        answers: Vec::new(),
    }
}

fn save(seq: u64, activity: &Activity) -> Mutation {
    Mutation {
        seq,
        operation: Operation::SaveActivity {
            activity: activity.clone(),
            base_revision: 0,
        },
    }
}

async fn push(server: &TestServer, who: &SignedIn, client_id: u128, mutations: Vec<Mutation>) -> PushResponse {
    let response = client()
        .post(server.url("/api/sync/push"))
        .bearer_auth(&who.token)
        .json(&PushRequest {
            client: ClientId::from_u128(client_id),
            mutations,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn pull(server: &TestServer, who: &SignedIn, cursor: Option<u64>) -> PullResponse {
    client()
        .post(server.url("/api/sync/pull"))
        .bearer_auth(&who.token)
        .json(&PullRequest {
            cursor,
            limit: 1000,
            snapshot: None,
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn duplicated_reordered_and_gapped_pushes_each_take_effect_once() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server, "deputy").await;
    let first = pull(&server, &deputy, None).await;
    assert!(first.reset);
    let own_before = first.entries.len();
    let records: Vec<Activity> = (1..=4).map(|n| new_activity(&deputy, n)).collect();
    // A gap: 1 then 3; the server applies 1 and stops, expecting 2.
    let response = push(&server, &deputy, 7, vec![save(1, &records[0]), save(3, &records[2])]).await;
    assert_eq!((response.last_applied, response.gap_expected), (1, Some(2)));
    // Reordered and duplicated: 4, 2, 3, 1, 2.
    let response = push(
        &server,
        &deputy,
        7,
        vec![
            save(4, &records[3]),
            save(2, &records[1]),
            save(3, &records[2]),
            save(1, &records[0]),
            save(2, &records[1]),
        ],
    )
    .await;
    assert_eq!(response.last_applied, 4);
    assert_eq!(
        response
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Duplicate)
            .count(),
        1
    );
    // The same push again, as after a lost answer: nothing new.
    let again = push(&server, &deputy, 7, vec![save(1, &records[0]), save(2, &records[1])]).await;
    assert!(again.results.iter().all(|r| r.outcome == Outcome::Duplicate));
    let after = pull(&server, &deputy, Some(first.cursor)).await;
    assert!(!after.reset);
    let upserts: Vec<&Activity> = after
        .entries
        .iter()
        .filter_map(|e| {
            if let Change::Upsert { activity } = &e.change {
                Some(activity)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(upserts.len(), 4, "each record once in the change log");
    assert!(upserts.iter().all(|a| a.review == Review::Pending && a.revision == 1));
    assert!(
        upserts
            .iter()
            .all(|a| a.entered_by == EnteredBy::Deputy(deputy.account.id))
    );
    let snapshot = pull(&server, &deputy, None).await;
    assert_eq!(snapshot.entries.len(), own_before + 4);
    server.stop().await;
}

#[tokio::test]
async fn deputies_touch_only_their_own_pending_records_and_a_refusal_does_not_block() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server, "deputy").await;
    let other = sign_in(&server, "deputy2").await;
    let staff = sign_in(&server, "staff").await;
    let mine = new_activity(&deputy, 10);
    push(&server, &deputy, 1, vec![save(1, &mine)]).await;
    // deputy2 tries to withdraw it, then registers their own record in the same push.
    let theirs = new_activity(&other, 11);
    let response = push(
        &server,
        &other,
        2,
        vec![
            Mutation {
                seq: 1,
                operation: Operation::WithdrawActivity {
                    id: mine.id,
                    base_revision: 1,
                },
            },
            save(2, &theirs),
        ],
    )
    .await;
    assert!(
        matches!(&response.results[0].outcome, Outcome::Refused { reason, .. } if reason.contains("other deputies"))
    );
    assert_eq!(response.results[1].outcome, Outcome::Applied { revision: 1 });
    // A record naming someone else is refused too.
    let mut forged = new_activity(&deputy, 12);
    forged.deputies = vec![other.account.deputy.unwrap()];
    let response = push(&server, &deputy, 1, vec![save(2, &forged)]).await;
    assert!(matches!(response.results[0].outcome, Outcome::Refused { .. }));
    // Staff approve and reject through the same endpoint; the deputy sees it on the next pull.
    let cursor = pull(&server, &deputy, None).await.cursor;
    let reason = Reason::parse_field("请补充走访记录照片", "reason").unwrap();
    let response = push(
        &server,
        &staff,
        3,
        vec![
            Mutation {
                seq: 1,
                operation: Operation::Approve { id: mine.id },
            },
            Mutation {
                seq: 2,
                operation: Operation::Reject {
                    id: theirs.id,
                    reason: reason.clone(),
                },
            },
        ],
    )
    .await;
    assert_eq!(response.results[0].outcome, Outcome::Applied { revision: 2 });
    let changes = pull(&server, &deputy, Some(cursor)).await;
    assert_eq!(changes.entries.len(), 1, "deputy sees only their own record's change");
    match &changes.entries[0].change {
        Change::Upsert { activity } => assert_eq!(activity.review, Review::Approved),
        other => panic!("{other:?}"),
    }
    // Now approved, the deputy can no longer edit it.
    let mut edit = mine.clone();
    edit.kind = ActivityKind::Inspection;
    let response = push(
        &server,
        &deputy,
        1,
        vec![Mutation {
            seq: 3,
            operation: Operation::SaveActivity {
                activity: edit,
                base_revision: 2,
            },
        }],
    )
    .await;
    assert!(matches!(&response.results[0].outcome, Outcome::Refused { reason, .. } if reason.contains("pending")));
    let theirs_now = pull(&server, &other, None).await;
    assert!(theirs_now.entries.iter().any(|e| matches!(&e.change, Change::Upsert { activity } if activity.id == theirs.id && activity.review == Review::Rejected { reason: reason.clone() })));
    server.stop().await;
}

#[tokio::test]
async fn bad_pushes_get_clear_errors_and_change_nothing() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server, "deputy").await;
    let other = sign_in(&server, "deputy2").await;
    let http = client();
    let unauthenticated = http
        .post(server.url("/api/sync/push"))
        .json(&json!({"client": "x", "mutations": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    let no_deputies = json!({"client": "0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f", "mutations": [{"seq": 1, "operation": {"op": "save_activity", "base_revision": 0, "activity": {
        "id": "0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f", "kind": "inspection", "date": "2026-11-01", "deputies": [],
        "entered_by": {"by": "deputy", "account": "0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f"}, "review": {"status": "pending"}, "revision": 0}}}]});
    let response = http
        .post(server.url("/api/sync/push"))
        .bearer_auth(&deputy.token)
        .json(&no_deputies)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("deputies"));
    let bad_date = no_deputies.to_string().replace("2026-11-01", "2026-13-01");
    let response = http
        .post(server.url("/api/sync/push"))
        .bearer_auth(&deputy.token)
        .header("content-type", "application/json")
        .body(bad_date)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let too_many: Vec<Mutation> = (1..=501)
        .map(|n| save(n, &new_activity(&deputy, 1000 + n as u128)))
        .collect();
    let response = http
        .post(server.url("/api/sync/push"))
        .bearer_auth(&deputy.token)
        .json(&PushRequest {
            client: ClientId::from_u128(5),
            mutations: too_many,
        })
        .send()
        .await
        .unwrap();
    assert!(
        matches!(
            response.status(),
            StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE
        ),
        "{}",
        response.status()
    );
    // A client id belongs to the account that used it first.
    push(&server, &deputy, 42, vec![save(1, &new_activity(&deputy, 1))]).await;
    let response = http
        .post(server.url("/api/sync/push"))
        .bearer_auth(&other.token)
        .json(&PushRequest {
            client: ClientId::from_u128(42),
            mutations: vec![save(1, &new_activity(&other, 2))],
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let own = pull(&server, &deputy, None).await;
    assert_eq!(
        own.entries
            .iter()
            .filter(|e| e.change.record() == new_activity(&deputy, 1).id)
            .count(),
        1
    );
    let theirs = pull(&server, &other, None).await;
    assert!(
        theirs
            .entries
            .iter()
            .all(|e| e.change.record() != new_activity(&other, 2).id),
        "the forbidden push changed nothing"
    );
    server.stop().await;
}
