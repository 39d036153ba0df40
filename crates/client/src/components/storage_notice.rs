//! Notices under the header about this device's storage: the browser may evict local data
//! (persistence refused); the stored sign-in cannot be read (a storage failure, not a
//! sign-out); the database vanished under the app, with what was lost.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Msg, WorkMsg, use_i18n};
use crate::persistence::request_persistent_storage;
use crate::session::use_session;
use crate::sync::use_sync;

/// The storage notices of the shell.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let persistent = LocalResource::new(request_persistent_storage);
    let session_unreadable = move || {
        session.load_error.get().map(|error| {
            let lang = i18n.lang.get();
            format!(
                "{}{}",
                WorkMsg::SessionUnreadable.text(lang),
                AppError::Storage(error).describe(lang)
            )
        })
    };
    let lost_before_start = move || {
        session.lost_before_start.get().map(|lost| {
            let lang = i18n.lang.get();
            match lost {
                0 => WorkMsg::StorageClearedClosedNothingLost.text(lang).to_owned(),
                crate::storage::eviction::UNKNOWN_COUNT => {
                    WorkMsg::StorageClearedClosedLost.text(lang).replace("{n}", "?")
                }
                n => WorkMsg::StorageClearedClosedLost.count(lang, n),
            }
        })
    };
    let evicted = move || {
        sync.evicted.get().map(|lost| {
            let lang = i18n.lang.get();
            match lost {
                0 => WorkMsg::StorageClearedNothingLost.text(lang).to_owned(),
                n => WorkMsg::StorageClearedLost.count(lang, n),
            }
        })
    };
    view! {
        {move || session_unreadable().map(|text| view! {
            <p class="storage-notice error" role="alert" id="session-unreadable">{text}</p>
        })}
        {move || lost_before_start().map(|text| view! {
            <div class="storage-notice error" role="alert" id="storage-cleared-before">
                <p>{text}</p>
                <button type="button" class="button" on:click=move |_| session.lost_before_start.set(None)>
                    {i18n.tw(WorkMsg::Dismiss)}
                </button>
            </div>
        })}
        {move || evicted().map(|text| view! {
            <div class="storage-notice error" role="alert" id="storage-cleared">
                <p>{text}</p>
                <button type="button" class="button" on:click=move |_| sync.evicted.set(None)>
                    {i18n.tw(WorkMsg::Dismiss)}
                </button>
            </div>
        })}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                (persistent.await == Some(false)).then(|| view! {
                    <p class="storage-notice" role="status" id="storage-notice">{i18n.tt(Msg::StorageNotPersistent)}</p>
                })
            })}
        </Transition>
    }
}
