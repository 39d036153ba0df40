//! A deputy's public profile: who they are and where they receive the public; their
//! standing on each requirement per year and term, each figure with its denominator and
//! the deputy's right-of-reply notes beside it; records still pending said apart; approved
//! activities (public fields); published suggestions. Also a printable version.

use lvzhi_domain::compliance::Status;
use lvzhi_domain::deputy::Level;
use lvzhi_domain::labels::Lang;
use lvzhi_domain::organisation::GroupKind;
use lvzhi_domain::public::{PublicDeputy, PublicNote, PublicStanding};
use lvzhi_domain::suggestion::HandlingStage;
use maud::{Markup, html};

use super::cache::Snapshot;
use super::format::{figure, fill, label, period_name, term_name};
use super::layout::{PageMeta, addresses, href, page};
use super::words::W;

/// Activities the profile lists (the printable version and the downloads have more).
const ACTIVITIES_SHOWN: usize = 30;
/// Activities the printable version lists.
const ACTIVITIES_PRINTED: usize = 1_000;
/// Periods shown open; older ones are folded.
const PERIODS_OPEN: usize = 2;

/// The standings grouped by period, in the order given (newest first).
fn by_period(standings: &[PublicStanding]) -> Vec<(&str, Vec<&PublicStanding>)> {
    let mut groups: Vec<(&str, Vec<&PublicStanding>)> = Vec::new();
    for standing in standings {
        match groups.iter_mut().find(|(p, _)| *p == standing.period) {
            Some((_, list)) => list.push(standing),
            None => groups.push((&standing.period, vec![standing])),
        }
    }
    groups
}

/// The line a search result or link preview shows.
fn description(deputy: &PublicDeputy, as_of: &str, lang: Lang) -> String {
    let newest = by_period(&deputy.standings).into_iter().next();
    let (met, held) = newest.map_or((0, 0), |(_, list)| {
        (
            list.iter().filter(|s| s.status == Status::Met.code()).count(),
            list.len(),
        )
    });
    fill(
        W::ProfileDescription.text(lang),
        &[
            ("level", label::<Level>(&deputy.level, lang)),
            ("unit", deputy.electoral_unit.clone()),
            ("date", as_of.to_owned()),
            ("met", met.to_string()),
            ("held", held.to_string()),
        ],
    )
}

/// The profile page; `printable` shows every period open, more activities and no links out.
pub fn profile(snapshot: &Snapshot, deputy: &PublicDeputy, lang: Lang, origin: &str, printable: bool) -> Markup {
    let w = |word: W| word.text(lang);
    let as_of = snapshot.data.as_of.to_string();
    let title = format!("{} · {}", deputy.name, label::<Level>(&deputy.level, lang));
    let description = description(deputy, &as_of, lang);
    let path = format!("/deputies/{}", deputy.id);
    let meta = PageMeta {
        lang,
        origin,
        title: &title,
        description: &description,
        addresses: (!printable).then(|| addresses(&path)),
    };
    let shown = if printable {
        ACTIVITIES_PRINTED
    } else {
        ACTIVITIES_SHOWN
    };
    page(
        &meta,
        html! {
            @if printable {
                p.noprint { a href=(href(lang, &path)) { (w(W::BackToProfile)) } }
            } @else {
                p.crumbs { a href=(href(lang, "/deputies")) { (w(W::NavFind)) } " › " (deputy.electoral_unit) }
            }
            h1 { (deputy.name) }
            dl.facts {
                dt { (w(W::Level)) } dd { (label::<Level>(&deputy.level, lang)) }
                dt { (w(W::ElectoralUnit)) } dd { (deputy.electoral_unit) }
                @if let Some(occupation) = &deputy.occupation {
                    dt { (w(W::Occupation)) } dd { (occupation) }
                }
                dt { (w(W::Terms)) }
                dd {
                    @for (i, term) in deputy.terms.iter().enumerate() {
                        @if i > 0 { "；" }
                        (term_name(term.term, lang)) " " (term.from) "–" (term.until)
                    }
                }
                @if !deputy.groups.is_empty() {
                    dt { (w(W::Groups)) }
                    dd {
                        @for (i, group) in deputy.groups.iter().enumerate() {
                            @if i > 0 { "；" }
                            (group.name) " (" (label::<GroupKind>(&group.kind, lang)) ")"
                        }
                    }
                }
                @if !deputy.stations.is_empty() {
                    dt { (w(W::Stations)) }
                    dd {
                        @for (i, station) in deputy.stations.iter().filter_map(|id| snapshot.station(id)).enumerate() {
                            @if i > 0 { "；" }
                            a href=(href(lang, &format!("/stations/{}", station.id))) { (station.name) }
                        }
                    }
                }
            }
            h2 #standings { (w(W::Standings)) }
            p.meta { (w(W::AsOf)) " " time datetime=(as_of) { (as_of) } }
            @if deputy.pending_records > 0 {
                p.pending { (fill(w(W::PendingRecords), &[("n", deputy.pending_records.to_string())])) }
            }
            @if deputy.standings.is_empty() { p { (w(W::NoneYet)) } }
            @for (i, (period, list)) in by_period(&deputy.standings).into_iter().enumerate() {
                @if printable || i < PERIODS_OPEN {
                    h3 { (period_name(period, lang)) }
                    (standings_table(&list, lang))
                } @else {
                    details {
                        summary { (period_name(period, lang)) }
                        (standings_table(&list, lang))
                    }
                }
            }
            h2 { (w(W::Activities)) " " span.count { "(" (deputy.activities.len()) ")" } }
            @if deputy.activities.is_empty() {
                p { (w(W::NoneYet)) }
            } @else {
                @if deputy.activities.len() > shown {
                    p.meta {
                        (fill(w(W::ActivitiesShown), &[("shown", shown.to_string()), ("total", deputy.activities.len().to_string())]))
                        " " a href="/api/public/v1/activities.csv" { (w(W::DownloadCsv)) }
                    }
                }
                div.scroll tabindex="0" {
                    table {
                        thead { tr { th scope="col" { (w(W::Date)) } th scope="col" { (w(W::Kind)) } th scope="col" { (w(W::Station)) } } }
                        tbody {
                            @for activity in deputy.activities.iter().take(shown) {
                                tr {
                                    td { (activity.date) }
                                    td {
                                        (label::<lvzhi_domain::activity::ActivityKind>(&activity.kind, lang))
                                        @for note in &activity.notes { (note_block(note, lang)) }
                                    }
                                    td {
                                        @if let Some(station) = activity.station.as_deref().and_then(|id| snapshot.station(id)) {
                                            a href=(href(lang, &format!("/stations/{}", station.id))) { (station.name) }
                                        } @else { "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (w(W::PublishedSuggestions)) " " span.count { "(" (deputy.suggestions.len()) ")" } }
            @if deputy.suggestions.is_empty() { p { (w(W::NoneYet)) } }
            ul.plain {
                @for suggestion in deputy.suggestions.iter().filter_map(|id| snapshot.suggestion(id)) {
                    li {
                        a href=(href(lang, &format!("/suggestions/{}", suggestion.id))) { (suggestion.title) }
                        " · " (suggestion.year) " · " (label::<HandlingStage>(&suggestion.stage, lang))
                    }
                }
            }
            @if !printable {
                p.noprint { a href=(href(lang, &format!("{path}/print"))) { (w(W::Printable)) } }
            }
        },
    )
}

/// One period's requirements: the figure of the minimum, the status, the notes beside.
fn standings_table(list: &[&PublicStanding], lang: Lang) -> Markup {
    let w = |word: W| word.text(lang);
    html! {
        div.scroll tabindex="0" {
            table.standings {
                thead { tr { th scope="col" { (w(W::Requirement)) } th scope="col" { (w(W::Reached)) } th scope="col" { (w(W::Status)) } } }
                tbody {
                    @for standing in list {
                        tr {
                            th scope="row" {
                                (standing.title.get(lang))
                                @for note in &standing.notes { (note_block(note, lang)) }
                            }
                            td.figure { (figure(&standing.unit, standing.score, lang)) " / " (figure(&standing.unit, standing.minimum, lang)) }
                            td {
                                span class={ "status " (standing.status) } { (label::<Status>(&standing.status, lang)) }
                                @if let Some(band) = &standing.band_title {
                                    br; (w(W::Band)) "：" (band.get(lang))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A right-of-reply note, beside what it answers.
fn note_block(note: &PublicNote, lang: Lang) -> Markup {
    html! {
        blockquote.note {
            b { (W::DeputyNote.text(lang)) " (" (note.written_on) ")：" }
            (note.text)
        }
    }
}
