//! The public pages' bodies that stand alone: the home page, the open-data page, and the
//! pages for an address nothing serves, a query that cannot be read, and figures that
//! cannot be read. The transparency pages have their own modules.

use lvzhi_domain::labels::Lang;
use maud::{Markup, html};

use super::HOMES;
use super::cache::Snapshot;
use super::layout::{PageMeta, addresses, href, page};
use super::text::PublicMsg;
use super::words::W;

/// The home page in `lang`: what the site is, the minimums deputies are held to, and the
/// ways in for deputies and staff.
pub fn home(lang: Lang, origin: &str) -> Markup {
    let t = |msg: PublicMsg| msg.text(lang);
    let meta = PageMeta {
        lang,
        origin,
        title: t(PublicMsg::HomeTitle),
        description: t(PublicMsg::HomeDescription),
        addresses: Some(super::layout::addresses("/")),
    };
    page(
        &meta,
        html! {
            h1 { (t(PublicMsg::HomeTitle)) }
            p.lead { (t(PublicMsg::HomeLead)) }
            h2 { (t(PublicMsg::HomeMinimumsTitle)) }
            p { (t(PublicMsg::HomeMinimumsBody)) }
            h2 { (t(PublicMsg::HomeOversightTitle)) }
            p { (t(PublicMsg::HomeOversightBody)) }
            ul.ways {
                @for (word, rest) in [(W::NavFind, "/deputies"), (W::NavSuggestions, "/suggestions"),
                                      (W::NavStatistics, "/statistics"), (W::NavOpenData, "/open-data")] {
                    li { a.way href=(href(lang, rest)) { (word.text(lang)) } }
                }
            }
            div.doors {
                section.door {
                    h2 { (t(PublicMsg::ForDeputies)) }
                    a.button #deputy-sign-in href="/me/signin" { (t(PublicMsg::DeputySignIn)) }
                }
                section.door {
                    h2 { (t(PublicMsg::ForStaff)) }
                    a.button #staff-sign-in href="/staff/signin" { (t(PublicMsg::StaffSignIn)) }
                }
            }
        },
    )
}

/// The page for an address nothing serves.
pub fn not_found(lang: Lang, origin: &str) -> Markup {
    let t = |msg: PublicMsg| msg.text(lang);
    let home = HOMES.iter().find(|(l, _)| *l == lang).map_or("/", |(_, path)| *path);
    let meta = PageMeta {
        lang,
        origin,
        title: t(PublicMsg::NotFoundTitle),
        description: t(PublicMsg::NotFoundBody),
        addresses: None,
    };
    page(
        &meta,
        html! {
            h1 { (t(PublicMsg::NotFoundTitle)) }
            p { (t(PublicMsg::NotFoundBody)) }
            p { a href=(home) { (t(PublicMsg::BackHome)) } }
        },
    )
}

/// A page for a query field that cannot be read (`field` names it).
pub fn bad_query(lang: Lang, origin: &str, field: &str) -> Markup {
    let title = lang.pick("查询条件有误", "查詢條件有誤", "The search could not be read");
    let body = match lang {
        Lang::En => format!(
            "The field \u{201c}{field}\u{201d} is not valid here: a year or page must be a number, and a search at most 40 characters."
        ),
        Lang::ZhHans => format!("“{field}”一项无法识别：年份和页码须为数字，搜索词不超过 40 个字。"),
        Lang::ZhHant => format!("「{field}」一項無法識別：年份和頁碼須為數字，搜尋詞不超過 40 個字。"),
    };
    let meta = PageMeta {
        lang,
        origin,
        title,
        description: &body,
        addresses: None,
    };
    page(
        &meta,
        html! { h1 { (title) } p { (body) } p { a href=(href(lang, "/")) { (PublicMsg::BackHome.text(lang)) } } },
    )
}

/// A page for figures that cannot be read just now.
pub fn unavailable(lang: Lang, origin: &str) -> Markup {
    let title = lang.pick("暂时无法显示", "暫時無法顯示", "Not available just now");
    let body = lang.pick(
        "公开数据暂时无法读取，请稍后再试。",
        "公開數據暫時無法讀取，請稍後再試。",
        "The public figures cannot be read just now. Please try again in a moment.",
    );
    let meta = PageMeta {
        lang,
        origin,
        title,
        description: body,
        addresses: None,
    };
    page(&meta, html! { h1 { (title) } p { (body) } })
}

/// The open-data page: what can be downloaded and where the API's document is.
pub fn open_data(lang: Lang, origin: &str, snapshot: &Snapshot) -> Markup {
    let w = |word: W| word.text(lang);
    let newest = super::statistics::default_period(snapshot)
        .map(|p| p.period.clone())
        .unwrap_or_default();
    let rows: [(String, (&str, &str, &str)); 10] = [
        (
            "/api/public/v1/deputies".into(),
            ("代表名单（JSON）", "代表名單（JSON）", "Deputies (JSON)"),
        ),
        (
            "/api/public/v1/deputies.csv".into(),
            ("代表名单（CSV）", "代表名單（CSV）", "Deputies (CSV)"),
        ),
        (
            "/api/public/v1/standings.csv".into(),
            (
                "每位代表各项要求的完成情况（CSV）",
                "每位代表各項要求的完成情況（CSV）",
                "Every deputy's standing on each requirement (CSV)",
            ),
        ),
        (
            "/api/public/v1/activities.csv".into(),
            (
                "已审核的履职活动，仅公开字段（CSV）",
                "已審核的履職活動，僅公開字段（CSV）",
                "Approved activities, public fields only (CSV)",
            ),
        ),
        (
            "/api/public/v1/stations".into(),
            ("代表联络站（JSON）", "代表聯絡站（JSON）", "Stations (JSON)"),
        ),
        (
            "/api/public/v1/stations.csv".into(),
            ("代表联络站（CSV）", "代表聯絡站（CSV）", "Stations (CSV)"),
        ),
        (
            "/api/public/v1/suggestions".into(),
            (
                "公开的建议及办理（JSON）",
                "公開的建議及辦理（JSON）",
                "Published suggestions and their handling (JSON)",
            ),
        ),
        (
            "/api/public/v1/suggestions.csv".into(),
            ("公开的建议（CSV）", "公開的建議（CSV）", "Published suggestions (CSV)"),
        ),
        (
            "/api/public/v1/statistics".into(),
            (
                "各年度和各届的统计（JSON）",
                "各年度和各屆的統計（JSON）",
                "Statistics of every year and term (JSON)",
            ),
        ),
        (
            format!("/api/public/v1/statistics/{newest}.csv"),
            ("本年度统计（CSV）", "本年度統計（CSV）", "This year's statistics (CSV)"),
        ),
    ];
    let meta = PageMeta {
        lang,
        origin,
        title: w(W::OpenDataTitle),
        description: w(W::OpenDataDescription),
        addresses: Some(addresses("/open-data")),
    };
    page(
        &meta,
        html! {
            h1 { (w(W::OpenDataTitle)) }
            p.lead { (w(W::OpenDataDescription)) }
            p { (w(W::OpenDataBody)) }
            p { a href="/api/public/v1/openapi.json" { (w(W::OpenApi)) } }
            h2 { (w(W::Downloads)) }
            div.scroll tabindex="0" {
                table {
                    thead { tr { th scope="col" { (w(W::WhatItHolds)) } th scope="col" { (w(W::Endpoint)) } } }
                    tbody {
                        @for (path, (hans, hant, en)) in &rows {
                            tr { th scope="row" { (lang.pick(hans, hant, en)) } td { a href=(path) { code { (path) } } } }
                        }
                    }
                }
            }
            p.meta { (w(W::SmallCells)) }
        },
    )
}
