//! `/records`: the deputy's records on this device — filter by year, kind and state, search
//! the text, edit or withdraw those still pending review. Each row says whether it has
//! reached the server and, if so, where it stands in review.

use leptos::prelude::*;
use lvzhi_domain::activity::{ActivityKind, JointAnswer, Participation};
use lvzhi_domain::labels::Label;

use crate::error::AppError;
use crate::i18n::{I18n, WorkMsg, use_i18n};
use crate::records::{RecordRow, RecordState, load_records, withdraw};
use crate::sync::{local_change_committed, use_sync};

/// Records shown at first, and added by each "show more".
const PAGE: usize = 50;

pub fn state_text(i18n: I18n, state: &RecordState) -> String {
    match state {
        RecordState::NotYetSynced => i18n.w(WorkMsg::NotYetSynced).to_owned(),
        RecordState::Pending => i18n.w(WorkMsg::PendingReview).to_owned(),
        RecordState::Approved => i18n.w(WorkMsg::Approved).to_owned(),
        RecordState::Rejected(reason) => format!(
            "{}{}",
            i18n.w(WorkMsg::RejectedBecause),
            lvzhi_domain::labels::rejection_text(reason, i18n.lang.get())
        ),
    }
}

fn matches(row: &RecordRow, year: &str, kind: &str, state: &str, query: &str) -> bool {
    let activity = &row.activity;
    (year.is_empty() || activity.date.year().to_string() == year)
        && (kind.is_empty() || activity.kind.code() == kind)
        && (state.is_empty() || row.state.code() == state)
        && (query.is_empty() || {
            let query = query.to_lowercase();
            activity.place.as_str().to_lowercase().contains(&query)
                || activity.description.as_str().to_lowercase().contains(&query)
        })
}

#[component]
pub fn RecordsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = crate::session::use_session();
    let me = session.session;
    let rows = LocalResource::new(move || {
        sync.data_version.track();
        let deputy = me.get().and_then(|s| s.account.deputy);
        async move {
            let rows = load_records(deputy).await?;
            // Names of colleagues, to say who proposed a joint record.
            let names: std::collections::BTreeMap<lvzhi_domain::ids::DeputyId, String> =
                crate::reference::load_reference()
                    .await?
                    .map(|r| {
                        r.colleagues
                            .into_iter()
                            .chain(r.named_with)
                            .map(|c| (c.id, c.name))
                            .collect()
                    })
                    .unwrap_or_default();
            Ok::<_, crate::storage::StorageError>((rows, names))
        }
    });
    let year = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let answer_error = RwSignal::new(None::<String>);
    let on_withdraw = move |row: RecordRow| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.w(WorkMsg::WithdrawConfirm)).ok())
            .unwrap_or(false);
        if confirmed {
            leptos::task::spawn_local(async move {
                if withdraw(&row.activity).await.is_ok() {
                    local_change_committed(sync);
                }
            });
        }
    };
    let on_answer = move |row: RecordRow, answer: JointAnswer| {
        let Some(signed_in) = me.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            match crate::records::answer_joint(&signed_in, &row.activity, answer).await {
                Ok(_) => {
                    answer_error.set(None);
                    local_change_committed(sync);
                }
                Err(error) => answer_error.set(Some(error.to_string())),
            }
        });
    };
    let years = move || {
        let mut years: Vec<i32> = rows
            .get()
            .and_then(Result::ok)
            .map(|(rows, _)| rows)
            .unwrap_or_default()
            .iter()
            .map(|r| r.activity.date.year())
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    };
    view! {
            <section class="card">
                <div class="card-head">
                    <h1>{i18n.tw(WorkMsg::RecordsTitle)}</h1>
                    <a class="button primary" href=crate::profile::app_path("/register") id="register-link">{i18n.tw(WorkMsg::NavRegister)}</a>
                </div>
                <div class="filters" role="search">
                    <label>{i18n.tw(WorkMsg::Year)}
                        <select id="filter-year" on:change=move |e| year.set(event_target_value(&e))>
                            <option value="">{i18n.tw(WorkMsg::AllYears)}</option>
                            {move || years().into_iter().map(|y| view! { <option value=y.to_string()>{y}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{i18n.tw(WorkMsg::Kind)}
                        <select id="filter-kind" on:change=move |e| kind.set(event_target_value(&e))>
                            <option value="">{i18n.tw(WorkMsg::AllKinds)}</option>
                            {ActivityKind::ALL.iter().map(|k| {
                                let k = *k;
                                view! { <option value=k.code()>{move || k.label(i18n.lang.get())}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>{i18n.tw(WorkMsg::Status)}
                        <select id="filter-state" on:change=move |e| state.set(event_target_value(&e))>
                            <option value="">{i18n.tw(WorkMsg::AllStatuses)}</option>
                            <option value="unsynced">{i18n.tw(WorkMsg::NotYetSynced)}</option>
                            <option value="pending">{i18n.tw(WorkMsg::PendingReview)}</option>
                            <option value="approved">{i18n.tw(WorkMsg::Approved)}</option>
                            <option value="rejected">{move || i18n.w(WorkMsg::RejectedBecause).trim_end_matches([':', '：', ' '])}</option>
                        </select>
                    </label>
                    <label>{i18n.tw(WorkMsg::Search)}
                        <input id="filter-query" type="search" on:input=move |e| query.set(event_target_value(&e))/>
                    </label>
                </div>
                {move || answer_error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
                <Transition>
                    {move || Suspend::new(async move {
                        let (all, names) = rows.await.map_err(AppError::Storage)?;
                        let shown: Vec<RecordRow> = all
                            .into_iter()
                            .filter(|row| matches(row, &year.get(), &kind.get(), &state.get(), &query.get()))
                            .collect();
                        if shown.is_empty() {
                            return Ok(view! { <p class="muted" id="records-empty">{i18n.tw(WorkMsg::RecordsEmpty)}</p> }.into_any());
                        }
                        let count = shown.len();
                        let left = count.saturating_sub(limit.get());
                        let shown: Vec<RecordRow> = shown.into_iter().take(limit.get()).collect();
                        Ok::<_, AppError>(view! {
                            <p class="muted" id="records-count">{count}" "{i18n.tw(WorkMsg::Shown)}</p>
                            <ul class="record-list" id="records">
                                {shown.into_iter().map(|row| {
                                    let my_id = me.get_untracked().and_then(|s| s.account.deputy);
                                    let proposer = row.activity.proposed_by.filter(|p| Some(*p) != my_id);
                                    let awaiting = my_id.is_some_and(|d| row.activity.participation(d) == Participation::AwaitingAnswer);
                                    let editable = row.activity.deputy_may_change() && proposer.is_none();
                                    let proposer_name = proposer.map(|p| names.get(&p).cloned().unwrap_or_else(|| p.to_string()));
                                    let row_for_answer = row.clone();
                                    let edit_href = crate::profile::app_path(&format!("/records/{}/edit", row.activity.id));
                                    let state_code = row.state.code();
                                    let kind = row.activity.kind;
                                    let state_for_text = row.state.clone();
                                    let row_for_withdraw = row.clone();
                                    view! {
                                        <li class="record" data-id=row.activity.id.to_string() data-state=state_code>
                                            <div class="record-main">
                                                <span class="record-date">{let day = row.activity.date; move || crate::i18n::format_date(day, i18n.lang.get())}</span>
                                                <span class="record-kind">{move || kind.label(i18n.lang.get())}</span>
                                                <span class=format!("state state-{state_code}")>{move || state_text(i18n, &state_for_text)}</span>
                                            </div>
                                            <p class="record-text">{row.activity.place.as_str().to_owned()}" "{row.activity.description.as_str().to_owned()}</p>
                                            {proposer_name.map(|name| view! {
                                                <p class="proposed-by">{move || i18n.w(WorkMsg::ProposedBy).replace("{name}", &name)}</p>
                                            })}
                                            {awaiting.then(|| {
                                                let (confirm_row, decline_row) = (row_for_answer.clone(), row_for_answer.clone());
                                                view! {
                                                    <div class="record-actions joint-answer">
                                                        <span class="muted small">{i18n.tw(WorkMsg::AwaitingYourAnswer)}</span>
                                                        <button type="button" class="button small primary confirm-joint"
                                                            on:click=move |_| on_answer(confirm_row.clone(), JointAnswer::Confirmed)>{i18n.tw(WorkMsg::ConfirmJoint)}</button>
                                                        <button type="button" class="button small decline-joint"
                                                            on:click=move |_| on_answer(decline_row.clone(), JointAnswer::Declined)>{i18n.tw(WorkMsg::DeclineJoint)}</button>
                                                    </div>
                                                }
                                            })}
    <Show when=move || editable>
                                                <div class="record-actions">
                                                    <a class="button small" href=edit_href.clone()>{i18n.tw(WorkMsg::Edit)}</a>
                                                    <button type="button" class="button small danger" on:click={
                                                        let row = row_for_withdraw.clone();
                                                        move |_| on_withdraw(row.clone())
                                                    }>{i18n.tw(WorkMsg::Withdraw)}</button>
                                                </div>
                                            </Show>
                                            {(state_code != "unsynced").then(|| view! {
                                                <crate::components::ReplyEditor target=lvzhi_domain::reply::ReplyTarget::Record { activity: row.activity.id }/>
                                                <crate::components::RecordHistory id=row.activity.id/>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <Show when=move || left != 0>
                                <button type="button" class="button" id="show-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                                    {move || i18n.w(WorkMsg::ShowMore).replace("{n}", &left.to_string())}
                                </button>
                            </Show>
                        }.into_any())
                    })}
                </Transition>
            </section>
        }
}
