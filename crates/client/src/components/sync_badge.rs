//! The header's sync status, one of: synced; N waiting; offline, N waiting; server
//! unreachable, N waiting; error, N waiting — with a spinner while a pass runs and a
//! warning mark after an error or a refused change. Links to `/sync`.

use leptos::prelude::*;

use crate::i18n::{WorkMsg, use_i18n};
use crate::session::use_session;
use crate::sync::use_sync;

/// The badge's state (for tests and styles) and the words before the count, if any.
fn state(online: bool, status: &crate::sync::SyncStatus) -> (&'static str, Option<WorkMsg>) {
    match (&status.last_error, online) {
        (_, false) => ("offline", Some(WorkMsg::BadgeOffline)),
        (Some(error), true) if crate::sync::is_unreachable(error) => ("unreachable", Some(WorkMsg::BadgeUnreachable)),
        (Some(_), true) => ("error", Some(WorkMsg::BadgeError)),
        (None, true) if status.pending > 0 => ("waiting", None),
        (None, true) => ("synced", None),
    }
}

/// The badge.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let online = crate::online::use_online();
    let sync = use_sync();
    let session = use_session();
    let status = sync.status;
    view! {
        <Show when=move || session.session.with(Option::is_some)>
            <a href=crate::profile::app_path("/sync") id="sync-badge"
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
                data-state=move || state(online.get(), &status.get()).0
                title=move || status.get().last_error.map(|e| crate::sync::describe(&e, i18n.lang.get())).unwrap_or_default()>
                <span aria-hidden="true">{move || if status.get().running { "⟳ " } else if status.get().last_error.is_some() || status.get().problems > 0 { "⚠ " } else { "" }}</span>
                {move || {
                    let status = status.get();
                    let pending = status.pending;
                    let waiting = format!("{pending} {}", i18n.w(WorkMsg::UnsyncedBadge));
                    match state(online.get(), &status).1 {
                        Some(prefix) if pending > 0 => format!("{} · {waiting}", i18n.w(prefix)),
                        Some(prefix) => i18n.w(prefix).to_owned(),
                        None if pending > 0 => waiting,
                        None => i18n.w(WorkMsg::AllSynced).to_owned(),
                    }
                }}
            </a>
        </Show>
    }
}
