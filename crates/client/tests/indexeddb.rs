//! The app's IndexedDB store, in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use lvzhi_client::storage::{LocalStore, SCHEMA_VERSION};
use lvzhi_domain::sync::client::PullPosition;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("lvzhi-test-{test}-{}", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn a_value_written_is_read_back_after_reopening_the_database() {
    let name = fresh_name("meta");
    let store = LocalStore::open_named(&name).await.expect("the database opens");
    assert_eq!(store.get_meta("client_id").await.unwrap(), None);
    store
        .put_meta("client_id", "0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f")
        .await
        .unwrap();
    store.put_meta("lang", "zh-Hant").await.unwrap();
    store.close();

    let reopened = LocalStore::open_named(&name).await.expect("the database reopens");
    assert_eq!(
        reopened.get_meta("client_id").await.unwrap().as_deref(),
        Some("0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f")
    );
    assert_eq!(reopened.get_meta("lang").await.unwrap().as_deref(), Some("zh-Hant"));
    assert_eq!(reopened.schema_version(), SCHEMA_VERSION);
    reopened.close();
}

#[wasm_bindgen_test]
async fn overwriting_a_value_keeps_only_the_latest() {
    let store = LocalStore::open_named(&fresh_name("overwrite")).await.unwrap();
    store.put_meta("cursor", "10").await.unwrap();
    store.put_meta("cursor", "11").await.unwrap();
    assert_eq!(store.get_meta("cursor").await.unwrap().as_deref(), Some("11"));
    store.close();
}

fn sample_activity(n: u128) -> lvzhi_domain::activity::Activity {
    use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
    use lvzhi_domain::ids::{AccountId, ActivityId, DeputyId};
    Activity {
        id: ActivityId::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0000 + n),
        kind: ActivityKind::ConstituentVisit,
        date: "2026-11-20".parse().unwrap(),
        deputies: vec![DeputyId::from_u128(7)],
        station: None,
        place: lvzhi_domain::text::PlaceText::parse_field("村委会", "place").unwrap(),
        description: lvzhi_domain::text::Description::parse_field("走访群众", "description").unwrap(),
        entered_by: EnteredBy::Deputy(AccountId::from_u128(7)),
        review: Review::Pending,
        revision: 0,
        proposed_by: None,
        answers: Vec::new(),
    }
}

#[wasm_bindgen_test]
async fn a_record_and_its_outbox_entry_are_saved_together_and_numbered_in_order() {
    use lvzhi_domain::sync::Operation;
    let store = LocalStore::open_named(&fresh_name("outbox")).await.unwrap();
    for n in 1..=3 {
        let activity = sample_activity(n);
        let mutation = store
            .queue_change(Operation::SaveActivity {
                activity: activity.clone(),
                base_revision: 0,
            })
            .await
            .unwrap();
        assert_eq!(mutation.seq, n as u64);
    }
    let activities = store.activities().await.unwrap();
    assert_eq!(activities.len(), 3);
    assert_eq!(activities[0], sample_activity(1));
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(outbox[2].operation.record(), sample_activity(3).id);
    store.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_with_data_upgrades_without_loss() {
    let name = fresh_name("upgrade");
    let old = LocalStore::open_named_at(&name, 1).await.expect("a version 1 database");
    assert_eq!(old.schema_version(), 1);
    old.put_meta("client_id", "0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f")
        .await
        .unwrap();
    old.put_meta("cursor", "41").await.unwrap();
    old.close();

    let upgraded = LocalStore::open_named(&name).await.expect("the upgrade succeeds");
    assert_eq!(upgraded.schema_version(), SCHEMA_VERSION);
    assert_eq!(
        upgraded.get_meta("client_id").await.unwrap().as_deref(),
        Some("0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f")
    );
    assert_eq!(upgraded.get_meta("cursor").await.unwrap().as_deref(), Some("41"));
    assert!(
        upgraded.outbox().await.unwrap().is_empty(),
        "the new outbox store exists and is empty"
    );
    let activity = sample_activity(9);
    upgraded
        .queue_change(lvzhi_domain::sync::Operation::SaveActivity {
            activity: activity.clone(),
            base_revision: 0,
        })
        .await
        .unwrap();
    assert_eq!(upgraded.outbox().await.unwrap().len(), 1);
    upgraded.close();
}

#[wasm_bindgen_test]
async fn acknowledging_drops_exactly_the_handled_mutations_and_keeps_problems() {
    use lvzhi_domain::sync::client::SyncProblem;
    use lvzhi_domain::sync::{Operation, Outcome};
    let store = LocalStore::open_named(&fresh_name("ack")).await.unwrap();
    for n in 1..=4 {
        let activity = sample_activity(n);
        store
            .queue_change(Operation::SaveActivity {
                activity: activity.clone(),
                base_revision: 0,
            })
            .await
            .unwrap();
    }
    store.put_meta("cursor", "42").await.unwrap();
    let outbox = store.outbox().await.unwrap();
    let problem = SyncProblem {
        mutation: outbox[1].clone(),
        outcome: Outcome::Refused {
            reason: "not allowed".into(),
            code: Some(lvzhi_domain::sync::RefusalCode::OthersRecord),
        },
    };
    let response = lvzhi_domain::sync::PushResponse {
        last_applied: 2,
        results: vec![lvzhi_domain::sync::MutationResult {
            seq: 2,
            record: outbox[1].operation.record(),
            outcome: problem.outcome.clone(),
        }],
        gap_expected: None,
    };
    let acknowledgement = store.acknowledge(&response).await.unwrap();
    assert_eq!((acknowledgement.handled, acknowledgement.problems), (2, 1));
    let left: Vec<u64> = store.outbox().await.unwrap().iter().map(|m| m.seq).collect();
    assert_eq!(left, vec![3, 4], "sequence 2 itself is acknowledged, 3 is not");
    assert_eq!(store.problems().await.unwrap(), vec![problem]);
    assert_eq!(
        store.sync_state().await.unwrap().position,
        PullPosition::Start,
        "a problem forces a full resync"
    );
    store.dismiss_problem(2).await.unwrap();
    assert!(store.problems().await.unwrap().is_empty());
    store.close();
}

#[wasm_bindgen_test]
async fn a_reset_waits_for_the_push_then_replaces_the_records() {
    use lvzhi_domain::sync::{Change, ChangeEntry, Operation, PullResponse, PushResponse};
    let store = LocalStore::open_named(&fresh_name("pull")).await.unwrap();
    let waiting = sample_activity(5);
    store
        .queue_change(Operation::SaveActivity {
            activity: waiting.clone(),
            base_revision: 0,
        })
        .await
        .unwrap();
    store.put_activities_bulk(&[sample_activity(2)]).await.unwrap();
    let mut from_server = waiting.clone();
    from_server.revision = 9;
    let fresh = sample_activity(3);
    let upsert = |activity: &lvzhi_domain::activity::Activity| ChangeEntry {
        seq: 7,
        change: Change::Upsert {
            activity: activity.clone(),
        },
    };
    // A snapshot, in id order: record 3, then the server's version of the waiting record 5.
    let response = PullResponse {
        reset: true,
        entries: vec![upsert(&fresh), upsert(&from_server)],
        cursor: 7,
        more: false,
        snapshot: None,
    };
    let step = store
        .apply_pull(&PullPosition::Start, &response, 1_000.0)
        .await
        .unwrap();
    assert!(step.held && !step.more && step.applied == 0, "{step:?}");
    let mut kept = store.activities().await.unwrap();
    kept.sort_by_key(|a| a.id);
    assert_eq!(
        kept,
        vec![sample_activity(2), waiting.clone()],
        "a reset waits while a change waits: nothing replaced, the local edit of 5 shown"
    );
    let state = store.sync_state().await.unwrap();
    assert_eq!((state.position, state.last_sync_millis), (PullPosition::Start, None));
    // The push is answered; the reset now replaces the records.
    store
        .acknowledge(&PushResponse {
            last_applied: 1,
            results: Vec::new(),
            gap_expected: None,
        })
        .await
        .unwrap();
    let step = store
        .apply_pull(&PullPosition::Start, &response, 2_000.0)
        .await
        .unwrap();
    assert!(!step.held && step.applied == 2, "{step:?}");
    let mut replaced = store.activities().await.unwrap();
    replaced.sort_by_key(|a| a.id);
    assert_eq!(
        replaced,
        vec![fresh.clone(), from_server.clone()],
        "record 2 gone with the reset"
    );
    let state = store.sync_state().await.unwrap();
    assert_eq!(
        (state.position, state.last_sync_millis),
        (PullPosition::Cursor(7), Some(2_000.0))
    );
    let tombstone = PullResponse {
        reset: false,
        entries: vec![ChangeEntry {
            seq: 8,
            change: Change::Tombstone { id: fresh.id },
        }],
        cursor: 8,
        more: false,
        snapshot: None,
    };
    store
        .apply_pull(&PullPosition::Cursor(7), &tombstone, 3_000.0)
        .await
        .unwrap();
    assert_eq!(store.activities().await.unwrap(), vec![from_server]);
    store.close();
}

#[wasm_bindgen_test]
async fn a_paged_snapshot_keeps_its_place_until_the_last_page() {
    use lvzhi_domain::sync::{Change, ChangeEntry, PullResponse, SnapshotCursor};
    let store = LocalStore::open_named(&fresh_name("snapshot")).await.unwrap();
    store.put_activities_bulk(&[sample_activity(9)]).await.unwrap();
    let (first, second) = (sample_activity(1), sample_activity(2));
    let page =
        |activity: &lvzhi_domain::activity::Activity, reset: bool, snapshot: Option<SnapshotCursor>| PullResponse {
            reset,
            entries: vec![ChangeEntry {
                seq: 5,
                change: Change::Upsert {
                    activity: activity.clone(),
                },
            }],
            cursor: 5,
            more: snapshot.is_some(),
            snapshot,
        };
    let place = SnapshotCursor { at: 5, after: first.id };
    store
        .apply_pull(&PullPosition::Start, &page(&first, true, Some(place.clone())), 1.0)
        .await
        .unwrap();
    let state = store.sync_state().await.unwrap();
    assert_eq!(
        state.position,
        PullPosition::Snapshot(place.clone()),
        "mid-snapshot: no cursor, the place kept"
    );
    assert_eq!(state.last_sync_millis, None);
    store
        .apply_pull(&PullPosition::Snapshot(place), &page(&second, false, None), 2.0)
        .await
        .unwrap();
    let state = store.sync_state().await.unwrap();
    assert_eq!(state.position, PullPosition::Cursor(5));
    let mut held = store.activities().await.unwrap();
    held.sort_by_key(|a| a.id);
    assert_eq!(
        held,
        vec![first, second],
        "the reset dropped record 9, the pages added both"
    );
    store.close();
}

#[wasm_bindgen_test]
async fn an_imported_outbox_is_renumbered_after_this_clients_own_changes() {
    use lvzhi_client::storage::{OUTBOX_EXPORT_FORMAT, OutboxExport};
    use lvzhi_domain::ids::AccountId;
    use lvzhi_domain::sync::{Mutation, Operation};
    let store = LocalStore::open_named(&fresh_name("import")).await.unwrap();
    let own = sample_activity(1);
    store
        .queue_change(Operation::SaveActivity {
            activity: own.clone(),
            base_revision: 0,
        })
        .await
        .unwrap();
    let carried = sample_activity(2);
    let export = OutboxExport {
        format: OUTBOX_EXPORT_FORMAT.into(),
        version: 1,
        account: AccountId::from_u128(7),
        exported_at_millis: 0.0,
        mutations: vec![Mutation {
            seq: 17,
            operation: Operation::SaveActivity {
                activity: carried.clone(),
                base_revision: 0,
            },
        }],
    };
    assert_eq!(store.import_outbox(&export).await.unwrap(), 1);
    let seqs: Vec<u64> = store.outbox().await.unwrap().iter().map(|m| m.seq).collect();
    assert_eq!(seqs, vec![1, 2]);
    assert_eq!(store.activity(carried.id).await.unwrap(), Some(carried));
    assert_eq!(store.get_meta("next_seq").await.unwrap().as_deref(), Some("3"));
    store.close();
}

#[wasm_bindgen_test]
async fn bulk_datasets_round_trip_in_chunks_and_are_replaced_whole() {
    let store = LocalStore::open_named(&fresh_name("bulk")).await.unwrap();
    let many: Vec<_> = (0..12_001).map(sample_activity).collect();
    store.put_bulk_activities("staff", &many).await.unwrap();
    store.put_bulk_activities("public", &many[..3]).await.unwrap();
    assert_eq!(
        store.bulk_activities("staff").await.unwrap(),
        many,
        "3 chunks, order kept"
    );
    assert_eq!(store.bulk_activities("public").await.unwrap(), &many[..3]);
    store.put_bulk_activities("staff", &many[..2]).await.unwrap();
    assert_eq!(
        store.bulk_activities("staff").await.unwrap(),
        &many[..2],
        "old chunks are gone"
    );
    assert!(store.bulk_activities("none").await.unwrap().is_empty());
    store.close();
}

#[wasm_bindgen_test]
async fn contacts_are_sealed_under_a_non_extractable_key_and_tampering_is_detected() {
    use lvzhi_client::crypto::{contact_key, open, seal};
    let store = LocalStore::open_named(&fresh_name("crypto")).await.unwrap();
    let key = contact_key(&store).await.unwrap();
    assert!(!key.extractable(), "the key's bytes can never be read out");
    let again = contact_key(&store).await.unwrap();
    let sealed = seal(&key, "王大爷 13800000000").await.unwrap();
    assert_eq!(sealed.iv.len(), 12);
    assert!(!String::from_utf8_lossy(&sealed.data).contains("13800000000"));
    assert_eq!(
        open(&again, &sealed).await.unwrap(),
        "王大爷 13800000000",
        "the stored key is reused"
    );
    let other = seal(&key, "王大爷 13800000000").await.unwrap();
    assert_ne!(other.iv, sealed.iv, "a fresh IV each time");
    let mut tampered = sealed.clone();
    tampered.data[0] ^= 1;
    assert!(open(&key, &tampered).await.is_err(), "AES-GCM refuses altered bytes");
    let exported = wasm_bindgen_futures::JsFuture::from(
        web_sys::window()
            .unwrap()
            .crypto()
            .unwrap()
            .subtle()
            .export_key("raw", &key)
            .unwrap(),
    )
    .await;
    assert!(exported.is_err(), "exporting the key is refused");
    store.close();
}

/// A database as the v3 build wrote it (side queues as JSON lists in `meta`) opens under
/// today's schema with every note, opinion item and draft kept, in their keyed stores.
#[wasm_bindgen_test]
async fn a_version_3_database_keeps_its_notes_opinions_and_drafts_in_the_keyed_queues() {
    use lvzhi_client::opinions::StoredOpinion;
    use lvzhi_client::storage::queue::SendState;
    use lvzhi_domain::api::NewSuggestion;
    use lvzhi_domain::reply::ReplyDraft;
    let name = fresh_name("v3-lists");
    let old = LocalStore::open_named_at(&name, 3).await.expect("a version 3 database");
    let activity = sample_activity(1);
    // Exactly the JSON the v3 build wrote.
    let replies = format!(
        r#"[{{"draft":{{"target":{{"on":"record","activity":"{id}"}},"text":"已补充材料","written_on":"2026-11-21"}},"synced":false}},{{"draft":{{"target":{{"on":"record","activity":"{other}"}},"text":"已退回","written_on":"2026-11-20"}},"synced":true,"refused":null}}]"#,
        id = activity.id,
        other = sample_activity(2).id
    );
    let opinions = format!(
        r#"[{{"item":{{"id":"0192d1f0-7c1a-7b3e-9c4d-000000000001","visit":"{id}","deputy":"{deputy}","category":"livelihood","urgency":"normal","content":"路灯坏了","contact":null,"gathered_on":"2026-11-20"}},"sealed_contact":null,"synced":false,"refused":"not allowed"}}]"#,
        id = activity.id,
        deputy = activity.deputies[0]
    );
    let drafts = r#"[{"id":"0192d1f0-7c1a-7b3e-9c4d-0000000000aa","kind":"suggestion","title":"加装路灯","body":"建议在村口加装路灯。","co_signers":[]}]"#;
    old.put_meta("reply_notes", &replies).await.unwrap();
    old.put_meta("opinion_items", &opinions).await.unwrap();
    old.put_meta("suggestion_drafts", drafts).await.unwrap();
    old.close();

    let store = LocalStore::open_named(&name).await.expect("the upgrade succeeds");
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    let notes = store.queued::<ReplyDraft>().await.expect("notes readable");
    assert_eq!(notes.len(), 2);
    let waiting: Vec<_> = notes.iter().filter(|n| n.state == SendState::Waiting).collect();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].item.text, "已补充材料");
    let items = store.queued::<StoredOpinion>().await.expect("items readable");
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].state,
        SendState::Refused {
            reason: "not allowed".into()
        }
    );
    let kept = store.queued::<NewSuggestion>().await.expect("drafts readable");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].item.title, "加装路灯");
    assert_eq!(
        store.get_meta("reply_notes").await.unwrap(),
        None,
        "the old list is gone"
    );
    store.close();
    // Opening again moves nothing twice.
    let again = LocalStore::open_named(&name).await.unwrap();
    assert_eq!(again.queued::<ReplyDraft>().await.unwrap().len(), 2);
    again.close();
}

/// A note saved while a send of its older text is under way stays waiting: the send marks
/// only the revision it sent.
#[wasm_bindgen_test]
async fn marking_a_sent_note_keeps_a_newer_save_waiting() {
    use lvzhi_client::storage::queue::SendState;
    use lvzhi_domain::reply::{ReplyDraft, ReplyTarget};
    let store = LocalStore::open_named(&fresh_name("queue-race")).await.unwrap();
    let target = ReplyTarget::Record {
        activity: sample_activity(1).id,
    };
    let draft = |text: &str| ReplyDraft {
        target: target.clone(),
        text: text.to_owned(),
        written_on: "2026-11-21".parse().unwrap(),
    };
    store.enqueue(draft("第一稿")).await.unwrap();
    let sending = store.queued::<ReplyDraft>().await.unwrap().remove(0);
    assert_eq!(sending.revision, 1);
    // The user saves again while the first text is on its way.
    store.enqueue(draft("第二稿")).await.unwrap();
    store
        .mark_queued::<ReplyDraft>(&target.key(), sending.revision, SendState::Sent)
        .await
        .unwrap();
    let now = store.queued::<ReplyDraft>().await.unwrap().remove(0);
    assert_eq!((now.revision, now.state.clone()), (2, SendState::Waiting));
    assert_eq!(now.item.text, "第二稿");
    assert_eq!(store.waiting_count::<ReplyDraft>().await.unwrap(), 1);
    store.close();
}

/// The JSON of queued values in IndexedDB is fixed: read through hand-written flat structs
/// (for size), it must stay what the derived tagged form wrote, so queues written by older
/// builds are read back.
#[wasm_bindgen_test]
fn queue_states_and_receipts_keep_their_json() {
    use lvzhi_client::storage::queue::SendState;
    use lvzhi_client::suggestions::Receipt;
    use lvzhi_domain::api::{PromiseReceiptRequest, ReplyReceiptRequest};
    use lvzhi_domain::suggestion::{Fulfilment, Satisfaction};
    fn fixed<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: T, json: &str) {
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        assert_eq!(serde_json::from_str::<T>(json).unwrap(), value, "{json}");
    }
    fixed(SendState::Waiting, r#"{"state":"waiting"}"#);
    fixed(SendState::Sent, r#"{"state":"sent"}"#);
    fixed(
        SendState::Refused {
            reason: "too long".into(),
        },
        r#"{"state":"refused","reason":"too long"}"#,
    );
    fixed(
        Receipt::Reply(ReplyReceiptRequest {
            satisfaction: Satisfaction::Unsatisfied,
            reason: Some("没有落实".into()),
        }),
        r#"{"kind":"reply","satisfaction":"unsatisfied","reason":"没有落实"}"#,
    );
    fixed(
        Receipt::Promise(PromiseReceiptRequest {
            index: 1,
            fulfilment: Fulfilment::PartlyDone,
        }),
        r#"{"kind":"promise","index":1,"fulfilment":"partly_done"}"#,
    );
    assert!(serde_json::from_str::<SendState>(r#"{"state":"lost"}"#).is_err());
    assert!(serde_json::from_str::<Receipt>(r#"{"kind":"reply"}"#).is_err());
}
