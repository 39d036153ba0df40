//! `/staff/deputy/:id`: one deputy's compliance explained, as the deputy sees it — each
//! requirement in force, its figure against the minimum or band, and for points every line
//! (what each record earned, what a cap cut, each deduction, the running total). Computed on
//! this device by the detailed path, the same code as the deputy's own page.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use lvzhi_client::components::ErrorPanel;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{WorkMsg, use_i18n};
use lvzhi_domain::compliance::{Calendar, Period, evaluate_deputy};
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::labels::{Label, figure};

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, fill, ts};
use crate::pages::dashboard::requirement_title;

#[component]
pub fn DeputyPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_staff_data();
    let params = use_params_map();
    view! {
        <section class="card wide">
            <p><a href=lvzhi_client::profile::app_path("/dashboard")>{ts(i18n, StaffMsg::BackToDashboard)}</a></p>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                let id = params.with(|p| p.get("id")).and_then(|id| DeputyId::parse_field(&id, "id").ok());
                let Some(deputy) = id.and_then(|id| data.deputy(id)) else {
                    return Ok::<_, AppError>(view! { <p id="deputy-missing">{StaffMsg::DeputyNotInScope.text(lang)}</p> }.into_any());
                };
                let reference = data.reference.as_ref();
                let rules = match reference {
                    Some(r) => r.rule_book().map_err(|e| AppError::BadRules(e.to_string()))?,
                    None => lvzhi_domain::rules::RuleBook::new(Vec::new()).map_err(|e| AppError::BadRules(e.to_string()))?,
                };
                let calendar = Calendar::new(
                    reference.map(|r| r.terms.clone()).unwrap_or_default(),
                    reference.map(|r| r.sessions.clone()).unwrap_or_default(),
                );
                let today = lvzhi_client::records::today();
                let evaluation = evaluate_deputy(deputy, &data.records, &data.workspace.absences, &calendar, &rules, today);
                let mut results = evaluation.results;
                results.sort_by_key(|r| std::cmp::Reverse((r.first_day, r.period == Period::Term(r.term))));
                let items = results.into_iter().filter(|r| r.status != lvzhi_domain::compliance::Status::NotApplicable).map(|result| {
                    let title = requirement_title(&data, &result.rule_set, &result.requirement, lang);
                    let period = match result.period {
                        Period::Year(year) => fill(StaffMsg::YearOf, lang, &[("year", &year.to_string())]),
                        Period::Term(term) => fill(StaffMsg::TermOf, lang, &[("term", &term.to_string())]),
                    };
                    let lines = result.lines.iter().map(|line| {
                        view! { <li>{line.date.to_string()}" · "{figure(result.unit, line.points, lang)}
                            {(line.cut_by_cap != 0).then(|| format!(" · {} {}", i18n.w(WorkMsg::CutByCap), figure(result.unit, line.cut_by_cap, lang)))}
                            " · "{i18n.w(WorkMsg::RunningTotal)}" "{figure(result.unit, line.running_total, lang)}</li> }
                    }).collect_view();
                    let period_code = match result.period {
                        Period::Year(year) => format!("y{year}"),
                        Period::Term(term) => format!("t{term}"),
                    };
                    view! {
                        <li class="requirement" data-requirement=result.requirement.clone() data-period=period_code data-score=result.score.to_string()>
                            <strong>{title}</strong>" · "{period}" · "
                            <span class="chip">{result.status.label(lang)}</span>" "
                            {format!("{} / {}", figure(result.unit, result.score, lang), figure(result.unit, result.minimum, lang))}
                            {result.band.clone().map(|b| format!(" · {b}"))}
                            {(!result.lines.is_empty()).then(|| view! { <details><summary>{i18n.w(WorkMsg::PointLines)}</summary><ol>{lines}</ol></details> })}
                        </li>
                    }
                }).collect_view();
                Ok(view! {
                    <h1 id="deputy-name">{deputy.name.as_str().to_owned()}</h1>
                    <p class="muted">{deputy.level.label(lang)}" · "{deputy.electoral_unit.as_str().to_owned()}</p>
                    <ul class="requirements" id="deputy-requirements">{items}</ul>
                    <crate::pages::services::EarlyLeaveForm deputy=deputy.clone()/>
                }.into_any())
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}
