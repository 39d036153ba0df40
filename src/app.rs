//! The app shell: router, header with navigation, online indicator and language switch.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::components::{AccountMenu, ErrorPanel, LanguageSwitch, OnlineBadge, RouteFocus, StorageNotice, SyncBadge};
use crate::i18n::{Msg, WorkMsg, provide_i18n};
use crate::online::provide_online_status;
use crate::pages::NotFoundPage;
use crate::routes::CurrentPage;
use crate::session::provide_session;

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_online_status();
    let session = provide_session();
    crate::sync::provide_sync(crate::sync::pass::DEPUTY_STEPS);
    let signed_in = move || session.session.with(Option::is_some);
    let t = move |msg: Msg| move || i18n.t(msg);
    view! {
        <Router base=crate::profile::active().base>
            <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
            <RouteFocus/>
            <header class="app-header">
                <a class="brand" href=crate::profile::app_path("")>
                    <span class="brand-mark" aria-hidden="true">"履"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t(Msg::AppName)}</span>
                        <span class="brand-tagline">{t(Msg::AppTagline)}</span>
                    </span>
                </a>
                <nav class="main-nav" aria-label=t(Msg::AppName)>
                    <A href=crate::profile::app_path("") exact=true>{t(Msg::NavHome)}</A>
                    <Show when=signed_in>
                        <A href=crate::profile::app_path("/compliance")>{i18n.tw(WorkMsg::NavCompliance)}</A>
                        <A href=crate::profile::app_path("/records")>{i18n.tw(WorkMsg::NavRecords)}</A>
                        <A href=crate::profile::app_path("/register")>{i18n.tw(WorkMsg::NavRegister)}</A>
                        <A href=crate::profile::app_path("/visits")>{i18n.tw(WorkMsg::NavVisits)}</A>
                        <A href=crate::profile::app_path("/suggestions")>{i18n.tw(WorkMsg::NavSuggestions)}</A>
                        <A href=crate::profile::app_path("/report")>{i18n.tw(WorkMsg::NavReport)}</A>
                    </Show>
                    <A href=crate::profile::app_path("/requirements")>{t(Msg::NavRequirements)}</A>
                </nav>
                <div class="header-tools">
                    <OnlineBadge/>
                    <SyncBadge/>
                    <LanguageSwitch/>
                    <AccountMenu/>
                </div>
            </header>
            <StorageNotice/>
            <main id="main" class="page">
                <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
                // One catch-all route: the page is chosen by `routes::CurrentPage`.
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=CurrentPage/>
                    <Route path=path!("/*any") view=CurrentPage/>
                </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}
