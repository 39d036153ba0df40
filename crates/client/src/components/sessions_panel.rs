//! "My sessions" and "about the server" on the sync page: the browsers signed in with this
//! account (from `GET /api/sessions`), each but this one with an "end" button, a "sign out
//! all other devices" button, and the server's version and schema (`GET /api/about`).
//! Both need the network; offline the panel says so.

use leptos::prelude::*;
use lvzhi_domain::api::{AboutReport, SessionSummary};

use crate::api::{self, ApiError};
use crate::format::format_time;
use crate::i18n::{Msg, use_i18n};
use crate::online::use_online;
use crate::session::use_session;

/// What the panel shows once loaded.
#[derive(Clone)]
struct Loaded {
    sessions: Vec<SessionSummary>,
    about: AboutReport,
}

async fn load(token: String) -> Result<Loaded, ApiError> {
    let sessions = api::get_json_signed("/api/sessions", &token).await?;
    let about = api::get_json_signed("/api/about", &token).await?;
    Ok(Loaded { sessions, about })
}

/// The panel.
#[component]
pub fn SessionsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let failure = RwSignal::new(None::<String>);
    let loaded = LocalResource::new(move || {
        version.track();
        online.track();
        let token = session.session.with(|s| s.as_ref().map(|s| s.token.clone()));
        async move {
            match token {
                Some(token) => Some(load(token).await),
                None => None,
            }
        }
    });
    let end = move |ids: Vec<String>| {
        let Some(token) = session.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            for id in ids {
                if let Err(error) = api::delete(&format!("/api/sessions/{id}"), &token).await {
                    failure.set(Some(error.to_string()));
                    break;
                }
            }
            version.update(|v| *v += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{i18n.tt(Msg::MySessions)}</h2>
            <p class="muted">{i18n.tt(Msg::MySessionsHint)}</p>
            <Show when=move || failure.get().is_some()>
                <p class="status status-bad" role="alert">{move || failure.get().unwrap_or_default()}</p>
            </Show>
            <Transition>
                {move || Suspend::new(async move {
                    match loaded.await {
                        None => ().into_any(),
                        Some(Err(ApiError::Network(_))) => view! {
                            <p class="notice" id="sessions-offline">{i18n.tt(Msg::SessionsNeedNetwork)}</p>
                        }.into_any(),
                        Some(Err(error)) => view! { <p class="status status-bad" role="alert">{error.to_string()}</p> }.into_any(),
                        Some(Ok(Loaded { sessions, about })) => {
                            let others: Vec<String> = sessions.iter().filter(|s| !s.current).map(|s| s.id.clone()).collect();
                            let has_others = !others.is_empty();
                            view! {
                                <ul class="sessions" id="sessions">
                                    {sessions.into_iter().map(|item| {
                                        let id = item.id.clone();
                                        view! {
                                            <li data-session=item.id.clone() data-current=item.current.to_string()>
                                                <span class="session-agent">{item.user_agent.clone()}</span>
                                                <span class="muted small">
                                                    {i18n.tt(Msg::LastUsed)}" "
                                                    {move || format_time(item.last_seen_millis as f64, i18n.lang.get())}
                                                </span>
                                                {if item.current {
                                                    view! { <strong class="small">{i18n.tt(Msg::ThisDevice)}</strong> }.into_any()
                                                } else {
                                                    view! {
                                                        <button type="button" class="button small" on:click=move |_| end(vec![id.clone()])>
                                                            {i18n.tt(Msg::EndSession)}
                                                        </button>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <Show when=move || has_others>
                                    <button type="button" class="button" id="end-other-sessions"
                                        on:click={let others = others.clone(); move |_| end(others.clone())}>
                                        {i18n.tt(Msg::EndOtherSessions)}
                                    </button>
                                </Show>
                                <h3>{i18n.tt(Msg::AboutServer)}</h3>
                                <dl class="facts" id="about-server">
                                    <div><dt>{i18n.tt(Msg::Version)}</dt><dd id="server-version">{about.version}</dd></div>
                                    <div><dt>{i18n.tt(Msg::SchemaVersion)}</dt><dd>{about.schema_version}</dd></div>
                                </dl>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
