//! Asks the browser to keep the app's storage (`navigator.storage.persist()`), so un-synced
//! work is not evicted under storage pressure, and reports whether it did.

use wasm_bindgen_futures::JsFuture;

/// `Some(true)` when storage is persistent, `Some(false)` when the browser refused, `None`
/// when the browser has no Storage API.
pub async fn request_persistent_storage() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    if let Ok(promise) = storage.persisted()
        && JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()) == Some(true)
    {
        return Some(true);
    }
    let granted = JsFuture::from(storage.persist().ok()?).await.ok()?.as_bool()?;
    Some(granted)
}
