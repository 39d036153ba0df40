//! `/`: for a signed-in deputy, their home — where they stand this year and this term, what
//! needs them (receipts owed, refused or conflicting changes, work not yet synced), a quick
//! way to register, and the next reception at their stations. For a visitor, a welcome and
//! whether the server answers. Everything but the server status comes from this device and
//! works offline.

use leptos::prelude::*;
use lvzhi_domain::api::HealthReport;
use lvzhi_domain::compliance::{Period, current_periods};
use lvzhi_domain::labels::Label;

use crate::api;
use crate::error::AppError;
use crate::i18n::{I18n, Msg, WorkMsg, use_i18n};
use crate::online::use_online;
use crate::records::today;
use crate::session::use_session;
use crate::sync::use_sync;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online();
    let session = use_session();
    view! {
        <section class="hero">
            <h1>{i18n.tt(Msg::AppTagline)}</h1>
            <Show when=move || !online.get()>
                <p class="notice" role="status">{i18n.tt(Msg::OfflineHint)}</p>
            </Show>
        </section>
        {move || if session.session.with(|s| s.as_ref().is_some_and(|s| s.account.deputy.is_some())) {
            view! { <DeputyHome/> }.into_any()
        } else {
            view! { <ServerStatus/> }.into_any()
        }}
    }
}

/// Whether the server answers (visitors and staff).
#[component]
fn ServerStatus() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online();
    // Refetch whenever the network comes back.
    let health = LocalResource::new(move || {
        online.track();
        api::health()
    });
    view! {
        <section class="card" aria-labelledby="server-status-title">
            <h2 id="server-status-title">{i18n.tt(Msg::ServerStatus)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tt(Msg::Checking)}</p> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(report) => health_view(i18n, report).into_any(),
                        Err(error) => view! {
                            <p class="status status-bad" id="health-status" data-status="unreachable">
                                {i18n.tt(Msg::ServerUnreachable)}
                            </p>
                            <p class="muted small">
                                {match error {
                                    api::ApiError::Network(_) => i18n.t(Msg::ServerUnreachableHint).to_owned(),
                                    other => other.to_string(),
                                }}
                            </p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn health_view(i18n: I18n, report: HealthReport) -> impl IntoView {
    let ok = report.status == "ok";
    view! {
        <p class=if ok { "status status-ok" } else { "status status-bad" } id="health-status" data-status=report.status.clone()>
            {move || if ok { i18n.t(Msg::ServerOk) } else { i18n.t(Msg::ServerDegraded) }}
        </p>
    }
}

/// What needs the deputy, counted from this device.
#[derive(Clone, Default)]
struct Needs {
    receipts: usize,
    problems: usize,
}

/// Counts what needs the deputy. Online, the suggestions are fetched first (they are not
/// part of the sync pass); offline, or with the server unreachable, the device's copy counts.
async fn needs(deputy: lvzhi_domain::ids::DeputyId, token: Option<String>) -> Result<Needs, AppError> {
    let store = crate::storage::LocalStore::open().await?;
    let problems = store.problems().await?.len();
    let suggestions = match token {
        Some(token) => match crate::suggestions::refresh(&token).await {
            Ok(list) => list,
            Err(error) if error.is_unreachable() => crate::suggestions::cached().await?,
            Err(error) => return Err(error),
        },
        None => crate::suggestions::cached().await?,
    };
    let receipts = suggestions.iter().filter(|s| s.awaits_receipt_from(deputy)).count();
    Ok(Needs { receipts, problems })
}

/// The deputy's home.
#[component]
fn DeputyHome() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = use_session();
    let as_of = today();
    let deputy = session
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.account.deputy));
    let loaded = LocalResource::new(move || {
        sync.data_version.track();
        super::compliance::load()
    });
    let online = use_online();
    let waiting = LocalResource::new(move || {
        sync.data_version.track();
        let token = if online.get() {
            session.session.with(|s| s.as_ref().map(|s| s.token.clone()))
        } else {
            None
        };
        async move {
            match deputy {
                Some(deputy) => needs(deputy, token).await,
                None => Ok(Needs::default()),
            }
        }
    });
    let status = sync.status;
    view! {
        <section class="card" aria-labelledby="standing-title">
            <h2 id="standing-title">{i18n.tt(Msg::HomeStanding)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tt(Msg::Checking)}</p> }>
                {move || Suspend::new(async move {
                    let loaded = loaded.await?;
                    let (Some(reference), Some(evaluation)) = (loaded.reference.clone(), super::compliance::evaluate(&loaded, as_of)?) else {
                        return Ok(view! { <p class="muted" id="standing-missing">{i18n.tw(WorkMsg::NeedsReference)}</p> }.into_any());
                    };
                    let (term, periods) = current_periods(&reference.terms, as_of);
                    Ok::<_, AppError>(view! {
                        <div class="standing" id="standing">
                            {periods.into_iter().map(|period| {
                                let heading = match period {
                                    Period::Year(year) => i18n.w(WorkMsg::YearHeading).replace("{n}", &year.to_string()),
                                    Period::Term(number) => i18n.w(WorkMsg::TermHeading).replace("{n}", &number.to_string()),
                                };
                                let rows: Vec<_> = evaluation.results.iter()
                                    .filter(|r| r.period == period && term.is_none_or(|t| r.term == t))
                                    .cloned()
                                    .collect();
                                let reference = reference.clone();
                                view! {
                                    <div class="standing-period">
                                        <h3>{heading}</h3>
                                        <ul class="standing-list">
                                            {rows.into_iter().map(|result| {
                                                let title = super::compliance::requirement_title(&reference, &result, i18n);
                                                let status = result.status;
                                                view! {
                                                    <li data-requirement=result.requirement.clone() data-status=status.code()>
                                                        <span>{title}</span>" "
                                                        <span class="number">{let (unit, score, minimum) = (result.unit, result.score, result.minimum); move || format!("{} / {}", lvzhi_domain::labels::figure(unit, score, i18n.lang.get()), lvzhi_domain::labels::figure(unit, minimum, i18n.lang.get()))}</span>" "
                                                        <span class=format!("status-chip status-{}", status.code())>{move || status.label(i18n.lang.get())}</span>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </div>
                                }
                            }).collect_view()}
                            <p><a href=crate::profile::app_path("/compliance")>{i18n.tw(WorkMsg::NavCompliance)}" →"</a></p>
                        </div>
                    }.into_any())
                })}
            </Transition>
        </section>
        <section class="card" aria-labelledby="needs-title">
            <h2 id="needs-title">{i18n.tt(Msg::HomeNeedsMe)}</h2>
            <Transition>
                {move || Suspend::new(async move {
                    match waiting.await {
                        Err(error) => view! { <p class="status status-bad" role="alert">{move || error.describe(i18n.lang.get())}</p> }.into_any(),
                        Ok(needs) => {
                            let pending = move || status.get().pending;
                            let nothing = needs.receipts == 0 && needs.problems == 0;
                            view! {
                                <ul class="needs" id="needs">
                                    {(needs.receipts > 0).then(|| view! {
                                        <li id="needs-receipts"><a href=crate::profile::app_path("/suggestions")>{move || i18n.tc(Msg::HomeReceiptsWaiting, needs.receipts)}</a></li>
                                    })}
                                    {(needs.problems > 0).then(|| view! {
                                        <li id="needs-problems"><a href=crate::profile::app_path("/sync")>{move || i18n.tc(Msg::HomeProblemsWaiting, needs.problems)}</a></li>
                                    })}
                                    <Show when=move || { pending() > 0 }>
                                        <li id="needs-unsynced"><a href=crate::profile::app_path("/sync")>{move || i18n.tc(Msg::HomeUnsyncedWaiting, pending())}</a></li>
                                    </Show>
                                    <Show when=move || nothing && pending() == 0>
                                        <li class="muted" id="needs-nothing">{i18n.tt(Msg::HomeNothingNeeded)}</li>
                                    </Show>
                                </ul>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            <p><a class="button primary" href=crate::profile::app_path("/register") id="quick-register">{i18n.tw(WorkMsg::NavRegister)}</a></p>
        </section>
        <section class="card" aria-labelledby="reception-title">
            <h2 id="reception-title">{i18n.tt(Msg::HomeNextReception)}</h2>
            <Transition>
                {move || Suspend::new(async move {
                    let loaded = loaded.await?;
                    let Some(reference) = loaded.reference else {
                        return Ok(view! { <p class="muted">{i18n.tw(WorkMsg::NeedsReference)}</p> }.into_any());
                    };
                    let mine: Vec<_> = reference.deputy.as_ref().map(|d| d.stations.clone()).unwrap_or_default();
                    let stations = reference.stations.iter().filter(|s| mine.contains(&s.id));
                    Ok::<_, AppError>(match lvzhi_domain::organisation::next_reception(stations, as_of) {
                        Some((station, day, slot)) => {
                            let (name, address) = (station.name.to_string(), station.address.to_string());
                            let time = format!(
                                "{:02}:{:02}–{:02}:{:02}",
                                slot.start_minute / 60, slot.start_minute % 60, slot.end_minute / 60, slot.end_minute % 60
                            );
                            view! {
                                <p id="next-reception">
                                    <strong>{move || crate::i18n::format_date(day, i18n.lang.get())}" "{time.clone()}</strong>
                                    " · "{name}<span class="muted small">" "{address}</span>
                                </p>
                            }.into_any()
                        }
                        None => view! { <p class="muted" id="next-reception">{i18n.tt(Msg::HomeNoReception)}</p> }.into_any(),
                    })
                })}
            </Transition>
        </section>
    }
}
