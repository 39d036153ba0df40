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
