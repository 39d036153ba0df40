//! The deputy app's routes, as one table: the path of the address bar parsed into a
//! [`Route`], and the page shown for it. The router keeps the history, links and
//! `aria-current`; one catch-all route hands every path to [`CurrentPage`], which compiles to
//! much less wasm than a router route per page (docs/size.md).

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lvzhi_domain::ids::ActivityId;

use crate::pages::{
    CompliancePage, EditRecordPage, HomePage, NotFoundPage, RecordsPage, RegisterPage, ReportPage, RequirementsPage,
    SignInPage, SuggestionsPage, SyncPage, VisitsPage,
};

/// A page of the deputy's app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`: where I stand, what needs me.
    Home,
    /// `/requirements`: the rules in force.
    Requirements,
    /// `/signin`.
    SignIn,
    /// `/compliance`: my standing, requirement by requirement.
    Compliance,
    /// `/register`: a new duty activity.
    Register,
    /// `/report`: the printable report to the electoral unit.
    Report,
    /// `/suggestions`: suggestions, drafts and receipts.
    Suggestions,
    /// `/visits`: visits to constituents and opinion items.
    Visits,
    /// `/records`: my records.
    Records,
    /// `/records/{id}/edit`.
    EditRecord(ActivityId),
    /// `/sync`: sync status, problems, export and import, sessions.
    Sync,
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route of an address's path (as `location.pathname` gives it, the app's base path
    /// included); a trailing slash is ignored, and an edit address with a malformed id is
    /// not found.
    pub fn parse(pathname: &str) -> Route {
        let Some(path) = pathname.strip_prefix(crate::profile::active().base) else {
            return Route::NotFound;
        };
        match path.trim_end_matches('/') {
            "" => Route::Home,
            "/requirements" => Route::Requirements,
            "/signin" => Route::SignIn,
            "/compliance" => Route::Compliance,
            "/register" => Route::Register,
            "/report" => Route::Report,
            "/suggestions" => Route::Suggestions,
            "/visits" => Route::Visits,
            "/records" => Route::Records,
            "/sync" => Route::Sync,
            other => other
                .strip_prefix("/records/")
                .and_then(|rest| rest.strip_suffix("/edit"))
                .and_then(|id| id.parse().ok())
                .map_or(Route::NotFound, Route::EditRecord),
        }
    }
}

/// The page for the address bar's path; rebuilt only when the route changes.
#[component]
pub fn CurrentPage() -> impl IntoView {
    let location = use_location();
    let route = Memo::new(move |_| Route::parse(&location.pathname.get()));
    move || match route.get() {
        Route::Home => view! { <HomePage/> }.into_any(),
        Route::Requirements => view! { <RequirementsPage/> }.into_any(),
        Route::SignIn => view! { <SignInPage/> }.into_any(),
        Route::Compliance => view! { <CompliancePage/> }.into_any(),
        Route::Register => view! { <RegisterPage/> }.into_any(),
        Route::Report => view! { <ReportPage/> }.into_any(),
        Route::Suggestions => view! { <SuggestionsPage/> }.into_any(),
        Route::Visits => view! { <VisitsPage/> }.into_any(),
        Route::Records => view! { <RecordsPage/> }.into_any(),
        Route::EditRecord(id) => view! { <EditRecordPage id/> }.into_any(),
        Route::Sync => view! { <SyncPage/> }.into_any(),
        Route::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::Route;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_page_has_its_path() {
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("/records"), Route::Records);
        assert_eq!(Route::parse("/records/"), Route::Records);
        assert_eq!(Route::parse("/sync"), Route::Sync);
        assert_eq!(Route::parse("/signin"), Route::SignIn);
        let id = "0190a0b0-0000-7000-8000-000000000001";
        assert_eq!(
            Route::parse(&format!("/records/{id}/edit")),
            Route::EditRecord(id.parse().unwrap())
        );
        assert_eq!(Route::parse("/records/not-an-id/edit"), Route::NotFound);
        assert_eq!(Route::parse("/records/extra"), Route::NotFound);
        assert_eq!(Route::parse("/nowhere"), Route::NotFound);
        assert_eq!(Route::parse("/Records"), Route::NotFound);
    }
}
