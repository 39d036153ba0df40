//! The transparency pages' routes in each language (`/deputies`, `/zh-hant/deputies`,
//! `/en/deputies`, …) and their handlers: each reads the shared snapshot, renders once per
//! snapshot, language and origin (kept with the snapshot, so a change of data renders
//! afresh), and answers with an ETag (`If-None-Match` gets 304) and a short public cache.
//! Search results and filtered lists are rendered per request and not indexed.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use lvzhi_domain::labels::Lang;
use maud::Markup;

use super::cache::{Prepared, Snapshot};
use super::find::FindQuery;
use super::layout::prefix;
use super::open_data::answer;
use super::published::ListForm;
use super::{find, layout, origin, pages, profile, published, statistics};
use crate::AppState;

const HTML: &str = "text/html; charset=utf-8";

/// The pages' routes, in every language.
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL.iter().copied() {
        let p = prefix(lang);
        router = router
            .route(&format!("{p}/deputies"), get(move |s, h, q| find_page(s, h, q, lang)))
            .route(
                &format!("{p}/deputies/{{id}}"),
                get(move |s, h, id| profile_page(s, h, id, lang, false)),
            )
            .route(
                &format!("{p}/deputies/{{id}}/print"),
                get(move |s, h, id| profile_page(s, h, id, lang, true)),
            )
            .route(
                &format!("{p}/stations/{{id}}"),
                get(move |s, h, id| station_page(s, h, id, lang)),
            )
            .route(
                &format!("{p}/suggestions"),
                get(move |s, h, q| suggestions_page(s, h, q, lang)),
            )
            .route(
                &format!("{p}/suggestions/{{id}}"),
                get(move |s, h, id| suggestion_page(s, h, id, lang)),
            )
            .route(
                &format!("{p}/statistics"),
                get(move |s, h| statistics_page(s, h, None, lang)),
            )
            .route(
                &format!("{p}/statistics/{{period}}"),
                get(move |s, h, Path(period): Path<String>| statistics_page(s, h, Some(period), lang)),
            )
            .route(&format!("{p}/open-data"), get(move |s, h| open_data_page(s, h, lang)));
    }
    router
}

/// Why a page cannot be shown.
enum Refusal {
    /// Nothing at this address.
    NotFound,
    /// The query names a field that is not what it should be.
    BadQuery(String),
    /// The figures could not be read.
    Unavailable(String),
}

/// Renders through the snapshot's kept pages when `key` is given, else afresh.
async fn render(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    key: Option<String>,
    make: impl FnOnce(&Snapshot, &str) -> Result<Markup, Refusal>,
) -> Response {
    let origin = origin(state, headers);
    let snapshot = match state.public.get(&state.db).await {
        Ok(snapshot) => snapshot,
        Err(error) => return refuse(state, headers, lang, Refusal::Unavailable(error.to_string())),
    };
    let made = match key {
        Some(key) => snapshot.kept(&format!("page:{}:{origin}:{key}", lang.code()), || {
            make(&snapshot, &origin).map(|html| Prepared::new(html.into_string()))
        }),
        None => make(&snapshot, &origin).map(|html| std::sync::Arc::new(Prepared::new(html.into_string()))),
    };
    match made {
        Ok(prepared) => {
            let mut response = answer(headers, &prepared, HTML);
            if let Ok(csp) = HeaderValue::from_str(layout::csp()) {
                response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            response
        }
        Err(refusal) => refuse(state, headers, lang, refusal),
    }
}

fn refuse(state: &AppState, headers: &HeaderMap, lang: Lang, refusal: Refusal) -> Response {
    let origin = origin(state, headers);
    let (status, html) = match refusal {
        Refusal::NotFound => (StatusCode::NOT_FOUND, pages::not_found(lang, &origin)),
        Refusal::BadQuery(field) => (StatusCode::BAD_REQUEST, pages::bad_query(lang, &origin, &field)),
        Refusal::Unavailable(detail) => {
            eprintln!("public page: the figures could not be read: {detail}");
            (StatusCode::SERVICE_UNAVAILABLE, pages::unavailable(lang, &origin))
        }
    };
    super::page(status, html)
}

async fn find_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<FindQuery>,
    lang: Lang,
) -> Response {
    let too_long = |v: &Option<String>| v.as_deref().is_some_and(|t| t.chars().count() > 40);
    if too_long(&query.q) || too_long(&query.district) {
        let field = if too_long(&query.q) { "q" } else { "district" };
        return refuse(&state, &headers, lang, Refusal::BadQuery(field.to_owned()));
    }
    let key = query.is_empty().then(|| "find".to_owned());
    render(&state, &headers, lang, key, |snapshot, origin| {
        Ok(find::find(snapshot, &query, lang, origin))
    })
    .await
}

fn bounded_id(id: &str) -> Result<(), Refusal> {
    // Ids are UUIDs or short codes; anything longer is not one and is not kept as a key.
    if id.len() > 64 { Err(Refusal::NotFound) } else { Ok(()) }
}

async fn profile_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    lang: Lang,
    printable: bool,
) -> Response {
    if let Err(refusal) = bounded_id(&id) {
        return refuse(&state, &headers, lang, refusal);
    }
    let key = format!("deputy:{id}:{printable}");
    render(&state, &headers, lang, Some(key), |snapshot, origin| {
        let deputy = snapshot.deputy(&id).ok_or(Refusal::NotFound)?;
        Ok(profile::profile(snapshot, deputy, lang, origin, printable))
    })
    .await
}

async fn station_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    lang: Lang,
) -> Response {
    if let Err(refusal) = bounded_id(&id) {
        return refuse(&state, &headers, lang, refusal);
    }
    render(
        &state,
        &headers,
        lang,
        Some(format!("station:{id}")),
        |snapshot, origin| {
            let station = snapshot.station(&id).ok_or(Refusal::NotFound)?;
            Ok(find::station(snapshot, station, lang, origin))
        },
    )
    .await
}

async fn suggestions_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(form): Query<ListForm>,
    lang: Lang,
) -> Response {
    let query = match form.read() {
        Ok(query) => query,
        Err(field) => return refuse(&state, &headers, lang, Refusal::BadQuery(field.to_owned())),
    };
    if query.filter.bounded().is_err() {
        return refuse(&state, &headers, lang, Refusal::BadQuery("filter".to_owned()));
    }
    let key = query.is_plain().then(|| "suggestions".to_owned());
    render(&state, &headers, lang, key, |snapshot, origin| {
        Ok(published::list(snapshot, &query, lang, origin))
    })
    .await
}

async fn suggestion_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    lang: Lang,
) -> Response {
    if let Err(refusal) = bounded_id(&id) {
        return refuse(&state, &headers, lang, refusal);
    }
    render(
        &state,
        &headers,
        lang,
        Some(format!("suggestion:{id}")),
        |snapshot, origin| {
            let suggestion = snapshot.suggestion(&id).ok_or(Refusal::NotFound)?;
            Ok(published::one(snapshot, suggestion, lang, origin))
        },
    )
    .await
}

async fn statistics_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    period: Option<String>,
    lang: Lang,
) -> Response {
    if period.as_deref().is_some_and(|p| p.len() > 12) {
        return refuse(&state, &headers, lang, Refusal::NotFound);
    }
    let key = format!("statistics:{}", period.as_deref().unwrap_or(""));
    render(&state, &headers, lang, Some(key), |snapshot, origin| {
        let (found, canonical) = match &period {
            Some(code) => (
                snapshot.data.statistics.iter().find(|p| p.period == *code),
                format!("/statistics/{code}"),
            ),
            None => (statistics::default_period(snapshot), "/statistics".to_owned()),
        };
        let found = found.ok_or(Refusal::NotFound)?;
        Ok(statistics::statistics(snapshot, found, lang, origin, &canonical))
    })
    .await
}

/// The home page, kept like the others (with its ETag).
pub async fn home(state: &AppState, headers: &HeaderMap, lang: Lang) -> Response {
    render(state, headers, lang, Some("home".to_owned()), |_, origin| {
        Ok(pages::home(lang, origin))
    })
    .await
}

async fn open_data_page(State(state): State<AppState>, headers: HeaderMap, lang: Lang) -> Response {
    render(
        &state,
        &headers,
        lang,
        Some("open-data".to_owned()),
        |snapshot, origin| Ok(pages::open_data(lang, origin, snapshot)),
    )
    .await
}
