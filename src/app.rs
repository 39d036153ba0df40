//! The app shell: router, header with navigation, online indicator and language switch.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::components::{AccountMenu, LanguageSwitch, OnlineBadge, StorageNotice};
use crate::i18n::{Msg, provide_i18n};
use crate::online::provide_online_status;
use crate::pages::{HomePage, NotFoundPage, RequirementsPage, SignInPage};
use crate::session::provide_session;

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_online_status();
    provide_session();
    let t = move |msg: Msg| move || i18n.t(msg);
    view! {
        <Router>
            <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
            <header class="app-header">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"履"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t(Msg::AppName)}</span>
                        <span class="brand-tagline">{t(Msg::AppTagline)}</span>
                    </span>
                </a>
                <nav class="main-nav" aria-label=t(Msg::AppName)>
                    <A href="/" exact=true>{t(Msg::NavHome)}</A>
                    <A href="/requirements">{t(Msg::NavRequirements)}</A>
                </nav>
                <div class="header-tools">
                    <OnlineBadge/>
                    <LanguageSwitch/>
                    <AccountMenu/>
                </div>
            </header>
            <StorageNotice/>
            <main id="main" class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/requirements") view=RequirementsPage/>
                    <Route path=path!("/signin") view=SignInPage/>
                </Routes>
            </main>
        </Router>
    }
}
