//! A deputy's right of reply on one record or one computed status: shows the note, and
//! lets them write or rewrite it (saved on the device, sent by the next sync).

use leptos::prelude::*;
use lvzhi_domain::reply::{ReplyDraft, ReplyNote, ReplyTarget};

use crate::i18n::{WorkMsg, describe_problem, use_i18n};
use crate::replies::{find, save};
use crate::session::use_session;
use crate::storage::queue::{QueueEntry, SendState};
use crate::sync::{local_change_committed, use_sync};

#[component]
pub fn ReplyEditor(target: ReplyTarget) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let current = RwSignal::new(None::<QueueEntry<ReplyDraft>>);
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let key = target.key();
    let field_id = format!("reply-{}", key.replace([':', '-'], "_"));
    {
        let target = target.clone();
        Effect::new(move |_| {
            sync.data_version.track();
            let target = target.clone();
            leptos::task::spawn_local(async move {
                match find(&target).await {
                    Ok(found) => current.set(found),
                    Err(e) => error.set(Some(
                        crate::error::AppError::from(e).describe(i18n.lang.get_untracked()),
                    )),
                }
            });
        });
    }
    let save_note = move |_| {
        let Some(deputy) = session.session.get_untracked().and_then(|s| s.account.deputy) else {
            return;
        };
        let lang = i18n.lang.get_untracked();
        let today = crate::records::today();
        let note = match ReplyNote::new(deputy, target.clone(), &text.get_untracked(), today) {
            Ok(note) => note,
            Err(problem) => {
                error.set(Some(describe_problem(&problem, WorkMsg::ReplyLabel.text(lang), lang)));
                return;
            }
        };
        let draft = ReplyDraft {
            target: note.target,
            text: note.text,
            written_on: today,
        };
        leptos::task::spawn_local(async move {
            match save(draft).await {
                Ok(()) => {
                    error.set(None);
                    editing.set(false);
                    local_change_committed(sync);
                }
                Err(e) => error.set(Some(crate::error::AppError::from(e).describe(lang))),
            }
        });
    };
    view! {
        <div class="reply" data-reply=key.clone()>
            {move || current.get().map(|reply| {
                let synced = reply.state == SendState::Sent;
                let state = match &reply.state {
                    SendState::Refused { reason } => format!("{}{reason}", i18n.w(WorkMsg::ReplyRefused)),
                    SendState::Sent => String::new(),
                    SendState::Waiting => i18n.w(WorkMsg::NotYetSynced).to_owned(),
                };
                view! {
                    <p class="reply-text" data-synced=synced.to_string()>
                        <strong>{i18n.tw(WorkMsg::ReplyLabel)}": "</strong>{reply.item.text.clone()}
                        {(!state.is_empty()).then(|| view! { " " <span class="state state-unsynced">{state.clone()}</span> })}
                    </p>
                }
            })}
            <Show when=move || editing.get()
                fallback=move || view! {
                    <button type="button" class="button small reply-open" on:click=move |_| {
                        text.set(current.get_untracked().map(|r| r.item.text).unwrap_or_default());
                        editing.set(true);
                    }>
                        {move || if current.get().is_some() { i18n.w(WorkMsg::ReplyEdit) } else { i18n.w(WorkMsg::ReplyWrite) }}
                    </button>
                }>
                <label for=field_id.clone()>{i18n.tw(WorkMsg::ReplyLabel)}</label>
                <textarea id=field_id.clone() class="reply-input" rows="2" maxlength="300"
                    prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e))></textarea>
                <p class="muted small">{i18n.tw(WorkMsg::ReplyHint)}</p>
                <div class="form-actions">
                    <button type="button" class="button small primary reply-save" on:click=save_note.clone()>{i18n.tw(WorkMsg::Save)}</button>
                    <button type="button" class="button small" on:click=move |_| editing.set(false)>{i18n.tw(WorkMsg::Cancel)}</button>
                </div>
            </Show>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}
