//! In-browser benchmark of the local store: 100,000 activities stored in IndexedDB and read
//! back into the compliance engine's working form. Run with `cargo xtask bench-storage`
//! (release build, headless Chromium); it prints its figures.
#![cfg(all(target_arch = "wasm32", feature = "storage-benchmark"))]

use lvzhi_app::storage::LocalStore;
use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::rules::{RuleBook, default_rule_set};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn store_and_read_back_100k_activities() {
    let today = LocalDate::from_ymd(2026, 11, 24).unwrap();
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::standard(today));
    let activities = &data.activities[..100_000];
    let store = LocalStore::open_named(&format!("lvzhi-bench-{}", js_sys::Math::random()))
        .await
        .unwrap();

    let started = js_sys::Date::now();
    store.put_activities_bulk(activities).await.unwrap();
    let stored_ms = js_sys::Date::now() - started;

    let started = js_sys::Date::now();
    let read = store.activities().await.unwrap();
    let read_ms = js_sys::Date::now() - started;
    let started = js_sys::Date::now();
    let calendar = Calendar::new(data.terms.clone(), data.sessions.clone());
    let working = WorkingSet::build(&data.deputies, &read, &calendar, &RuleBook::single(default_rule_set()));
    let built_ms = js_sys::Date::now() - started;
    assert_eq!(read.len(), 100_000);
    console_log!("storage benchmark: 100,000 activities stored in {stored_ms:.0} ms (goal ≤ 500 ms)");
    console_log!(
        "storage benchmark: read back in {read_ms:.0} ms, working form built in {built_ms:.0} ms: {:.0} ms in all (goal ≤ 300 ms); {} deputy-records",
        read_ms + built_ms,
        working.record_count()
    );
    store.close();
}

/// The alternative design for bulk data: chunks of 2,000 records, each one IndexedDB value
/// holding the chunk as a JSON string. Measured here to choose the store's next layout.
#[wasm_bindgen_test]
async fn store_and_read_back_100k_activities_as_json_chunks() {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use lvzhi_domain::activity::Activity;

    let today = LocalDate::from_ymd(2026, 11, 24).unwrap();
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::standard(today));
    let activities = &data.activities[..100_000];
    let name = format!("lvzhi-bench-chunks-{}", js_sys::Math::random());
    let db = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("chunks").build()?;
            Ok(())
        })
        .await
        .unwrap();

    let started = js_sys::Date::now();
    let transaction = db
        .transaction("chunks")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let store = transaction.object_store("chunks").unwrap();
    for (index, chunk) in activities.chunks(2_000).enumerate() {
        let json = serde_json::to_string(chunk).unwrap();
        store.put(json).with_key(index as u32).primitive().unwrap();
    }
    transaction.commit().await.unwrap();
    let stored_ms = js_sys::Date::now() - started;

    let started = js_sys::Date::now();
    let transaction = db.transaction("chunks").build().unwrap();
    let chunks: Vec<String> = transaction
        .object_store("chunks")
        .unwrap()
        .get_all()
        .primitive()
        .unwrap()
        .await
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut read: Vec<Activity> = Vec::with_capacity(100_000);
    for chunk in &chunks {
        read.extend(serde_json::from_str::<Vec<Activity>>(chunk).unwrap());
    }
    let read_ms = js_sys::Date::now() - started;
    let started = js_sys::Date::now();
    let calendar = Calendar::new(data.terms.clone(), data.sessions.clone());
    let working = WorkingSet::build(&data.deputies, &read, &calendar, &RuleBook::single(default_rule_set()));
    let built_ms = js_sys::Date::now() - started;
    assert_eq!(read.len(), 100_000);
    assert!(working.record_count() >= 100_000);
    console_log!(
        "storage benchmark (JSON chunks of 2,000): stored in {stored_ms:.0} ms; read + decoded in {read_ms:.0} ms, working form {built_ms:.0} ms"
    );
    drop(transaction);
}
