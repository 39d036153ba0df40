//! Warns, under the header, when the browser may evict local data.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};
use crate::persistence::request_persistent_storage;

#[component]
pub fn StorageNotice() -> impl IntoView {
    let i18n = use_i18n();
    let persistent = LocalResource::new(request_persistent_storage);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                (persistent.await == Some(false)).then(|| view! {
                    <p class="storage-notice" role="status" id="storage-notice">{move || i18n.t(Msg::StorageNotPersistent)}</p>
                })
            })}
        </Suspense>
    }
}
