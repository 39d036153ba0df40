//! Coordination between the app's tabs: one tab syncs at a time (Web Locks API), and every
//! tab hears when local data changed in another (BroadcastChannel).

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

/// Runs `work` while holding the sync lock. Returns `None` without running it when another
/// tab holds the lock (that tab is syncing the same store). Where the browser has no Web
/// Locks, runs it directly.
pub async fn with_sync_lock<F, Fut, T>(work: F) -> Option<T>
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
    T: 'static,
{
    let locks = web_sys::window()
        .map(|window| window.navigator())
        .and_then(|navigator| Reflect::get(&navigator, &"locks".into()).ok())
        .filter(|locks| !locks.is_undefined() && !locks.is_null());
    let Some(locks) = locks else {
        return Some(work().await);
    };
    let Some(request) = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return Some(work().await);
    };
    let options = Object::new();
    crate::error::warn_on_failure(
        "the lock options",
        Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE),
    );
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let filled = slot.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            return Promise::resolve(&JsValue::FALSE);
        }
        future_to_promise(async move {
            let output = work().await;
            filled.replace(Some(output));
            Ok(JsValue::TRUE)
        })
    });
    let promise = request
        .call3(&locks, &crate::profile::active().sync_lock.into(), &options, &callback)
        .ok()
        .and_then(|value| value.dyn_into::<Promise>().ok())?;
    // A refused lock request is logged and read as "lock busy": the caller tries again shortly.
    crate::error::warn_on_failure("the sync lock request", JsFuture::from(promise).await);
    slot.take()
}

thread_local! {
    static CHANNEL: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new(crate::profile::active().channel).ok();
}

/// Tells the other tabs that local data changed.
pub fn announce_change() {
    CHANNEL.with(|channel| {
        if let Some(channel) = channel {
            crate::error::warn_on_failure("telling the other tabs", channel.post_message(&"changed".into()));
        }
    });
}

/// Calls `on_change` whenever another tab announces a change (for the life of the page).
pub fn listen_for_changes(on_change: impl Fn() + 'static) {
    CHANNEL.with(|channel| {
        if let Some(channel) = channel {
            let handler =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_event: web_sys::MessageEvent| on_change());
            channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            handler.forget();
        }
    });
}
