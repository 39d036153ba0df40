//! 履职统计: one year's or term's figures — activities by kind, opinion items, suggestions
//! and their handling, each with its denominator — and how deputies stand on each
//! requirement: the share meeting it, the distribution as an accessible SVG chart with its
//! table, and breakdowns by level, district and liaison group. Small cells are already
//! suppressed by the domain; every figure carries the period's last day counted.

use lvzhi_domain::deputy::Level;
use lvzhi_domain::labels::Lang;
use lvzhi_domain::public::disclosure::Cell;
use lvzhi_domain::public::{BreakdownRow, Bucket, FiguresOf, PeriodStatistics, RequirementStatistics};
use maud::{Markup, html};

use super::cache::Snapshot;
use super::format::{figure_name, fill, label, percent, period_name};
use super::layout::{PageMeta, addresses, href, page};
use super::words::W;

/// The period the plain statistics page shows: the newest year, else the first listed.
pub fn default_period(snapshot: &Snapshot) -> Option<&PeriodStatistics> {
    let stats = &snapshot.data.statistics;
    stats
        .iter()
        .filter(|p| p.period.starts_with('y'))
        .max_by_key(|p| p.first)
        .or_else(|| stats.first())
}

/// The statistics page of `period`; `canonical` is its address without the language.
pub fn statistics(snapshot: &Snapshot, period: &PeriodStatistics, lang: Lang, origin: &str, canonical: &str) -> Markup {
    let w = |word: W| word.text(lang);
    let name = period_name(&period.period, lang);
    let title = format!("{} · {name}", w(W::StatisticsTitle));
    let meta = PageMeta {
        lang,
        origin,
        title: &title,
        description: w(W::StatisticsDescription),
        addresses: Some(addresses(canonical)),
    };
    let csv = format!("/api/public/v1/statistics/{}.csv", period.period);
    let json = format!("/api/public/v1/statistics/{}", period.period);
    page(
        &meta,
        html! {
            h1 { (w(W::StatisticsTitle)) " · " (name) }
            nav.periods aria-label=(w(W::Period)) {
                ul {
                    @for other in &snapshot.data.statistics {
                        li {
                            a href=(href(lang, &format!("/statistics/{}", other.period)))
                                aria-current=[(other.period == period.period).then_some("page")] { (period_name(&other.period, lang)) }
                        }
                    }
                }
            }
            p.meta {
                (w(W::AsOf)) " " time datetime=(period.last.to_string()) { (period.last) }
                " (" (period.first) "–" (period.last) ") · "
                (w(W::DeputiesServing)) " " b { (period.deputies) }
            }
            p.downloads { a href=(csv) download { (w(W::DownloadCsv)) } " · " a href=(json) { (w(W::DownloadJson)) } }
            @if period.pending_records > 0 {
                p.pending { (fill(w(W::PendingStatistics), &[("n", period.pending_records.to_string())])) }
            }
            h2 { (w(W::ActivityFigures)) }
            div.scroll tabindex="0" {
                table.figures {
                    thead { tr { th scope="col" { (w(W::Figure)) } th scope="col" { (w(W::Count)) } th scope="col" { (w(W::OutOf)) } } }
                    tbody {
                        @for f in &period.figures {
                            tr {
                                th scope="row" { (figure_name(&f.key, lang)) }
                                td.figure { (f.value) }
                                td.figure {
                                    @if let Some(of) = f.denominator {
                                        (f.value) " / " (of) " " (percent(f.value, of))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (w(W::ActivitiesByLevel)) }
            (activities_table(w(W::ByLevel), &period.activities_by_level, lang, true))
            details {
                summary { (w(W::ByDistrict)) " · " (w(W::ByGroup)) }
                (activities_table(w(W::ByDistrict), &period.activities_by_district, lang, false))
                (activities_table(w(W::ByGroup), &period.activities_by_group, lang, false))
            }
            h2 { (w(W::MeetingRequirements)) }
            p.meta { (w(W::SmallCells)) }
            @for (i, r) in period.requirements.iter().enumerate() {
                (requirement(r, i, lang))
            }
        },
    )
}

/// Approved activities by kind, one row per level, district or group, with its deputies.
fn activities_table(title: &str, rows: &[FiguresOf], lang: Lang, levels: bool) -> Markup {
    let w = |word: W| word.text(lang);
    let kinds = lvzhi_domain::activity::ActivityKind::ALL;
    html! {
        div.scroll tabindex="0" {
            table.breakdown {
                caption { (title) }
                thead { tr {
                    th scope="col" { (title) }
                    th scope="col" { (w(W::DeputiesServing)) }
                    @for kind in kinds { th scope="col" { (figure_name(kind.code(), lang)) } }
                } }
                tbody {
                    @for row in rows {
                        tr {
                            th scope="row" { (row_name(&row.key, &row.label, lang, levels)) }
                            td.figure { (row.deputies.text()) }
                            @for kind in kinds {
                                td.figure { (row.activities.get(kind.code()).copied().unwrap_or(0)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A breakdown row's name: a level in words, "no liaison group", or its label.
fn row_name(key: &str, label_text: &str, lang: Lang, levels: bool) -> String {
    if levels {
        label::<Level>(key, lang)
    } else if key == "none" {
        W::NoGroup.text(lang).to_owned()
    } else {
        label_text.to_owned()
    }
}

fn share(met: Cell, held: Cell, lang: Lang) -> String {
    let mut text = fill(W::MetShare.text(lang), &[("met", met.text()), ("held", held.text())]);
    if let (Some(m), Some(h)) = (met.value(), held.value()) {
        text.push_str(&format!(" ({})", percent(m, h)));
    }
    text
}

fn requirement(r: &RequirementStatistics, index: usize, lang: Lang) -> Markup {
    let w = |word: W| word.text(lang);
    let title = r.title.get(lang);
    html! {
        section.requirement {
            h3 { (title) }
            p { b { (share(r.met, r.held, lang)) } }
            @if r.unit != "records" { p.meta { (w(W::PointsNote)) } }
            (chart(&r.distribution, &fill(w(W::DistributionOf), &[("title", title.to_owned())]), &format!("c{index}"), lang))
            details {
                summary { (w(W::ByLevel)) " · " (w(W::ByDistrict)) " · " (w(W::ByGroup)) }
                (breakdown(w(W::ByLevel), &r.by_level, lang, true))
                (breakdown(w(W::ByDistrict), &r.by_district, lang, false))
                (breakdown(w(W::ByGroup), &r.by_group, lang, false))
            }
        }
    }
}

fn bucket_label(bucket: &Bucket, lang: Lang) -> String {
    match &bucket.title {
        Some(title) => title.get(lang).to_owned(),
        None if bucket.label == "-" => "—".to_owned(),
        None => bucket.label.clone(),
    }
}

/// A horizontal bar chart of a distribution, drawn with presentation attributes only (the
/// page's CSP allows no inline style), named by its title and followed by its table.
fn chart(buckets: &[Bucket], caption: &str, id: &str, lang: Lang) -> Markup {
    let w = |word: W| word.text(lang);
    let largest = buckets
        .iter()
        .filter_map(|b| b.deputies.value())
        .max()
        .unwrap_or(0)
        .max(1);
    let row = 28u32;
    let height = row * buckets.len() as u32 + 8;
    let summary: Vec<String> = buckets
        .iter()
        .map(|b| format!("{}: {}", bucket_label(b, lang), b.deputies.text()))
        .collect();
    html! {
        figure.chart {
            figcaption #{ (id) "-title" } { (caption) }
            svg viewBox={ "0 0 320 " (height) } width="100%" role="img"
                aria-labelledby={ (id) "-title " (id) "-desc" } xmlns="http://www.w3.org/2000/svg" {
                title { (caption) }
                desc #{ (id) "-desc" } { (summary.join("; ")) }
                @for (i, b) in buckets.iter().enumerate() {
                    @let y = 4 + row * i as u32;
                    @let width = b.deputies.value().map_or(0, |v| (v * 200).div_ceil(largest));
                    text x="76" y=(y + 18) text-anchor="end" font-size="13" fill="#1f1d1a" { (bucket_label(b, lang)) }
                    rect x="82" y=(y + 4) width=(width) height="18" rx="2" fill="#a8231b" {}
                    text x=(88 + width) y=(y + 18) font-size="13" fill="#1f1d1a" { (b.deputies.text()) }
                }
            }
            div.scroll tabindex="0" {
                table {
                    caption.visually-hidden { (caption) }
                    thead { tr { th scope="col" { (w(W::Distribution)) } th scope="col" { (w(W::Deputies)) } } }
                    tbody {
                        @for b in buckets {
                            tr { th scope="row" { (bucket_label(b, lang)) } td.figure { (b.deputies.text()) } }
                        }
                    }
                }
            }
        }
    }
}

fn breakdown(title: &str, rows: &[BreakdownRow], lang: Lang, levels: bool) -> Markup {
    let w = |word: W| word.text(lang);
    html! {
        div.scroll tabindex="0" {
            table.breakdown {
                caption { (title) }
                thead { tr {
                    th scope="col" { (title) } th scope="col" { (w(W::Held)) }
                    th scope="col" { (w(W::Met)) } th scope="col" { (w(W::NotYet)) }
                } }
                tbody {
                    @for row in rows {
                        tr {
                            th scope="row" { (row_name(&row.key, &row.label, lang, levels)) }
                            td.figure { (row.held.text()) }
                            td.figure { (row.met.text()) }
                            td.figure { (row.not_yet.text()) }
                        }
                    }
                }
            }
        }
    }
}
