//! The public site, rendered on the server: complete HTML at the first answer, with no
//! script, because search engines and chat apps' link previews run no wasm and a phone
//! should paint the page from the first answer. Templates are maud (`html!`), checked and
//! compiled with the server; the text is in three languages ([`text`]), each at its own
//! address (`/`, `/zh-hant/`, `/en/`) with `hreflang` alternates between them.
//!
//! Also here: `robots.txt`, the sitemap, the public "not found" page, and permanent
//! redirects from the deputy's old addresses (before the apps moved under `/me/`).

mod cache;
mod find;
mod format;
mod layout;
pub mod open_data;
mod pages;
mod profile;
mod published;
mod site;
mod statistics;
mod text;
mod words;

pub use cache::PublicCache;

use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lvzhi_domain::labels::Lang;

use crate::AppState;

/// The languages' home addresses, in the order the language links show them.
pub const HOMES: [(Lang, &str); 3] = [(Lang::ZhHans, "/"), (Lang::ZhHant, "/zh-hant/"), (Lang::En, "/en/")];

/// The deputy's pages before the apps moved under `/me/`; old links and bookmarks are
/// sent on to the same page there.
/// (`/suggestions` is now the public list of published suggestions.)
const DEPUTY_PAGES: [&str; 8] = [
    "/signin",
    "/compliance",
    "/records",
    "/register",
    "/visits",
    "/report",
    "/sync",
    "/requirements",
];

/// The public site's routes.
pub fn router() -> Router<AppState> {
    let mut router = Router::new()
        .route("/", get(|state, headers| home(state, headers, Lang::ZhHans)))
        .route("/zh-hant/", get(|state, headers| home(state, headers, Lang::ZhHant)))
        .route("/en/", get(|state, headers| home(state, headers, Lang::En)))
        .route("/zh-hant", get(|| async { Redirect::permanent("/zh-hant/") }))
        .route("/en", get(|| async { Redirect::permanent("/en/") }))
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .merge(site::router());
    for page in DEPUTY_PAGES {
        router = router
            .route(page, get(to_deputy_app))
            .route(&format!("{page}/{{*rest}}"), get(to_deputy_app));
    }
    router
}

async fn to_deputy_app(OriginalUri(uri): OriginalUri) -> Redirect {
    let path_and_query = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    Redirect::permanent(&format!("/me{path_and_query}"))
}

/// Whether `host` is a plain host name or address with an optional port — nothing that
/// could carry markup or a path into a link.
pub fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// The site's origin: the configured one, else `http://` and the request's `Host`.
pub(crate) fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(origin) = &state.config.public_origin {
        return origin.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| is_host(host))
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// A rendered public page with its own headers: a CSP that allows its one inline stylesheet
/// and nothing to run, and a short cache that lets a phone revalidate.
pub(crate) fn page(status: StatusCode, html: maud::Markup) -> Response {
    let mut response = (status, axum::response::Html(html.into_string())).into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(layout::csp()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    response
}

async fn home(State(state): State<AppState>, headers: HeaderMap, lang: Lang) -> Response {
    site::home(&state, &headers, lang).await
}

/// The public "not found" page, for every path no part of the site serves.
pub async fn not_found(State(state): State<AppState>, headers: HeaderMap, OriginalUri(uri): OriginalUri) -> Response {
    let lang = HOMES
        .iter()
        .skip(1)
        .find(|(_, home)| uri.path().starts_with(home))
        .map_or(Lang::ZhHans, |(lang, _)| *lang);
    page(StatusCode::NOT_FOUND, pages::not_found(lang, &origin(&state, &headers)))
}

async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let origin = origin(&state, &headers);
    let body = format!(
        "# Lüzhi (履职): the public pages are for everyone; the apps and the API are for signed-in devices.\n\
         User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /me/\nDisallow: /staff/\n\nSitemap: {origin}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Every page to index, each with its addresses in the three languages.
async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let origin = origin(&state, &headers);
    let snapshot = match state.public.get(&state.db).await {
        Ok(snapshot) => snapshot,
        Err(error) => {
            eprintln!("sitemap: the figures could not be read: {error}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let mut pages: Vec<String> = ["/", "/deputies", "/suggestions", "/statistics", "/open-data"]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    pages.extend(
        snapshot
            .data
            .statistics
            .iter()
            .map(|p| format!("/statistics/{}", p.period)),
    );
    pages.extend(snapshot.data.deputies.iter().map(|d| format!("/deputies/{}", d.id)));
    pages.extend(snapshot.data.stations.iter().map(|s| format!("/stations/{}", s.id)));
    pages.extend(
        snapshot
            .data
            .suggestions
            .iter()
            .map(|s| format!("/suggestions/{}", s.id)),
    );
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in &pages {
        let alternates = layout::addresses(page);
        for (_, address) in &alternates {
            body.push_str(&format!("  <url>\n    <loc>{origin}{address}</loc>\n"));
            for (lang, alternate) in &alternates {
                body.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{origin}{alternate}\"/>\n",
                    lang.code()
                ));
            }
            body.push_str("  </url>\n");
        }
    }
    body.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], body).into_response()
}
