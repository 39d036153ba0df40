//! `/suggestions`: the deputy's bills and suggestions — drafts written offline and submitted
//! when online, each one's handling stage and reply letters, and the two receipts: on the
//! reply (satisfied / basically satisfied / unsatisfied with a reason) and on each promised
//! action (done / partly done / not done). An unsatisfied receipt sends it back for handling.

use leptos::prelude::*;
use lvzhi_domain::api::{NewSuggestion, PromiseReceiptRequest, ReplyReceiptRequest};
use lvzhi_domain::ids::SuggestionId;
use lvzhi_domain::labels::Label;
use lvzhi_domain::suggestion::{FlowError, Fulfilment, HandlingStage, Satisfaction, Suggestion, SuggestionKind};

use crate::api::ApiError;
use crate::error::AppError;
use crate::i18n::{I18n, WorkMsg, use_i18n};
use crate::online::use_online;
use crate::session::use_session;
use crate::storage::queue::{QueueEntry, SendState};
use crate::suggestions::{self as store, QueuedReceipt, Receipt, ReceiptFailure};
use crate::sync::{local_change_committed, use_sync};

fn explain(i18n: I18n, error: &AppError) -> String {
    match error {
        AppError::Api(ApiError::Network(_)) => i18n.w(WorkMsg::SubmitNeedsNetwork).to_owned(),
        AppError::Api(ApiError::Server {
            status: 400..=499,
            message,
            ..
        }) => message.clone(),
        other => other.describe(i18n.lang.get_untracked()),
    }
}

/// A receipt that could not be queued, in the user's words.
fn explain_receipt(i18n: I18n, failure: &ReceiptFailure) -> String {
    let lang = i18n.lang.get_untracked();
    match failure {
        ReceiptFailure::Rule(FlowError::ReasonRequired) => format!(
            "{}: {}",
            i18n.w(WorkMsg::ReasonIfUnsatisfied),
            i18n.w(WorkMsg::FieldEmpty)
        ),
        ReceiptFailure::Rule(_) => i18n.w(WorkMsg::ReceiptNotNow).to_owned(),
        ReceiptFailure::Invalid(problem) => {
            crate::i18n::describe_problem(problem, WorkMsg::ReasonIfUnsatisfied.text(lang), lang)
        }
        ReceiptFailure::Storage(error) => AppError::Storage(error.clone()).describe(lang),
    }
}

/// Where this device's receipts on one suggestion stand.
fn receipt_state(
    queued: &[QueueEntry<QueuedReceipt>],
    suggestion: &Suggestion,
    promise: Option<usize>,
) -> Option<SendState> {
    queued
        .iter()
        .find(|entry| {
            entry.item.suggestion == suggestion.id
                && match (&entry.item.receipt, promise) {
                    (Receipt::Reply(_), None) => true,
                    (Receipt::Promise(request), Some(index)) => request.index == index,
                    _ => false,
                }
        })
        .map(|entry| entry.state.clone())
        .filter(|state| *state != SendState::Sent)
}

#[component]
fn SuggestionCard(suggestion: Suggestion, queued: Vec<QueueEntry<QueuedReceipt>>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let error = RwSignal::new(None::<String>);
    let reply_queued = receipt_state(&queued, &suggestion, None);
    let satisfaction = RwSignal::new(Satisfaction::Satisfied);
    let reason = RwSignal::new(String::new());
    let stage = suggestion.stage;
    let kind = suggestion.kind;
    let id = suggestion.id.to_string();
    let for_receipt = suggestion.clone();
    let send_receipt = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = ReplyReceiptRequest {
            satisfaction: satisfaction.get_untracked(),
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        };
        let suggestion = for_receipt.clone();
        leptos::task::spawn_local(async move {
            match store::give_receipt(&suggestion, Receipt::Reply(request), crate::records::today()).await {
                Ok(()) => {
                    error.set(None);
                    local_change_committed(sync);
                }
                Err(failure) => error.set(Some(explain_receipt(i18n, &failure))),
            }
        });
    };
    let promises = suggestion.promises.clone();
    let for_promises = suggestion.clone();
    view! {
        <li class="suggestion" data-id=id data-stage=stage.code()>
            <div class="record-main">
                <span class="record-kind">{suggestion.title.as_str().to_owned()}</span>
                <span class="state">{move || kind.label(i18n.lang.get())}</span>
                <span class="status-chip stage">{move || stage.label(i18n.lang.get())}</span>
                {(suggestion.rounds > 1).then(|| {
                    let rounds = suggestion.rounds;
                    view! { <span class="muted">{move || i18n.w(WorkMsg::Round).replace("{n}", &rounds.to_string())}</span> }
                })}
            </div>
            <p class="record-text">{suggestion.body.as_str().to_owned()}</p>
            <p class="muted small">
                {i18n.tw(WorkMsg::SubmittedOn)}": "{let day = suggestion.submitted_on; move || day.map(|d| crate::i18n::format_date(d, i18n.lang.get())).unwrap_or_default()}
            </p>
            {(!suggestion.replies.is_empty()).then(|| view! {
                <h3>{i18n.tw(WorkMsg::ReplyLetters)}</h3>
                <ul>{suggestion.replies.iter().map(|r| view! {
                    <li>{let day = r.date; move || crate::i18n::format_date(day, i18n.lang.get())}" · "{r.unit.as_str().to_owned()}" · "{r.summary.as_str().to_owned()}</li>
                }).collect_view()}</ul>
            })}
            {suggestion.reply_receipt.as_ref().map(|receipt| {
                let level = receipt.satisfaction;
                let why = receipt.reason.as_ref().map(|r| r.as_str().to_owned()).unwrap_or_default();
                view! { <p class="small">{i18n.tw(WorkMsg::Satisfaction)}": "{move || level.label(i18n.lang.get())}" "{why.clone()}</p> }
            })}
            {reply_queued.clone().map(|state| view! { <p class="state state-unsynced receipt-queued">{queued_label(i18n, &state)}</p> })}
            <Show when=move || stage == HandlingStage::Replied && reply_queued.is_none()>
                <form class="form receipt-form" on:submit=send_receipt.clone()>
                    <h3>{i18n.tw(WorkMsg::ReplyReceiptTitle)}</h3>
                    <label for=format!("satisfaction-{}", suggestion.id)>{i18n.tw(WorkMsg::Satisfaction)}</label>
                    <select id=format!("satisfaction-{}", suggestion.id) class="satisfaction"
                        on:change=move |e| if let Ok(v) = event_target_value(&e).parse() { satisfaction.set(v) }>
                        {Satisfaction::ALL.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.code()>{move || s.label(i18n.lang.get())}</option> }
                        }).collect_view()}
                    </select>
                    <label for=format!("reason-{}", suggestion.id)>{i18n.tw(WorkMsg::ReasonIfUnsatisfied)}</label>
                    <textarea id=format!("reason-{}", suggestion.id) class="reason" rows="2"
                        on:input=move |e| reason.set(event_target_value(&e))></textarea>
                    <button type="submit" class="button primary send-receipt">{i18n.tw(WorkMsg::SendReceipt)}</button>
                </form>
            </Show>
            {(!promises.is_empty()).then(|| view! {
                <h3>{i18n.tw(WorkMsg::PromisedActions)}</h3>
                <ul class="promises">
                    {promises.iter().enumerate().map(|(index, promise)| {
                        let done = promise.receipt;
                        let waiting = receipt_state(&queued, &for_promises, Some(index));
                        let suggestion = for_promises.clone();
                        let give = move |fulfilment: Fulfilment| {
                            let suggestion = suggestion.clone();
                            leptos::task::spawn_local(async move {
                                let request = PromiseReceiptRequest { index, fulfilment };
                                match store::give_receipt(&suggestion, Receipt::Promise(request), crate::records::today()).await {
                                    Ok(()) => {
                                        error.set(None);
                                        local_change_committed(sync);
                                    }
                                    Err(failure) => error.set(Some(explain_receipt(i18n, &failure))),
                                }
                            });
                        };
                        view! {
                            <li class="promise">
                                {promise.action.as_str().to_owned()}
                                {promise.due.map(|d| format!(" ({d})"))}
                                " — "
                                {match (done, waiting) {
                                    (Some(f), _) => view! { <strong>{move || f.label(i18n.lang.get())}</strong> }.into_any(),
                                    (None, Some(state)) => view! { <span class="state state-unsynced receipt-queued">{queued_label(i18n, &state)}</span> }.into_any(),
                                    (None, None) if stage == HandlingStage::InProgress => view! {
                                        <span class="fulfilment-buttons" role="group" aria-label=i18n.tw(WorkMsg::FulfilmentTitle)>
                                            {Fulfilment::ALL.iter().map(|f| {
                                                let f = *f;
                                                let give = give.clone();
                                                view! { <button type="button" class="button small" data-fulfilment=f.code()
                                                    on:click=move |_| give(f)>{move || f.label(i18n.lang.get())}</button> }
                                            }).collect_view()}
                                        </span>
                                    }.into_any(),
                                    (None, None) => view! { <span class="muted">"—"</span> }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </li>
    }
}

/// "Waiting to be sent", or the server's refusal.
fn queued_label(i18n: I18n, state: &SendState) -> String {
    match state {
        SendState::Refused { reason } => format!("{}{reason}", i18n.w(WorkMsg::ReplyRefused)),
        _ => i18n.w(WorkMsg::ReceiptQueued).to_owned(),
    }
}

#[component]
pub fn SuggestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let online = use_online();
    let sync = use_sync();
    let list = RwSignal::new(Vec::<Suggestion>::new());
    let drafts = RwSignal::new(Vec::<QueueEntry<NewSuggestion>>::new());
    let receipts = RwSignal::new(Vec::<QueueEntry<QueuedReceipt>>::new());
    let from_device = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let kind = RwSignal::new(SuggestionKind::Suggestion);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());

    let reload = move || {
        leptos::task::spawn_local(async move {
            let lang = i18n.lang.get_untracked();
            let local = async {
                drafts.set(store::drafts().await?);
                receipts.set(store::receipts().await?);
                list.set(store::cached().await?);
                Ok::<(), crate::storage::StorageError>(())
            };
            if let Err(error) = local.await {
                message.set(Some(AppError::Storage(error).describe(lang)));
                return;
            }
            if let Some(token) = session.session.get_untracked().map(|s| s.token) {
                match store::refresh(&token).await {
                    Ok(fresh) => {
                        list.set(fresh);
                        from_device.set(false);
                    }
                    Err(error) if error.is_unreachable() => from_device.set(true),
                    Err(error) => {
                        from_device.set(true);
                        message.set(Some(error.describe(lang)));
                    }
                }
            }
        });
    };
    Effect::new(move |_| {
        session.session.track();
        sync.data_version.track();
        reload();
    });
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let checked_title = lvzhi_domain::text::Title::parse_field(&title.get_untracked(), "title");
        let checked_body = lvzhi_domain::text::Description::parse_field(&body.get_untracked(), "body");
        let problems: Vec<String> = [
            checked_title
                .as_ref()
                .err()
                .map(|e| crate::i18n::describe_problem(e, WorkMsg::SuggestionTitle.text(lang), lang)),
            match &checked_body {
                Err(e) => Some(crate::i18n::describe_problem(
                    e,
                    WorkMsg::SuggestionBody.text(lang),
                    lang,
                )),
                Ok(b) if b.as_str().is_empty() => Some(format!(
                    "{}：{}",
                    WorkMsg::SuggestionBody.text(lang),
                    WorkMsg::FieldEmpty.text(lang)
                )),
                Ok(_) => None,
            },
        ]
        .into_iter()
        .flatten()
        .collect();
        if !problems.is_empty() {
            message.set(Some(problems.join(" ")));
            return;
        }
        let draft = NewSuggestion {
            id: SuggestionId::from_uuid(crate::ids::new_uuid_v7()),
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            body: body.get_untracked(),
            co_signers: Vec::new(),
        };
        leptos::task::spawn_local(async move {
            match store::save_draft(draft).await {
                Ok(()) => {
                    title.set(String::new());
                    body.set(String::new());
                    message.set(None);
                    reload();
                }
                Err(e) => message.set(Some(AppError::Storage(e).describe(i18n.lang.get_untracked()))),
            }
        });
    };
    let submit = move |draft: QueueEntry<NewSuggestion>| {
        let Some(token) = session.session.get_untracked().map(|s| s.token) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match store::submit(&token, &draft).await {
                Ok(_) => {
                    message.set(None);
                    reload();
                }
                Err(error) => message.set(Some(explain(i18n, &error))),
            }
        });
    };
    view! {
        <section class="card">
            <h1>{i18n.tw(WorkMsg::SuggestionsTitle)}</h1>
            <Show when=move || from_device.get()>
                <p class="notice" id="suggestions-offline">{i18n.tw(WorkMsg::ShownFromDevice)}</p>
            </Show>
            <Show when=move || !drafts.get().is_empty()>
                <h2>{i18n.tw(WorkMsg::Drafts)}</h2>
                <ul class="record-list" id="drafts">
                    {move || drafts.get().into_iter().map(|draft| {
                        let for_submit = draft.clone();
                        view! {
                            <li class="record draft">
                                <span class="record-kind">{draft.item.title.clone()}</span>
                                <p class="record-text">{draft.item.body.clone()}</p>
                                <button type="button" class="button small primary submit-draft" prop:disabled=move || !online.get()
                                    on:click=move |_| submit(for_submit.clone())>{i18n.tw(WorkMsg::Submit)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
            <Show when=move || message.get().is_some()>
                <p class="form-error" role="alert" id="suggestion-message">{move || message.get().unwrap_or_default()}</p>
            </Show>
            {move || {
                let all = list.get();
                if all.is_empty() {
                    return view! { <p class="muted">{i18n.tw(WorkMsg::NoSuggestions)}</p> }.into_any();
                }
                view! {
                    <ul class="record-list" id="suggestions">
                        {all.into_iter().map(|suggestion| view! { <SuggestionCard suggestion queued=receipts.get()/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card">
            <h2>{i18n.tw(WorkMsg::NewDraft)}</h2>
            <form class="form wide" id="draft-form" on:submit=save>
                <label for="suggestion-kind">{i18n.tw(WorkMsg::Kind)}</label>
                <select id="suggestion-kind" on:change=move |e| if let Ok(k) = event_target_value(&e).parse() { kind.set(k) }>
                    <option value="suggestion" selected=true>{move || SuggestionKind::Suggestion.label(i18n.lang.get())}</option>
                    <option value="bill">{move || SuggestionKind::Bill.label(i18n.lang.get())}</option>
                </select>
                <label for="suggestion-title">{i18n.tw(WorkMsg::SuggestionTitle)}</label>
                <input id="suggestion-title" prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e))/>
                <label for="suggestion-body">{i18n.tw(WorkMsg::SuggestionBody)}</label>
                <textarea id="suggestion-body" rows="5" prop:value=move || body.get() on:input=move |e| body.set(event_target_value(&e))></textarea>
                <div class="form-actions">
                    <button type="submit" class="button primary" id="save-draft">{i18n.tw(WorkMsg::SaveDraft)}</button>
                </div>
            </form>
        </section>
    }
}
