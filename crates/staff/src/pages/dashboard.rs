//! `/staff/dashboard`: everyone's compliance at a glance — the working form judges every
//! deputy in scope under every rule set in force (counts and points) once per data change;
//! a filter (period, level, group, unit, name, status, sort) only re-reads the outcomes
//! (`lvzhi_domain::compliance::dashboard`). Paged, with each column's denominators, the
//! as-of date, a drill-down to a deputy's explanation, and CSV export.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use lvzhi_client::components::ErrorPanel;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::use_i18n;
use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::compliance::dashboard::{Dashboard, DashboardFilter, SortBy, dashboard, dashboard_csv, periods};
use lvzhi_domain::compliance::fast::{SlotOutcome, WorkingSet};
use lvzhi_domain::compliance::{Period, Status};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Level;
use lvzhi_domain::labels::Label;
use lvzhi_domain::lang::Lang;

use crate::data::{StaffData, use_staff_data};
use crate::i18n::{StaffMsg, fill, ts};

/// Rows per page.
const PAGE: usize = 50;

/// The working set and its outcomes for one read of the data.
pub struct Judged {
    pub working: WorkingSet,
    pub outcomes: Vec<SlotOutcome>,
    pub as_of: LocalDate,
}

thread_local! {
    static JUDGED: RefCell<Option<(usize, Arc<Judged>)>> = const { RefCell::new(None) };
}

/// Judges everyone in the data as of `as_of`, once per read of the data (kept until the data
/// is read again).
pub fn judged(data: &Arc<StaffData>, as_of: LocalDate) -> Result<Arc<Judged>, AppError> {
    let key = Arc::as_ptr(data) as usize;
    if let Some(cached) = JUDGED.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(k, j)| *k == key && j.as_of == as_of)
            .map(|(_, j)| j.clone())
    }) {
        return Ok(cached);
    }
    let reference = data.reference.as_ref();
    let rules = match reference {
        Some(reference) => reference.rule_book().map_err(|e| AppError::BadRules(e.to_string()))?,
        None => lvzhi_domain::rules::RuleBook::new(Vec::new()).map_err(|e| AppError::BadRules(e.to_string()))?,
    };
    let calendar = Calendar::new(
        reference.map(|r| r.terms.clone()).unwrap_or_default(),
        reference.map(|r| r.sessions.clone()).unwrap_or_default(),
    );
    let working = WorkingSet::build(
        &data.workspace.deputies,
        &data.records,
        &data.workspace.absences,
        &calendar,
        &rules,
    );
    let mut outcomes = Vec::new();
    working.evaluate(as_of, &mut outcomes);
    let judged = Arc::new(Judged {
        working,
        outcomes,
        as_of,
    });
    JUDGED.with(|c| *c.borrow_mut() = Some((key, judged.clone())));
    Ok(judged)
}

/// Deputies with a requirement at risk in the newest year (for the home page).
pub fn deputies_at_risk(data: &Arc<StaffData>, as_of: LocalDate) -> Result<usize, AppError> {
    let judged = judged(data, as_of)?;
    let filter = DashboardFilter {
        period: periods(&judged.working, &judged.outcomes)
            .into_iter()
            .find(|p| matches!(p, Period::Year(_))),
        status: Some(Status::AtRisk),
        ..Default::default()
    };
    Ok(
        dashboard(&judged.working, &judged.outcomes, &data.workspace.deputies, &filter)
            .rows
            .len(),
    )
}

/// A requirement's title in `lang`, from the rule sets the device holds.
pub fn requirement_title(data: &StaffData, rule_set: &str, requirement: &str, lang: Lang) -> String {
    let (set, requirement) = titles(data, rule_set, requirement, lang);
    format!("{set} · {requirement}")
}

/// The rule set's and the requirement's titles in `lang` (their ids when unknown).
fn titles(data: &StaffData, rule_set: &str, requirement: &str, lang: Lang) -> (String, String) {
    data.reference
        .as_ref()
        .and_then(|r| r.rule_sets.iter().rev().find(|s| s.id == rule_set))
        .and_then(|set| set.requirements.iter().find(|q| q.id == requirement).map(|q| (set, q)))
        .map_or_else(
            || (rule_set.to_owned(), requirement.to_owned()),
            |(set, q)| (set.title.get(lang).to_owned(), q.title.get(lang).to_owned()),
        )
}

fn period_label(period: Period, lang: Lang) -> String {
    match period {
        Period::Year(year) => fill(StaffMsg::YearOf, lang, &[("year", &year.to_string())]),
        Period::Term(term) => fill(StaffMsg::TermOf, lang, &[("term", &term.to_string())]),
    }
}

fn period_code(period: Period) -> String {
    match period {
        Period::Year(year) => format!("y{year}"),
        Period::Term(term) => format!("t{term}"),
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Met => "chip met",
        Status::AtRisk => "chip at-risk",
        Status::NotMet => "chip not-met",
        Status::InProgress => "chip in-progress",
        Status::NotApplicable => "chip",
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_staff_data();
    let session = lvzhi_client::session::use_session();
    let query = leptos_router::hooks::use_query_map();
    let initial_status = query
        .with_untracked(|q| q.get("status"))
        .and_then(|s| Status::parse_field(&s, "status").ok());
    let period = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(initial_status.map(|s| s.code().to_owned()).unwrap_or_default());
    let sort = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="card wide">
            <h1>{ts(i18n, StaffMsg::DashboardTitle)}</h1>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let today = lvzhi_client::records::today();
                let judged = judged(&data, today)?;
                let all_periods = periods(&judged.working, &judged.outcomes);
                let mut units: Vec<String> = data.workspace.deputies.iter().map(|d| d.electoral_unit.as_str().to_owned()).collect();
                units.sort();
                units.dedup();
                let groups = data.workspace.groups.clone();
                let (data2, judged2, periods2) = (data.clone(), judged.clone(), all_periods.clone());
                let timing = StoredValue::new((0u32, 0.0f64));
                let table = Memo::new(move |_| {
                    let started = now_millis();
                    let chosen = period.get();
                    let filter = DashboardFilter {
                        period: periods2.iter().copied().find(|p| period_code(*p) == chosen).or_else(|| periods2.first().copied()),
                        level: Level::parse_field(&level.get(), "level").ok(),
                        group: groups_lookup(&data2, &group.get()),
                        electoral_unit: Some(unit.get()).filter(|u| !u.is_empty()),
                        search: search.get(),
                        status: Status::parse_field(&status.get(), "status").ok(),
                        sort: sort.get().parse::<usize>().map(SortBy::Column).unwrap_or(SortBy::Name),
                    };
                    let table = Arc::new(dashboard(&judged2.working, &judged2.outcomes, &data2.workspace.deputies, &filter));
                    timing.update_value(|(count, ms)| {
                        *count += 1;
                        *ms = now_millis() - started;
                    });
                    table
                });
                let data3 = data.clone();
                let export = move |_| {
                    let lang = i18n.lang.get_untracked();
                    let csv = dashboard_csv(&table.get_untracked(), &data3.workspace.deputies, today, lang);
                    if let Err(problem) = lvzhi_client::download::offer(&format!("compliance-{today}.csv"), &csv, "text/csv;charset=utf-8") {
                        error.set(Some(problem));
                    }
                };
                let data4 = data.clone();
                let periods3 = all_periods.clone();
                let export_xlsx = move |_| {
                    let Some(token) = session.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone())) else { return };
                    let chosen = period.get_untracked();
                    let period_code = periods3.iter().copied().map(period_code).find(|c| *c == chosen).or_else(|| periods3.first().copied().map(period_code)).unwrap_or_default();
                    let mut query = vec![("period", period_code), ("lang", i18n.lang.get_untracked().code().to_owned())];
                    for (name, value) in [("level", level.get_untracked()), ("group", group.get_untracked()), ("unit", unit.get_untracked()), ("status", status.get_untracked()), ("search", search.get_untracked())] {
                        if !value.is_empty() {
                            query.push((name, value));
                        }
                    }
                    let query: Vec<String> = query.into_iter().map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(&v)))).collect();
                    let path = format!("/api/staff/compliance.xlsx?{}", query.join("&"));
                    leptos::task::spawn_local(async move {
                        let lang = i18n.lang.get_untracked();
                        match lvzhi_client::api::get_bytes(&path, &token).await {
                            Ok(bytes) => {
                                if let Err(problem) = lvzhi_client::download::offer_bytes(&format!("compliance-{today}.xlsx"), &bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
                                    error.set(Some(problem));
                                }
                            }
                            Err(problem) => error.set(Some(AppError::Api(problem).describe(lang))),
                        }
                    });
                };
                Ok::<_, AppError>(view! {
                    <div class="filters" role="search">
                        <label>{ts(i18n, StaffMsg::Period)}
                            <select id="dash-period" on:change=move |e| { period.set(event_target_value(&e)); page.set(0); }>
                                {all_periods.iter().map(|p| { let p = *p; view! { <option value=period_code(p)>{move || period_label(p, i18n.lang.get())}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label>{ts(i18n, StaffMsg::Level)}
                            <select id="dash-level" on:change=move |e| { level.set(event_target_value(&e)); page.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                {Level::ALL.iter().map(|l| { let l = *l; view! { <option value=l.code()>{move || l.label(i18n.lang.get())}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label>{ts(i18n, StaffMsg::Group)}
                            <select id="dash-group" on:change=move |e| { group.set(event_target_value(&e)); page.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                {groups.iter().map(|g| view! { <option value=g.id.to_string()>{g.name.as_str().to_owned()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.w(lvzhi_client::i18n::WorkMsg::ElectoralUnit)}
                            <select id="dash-unit" on:change=move |e| { unit.set(event_target_value(&e)); page.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                {units.into_iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.w(lvzhi_client::i18n::WorkMsg::Status)}
                            <select id="dash-status" prop:value=move || status.get() on:change=move |e| { status.set(event_target_value(&e)); page.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                {[Status::Met, Status::InProgress, Status::AtRisk, Status::NotMet].into_iter().map(|s| view! { <option value=s.code()>{move || s.label(i18n.lang.get())}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.w(lvzhi_client::i18n::WorkMsg::Search)}
                            <input id="dash-search" type="search" on:input=move |e| { search.set(event_target_value(&e)); page.set(0); }/>
                        </label>
                        <label>{ts(i18n, StaffMsg::SortBy)}
                            <select id="dash-sort" on:change=move |e| sort.set(event_target_value(&e))>
                                <option value="">{ts(i18n, StaffMsg::SortName)}</option>
                                {move || { let lang = i18n.lang.get(); table.get().columns.iter().enumerate().map(|(i, c)| {
                                    let name = requirement_title(&data4, &c.rule_set, &c.requirement, lang);
                                    view! { <option value=i.to_string()>{fill(StaffMsg::SortColumn, lang, &[("column", &name)])}</option> }
                                }).collect_view() }}
                            </select>
                        </label>
                        <button type="button" class="button" id="dash-export" on:click=export>{ts(i18n, StaffMsg::ExportCsv)}</button>
                        <button type="button" class="button" id="dash-export-xlsx" on:click=export_xlsx>{ts(i18n, StaffMsg::ExportXlsx)}</button>
                    </div>
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    {move || view_table(&data, &table.get(), page, today, i18n.lang.get(), timing.get_value())}
                })
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn groups_lookup(data: &StaffData, id: &str) -> Option<lvzhi_domain::ids::GroupId> {
    data.workspace
        .groups
        .iter()
        .find(|g| g.id.to_string() == id)
        .map(|g| g.id)
}

/// The page's clock, in milliseconds (for the recompute figure the benchmark reads).
fn now_millis() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn view_table(
    data: &Arc<StaffData>,
    table: &Dashboard,
    page: RwSignal<usize>,
    today: LocalDate,
    lang: Lang,
    (recomputes, recompute_ms): (u32, f64),
) -> impl IntoView + use<> {
    let pages = table.rows.len().div_ceil(PAGE).max(1);
    let current = page.get().min(pages - 1);
    let head = table
        .columns
        .iter()
        .map(|c| {
            let counts = fill(
                StaffMsg::ColumnCounts,
                lang,
                &[
                    ("held", &c.held.to_string()),
                    ("met", &c.met.to_string()),
                    ("at_risk", &c.at_risk.to_string()),
                    ("not_met", &c.not_met.to_string()),
                ],
            );
            let (set, requirement) = titles(data, &c.rule_set, &c.requirement, lang);
            view! { <th scope="col" data-requirement=c.requirement.clone()>{requirement}<span class="muted block small" title=set.clone()>{set.clone()}</span>
            <span class="muted block">{format!("≥ {}", lvzhi_domain::labels::figure(c.unit, c.minimum, lang))}</span>
            <span class="muted block">{counts}</span></th> }
        })
        .collect_view();
    let rows = table.rows[current * PAGE..((current + 1) * PAGE).min(table.rows.len())]
        .iter()
        .map(|row| {
            let deputy = &data.workspace.deputies[row.deputy];
            let href = lvzhi_client::profile::app_path(&format!("/deputy/{}", deputy.id));
            let cells = row
                .cells
                .iter()
                .zip(&table.columns)
                .map(|(cell, column)| match cell {
                    Some(cell) => view! { <td data-status=cell.status.code()><span class=status_class(cell.status)>{cell.status.label(lang)}</span>" "{lvzhi_domain::labels::figure(column.unit, cell.score, lang)}</td> }.into_any(),
                    None => view! { <td class="muted">"—"</td> }.into_any(),
                })
                .collect_view();
            view! { <tr><th scope="row"><a href=href>{deputy.name.as_str().to_owned()}</a>
                <span class="muted block">{deputy.level.label(lang)}" · "{deputy.electoral_unit.as_str().to_owned()}</span></th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <p id="dash-summary" data-recomputes=recomputes.to_string() data-recompute-ms=format!("{recompute_ms:.2}")>{fill(StaffMsg::AsOf, lang, &[("date", &today.to_string()), ("count", &table.rows.len().to_string())])}</p>
        <div class="table-scroll">
            <table class="dashboard" id="dashboard">
                <thead><tr><th scope="col">{StaffMsg::Deputy.text(lang)}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager">
            <button type="button" class="button" disabled=current == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{StaffMsg::PreviousPage.text(lang)}</button>
            <span>{fill(StaffMsg::PageOf, lang, &[("page", &(current + 1).to_string()), ("pages", &pages.to_string())])}</span>
            <button type="button" class="button" id="dash-next" disabled=current + 1 >= pages on:click=move |_| page.update(|p| *p += 1)>{StaffMsg::NextPage.text(lang)}</button>
        </nav>
    }
}
