//! Shows whether the device is online.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};
use crate::online::use_online;

#[component]
pub fn OnlineBadge() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online();
    view! {
        <span
            class="online-badge"
            class:offline=move || !online.get()
            role="status"
            data-online=move || online.get().to_string()
        >
            <span class="dot" aria-hidden="true"></span>
            {move || if online.get() { i18n.t(Msg::Online) } else { i18n.t(Msg::Offline) }}
        </span>
    }
}
