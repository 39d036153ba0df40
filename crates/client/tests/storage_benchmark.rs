//! In-browser benchmark of the local store: 100,000 activities stored in IndexedDB and read
//! back into the compliance engine's working form, in the app's bulk layout (packed binary
//! chunks) and — in the same run, for comparison — with Dexie.js `bulkPut` (one object per
//! record, the usual way). Run with `cargo xtask bench-storage` (release build, headless
//! Chromium); it prints its figures. Dexie (npm) is loaded from node_modules by this file only.
#![cfg(all(target_arch = "wasm32", feature = "storage-benchmark"))]

use lvzhi_client::storage::LocalStore;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::compliance::fast::WorkingSet;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::rules::{RuleBook, default_rule_set};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Dexie's ES module, from `npm ci` (package.json pins the version).
const DEXIE_SOURCE: &str = include_str!("../node_modules/dexie/dist/dexie.mjs");

#[wasm_bindgen(inline_js = "
export async function load_dexie(source) {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const module = await import(url);
  return module.Dexie;
}
export async function dexie_store_and_read(Dexie, name, records) {
  const db = new Dexie(name);
  db.version(1).stores({ activities: 'id' });
  await db.open();
  let started = performance.now();
  await db.table('activities').bulkPut(records);
  const stored = performance.now() - started;
  started = performance.now();
  const read = await db.table('activities').toArray();
  const readMs = performance.now() - started;
  db.close();
  return [stored, readMs, read.length];
}
")]
extern "C" {
    async fn load_dexie(source: &str) -> JsValue;
    async fn dexie_store_and_read(dexie: &JsValue, name: &str, records: JsValue) -> JsValue;
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

#[wasm_bindgen_test]
async fn store_and_read_back_100k_activities_lvzhi_and_dexie() {
    let today = LocalDate::from_ymd(2026, 11, 24).unwrap();
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::standard(today));
    let activities: Vec<Activity> = data.activities[..100_000].to_vec();
    let calendar = Calendar::new(data.terms.clone(), data.sessions.clone());
    let rules = RuleBook::single(default_rule_set());
    let runs = 3;

    let (mut stores, mut reads, mut builds) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let store = LocalStore::open_named(&format!("lvzhi-bench-{run}-{}", js_sys::Math::random()))
            .await
            .unwrap();
        let started = js_sys::Date::now();
        store.put_bulk_activities("bench", &activities).await.unwrap();
        stores.push(js_sys::Date::now() - started);
        let started = js_sys::Date::now();
        let read = store.bulk_activities("bench").await.unwrap();
        reads.push(js_sys::Date::now() - started);
        let started = js_sys::Date::now();
        let working = WorkingSet::build(&data.deputies, &read, &data.absences, &calendar, &rules);
        builds.push(js_sys::Date::now() - started);
        assert_eq!(read, activities);
        assert!(working.record_count() >= 100_000);
        store.close();
    }
    let (store_ms, read_ms, build_ms) = (median(stores), median(reads), median(builds));
    console_log!("storage benchmark: Lüzhi bulk layout, 100,000 activities, median of {runs} runs");
    console_log!("storage benchmark:   stored in {store_ms:.0} ms (goal ≤ 500 ms)");
    console_log!(
        "storage benchmark:   read + decoded in {read_ms:.0} ms, working form built in {build_ms:.0} ms: {:.0} ms into the engine (goal ≤ 300 ms)",
        read_ms + build_ms
    );

    // Dexie gets plain JS objects (the conversion from Rust is not timed: that favours Dexie).
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let records = serde::Serialize::serialize(&activities, &serializer).unwrap();
    let dexie = load_dexie(DEXIE_SOURCE).await;
    let (mut dexie_stores, mut dexie_reads) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let name = format!("lvzhi-bench-dexie-{run}-{}", js_sys::Math::random());
        let figures: js_sys::Array = dexie_store_and_read(&dexie, &name, records.clone()).await.into();
        assert_eq!(figures.get(2).as_f64(), Some(100_000.0));
        dexie_stores.push(figures.get(0).as_f64().unwrap());
        dexie_reads.push(figures.get(1).as_f64().unwrap());
    }
    let (dexie_store_ms, dexie_read_ms) = (median(dexie_stores), median(dexie_reads));
    console_log!("storage benchmark: Dexie.js 4 bulkPut, same records, median of {runs} runs");
    console_log!(
        "storage benchmark:   stored in {dexie_store_ms:.0} ms; read (toArray, JS objects only) in {dexie_read_ms:.0} ms"
    );
    console_log!(
        "storage benchmark: Lüzhi stores {:.1}× faster than Dexie bulkPut (goal ≥ 3×); reads {:.1}× faster",
        dexie_store_ms / store_ms,
        dexie_read_ms / read_ms
    );
}
