//! `/staff/`: the staff member's home — the first load's progress, and the counts that need
//! action (registrations awaiting review by age, refused or conflicting changes, deputies at
//! risk), each a link to where it is handled. A sign-in prompt when signed out.

use leptos::prelude::*;
use lvzhi_client::components::ErrorPanel;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{Msg, WorkMsg, use_i18n};
use lvzhi_client::session::use_session;
use lvzhi_client::storage::LocalStore;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::activity::Review;
use lvzhi_domain::labels::Label;
use lvzhi_domain::staff::may_review;
use lvzhi_domain::sync::Outcome;

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, fill, ts};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::Welcome)}</h1>
            {move || match session.session.get() {
                Some(signed_in) => {
                    let name = signed_in.account.display_name.clone();
                    let scope = signed_in.account.scope.clone();
                    view! {
                        <p id="staff-signed-in">{move || StaffMsg::SignedInAs.text(i18n.lang.get()).replace("{name}", &name)}</p>
                        <p id="staff-scope">{move || {
                            let lang = i18n.lang.get();
                            let what = if scope.is_everyone() {
                                StaffMsg::ScopeEveryone.text(lang).to_owned()
                            } else {
                                scope.electoral_units.iter().map(|u| u.as_str().to_owned()).collect::<Vec<_>>().join("、")
                            };
                            fill(StaffMsg::ScopeIs, lang, &[("scope", &what)])
                        }}</p>
                        {if signed_in.account.role == lvzhi_domain::api::Role::Unit {
                            view! { <UnitCounts/> }.into_any()
                        } else {
                            view! {
                                <FirstLoadProgress/>
                                <ActionCounts/>
                                <ProblemList/>
                            }.into_any()
                        }}
                    }
                    .into_any()
                }
                None => view! {
                    <p>{ts(i18n, StaffMsg::SignInPrompt)}</p>
                    <p><a class="button primary" href=lvzhi_client::profile::app_path("/signin")>{i18n.tt(Msg::SignIn)}</a></p>
                }
                .into_any(),
            }}
            <p><a href="/">{ts(i18n, StaffMsg::PublicSite)}</a></p>
        </section>
        {move || session.session.get().is_some().then(|| view! { <super::handling_stats::HandlingStatsPanel/> })}
    }
}

/// A unit's home: what waits for its answer, and what is overdue.
#[component]
fn UnitCounts() -> impl IntoView {
    use crate::handling_i18n::{HandlingMsg, hfill};
    let i18n = use_i18n();
    let data = crate::handling_data::use_handling_data();
    view! {
        <Transition fallback=|| ()>
        {move || Suspend::new(async move {
            let data = data.await?;
            let lang = i18n.lang.get();
            let today = lvzhi_client::records::today();
            let to_answer = data.suggestions.iter()
                .filter(|s| matches!(s.stage, lvzhi_domain::suggestion::HandlingStage::Assigned | lvzhi_domain::suggestion::HandlingStage::Reopened))
                .count();
            let overdue = data.suggestions.iter().map(|s| s.overdue_promises(today).len() + usize::from(s.reply_overdue(today))).sum::<usize>();
            Ok::<_, AppError>(view! {
                <h2>{HandlingMsg::UnitHomeTitle.text(lang)}</h2>
                <ul class="counts" id="unit-counts">
                    <li><a href=lvzhi_client::profile::app_path("/suggestions")>{hfill(HandlingMsg::ToAnswer, lang, &[("count", &to_answer.to_string())])}</a></li>
                    <li data-overdue=overdue.to_string()>{HandlingMsg::Overdue.text(lang)}" "{overdue}</li>
                </ul>
            })
        })}
        </Transition>
    }
}

/// The first load's progress bar, while it runs.
#[component]
pub fn FirstLoadProgress() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    move || {
        sync.status.with(|s| s.first_load).map(|(loaded, total)| {
            view! {
                <div class="first-load" role="status">
                    <p>{fill(StaffMsg::FirstLoad, i18n.lang.get(), &[("loaded", &loaded.to_string()), ("total", &total.to_string())])}</p>
                    <progress id="first-load" max=total.max(1).to_string() value=loaded.to_string()></progress>
                </div>
            }
        })
    }
}

#[component]
fn ActionCounts() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = use_session();
    let data = use_staff_data();
    view! {
        <Transition fallback=|| ()>
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
        {move || Suspend::new(async move {
            let data = data.await?;
            let lang = i18n.lang.get();
            let me = session.session.get().map(|s| s.account.id);
            let today = lvzhi_client::records::today();
            let (mut young, mut middle, mut old) = (0, 0, 0);
            for record in data.records.iter().filter(|r| r.review == Review::Pending && !data.decided.contains(&r.id)) {
                if me.is_some_and(|me| !may_review(me, record)) {
                    continue;
                }
                match today.day_number() - record.date.day_number() {
                    ..7 => young += 1,
                    7..=30 => middle += 1,
                    _ => old += 1,
                }
            }
            let problems = sync.status.with(|s| s.problems);
            let at_risk = crate::pages::dashboard::deputies_at_risk(&data, today)?;
            let review = lvzhi_client::profile::app_path("/review");
            let imports = lvzhi_domain::roster::imports_needing_action(&data.workspace.imports);
            let classes = data
                .workspace
                .trainings
                .iter()
                .filter(|t| lvzhi_domain::organisation::needs_attendance(t, today))
                .count();
            Ok::<_, AppError>(view! {
                {data.records.is_empty().then(|| view! { <p class="notice">{StaffMsg::NoDataYet.text(lang)}</p> })}
                <p class="muted">{fill(StaffMsg::RecordsOnDevice, lang, &[("count", &data.records.len().to_string())])}</p>
                <h2>{StaffMsg::NeedsAction.text(lang)}</h2>
                <ul class="action-counts" id="action-counts">
                    <li><a href=review.clone()>{StaffMsg::PendingReviews.text(lang)}</a>
                        " · " {StaffMsg::Within7.text(lang)} " " <strong id="pending-young">{young}</strong>
                        " · " {StaffMsg::Days7To30.text(lang)} " " <strong id="pending-middle">{middle}</strong>
                        " · " {StaffMsg::Over30.text(lang)} " " <strong id="pending-old">{old}</strong></li>
                    <li><a href="#problems">{StaffMsg::ProblemChanges.text(lang)}</a>
                        " " <strong id="problem-count">{problems}</strong></li>
                    <li><a href=lvzhi_client::profile::app_path("/dashboard?status=at_risk")>{StaffMsg::DeputiesAtRisk.text(lang)}</a>
                        " " <strong id="at-risk-count">{at_risk}</strong></li>
                    <li><a href=lvzhi_client::profile::app_path("/roster")>{StaffMsg::ImportsWithErrors.text(lang)}</a>
                        " " <strong id="import-error-count">{imports}</strong></li>
                    <li><a href=lvzhi_client::profile::app_path("/trainings")>{StaffMsg::ClassesWithoutAttendance.text(lang)}</a>
                        " " <strong id="no-attendance-count">{classes}</strong></li>
                </ul>
            })
        })}
        </ErrorBoundary>
        </Transition>
    }
}

/// The changes the server refused or found in conflict (a decision on a record another
/// reviewer had decided, one outside the scope…), each with its reason and a dismiss button.
#[component]
fn ProblemList() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let data = use_staff_data();
    let message = RwSignal::new(None::<String>);
    let problems = LocalResource::new(move || {
        sync.data_version.track();
        async move { LocalStore::open().await?.problems().await.map_err(AppError::Storage) }
    });
    let dismiss = move |seq: u64| {
        leptos::task::spawn_local(async move {
            let dismissed = async { LocalStore::open().await?.dismiss_problem(seq).await };
            match dismissed.await {
                Ok(()) => {
                    sync.data_version.update(|v| *v += 1);
                    lvzhi_client::sync::request_sync(sync);
                }
                Err(error) => message.set(Some(AppError::Storage(error).describe(i18n.lang.get_untracked()))),
            }
        });
    };
    view! {
        <Transition fallback=|| ()>
        <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
        {move || Suspend::new(async move {
            let list = problems.await?;
            let data = data.await?;
            let lang = i18n.lang.get();
            Ok::<_, AppError>((!list.is_empty()).then(|| view! {
                <h2 id="problems">{StaffMsg::ProblemChanges.text(lang)}</h2>
                <ul class="problems" id="problem-list">
                    {list.into_iter().map(|problem| {
                        let seq = problem.mutation.seq;
                        let record = problem.mutation.operation.record();
                        let what = data.records.iter().find(|r| r.id == record).map_or_else(
                            || record.to_string(),
                            |r| format!("{} · {} · {}", r.date, r.kind.label(lang), r.deputies.first().map(|d| data.deputy_name(*d)).unwrap_or_default()),
                        );
                        let (headline, reason) = match &problem.outcome {
                            Outcome::Refused { code: Some(code), .. } => (WorkMsg::RefusedSummary, code.label(lang).to_owned()),
                            Outcome::Refused { reason, .. } => (WorkMsg::RefusedSummary, reason.clone()),
                            Outcome::Conflict { reason, .. } => (WorkMsg::ConflictSummary, reason.clone()),
                            _ => (WorkMsg::RefusedSummary, String::new()),
                        };
                        view! {
                            <li class="problem" data-seq=seq.to_string()>
                                <strong>{i18n.w(headline)}</strong>" "{what}
                                <p class="small">{reason}</p>
                                <button type="button" class="button small" on:click=move |_| dismiss(seq)>{i18n.w(WorkMsg::Dismiss)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }))
        })}
        </ErrorBoundary>
        </Transition>
        {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
    }
}
