//! `/requirements`: the minimums every deputy is held to, rendered from the rule set in
//! force: the one the device holds from the server's reference data when signed in, else
//! the default "341 311" rule file compiled into the domain crate (so the page works for a
//! visitor, offline too). Nothing here restates a number the rule file defines.

use leptos::prelude::*;
use lvzhi_domain::rules::{RuleSet, default_rule_set};

use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use crate::records::today;

/// The rule sets that judge the signed-in deputy today (several may: "341 311" and the
/// observers rule), or the default one for a visitor or a device without reference data.
async fn rule_sets_in_force() -> Result<Vec<RuleSet>, AppError> {
    let Some(reference) = crate::reference::load_reference().await? else {
        return Ok(vec![default_rule_set()]);
    };
    let book = reference.rule_book().map_err(|e| AppError::BadRules(e.to_string()))?;
    let sets: Vec<RuleSet> = match &reference.deputy {
        Some(deputy) => book.judging(deputy, today()).into_iter().cloned().collect(),
        None => book.in_force_on(today()).into_iter().cloned().collect(),
    };
    Ok(if sets.is_empty() {
        vec![default_rule_set()]
    } else {
        sets
    })
}

#[component]
pub fn RequirementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let rules = LocalResource::new(rule_sets_in_force);
    view! {
        <section class="card">
            <h1>{i18n.tt(Msg::RequirementsTitle)}</h1>
            <p class="lead">{i18n.tt(Msg::RequirementsIntro)}</p>
            <Transition>
                {move || Suspend::new(async move {
                    let sets = rules.await?;
                    Ok::<_, AppError>(sets.into_iter().map(|set| {
                    let title = set.title.clone();
                    view! {
                        <p class="muted small" id="rule-set-title">{move || title.get(i18n.lang.get()).to_owned()}</p>
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.tt(Msg::Period)}</th>
                                    <th scope="col">{i18n.tt(Msg::Requirement)}</th>
                                    <th scope="col" class="number">{i18n.tt(Msg::Minimum)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {set.requirements
                                    .into_iter()
                                    .map(|requirement| {
                                        let period = if requirement.window.is_yearly() { Msg::EachYear } else { Msg::EachTerm };
                                        let title = requirement.title.clone();
                                        view! {
                                            <tr data-requirement=requirement.id.clone()>
                                                <td>{move || i18n.t(period)}</td>
                                                <td>{move || title.get(i18n.lang.get()).to_owned()}</td>
                                                <td class="number">{let (unit, minimum) = (requirement.unit(), requirement.minimum()); move || lvzhi_domain::labels::figure(unit, minimum, i18n.lang.get())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    }).collect_view())
                })}
            </Transition>
        </section>
    }
}
