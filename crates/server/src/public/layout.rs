//! The frame of every public page: `<head>` (title, description, canonical link,
//! `hreflang` alternates, Open Graph tags for link previews, the inline stylesheet), the
//! header with the language links, and the footer.

use std::sync::OnceLock;

use base64::Engine;
use lvzhi_domain::labels::Lang;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use super::HOMES;
use super::text::PublicMsg;
use super::words::W;

/// The public pages' stylesheet, inlined in each page (one answer paints the page).
const STYLE: &str = include_str!("style.css");

/// The CSP of public pages: the inline stylesheet by its hash, the apps' icons, and no
/// script at all. `connect-src 'self'` lets tools that read the page's own origin from inside
/// it (Lighthouse fetches /robots.txt that way) do so; with no script, the page fetches
/// nothing itself.
pub fn csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
        format!(
            "default-src 'none'; style-src 'sha256-{hash}'; img-src 'self'; connect-src 'self'; \
             base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    })
}

/// What a page tells its frame.
pub struct PageMeta<'a> {
    /// The page's language.
    pub lang: Lang,
    /// The site's origin, for absolute links.
    pub origin: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// Its description, for search results and link previews.
    pub description: &'a str,
    /// The page's address in each language, when it is a page to index; `None` for pages
    /// that should not be (not found, search results).
    pub addresses: Option<[(Lang, String); 3]>,
}

/// The path prefix of `lang`'s pages: `` (Simplified Chinese), `/zh-hant`, `/en`.
pub fn prefix(lang: Lang) -> &'static str {
    lang.pick("", "/zh-hant", "/en")
}

/// The address of `rest` (starting with `/`) in `lang`.
pub fn href(lang: Lang, rest: &str) -> String {
    format!("{}{rest}", prefix(lang))
}

/// The address of `rest` in each language.
pub fn addresses(rest: &str) -> [(Lang, String); 3] {
    [Lang::ZhHans, Lang::ZhHant, Lang::En].map(|lang| (lang, href(lang, rest)))
}

/// A whole page around `body`.
pub fn page(meta: &PageMeta<'_>, body: Markup) -> Markup {
    let lang = meta.lang;
    let t = |msg: PublicMsg| msg.text(lang);
    let here = meta.addresses.as_ref().and_then(|addresses| {
        addresses
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, path)| path.as_str())
    });
    let languages = meta.addresses.clone().unwrap_or_else(|| addresses("/"));
    let w = |word: W| word.text(lang);
    let home = HOMES.iter().find(|(l, _)| *l == lang).map_or("/", |(_, path)| *path);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="theme-color" content="#a8231b";
                title { (meta.title) }
                meta name="description" content=(meta.description);
                @if let (Some(addresses), Some(here)) = (&meta.addresses, here) {
                    link rel="canonical" href={ (meta.origin) (here) };
                    @for (alternate, path) in addresses.iter() {
                        link rel="alternate" hreflang=(alternate.code()) href={ (meta.origin) (path) };
                    }
                    link rel="alternate" hreflang="x-default" href={ (meta.origin) (addresses[0].1) };
                    meta property="og:type" content="website";
                    meta property="og:site_name" content=(t(PublicMsg::SiteName));
                    meta property="og:title" content=(meta.title);
                    meta property="og:description" content=(meta.description);
                    meta property="og:url" content={ (meta.origin) (here) };
                    meta property="og:image" content={ (meta.origin) "/me/icons/icon-512.png" };
                    meta property="og:locale" content=(og_locale(lang));
                } @else {
                    meta name="robots" content="noindex";
                }
                link rel="icon" href="/me/icons/icon.svg" type="image/svg+xml";
                style { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { (t(PublicMsg::SkipToContent)) }
                header {
                    a.brand href=(home) {
                        span.mark aria-hidden="true" { "履" }
                        span {
                            b { (t(PublicMsg::SiteName)) }
                            small { (t(PublicMsg::SiteTagline)) }
                        }
                    }
                    nav.sections aria-label=(w(W::NavLabel)) {
                        ul {
                            @for (word, rest) in [(W::NavFind, "/deputies"), (W::NavSuggestions, "/suggestions"),
                                                  (W::NavStatistics, "/statistics"), (W::NavOpenData, "/open-data")] {
                                li { a href=(href(lang, rest)) { (w(word)) } }
                            }
                        }
                    }
                    nav.languages aria-label=(t(PublicMsg::LanguagesLabel)) {
                        ul {
                            @for (other, path) in languages {
                                li {
                                    a href=(path) hreflang=(other.code()) lang=(other.code())
                                        aria-current=[(other == lang).then_some("page")] {
                                        (other.pick("简体中文", "繁體中文", "English"))
                                    }
                                }
                            }
                        }
                    }
                }
                main #main { (body) }
                footer { (t(PublicMsg::FooterNote)) }
            }
        }
    }
}

fn og_locale(lang: Lang) -> &'static str {
    lang.pick("zh_CN", "zh_TW", "en_GB")
}
