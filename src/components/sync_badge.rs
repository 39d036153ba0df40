//! The header's sync status: how many changes wait for the server (or "synced"), a spinner
//! while a pass runs, a warning mark after an error or a refused change. Links to `/sync`.

use leptos::prelude::*;

use crate::i18n::{WorkMsg, use_i18n};
use crate::session::use_session;
use crate::sync::use_sync;

#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = use_session();
    let status = sync.status;
    view! {
        <Show when=move || session.session.with(Option::is_some)>
            <a href="/sync" id="sync-badge"
                class=move || {
                    let status = status.get();
                    let mut class = String::from("sync-badge");
                    if status.pending > 0 {
                        class.push_str(" has-pending");
                    }
                    if status.last_error.is_some() || status.problems > 0 {
                        class.push_str(" has-problem");
                    }
                    class
                }
                data-pending=move || status.get().pending.to_string()
                data-running=move || status.get().running.to_string()
                data-synced-at=move || status.get().last_sync_millis.map(|m| m.to_string()).unwrap_or_default()
                title=move || status.get().last_error.unwrap_or_default()>
                <span aria-hidden="true">{move || if status.get().running { "⟳ " } else if status.get().last_error.is_some() || status.get().problems > 0 { "⚠ " } else { "" }}</span>
                {move || {
                    let pending = status.get().pending;
                    if pending == 0 {
                        i18n.w(WorkMsg::AllSynced).to_owned()
                    } else {
                        format!("{pending} {}", i18n.w(WorkMsg::UnsyncedBadge))
                    }
                }}
            </a>
        </Show>
    }
}
