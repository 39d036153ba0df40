//! The public pages' bodies: the home page and "not found". The public-site work adds the
//! deputies' pages, their records and the suggestions' handling here.

use lvzhi_domain::labels::Lang;
use maud::{Markup, html};

use super::HOMES;
use super::layout::{PageMeta, page};
use super::text::PublicMsg;

/// The home page in `lang`: what the site is, the minimums deputies are held to, and the
/// ways in for deputies and staff.
pub fn home(lang: Lang, origin: &str) -> Markup {
    let t = |msg: PublicMsg| msg.text(lang);
    let meta = PageMeta {
        lang,
        origin,
        title: t(PublicMsg::HomeTitle),
        description: t(PublicMsg::HomeDescription),
        addresses: Some(HOMES),
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
