//! 找代表: find a deputy by name, district or station, the stations of a district by
//! street with their next reception, and a station's own page with its hours and the
//! deputies of every level received there.
//!
//! No map: a map needs tiles, and the only tiles that work offline and without a
//! third-party service would have to be shipped with the server (hundreds of MB for one
//! city). A list by district and street, each with its address, answers "where and when"
//! on any phone.

use lvzhi_domain::deputy::Level;
use lvzhi_domain::labels::Lang;
use lvzhi_domain::organisation::StationKind;
use lvzhi_domain::public::{PublicDeputy, PublicStation};
use maud::{Markup, html};

use super::cache::Snapshot;
use super::format::{label, week_of_month, weekday};
use super::layout::{PageMeta, addresses, href, page};
use super::words::W;

/// The most deputies or stations one search shows.
pub const MAX_RESULTS: usize = 50;

/// What the find page was asked.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct FindQuery {
    /// Words to look for in names, districts, stations and addresses.
    pub q: Option<String>,
    /// A district chosen from the list.
    pub district: Option<String>,
}

impl FindQuery {
    /// Whether the page is the plain list (the one to cache and index).
    pub fn is_empty(&self) -> bool {
        self.words().is_none() && self.district().is_none()
    }

    fn words(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    fn district(&self) -> Option<&str> {
        self.district.as_deref().map(str::trim).filter(|d| !d.is_empty())
    }
}

/// The districts that have stations, in order, with how many each has.
fn districts(snapshot: &Snapshot) -> Vec<(&str, usize)> {
    let mut list: Vec<(&str, usize)> = Vec::new();
    for station in &snapshot.data.stations {
        match list.iter_mut().find(|(d, _)| *d == station.district) {
            Some((_, n)) => *n += 1,
            None => list.push((&station.district, 1)),
        }
    }
    list
}

/// The find page.
pub fn find(snapshot: &Snapshot, query: &FindQuery, lang: Lang, origin: &str) -> Markup {
    let w = |word: W| word.text(lang);
    let districts = districts(snapshot);
    let words = query.words().map(str::to_lowercase);
    let district = query.district();
    let deputies: Vec<&PublicDeputy> = match &words {
        Some(words) => snapshot
            .data
            .deputies
            .iter()
            .filter(|d| {
                d.name.to_lowercase().contains(words.as_str())
                    || d.electoral_unit.to_lowercase().contains(words.as_str())
            })
            .take(MAX_RESULTS)
            .collect(),
        None => Vec::new(),
    };
    let mut stations: Vec<&PublicStation> = snapshot
        .data
        .stations
        .iter()
        .filter(|s| district.is_none_or(|d| s.district == d))
        .filter(|s| {
            words.as_ref().is_none_or(|words| {
                [&s.name, &s.district, &s.address]
                    .iter()
                    .any(|field| field.to_lowercase().contains(words.as_str()))
            })
        })
        .collect();
    stations.sort_by(|a, b| a.district.cmp(&b.district).then_with(|| a.address.cmp(&b.address)));
    stations.truncate(MAX_RESULTS);
    let meta = PageMeta {
        lang,
        origin,
        title: w(W::FindTitle),
        description: w(W::FindDescription),
        addresses: query.is_empty().then(|| addresses("/deputies")),
    };
    page(
        &meta,
        html! {
            h1 { (w(W::NavFind)) }
            p.lead { (w(W::FindDescription)) }
            form.search method="get" action=(href(lang, "/deputies")) role="search" {
                label for="q" { (w(W::SearchLabel)) }
                div.row {
                    input #q type="search" name="q" maxlength="40" value=(query.q.as_deref().unwrap_or(""))
                        placeholder=(w(W::SearchHint)) autocomplete="off";
                    label.visually-hidden for="district" { (w(W::District)) }
                    select #district name="district" {
                        option value="" { (w(W::AllDistricts)) }
                        @for (name, _) in &districts {
                            option value=(name) selected[district == Some(*name)] { (name) }
                        }
                    }
                    button type="submit" { (w(W::SearchButton)) }
                }
            }
            @if query.is_empty() {
                h2 { (w(W::StationsByDistrict)) }
                ul.districts {
                    @for (name, count) in &districts {
                        li { a href={ (href(lang, "/deputies")) "?district=" (urlencoding(name)) } { (name) } " " span.count { "(" (count) ")" } }
                    }
                }
            } @else {
                @if words.is_some() {
                    h2 { (w(W::DeputiesFound)) " " span.count { "(" (deputies.len()) ")" } }
                    @if deputies.is_empty() {
                        p { (w(W::NothingFound)) }
                    } @else {
                        ul.people {
                            @for deputy in &deputies {
                                li {
                                    a href=(href(lang, &format!("/deputies/{}", deputy.id))) { (deputy.name) }
                                    " · " (label::<Level>(&deputy.level, lang)) " · " (deputy.electoral_unit)
                                }
                            }
                        }
                    }
                }
                h2 { (w(W::StationsFound)) " " span.count { "(" (stations.len()) ")" } }
                @if stations.is_empty() {
                    p { (w(W::NothingFound)) }
                } @else {
                    ul.stations {
                        @for station in &stations {
                            li { (station_card(snapshot, station, lang)) }
                        }
                    }
                }
            }
        },
    )
}

/// A station in a list: name, address, next reception, how many deputies.
fn station_card(snapshot: &Snapshot, station: &PublicStation, lang: Lang) -> Markup {
    let w = |word: W| word.text(lang);
    html! {
        h3 { a href=(href(lang, &format!("/stations/{}", station.id))) { (station.name) } }
        p.meta { (label::<StationKind>(&station.kind, lang)) " · " (station.district) " · " (station.address) }
        p { b { (w(W::NextReception)) "：" } (next_reception(station, lang)) }
        p.meta { (w(W::DeputiesAtStation)) "：" (station.deputies.iter().filter(|id| snapshot.deputy(id).is_some()).count()) }
    }
}

fn next_reception(station: &PublicStation, lang: Lang) -> String {
    match &station.next_reception {
        Some(next) => {
            let day = next.date.iso_weekday() as u8;
            format!("{} {} {}–{}", next.date, weekday(day, lang), next.start, next.end)
        }
        None => W::NoReception.text(lang).to_owned(),
    }
}

/// A station's own page.
pub fn station(snapshot: &Snapshot, station: &PublicStation, lang: Lang, origin: &str) -> Markup {
    let w = |word: W| word.text(lang);
    let title = format!("{} · {}", station.name, w(W::NavFind));
    let description = format!(
        "{} {}。{}：{}",
        station.district,
        station.address,
        w(W::NextReception),
        next_reception(station, lang)
    );
    let meta = PageMeta {
        lang,
        origin,
        title: &title,
        description: &description,
        addresses: Some(addresses(&format!("/stations/{}", station.id))),
    };
    let mut deputies: Vec<&PublicDeputy> = station.deputies.iter().filter_map(|id| snapshot.deputy(id)).collect();
    deputies.sort_by_key(|d| (level_order(&d.level), d.name.clone()));
    page(
        &meta,
        html! {
            p.crumbs { a href=(href(lang, "/deputies")) { (w(W::NavFind)) } " › " (station.district) }
            h1 { (station.name) }
            dl.facts {
                dt { (w(W::Kind)) } dd { (label::<StationKind>(&station.kind, lang)) }
                dt { (w(W::Address)) } dd { (station.district) " " (station.address) }
                dt { (w(W::NextReception)) } dd.next { (next_reception(station, lang)) }
                dt { (w(W::ReceptionTimes)) }
                dd {
                    @if station.reception.is_empty() { (w(W::NoReception)) }
                    ul.plain {
                        @for slot in &station.reception {
                            li { (week_of_month(slot.week_of_month, lang)) " " (weekday(slot.weekday, lang)) " " (slot.start) "–" (slot.end) }
                        }
                    }
                }
            }
            h2 { (w(W::DeputiesAtStation)) " " span.count { "(" (deputies.len()) ")" } }
            @if deputies.is_empty() { p { (w(W::NoneYet)) } }
            ul.people {
                @for deputy in &deputies {
                    li {
                        a href=(href(lang, &format!("/deputies/{}", deputy.id))) { (deputy.name) }
                        " · " (label::<Level>(&deputy.level, lang)) " · " (deputy.electoral_unit)
                    }
                }
            }
            p.meta { (w(W::AsOf)) " " (snapshot.data.as_of) }
        },
    )
}

/// National first, township last.
pub fn level_order(code: &str) -> usize {
    code.parse::<Level>().map_or(usize::MAX, |l| l.index())
}

/// `text` made safe for a query string.
pub fn urlencoding(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
