//! `/`: the home page. Shows whether the server answers, or that it cannot be reached.

use leptos::prelude::*;
use lvzhi_domain::api::HealthReport;

use crate::api;
use crate::i18n::{I18n, Msg, use_i18n};
use crate::online::use_online;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online();
    // Refetch whenever the network comes back.
    let health = LocalResource::new(move || {
        online.track();
        api::health()
    });
    view! {
        <section class="hero">
            <h1>{move || i18n.t(Msg::AppTagline)}</h1>
            <Show when=move || !online.get()>
                <p class="notice" role="status">{move || i18n.t(Msg::OfflineHint)}</p>
            </Show>
        </section>
        <section class="card" aria-labelledby="server-status-title">
            <h2 id="server-status-title">{move || i18n.t(Msg::ServerStatus)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Checking)}</p> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(report) => health_view(i18n, report).into_any(),
                        Err(error) => view! {
                            <p class="status status-bad" id="health-status" data-status="unreachable">
                                {move || i18n.t(Msg::ServerUnreachable)}
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
            </Suspense>
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
