//! A record's history — who entered it (the deputy, or staff on their behalf), who changed
//! what, who reviewed it and when — fetched from the server on demand: the audit trail both
//! apps show (`GET /api/records/{id}/history`). Offline, it says that it needs the network.

use leptos::prelude::*;
use lvzhi_domain::ids::ActivityId;
use lvzhi_domain::labels::{Label, rejection_text};
use lvzhi_domain::staff::HistoryLine;

use crate::error::AppError;
use crate::i18n::{WorkMsg, use_i18n};
use crate::session::use_session;

/// The history of record `id`: loaded at once when `open`, else behind a button.
#[component]
pub fn RecordHistory(id: ActivityId, #[prop(optional)] open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let shown = RwSignal::new(open);
    let lines = LocalResource::new(move || {
        let wanted = shown.get();
        let token = session.session.with(|s| s.as_ref().map(|s| s.token.clone()));
        async move {
            match (wanted, token) {
                (true, Some(token)) => {
                    crate::api::get_json_signed::<Vec<HistoryLine>>(&format!("/api/records/{id}/history"), &token)
                        .await
                        .map(Some)
                        .map_err(AppError::Api)
                }
                _ => Ok(None),
            }
        }
    });
    view! {
        <div class="record-history">
            <Show when=move || !shown.get()>
                <button type="button" class="button small history-open" on:click=move |_| shown.set(true)>{i18n.tw(WorkMsg::ShowHistory)}</button>
            </Show>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let lang = i18n.lang.get();
                    match lines.await {
                        Ok(None) => ().into_any(),
                        Err(error) if error.is_unreachable() => view! { <p class="muted">{i18n.w(WorkMsg::HistoryNeedsNetwork)}</p> }.into_any(),
                        Err(error) => view! { <p class="error" role="alert">{error.describe(lang)}</p> }.into_any(),
                        Ok(Some(lines)) if lines.is_empty() => view! { <p class="muted">{i18n.w(WorkMsg::HistoryNone)}</p> }.into_any(),
                        Ok(Some(lines)) => view! {
                            <h3>{i18n.w(WorkMsg::HistoryTitle)}</h3>
                            <ol class="history">{lines.into_iter().map(|line| view! {
                                <li>{crate::format::format_time(line.at_millis as f64, lang)}" · "{line.by_name.clone()}" · "{line.entry.action.label(lang)}
                                    {line.entry.detail.map(|d| format!("（{}）", rejection_text(&d, lang)))}</li>
                            }).collect_view()}</ol>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
