//! `/report`: the printable report to the electoral unit (述职报告) for one year or the whole
//! term: the deputy, the standing on each requirement, and the activities by kind. Built from
//! the data on the device, so it works offline; the print stylesheet drops the app's chrome.

use leptos::prelude::*;
use lvzhi_domain::activity::{Activity, ActivityKind, Review};
use lvzhi_domain::compliance::{Calendar, Period, RequirementResult, evaluate_deputy};
use lvzhi_domain::labels::Label;

use crate::error::AppError;
use crate::i18n::{WorkMsg, use_i18n};
use crate::records::today;
use crate::sync::use_sync;

fn in_period(activity: &Activity, period: Period, term: Option<&lvzhi_domain::calendar::Term>) -> bool {
    match period {
        Period::Year(year) => activity.date.year() == year,
        Period::Term(_) => term.is_some_and(|t| t.start <= activity.date && activity.date <= t.end),
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let as_of = today();
    let choice = RwSignal::new(String::from("term"));
    let data = LocalResource::new(move || {
        sync.data_version.track();
        super::compliance::load()
    });
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            crate::error::warn_on_failure("printing", window.print());
        }
    };
    view! {
        <section class="card report">
            <div class="card-head no-print">
                <h1>{i18n.tw(WorkMsg::NavReport)}</h1>
                <div class="form-actions">
                    <label>{i18n.tw(WorkMsg::ReportPeriod)}" "
                        <select id="report-period" on:change=move |e| choice.set(event_target_value(&e))>
                            <option value="term" selected=true>{i18n.tw(WorkMsg::WholeTerm)}</option>
                            {move || (as_of.year() - 4..=as_of.year()).rev().map(|y| view! { <option value=y.to_string()>{y}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" class="button primary" id="print" on:click=print>{i18n.tw(WorkMsg::Print)}</button>
                </div>
            </div>
            <Transition>
                {move || Suspend::new(async move {
                    let loaded = data.await?;
                    let Some(reference) = loaded.reference.clone() else {
                        return Ok(view! { <p class="notice">{i18n.tw(WorkMsg::NeedsReference)}</p> }.into_any());
                    };
                    let Some(deputy) = reference.deputy.clone() else {
                        return Ok(view! { <p class="notice">{i18n.tw(WorkMsg::NotADeputy)}</p> }.into_any());
                    };
                    let term = reference.terms.iter().find(|t| t.start <= as_of && as_of <= t.end).cloned();
                    let period = match choice.get().parse::<i32>() {
                        Ok(year) => Period::Year(year),
                        Err(_) => Period::Term(term.as_ref().map_or(0, |t| t.number)),
                    };
                    let calendar = Calendar::new(reference.terms.clone(), reference.sessions.clone());
                    let rules = reference.rule_book().map_err(|e| AppError::BadRules(e.to_string()))?;
                    let results: Vec<RequirementResult> = evaluate_deputy(&deputy, loaded.activities.values(), &loaded.absences, &calendar, &rules, as_of)
                        .results
                        .into_iter()
                        .filter(|r| match period {
                            Period::Term(n) => r.term == n,
                            Period::Year(_) => r.period == period,
                        })
                        .collect();
                    let mut mine: Vec<Activity> = loaded
                        .activities
                        .values()
                        .filter(|a| a.deputies.contains(&deputy.id) && in_period(a, period, term.as_ref()))
                        .filter(|a| !matches!(a.review, Review::Rejected { .. }))
                        .cloned()
                        .collect();
                    mine.sort_unstable_by_key(|a| (a.date, a.id));
                    let period_text = move || match period {
                        Period::Year(year) => i18n.w(WorkMsg::YearHeading).replace("{n}", &year.to_string()),
                        Period::Term(n) => i18n.w(WorkMsg::TermHeading).replace("{n}", &n.to_string()),
                    };
                    let title_for = {
                        let reference = reference.clone();
                        move |result: &RequirementResult| {
                            reference
                                .rule_sets
                                .iter()
                                .flat_map(|set| set.requirements.iter())
                                .find(|r| r.id == result.requirement)
                                .map(|r| r.title.get(i18n.lang.get_untracked()).to_owned())
                                .map(|title| match result.period {
                                    Period::Year(year) => format!("{year} · {title}"),
                                    Period::Term(_) => title,
                                })
                                .unwrap_or_else(|| result.requirement.clone())
                        }
                    };
                    let name = deputy.name.as_str().to_owned();
                    let unit = deputy.electoral_unit.as_str().to_owned();
                    Ok::<_, AppError>(view! {
                        <header class="report-head">
                            <h2 id="report-title">{i18n.tw(WorkMsg::ReportTitle)}</h2>
                            <p class="report-who">{move || i18n.w(WorkMsg::ReportFor).replace("{name}", &name)}" · "{period_text}</p>
                            <p class="muted">{i18n.tw(WorkMsg::ElectoralUnit)}": "{unit.clone()}</p>
                        </header>
                        <h3>{i18n.tw(WorkMsg::ReportCompliance)}</h3>
                        <table class="table" id="report-compliance">
                            <thead><tr>
                                <th scope="col">{move || i18n.t(crate::i18n::Msg::Requirement)}</th>
                                <th scope="col" class="number">{i18n.tw(WorkMsg::CountedOfMinimum)}</th>
                                <th scope="col" class="number">{i18n.tw(WorkMsg::PendingApart)}</th>
                                <th scope="col">{i18n.tw(WorkMsg::Status)}</th>
                            </tr></thead>
                            <tbody>
                                {results.iter().map(|r| {
                                    let status = r.status;
                                    view! { <tr>
                                        <td>{title_for(r)}</td>
                                        <td class="number">{let (unit, score, minimum) = (r.unit, r.score, r.minimum); move || format!("{} / {}", lvzhi_domain::labels::figure(unit, score, i18n.lang.get()), lvzhi_domain::labels::figure(unit, minimum, i18n.lang.get()))}</td>
                                        <td class="number">{r.pending}</td>
                                        <td><span class=format!("status-chip status-{}", status.code())>{move || status.label(i18n.lang.get())}</span></td>
                                    </tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h3>{i18n.tw(WorkMsg::ReportActivities)}" — "{move || i18n.w(WorkMsg::ReportCount).replace("{n}", &mine.len().to_string())}</h3>
                        {ActivityKind::ALL.iter().filter_map(|kind| {
                            let kind = *kind;
                            let of_kind: Vec<Activity> = loaded.activities.values().filter(|a| a.kind == kind && a.deputies.contains(&deputy.id) && in_period(a, period, term.as_ref()) && !matches!(a.review, Review::Rejected { .. })).cloned().collect();
                            (!of_kind.is_empty()).then(|| view! {
                                <section class="report-kind">
                                    <h4>{move || kind.label(i18n.lang.get())}" ("{of_kind.len()}")"</h4>
                                    <ul>
                                        {of_kind.iter().map(|a| {
                                            let never_sent = loaded.unsynced.contains(&a.id);
                                            let pending = a.review == Review::Pending && !never_sent;
                                            view! { <li>
                                                <span class="record-date">{let day = a.date; move || crate::i18n::format_date(day, i18n.lang.get())}</span>" "{a.place.as_str().to_owned()}" "{a.description.as_str().to_owned()}
                                                {pending.then(|| view! { " " <em>"("{i18n.tw(WorkMsg::PendingReview)}")"</em> })}
                                                {never_sent.then(|| view! { " " <em class="unsynced">"("{i18n.tw(WorkMsg::NotYetSynced)}")"</em> })}
                                            </li> }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })
                        }).collect_view()}
                        <p class="muted report-footer">{i18n.tw(WorkMsg::ReportFooter)}" · "{move || crate::i18n::format_date(as_of, i18n.lang.get())}</p>
                    }.into_any())
                })}
            </Transition>
        </section>
    }
}
