//! `/sync`: the sync status in full — pending changes, last successful sync, last error, a
//! "sync now" button; the changes the server refused or found in conflict, the user's
//! version beside the server's; and moving un-synced changes to another browser as a file.

use leptos::prelude::*;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::labels::Label;
use lvzhi_domain::sync::client::SyncProblem;
use lvzhi_domain::sync::{Operation, Outcome};
use wasm_bindgen::JsCast;

use crate::error::AppError;
use crate::format::format_time;
use crate::i18n::{I18n, WorkMsg, use_i18n};
use crate::session::use_session;
use crate::storage::{LocalStore, OUTBOX_EXPORT_FORMAT, OutboxExport};
use crate::sync::{local_change_committed, refresh_status, request_sync, use_sync};

fn summary(i18n: I18n, activity: &Activity) -> String {
    format!(
        "{} · {} · {} {}",
        activity.date,
        activity.kind.label(i18n.lang.get()),
        activity.place.as_str(),
        activity.description.as_str()
    )
}

#[component]
fn ProblemView(problem: SyncProblem, on_dismiss: Callback<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let seq = problem.mutation.seq;
    let mine = match &problem.mutation.operation {
        Operation::SaveActivity { activity, .. } => Some(activity.clone()),
        _ => None,
    };
    let refusal = match &problem.outcome {
        Outcome::Refused { code, .. } => *code,
        _ => None,
    };
    let (headline, reason, server) = match &problem.outcome {
        Outcome::Refused { reason, .. } => (WorkMsg::RefusedSummary, reason.clone(), None),
        Outcome::Conflict { server_version, reason } => {
            (WorkMsg::ConflictSummary, reason.clone(), Some(server_version.clone()))
        }
        _ => (WorkMsg::RefusedSummary, String::new(), None),
    };
    view! {
        <li class="problem" data-seq=seq.to_string()>
            <p class="problem-reason">{move || i18n.w(headline)}</p>
            {match refusal {
                // A known rule: said in the user's language.
                Some(code) => view! { <p class="small">{move || code.label(i18n.lang.get())}</p> }.into_any(),
                None => view! { <p class="muted small" lang="en">{reason}</p> }.into_any(),
            }}
            <div class="versions">
                <div>
                    <h3>{i18n.tw(WorkMsg::YourVersion)}</h3>
                    <p>{
                        let mine = mine.clone();
                        move || mine.as_ref().map(|a| summary(i18n, a)).unwrap_or_else(|| problem.mutation.operation.record().to_string())
                    }</p>
                </div>
                {server.map(|server| view! {
                    <div>
                        <h3>{i18n.tw(WorkMsg::ServerVersion)}</h3>
                        <p>{
                            let server = server.clone();
                            move || server.as_ref().map(|a| summary(i18n, a)).unwrap_or_else(|| i18n.w(WorkMsg::ServerDeleted).to_owned())
                        }</p>
                    </div>
                })}
            </div>
            <button type="button" class="button small" on:click=move |_| on_dismiss.run(seq)>{i18n.tw(WorkMsg::Dismiss)}</button>
        </li>
    }
}

/// Offers `text` as a JSON file named `name`.
fn download(name: &str, text: &str) -> Result<(), String> {
    crate::download::offer(name, text, "application/json")
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = use_session();
    let message = RwSignal::new(None::<String>);
    let problems = LocalResource::new(move || {
        sync.data_version.track();
        async move { LocalStore::open().await?.problems().await }
    });
    let dismiss = Callback::new(move |seq: u64| {
        leptos::task::spawn_local(async move {
            let dismissed = async { LocalStore::open().await?.dismiss_problem(seq).await };
            if let Err(error) = dismissed.await {
                message.set(Some(AppError::Storage(error).describe(i18n.lang.get_untracked())));
            }
            sync.data_version.update(|v| *v += 1);
            refresh_status(sync).await;
        });
    });
    let export = move |_| {
        let Some(signed_in) = session.session.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let mutations = match async { LocalStore::open().await?.outbox().await }.await {
                Ok(mutations) => mutations,
                Err(error) => {
                    message.set(Some(AppError::Storage(error).describe(i18n.lang.get_untracked())));
                    return;
                }
            };
            let export = OutboxExport {
                format: OUTBOX_EXPORT_FORMAT.into(),
                version: 1,
                account: signed_in.account.id,
                exported_at_millis: js_sys::Date::now(),
                mutations,
            };
            let day = crate::records::today();
            let name = format!("lvzhi-changes-{}-{day}.json", signed_in.account.login);
            if let Err(error) = serde_json::to_string_pretty(&export)
                .map_err(|e| e.to_string())
                .and_then(|text| download(&name, &text))
            {
                message.set(Some(format!("{}{error}", i18n.w(WorkMsg::ExportFailed))));
            }
        });
    };
    let import = move |event: leptos::ev::Event| {
        let Some(signed_in) = session.session.get_untracked() else {
            return;
        };
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = match gloo_file::futures::read_as_text(&gloo_file::File::from(file)).await {
                Ok(text) => text,
                Err(error) => {
                    message.set(Some(format!("{}{error}", i18n.w(WorkMsg::ImportUnreadable))));
                    return;
                }
            };
            let outcome = match serde_json::from_str::<OutboxExport>(&text) {
                Err(error) => format!("{}{error}", i18n.w(WorkMsg::ImportUnreadable)),
                Ok(export) if export.format != OUTBOX_EXPORT_FORMAT => {
                    format!("{}format", i18n.w(WorkMsg::ImportUnreadable))
                }
                Ok(export) if export.account != signed_in.account.id => i18n.w(WorkMsg::ImportWrongAccount).to_owned(),
                Ok(export) => match LocalStore::open().await {
                    Ok(store) => match store.import_outbox(&export).await {
                        Ok(count) => {
                            if count > 0 {
                                local_change_committed(sync);
                            }
                            i18n.wc(WorkMsg::Imported, count)
                        }
                        Err(error) => AppError::Storage(error).describe(i18n.lang.get_untracked()),
                    },
                    Err(error) => AppError::Storage(error).describe(i18n.lang.get_untracked()),
                },
            };
            message.set(Some(outcome));
        });
    };
    let status = sync.status;
    view! {
        <section class="card">
            <h1>{i18n.tw(WorkMsg::SyncTitle)}</h1>
            <Show when=move || session.session.with(Option::is_none)>
                <p class="notice">{i18n.tw(WorkMsg::SignInToSync)}</p>
            </Show>
            <dl class="facts" id="sync-facts">
                <div>
                    <dt>{i18n.tw(WorkMsg::PendingChanges)}</dt>
                    <dd id="sync-pending">{move || status.get().pending}</dd>
                </div>
                <div>
                    <dt>{i18n.tw(WorkMsg::LastSync)}</dt>
                    <dd id="sync-last">{move || status.get().last_sync_millis.map(|m| format_time(m, i18n.lang.get())).unwrap_or_else(|| i18n.w(WorkMsg::Never).to_owned())}</dd>
                </div>
                <div>
                    <dt>{i18n.tw(WorkMsg::LastError)}</dt>
                    <dd id="sync-error">{move || status.get().last_error.map(|e| crate::sync::describe(&e, i18n.lang.get())).unwrap_or_else(|| i18n.w(WorkMsg::NoError).to_owned())}</dd>
                </div>
            </dl>
            <button type="button" class="button primary" id="sync-now"
                prop:disabled=move || status.get().running || session.session.with(Option::is_none)
                on:click=move |_| request_sync(sync)>
                {move || if status.get().running { i18n.w(WorkMsg::Syncing) } else { i18n.w(WorkMsg::SyncNow) }}
            </button>
        </section>
        <section class="card">
            <h2>{i18n.tw(WorkMsg::Problems)}</h2>
            <Transition>
                {move || Suspend::new(async move {
                    let list = problems.await.map_err(AppError::Storage)?;
                    if list.is_empty() {
                        return Ok(view! { <p class="muted" id="no-problems">{i18n.tw(WorkMsg::NoProblems)}</p> }.into_any());
                    }
                    Ok::<_, AppError>(view! {
                        <ul class="problems" id="problems">
                            {list.into_iter().map(|problem| view! { <ProblemView problem on_dismiss=dismiss/> }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Transition>
        </section>
        <section class="card">
            <h2>{i18n.tw(WorkMsg::ExportOutbox)}</h2>
            <p class="muted">{i18n.tw(WorkMsg::ExportHint)}</p>
            <div class="form-actions">
                <button type="button" class="button" id="export-outbox" on:click=export
                    prop:disabled=move || session.session.with(Option::is_none)>{i18n.tw(WorkMsg::ExportOutbox)}</button>
                <label class="button" for="import-outbox">{i18n.tw(WorkMsg::ImportOutbox)}</label>
                <input id="import-outbox" class="visually-hidden" type="file" accept=".json,application/json" on:change=import/>
            </div>
            <Show when=move || message.get().is_some()>
                <p class="notice" role="status" id="import-message">{move || message.get().unwrap_or_default()}</p>
            </Show>
        </section>
        <crate::components::SessionsPanel/>
    }
}
