//! `/requirements`: the minimums every deputy is held to, rendered from the rule set in
//! force: the one the device holds from the server's reference data when signed in, else
//! the default "341 311" rule file compiled into the domain crate (so the page works for a
//! visitor, offline too). Nothing here restates a number the rule file defines.

use leptos::prelude::*;
use lvzhi_domain::rules::{RuleBook, RuleSet, default_rule_set};

use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use crate::records::today;

/// The rule set in force today among those the device holds, or the default one.
async fn rule_set_in_force() -> Result<RuleSet, AppError> {
    let Some(reference) = crate::reference::load_reference().await? else {
        return Ok(default_rule_set());
    };
    let book = RuleBook::new(reference.rule_sets).map_err(|e| AppError::BadRules(e.to_string()))?;
    Ok(book.in_force_on(today()).cloned().unwrap_or_else(default_rule_set))
}

#[component]
pub fn RequirementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let rules = LocalResource::new(rule_set_in_force);
    view! {
        <section class="card">
            <h1>{i18n.tt(Msg::RequirementsTitle)}</h1>
            <p class="lead">{i18n.tt(Msg::RequirementsIntro)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let set = rules.await?;
                    let title = set.title.clone();
                    Ok::<_, AppError>(view! {
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
                                                <td class="number">{requirement.minimum}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Suspense>
        </section>
    }
}
