//! The console's shell: router, header with the online indicator, language switch and
//! account, and the page chosen by the path.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use lvzhi_client::components::{
    AccountMenu, ErrorPanel, LanguageSwitch, OnlineBadge, RouteFocus, SignInPage, SyncBadge,
};
use lvzhi_client::i18n::{Msg, provide_i18n};
use lvzhi_client::online::provide_online_status;
use lvzhi_client::session::provide_session;

use crate::handling_i18n::HandlingMsg;
use crate::i18n::{StaffMsg, ts};
use crate::pages::{
    AttendancePage, DashboardPage, DeputyPage, EnterPage, GroupsPage, HomePage, NotFoundPage, OpinionsPage, ReviewPage,
    RosterPage, StationsPage, SuggestionPage, SuggestionsPage, SupervisionPage, TrainingsPage,
};

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_online_status();
    provide_session();
    lvzhi_client::sync::provide_sync(lvzhi_client::sync::pass::STAFF_STEPS);
    crate::data::provide_staff_data();
    crate::handling_data::provide_handling_data();
    let unit = crate::handling_data::is_unit();
    let hnav = move |path: &'static str, msg: HandlingMsg| {
        view! { <a href=lvzhi_client::profile::app_path(path)>{move || msg.text(i18n.lang.get())}</a> }
    };
    let nav = move |path: &'static str, msg: StaffMsg| {
        view! { <a href=lvzhi_client::profile::app_path(path)>{ts(i18n, msg)}</a> }
    };
    view! {
        <Router base=lvzhi_client::profile::active().base>
            <a class="skip-link" href="#main">{i18n.tt(Msg::SkipToContent)}</a>
            <RouteFocus/>
            <header class="app-header">
                <a class="brand" href=lvzhi_client::profile::app_path("")>
                    <span class="brand-mark" aria-hidden="true">"履"</span>
                    <span class="brand-text">
                        <span class="brand-name">{ts(i18n, StaffMsg::ConsoleName)}</span>
                        <span class="brand-tagline">{ts(i18n, StaffMsg::ConsoleTagline)}</span>
                    </span>
                </a>
                <nav class="main-nav" aria-label="staff">
                    {nav("", StaffMsg::NavHome)}
                    {move || (!unit.get()).then(|| view! {
                        {nav("/review", StaffMsg::NavReview)}
                        {nav("/dashboard", StaffMsg::NavDashboard)}
                        {nav("/enter", StaffMsg::NavEnter)}
                    })}
                    {hnav("/suggestions", HandlingMsg::NavSuggestions)}
                    {move || (!unit.get()).then(|| hnav("/supervision", HandlingMsg::NavSupervision))}
                    {hnav("/opinions", HandlingMsg::NavOpinions)}
                    {move || (!unit.get()).then(|| view! {
                        {nav("/roster", StaffMsg::NavRoster)}
                        {nav("/trainings", StaffMsg::NavTrainings)}
                        {nav("/stations", StaffMsg::NavStations)}
                        {nav("/attendance", StaffMsg::NavAttendance)}
                        {nav("/groups", StaffMsg::NavGroups)}
                    })}
                </nav>
                <div class="header-tools">
                    <OnlineBadge/>
                    <SyncBadge/>
                    <LanguageSwitch/>
                    <AccountMenu/>
                </div>
            </header>
            <main id="main" class="page">
                <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/sync") view=HomePage/>
                    <Route path=path!("/review") view=ReviewPage/>
                    <Route path=path!("/dashboard") view=DashboardPage/>
                    <Route path=path!("/deputy/:id") view=DeputyPage/>
                    <Route path=path!("/enter") view=EnterPage/>
                    <Route path=path!("/roster") view=RosterPage/>
                    <Route path=path!("/trainings") view=TrainingsPage/>
                    <Route path=path!("/stations") view=StationsPage/>
                    <Route path=path!("/attendance") view=AttendancePage/>
                    <Route path=path!("/groups") view=GroupsPage/>
                    <Route path=path!("/suggestions") view=SuggestionsPage/>
                    <Route path=path!("/suggestions/:id") view=SuggestionPage/>
                    <Route path=path!("/supervision") view=SupervisionPage/>
                    <Route path=path!("/opinions") view=OpinionsPage/>
                </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}
