//! The app's IndexedDB store, in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use lvzhi_app::storage::{LocalStore, SCHEMA_VERSION};
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
    }
}

#[wasm_bindgen_test]
async fn a_record_and_its_outbox_entry_are_saved_together_and_numbered_in_order() {
    use lvzhi_domain::sync::Operation;
    let store = LocalStore::open_named(&fresh_name("outbox")).await.unwrap();
    for n in 1..=3 {
        let activity = sample_activity(n);
        let mutation = store
            .save_with_outbox(
                &activity,
                Operation::SaveActivity {
                    activity: activity.clone(),
                    base_revision: 0,
                },
            )
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
        .save_with_outbox(
            &activity,
            lvzhi_domain::sync::Operation::SaveActivity {
                activity: activity.clone(),
                base_revision: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(upgraded.outbox().await.unwrap().len(), 1);
    upgraded.close();
}
