//! Published suggestions (建议公开): browse by year, category, unit and stage; each one with
//! its public text, how it was handled, the units' replies, the promises and their status,
//! and both of the deputy's receipts.

use lvzhi_domain::handling::SuggestionCategory;
use lvzhi_domain::labels::{Label, Lang};
use lvzhi_domain::public::PublicSuggestion;
use lvzhi_domain::suggestion::{Fulfilment, HandlingStage, Satisfaction, SuggestionKind};
use maud::{Markup, html};

use super::cache::Snapshot;
use super::find::urlencoding;
use super::format::{fill, label};
use super::layout::{PageMeta, addresses, href, page};
use super::open_data::SuggestionFilter;
use super::words::W;

/// Suggestions per page of the list.
pub const PER_PAGE: usize = 20;

/// The list's query as a form sends it (empty fields for "any").
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListForm {
    /// The year submitted.
    pub year: Option<String>,
    /// A category's code.
    pub category: Option<String>,
    /// A handling unit's name.
    pub unit: Option<String>,
    /// A stage's code.
    pub stage: Option<String>,
    /// The page, from 1.
    pub page: Option<String>,
}

/// The list's query, read.
#[derive(Debug, Default)]
pub struct ListQuery {
    /// Year, category, unit, stage.
    pub filter: SuggestionFilter,
    /// The page, from 1.
    pub page: Option<usize>,
}

impl ListForm {
    /// The query, or which field is not a number.
    pub fn read(self) -> Result<ListQuery, &'static str> {
        let number = |text: Option<String>, field: &'static str| -> Result<Option<i64>, &'static str> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t.parse::<i64>().map(Some).map_err(|_| field),
            }
        };
        let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let year = number(self.year, "year")?
            .map(|y| i32::try_from(y).map_err(|_| "year"))
            .transpose()?;
        let page = number(self.page, "page")?.map(|p| usize::try_from(p.max(1)).unwrap_or(1));
        Ok(ListQuery {
            filter: SuggestionFilter {
                year,
                category: text(self.category),
                unit: text(self.unit),
                stage: text(self.stage),
            },
            page,
        })
    }
}

impl ListQuery {
    /// Whether this is the unfiltered first page (the one to cache and index).
    pub fn is_plain(&self) -> bool {
        self.filter.is_empty() && self.page.unwrap_or(1) == 1
    }

    fn link(&self, lang: Lang, page: usize) -> String {
        let f = &self.filter;
        let mut query = vec![];
        if let Some(year) = f.year {
            query.push(format!("year={year}"));
        }
        for (name, value) in [("category", &f.category), ("unit", &f.unit), ("stage", &f.stage)] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                query.push(format!("{name}={}", urlencoding(value)));
            }
        }
        query.push(format!("page={page}"));
        format!("{}?{}", href(lang, "/suggestions"), query.join("&"))
    }
}

/// The list page.
pub fn list(snapshot: &Snapshot, query: &ListQuery, lang: Lang, origin: &str) -> Markup {
    let w = |word: W| word.text(lang);
    let all = &snapshot.data.suggestions;
    let matching: Vec<&PublicSuggestion> = all.iter().filter(|s| query.filter.passes(s)).collect();
    let pages = matching.len().div_ceil(PER_PAGE).max(1);
    let at = query.page.unwrap_or(1).clamp(1, pages);
    let mut years: Vec<i32> = all.iter().map(|s| s.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut units: Vec<&str> = all
        .iter()
        .flat_map(|s| s.lead_unit.iter().chain(&s.co_units))
        .map(String::as_str)
        .collect();
    units.sort_unstable();
    units.dedup();
    let f = &query.filter;
    let meta = PageMeta {
        lang,
        origin,
        title: w(W::SuggestionsTitle),
        description: w(W::SuggestionsDescription),
        addresses: query.is_plain().then(|| addresses("/suggestions")),
    };
    page(
        &meta,
        html! {
            h1 { (w(W::SuggestionsTitle)) }
            p.lead { (w(W::SuggestionsDescription)) }
            form.filters method="get" action=(href(lang, "/suggestions")) {
                div.field {
                    label for="year" { (w(W::Year)) }
                    select #year name="year" {
                        option value="" { (w(W::Any)) }
                        @for year in &years { option value=(year) selected[f.year == Some(*year)] { (year) } }
                    }
                }
                div.field {
                    label for="category" { (w(W::Category)) }
                    select #category name="category" {
                        option value="" { (w(W::Any)) }
                        @for c in SuggestionCategory::ALL {
                            option value=(c.code()) selected[f.category.as_deref() == Some(c.code())] { (c.label(lang)) }
                        }
                    }
                }
                div.field {
                    label for="unit" { (w(W::Unit)) }
                    select #unit name="unit" {
                        option value="" { (w(W::Any)) }
                        @for unit in &units { option value=(unit) selected[f.unit.as_deref() == Some(*unit)] { (unit) } }
                    }
                }
                div.field {
                    label for="stage" { (w(W::Stage)) }
                    select #stage name="stage" {
                        option value="" { (w(W::Any)) }
                        @for s in HandlingStage::ALL.iter().filter(|s| !matches!(s, HandlingStage::Draft | HandlingStage::Returned)) {
                            option value=(s.code()) selected[f.stage.as_deref() == Some(s.code())] { (s.label(lang)) }
                        }
                    }
                }
                button type="submit" { (w(W::Filter)) }
            }
            p.meta {
                (fill(w(W::SuggestionsCount), &[("n", matching.len().to_string())]))
                " · " (w(W::AsOf)) " " (snapshot.data.as_of)
                " · " a href="/api/public/v1/suggestions.csv" { (w(W::DownloadCsv)) }
            }
            ol.cards {
                @for s in matching.iter().skip((at - 1) * PER_PAGE).take(PER_PAGE) {
                    li {
                        h2 { a href=(href(lang, &format!("/suggestions/{}", s.id))) { (s.title) } }
                        p.meta {
                            (s.year) " · " (label::<SuggestionKind>(&s.kind, lang))
                            @if let Some(c) = &s.category { " · " (label::<SuggestionCategory>(c, lang)) }
                            @if let Some(u) = &s.lead_unit { " · " (u) }
                        }
                        p {
                            span.stage { (label::<HandlingStage>(&s.stage, lang)) }
                            @if s.key_supervision { " " span.key { (w(W::KeySupervision)) } }
                            @if let Some(r) = &s.reply_receipt { " · " (w(W::ReplyReceipt)) "：" (label::<Satisfaction>(&r.satisfaction, lang)) }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label=(w(W::Next)) {
                    @if at > 1 { a rel="prev" href=(query.link(lang, at - 1)) { (w(W::Previous)) } }
                    span { (at) " / " (pages) }
                    @if at < pages { a rel="next" href=(query.link(lang, at + 1)) { (w(W::Next)) } }
                }
            }
        },
    )
}

/// One published suggestion.
pub fn one(snapshot: &Snapshot, s: &PublicSuggestion, lang: Lang, origin: &str) -> Markup {
    let w = |word: W| word.text(lang);
    let description: String = s.body.chars().take(110).collect();
    let meta = PageMeta {
        lang,
        origin,
        title: &s.title,
        description: &description,
        addresses: Some(addresses(&format!("/suggestions/{}", s.id))),
    };
    page(
        &meta,
        html! {
            p.crumbs { a href=(href(lang, "/suggestions")) { (w(W::NavSuggestions)) } " › " (s.year) }
            h1 { (s.title) }
            p {
                span.stage { (label::<HandlingStage>(&s.stage, lang)) }
                @if s.key_supervision { " " span.key { (w(W::KeySupervision)) } }
            }
            @if s.rounds > 1 { p.pending { (w(W::SecondRound)) } }
            dl.facts {
                dt { (w(W::Kind)) } dd { (label::<SuggestionKind>(&s.kind, lang)) }
                dt { (w(W::Submitted)) } dd { (s.submitted_on) }
                dt { (w(W::Published)) } dd { (s.published_on) }
                @if let Some(c) = &s.category { dt { (w(W::Category)) } dd { (label::<SuggestionCategory>(c, lang)) } }
                dt { (w(W::SignedBy)) }
                dd {
                    @for (i, deputy) in s.deputies.iter().filter_map(|id| snapshot.deputy(id)).enumerate() {
                        @if i > 0 { "、" }
                        a href=(href(lang, &format!("/deputies/{}", deputy.id))) { (deputy.name) }
                    }
                }
                @if let Some(u) = &s.lead_unit { dt { (w(W::LeadUnit)) } dd { (u) } }
                @if !s.co_units.is_empty() { dt { (w(W::CoUnits)) } dd { (s.co_units.join("、")) } }
            }
            h2 { (w(W::SuggestionText)) }
            p.body { (s.body) }
            h2 { (w(W::Handling)) }
            p.body { (s.handling) }
            h2 { (w(W::Replies)) }
            @if s.replies.is_empty() { p { (w(W::NoneYet)) } }
            @for reply in &s.replies {
                section.reply {
                    h3 { (reply.unit) " · " (reply.date) }
                    p.body { (reply.summary) }
                }
            }
            h2 { (w(W::ReplyReceipt)) }
            p.receipt {
                @match &s.reply_receipt {
                    Some(r) => { b { (label::<Satisfaction>(&r.satisfaction, lang)) } " (" (r.date) ")" },
                    None => (w(W::NotGiven)),
                }
            }
            h2 { (w(W::Promises)) }
            @if s.promises.is_empty() { p { (w(W::NoneYet)) } } @else {
                div.scroll tabindex="0" {
                    table {
                        thead { tr {
                            th scope="col" { (w(W::Promises)) } th scope="col" { (w(W::Due)) }
                            th scope="col" { (w(W::DoneOn)) } th scope="col" { (w(W::PromiseReceipt)) }
                        } }
                        tbody {
                            @for p in &s.promises {
                                tr {
                                    td { (p.action) }
                                    td { @if let Some(due) = p.due { (due) } @else { "—" } }
                                    td { @if let Some(done) = p.done_on { (done) } @else { (w(W::NotReportedDone)) } }
                                    td { @match &p.receipt { Some(r) => (label::<Fulfilment>(r, lang)), None => (w(W::NotGiven)) } }
                                }
                            }
                        }
                    }
                }
            }
            @if !s.raised_before.is_empty() {
                h2 { (w(W::RaisedBefore)) }
                ul.plain {
                    @for earlier in &s.raised_before {
                        li {
                            (earlier.year) " · "
                            @match (&earlier.id, &earlier.title) {
                                (Some(id), Some(title)) => a href=(href(lang, &format!("/suggestions/{id}"))) { (title) },
                                _ => (w(W::NoneYet)),
                            }
                        }
                    }
                }
            }
        },
    )
}
