//! `/compliance`: the deputy's standing this year and this term against the rules in force,
//! computed in the browser from the records on this device (it changes the moment a record
//! is saved). Each requirement opens to the records that count and those that do not, with
//! the reason.

use std::collections::BTreeMap;

use leptos::prelude::*;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::api::ReferenceData;
use lvzhi_domain::attendance::Absence;
use lvzhi_domain::compliance::PointSource;
use lvzhi_domain::compliance::{Calendar, Evaluation, Period, RequirementResult, evaluate_deputy};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::ids::ActivityId;
use lvzhi_domain::labels::Label;
use lvzhi_domain::labels::figure;

use crate::error::AppError;
use crate::i18n::{I18n, WorkMsg, use_i18n};
use crate::records::today;
use crate::reference::load_reference;
use crate::storage::LocalStore;
use crate::sync::use_sync;

/// What the compliance, report and home pages judge from: reference data and the device's records.
#[derive(Clone)]
pub struct Loaded {
    /// The terms, sessions, rule sets and the deputy, once fetched.
    pub reference: Option<ReferenceData>,
    /// The records on this device, by id.
    pub activities: BTreeMap<ActivityId, Activity>,
    /// Records with a change still waiting in the outbox: never seen by the server.
    pub unsynced: std::collections::BTreeSet<ActivityId>,
    /// The deputy's absences as staff recorded them (from the last sync).
    pub absences: Vec<Absence>,
}

/// Reads what the pages judge from; a storage failure is an error, never "no records".
pub async fn load() -> Result<Loaded, AppError> {
    let reference = load_reference().await?;
    let store = LocalStore::open().await?;
    let activities = store.activities().await?;
    let unsynced = store.outbox().await?.iter().map(|m| m.operation.record()).collect();
    let absences = crate::reference::load_absences().await?;
    Ok(Loaded {
        reference,
        activities: activities.into_iter().map(|a| (a.id, a)).collect(),
        unsynced,
        absences,
    })
}

/// The evaluation for today: `None` if the device has no reference data or the account is
/// not a deputy's; an error if the rule sets received cannot be used.
pub fn evaluate(loaded: &Loaded, as_of: LocalDate) -> Result<Option<Evaluation>, AppError> {
    let Some(reference) = loaded.reference.as_ref() else {
        return Ok(None);
    };
    let Some(deputy) = reference.deputy.as_ref() else {
        return Ok(None);
    };
    let calendar = Calendar::new(reference.terms.clone(), reference.sessions.clone());
    let rules = reference.rule_book().map_err(|e| AppError::BadRules(e.to_string()))?;
    Ok(Some(evaluate_deputy(
        deputy,
        loaded.activities.values(),
        &loaded.absences,
        &calendar,
        &rules,
        as_of,
    )))
}

/// A requirement's title in the user's language, from its rule set.
pub fn requirement_title(reference: &ReferenceData, result: &RequirementResult, i18n: I18n) -> String {
    reference
        .rule_sets
        .iter()
        .find(|set| set.id == result.rule_set)
        .and_then(|set| set.requirements.iter().find(|r| r.id == result.requirement))
        .map(|r| r.title.get(i18n.lang.get()).to_owned())
        .unwrap_or_else(|| result.requirement.clone())
}

/// The band a point result is in, with its title, from the rule set that judged it.
fn band_of(
    reference: &ReferenceData,
    result: &RequirementResult,
) -> Option<(String, lvzhi_domain::rules::LocalizedText)> {
    let band = result.band.as_ref()?;
    let scheme = reference
        .rule_sets
        .iter()
        .filter(|set| set.id == result.rule_set)
        .find_map(|set| set.requirement(&result.requirement))?
        .points()?;
    let lvzhi_domain::rules::Threshold::Bands(bands) = &scheme.threshold else {
        return None;
    };
    bands
        .iter()
        .find(|b| &b.id == band)
        .map(|b| (b.id.clone(), b.title.clone()))
}

fn record_line(activities: &BTreeMap<ActivityId, Activity>, id: &ActivityId, i18n: I18n) -> String {
    match activities.get(id) {
        Some(a) => format!(
            "{} · {} · {}",
            crate::i18n::format_date(a.date, i18n.lang.get_untracked()),
            a.kind.label(i18n.lang.get_untracked()),
            a.place.as_str()
        ),
        None => id.to_string(),
    }
}

#[component]
fn RequirementRow(
    result: RequirementResult,
    title: String,
    activities: BTreeMap<ActivityId, Activity>,
    /// Records the server has not seen yet.
    unsynced: std::collections::BTreeSet<ActivityId>,
    /// The rows shown open, kept by the page so they stay open when the data reloads.
    opened: RwSignal<std::collections::BTreeSet<String>>,
    /// The band the total is in, with its title (point requirements with bands).
    band: Option<(String, lvzhi_domain::rules::LocalizedText)>,
    /// The deputy's absences, to name the deductions.
    absences: Vec<Absence>,
) -> impl IntoView {
    let i18n = use_i18n();
    let row_key = format!("{}:{}:{:?}", result.requirement, result.term, result.period);
    let open = {
        let row_key = row_key.clone();
        Signal::derive(move || opened.with(|keys| keys.contains(&row_key)))
    };
    let toggle = move || {
        opened.update(|keys| {
            if !keys.remove(&row_key) {
                keys.insert(row_key.clone());
            }
        })
    };
    let status = result.status;
    let (unit, score, minimum) = (result.unit, result.score, result.minimum);
    let lines = result.lines.clone();
    let absences_by_id: BTreeMap<lvzhi_domain::ids::AbsenceId, Absence> =
        absences.iter().map(|a| (a.id, a.clone())).collect();
    let reply_target = lvzhi_domain::reply::ReplyTarget::Status {
        requirement: result.requirement.clone(),
        term: result.term,
        period: result.period,
    };
    let detail_id = format!("detail-{}-{:?}", result.requirement, result.period).replace(['(', ')'], "");
    let counted: Vec<String> = result
        .counted_ids
        .iter()
        .map(|id| record_line(&activities, id, i18n))
        .collect();
    let not_counted: Vec<(String, lvzhi_domain::compliance::NotCounted, bool)> = result
        .not_counted
        .iter()
        .map(|(id, why)| (record_line(&activities, id, i18n), *why, unsynced.contains(id)))
        .collect();
    view! {
        <tr class="requirement" data-requirement=result.requirement.clone() data-status=status.code()>
            <th scope="row">
                <button type="button" class="link-button" aria-expanded=move || open.get().to_string()
                    aria-controls=detail_id.clone() on:click=move |_| toggle()>
                    {title}
                </button>
            </th>
            <td class="number counted">{move || {
                let lang = i18n.lang.get();
                format!("{} / {}", figure(unit, score, lang), figure(unit, minimum, lang))
            }}
                {band.clone().map(|(id, title)| view! { <span class="band-chip" data-band=id>{move || title.get(i18n.lang.get()).to_owned()}</span> })}
            </td>
            <td class="number pending">{result.pending}</td>
            <td><span class=format!("status-chip status-{}", status.code())>{move || status.label(i18n.lang.get())}</span></td>
            <td class="number">{result.days_left.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
        </tr>
        <Show when=move || open.get()>
            <tr class="requirement-detail" id=detail_id.clone()>
                <td colspan="5">
                    <crate::components::ReplyEditor target=reply_target.clone()/>
                    {(!lines.is_empty()).then(|| {
                        let rows = lines.iter().map(|line| {
                            let line = *line;
                            let what = match line.source {
                                PointSource::Record { id, .. } => record_line(&activities, &id, i18n),
                                PointSource::Absence { id, category, exempt } => {
                                    let lang = i18n.lang.get_untracked();
                                    let when = absences_by_id.get(&id).map(|a| format!("{} {} · ", crate::i18n::format_date(a.date, lang), a.half.label(lang))).unwrap_or_default();
                                    let exempt = if exempt { format!(" · {}", i18n.w(WorkMsg::Exempt)) } else { String::new() };
                                    format!("{when}{}{exempt}", category.label(lang))
                                }
                            };
                            let kind = if matches!(line.source, PointSource::Absence { .. }) { "deduction" } else { "earned" };
                            let points = lvzhi_domain::rules::format_points(line.points);
                            let cut = (line.cut_by_cap > 0).then(|| lvzhi_domain::rules::format_points(line.cut_by_cap));
                            let total = lvzhi_domain::rules::format_points(line.running_total);
                            view! {
                                <tr class=format!("point-line {kind}")>
                                    <td>{what}</td>
                                    <td class="number points">{points}</td>
                                    <td class="number cap">{cut.unwrap_or_else(|| "—".into())}</td>
                                    <td class="number running">{total}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <h3>{i18n.tw(WorkMsg::PointLines)}</h3>
                            <table class="table points-explained">
                                <thead><tr>
                                    <th scope="col">{i18n.tw(WorkMsg::PointItem)}</th>
                                    <th scope="col" class="number">{i18n.tw(WorkMsg::PointsEarned)}</th>
                                    <th scope="col" class="number">{i18n.tw(WorkMsg::CutByCap)}</th>
                                    <th scope="col" class="number">{i18n.tw(WorkMsg::RunningTotal)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                    })}
                    <h3>{i18n.tw(WorkMsg::CountingRecords)}</h3>
                    {if counted.is_empty() {
                        view! { <p class="muted">{i18n.tw(WorkMsg::NoneYet)}</p> }.into_any()
                    } else {
                        view! { <ul>{counted.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>{i18n.tw(WorkMsg::NotCountingRecords)}</h3>
                    {if not_counted.is_empty() {
                        view! { <p class="muted">{i18n.tw(WorkMsg::NoneYet)}</p> }.into_any()
                    } else {
                        view! {
                            <ul>{not_counted.iter().map(|(line, why, never_sent)| {
                                let (why, never_sent) = (*why, *never_sent);
                                // A record still on this device only is not "pending review": it
                                // has not reached the reviewers yet.
                                let said = move || if never_sent && why == lvzhi_domain::compliance::NotCounted::Pending {
                                    i18n.w(WorkMsg::NotYetSynced).to_owned()
                                } else {
                                    why.label(i18n.lang.get()).to_owned()
                                };
                                view! { <li data-unsynced=never_sent.to_string()>{line.clone()}" — "<em>{said}</em></li> }
                            }).collect_view()}</ul>
                        }.into_any()
                    }}
                </td>
            </tr>
        </Show>
    }
}

#[component]
pub fn CompliancePage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let data = LocalResource::new(move || {
        sync.data_version.track();
        load()
    });
    let as_of = today();
    let opened = RwSignal::new(std::collections::BTreeSet::<String>::new());
    view! {
        <section class="card">
            <h1>{i18n.tw(WorkMsg::ComplianceTitle)}</h1>
            <p class="muted">{move || i18n.w(WorkMsg::ComplianceIntro).replace("{date}", &crate::i18n::format_date(as_of, i18n.lang.get()))}</p>
            <Transition>
                {move || Suspend::new(async move {
                    let loaded = data.await?;
                    let Some(reference) = loaded.reference.clone() else {
                        return Ok(view! { <p class="notice" id="needs-reference">{i18n.tw(WorkMsg::NeedsReference)}</p> }.into_any());
                    };
                    let Some(evaluation) = evaluate(&loaded, as_of)? else {
                        return Ok(view! { <p class="notice">{i18n.tw(WorkMsg::NotADeputy)}</p> }.into_any());
                    };
                    let (current_term, periods) = lvzhi_domain::compliance::current_periods(&reference.terms, as_of);
                    let periods = periods.into_iter().map(|period| {
                        let results: Vec<RequirementResult> = evaluation
                            .results
                            .iter()
                            .filter(|r| r.period == period && current_term.is_none_or(|t| r.term == t))
                            .cloned()
                            .collect();
                        let heading = move || match period {
                            Period::Year(year) => i18n.w(WorkMsg::YearHeading).replace("{n}", &year.to_string()),
                            Period::Term(term) => i18n.w(WorkMsg::TermHeading).replace("{n}", &term.to_string()),
                        };
                        let section_id = match period {
                            Period::Year(_) => "compliance-year",
                            Period::Term(_) => "compliance-term",
                        };
                        let reference = reference.clone();
                        let activities = loaded.activities.clone();
                        let unsynced = loaded.unsynced.clone();
                        let absences = loaded.absences.clone();
                        view! {
                            <h2>{heading}</h2>
                            <table class="table compliance" id=section_id>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t(crate::i18n::Msg::Requirement)}</th>
                                        <th scope="col" class="number">{i18n.tw(WorkMsg::CountedOfMinimum)}</th>
                                        <th scope="col" class="number">{i18n.tw(WorkMsg::PendingApart)}</th>
                                        <th scope="col">{i18n.tw(WorkMsg::Status)}</th>
                                        <th scope="col" class="number">{i18n.tw(WorkMsg::DaysLeft)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {results.into_iter().map(|result| {
                                        let title = requirement_title(&reference, &result, i18n);
                                        let band = band_of(&reference, &result);
                                        view! { <RequirementRow result title activities=activities.clone() unsynced=unsynced.clone() opened band absences=absences.clone()/> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                    }).collect_view();
                    let absences = loaded.absences.clone();
                    Ok::<_, AppError>(view! { {periods} <crate::pages::absences::AbsencesSection absences/> }.into_any())
                })}
            </Transition>
        </section>
    }
}
