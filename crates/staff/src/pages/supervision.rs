//! `/staff/supervision`: the key-supervision board (重点督办) — every key-supervised
//! suggestion with its leader, milestones reached and stage, and the completion rate.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{format_date, use_i18n};
use lvzhi_domain::labels::Label;
use lvzhi_domain::suggestion::HandlingStage;

use crate::handling_data::use_handling_data;
use crate::handling_i18n::{HandlingMsg, hfill};

/// "95.2%" for a per mille figure.
pub fn percent(per_mille: Option<u32>) -> String {
    per_mille.map_or_else(|| "—".to_owned(), |p| format!("{}.{}%", p / 10, p % 10))
}

#[component]
pub fn SupervisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_handling_data();
    view! {
        <section class="card">
            <h1>{move || HandlingMsg::SupervisionTitle.text(i18n.lang.get())}</h1>
            <p class="muted">{move || HandlingMsg::SupervisionIntro.text(i18n.lang.get())}</p>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                let supervised: Vec<_> = data.suggestions.iter().filter(|s| s.supervision.is_some()).collect();
                let done = supervised.iter().filter(|s| s.stage == HandlingStage::Completed).count();
                let rate = (!supervised.is_empty()).then(|| (done * 1000 / supervised.len()) as u32);
                let rows = supervised.iter().map(|s| {
                    let Some(sup) = &s.supervision else { return ().into_any() };
                    let (reached, all) = sup.reached();
                    let href = lvzhi_client::profile::app_path(&format!("/suggestions/{}", s.id));
                    let next = sup.milestones.iter().find(|m| m.done_on.is_none())
                        .map(|m| format!("{} · {}", m.title.as_str(), format_date(m.due, lang)));
                    view! {
                        <tr class="supervised" data-id=s.id.to_string()>
                            <td><a href=href>{s.title.as_str().to_owned()}</a></td>
                            <td>{sup.leader.as_str().to_owned()}</td>
                            <td>{s.handling_units.first().map(|u| u.as_str().to_owned()).unwrap_or_default()}</td>
                            <td><progress max=all.max(1).to_string() value=reached.to_string() aria-label=HandlingMsg::MilestonesLabel.text(lang)></progress>" "
                                {hfill(HandlingMsg::MilestonesReached, lang, &[("done", &reached.to_string()), ("all", &all.to_string())])}</td>
                            <td>{next.unwrap_or_default()}</td>
                            <td>{s.stage.label(lang)}</td>
                        </tr>
                    }.into_any()
                }).collect_view();
                Ok::<_, AppError>(view! {
                    <p id="supervision-rate"><strong>{hfill(HandlingMsg::CompletionRate, lang, &[
                        ("rate", &percent(rate)), ("done", &done.to_string()), ("all", &supervised.len().to_string())])}</strong></p>
                    <div class="table-wrap"><table class="data" id="supervision-board">
                        <thead><tr>
                            <th scope="col">{HandlingMsg::NavSuggestions.text(lang)}</th>
                            <th scope="col">{HandlingMsg::Leader.text(lang)}</th>
                            <th scope="col">{HandlingMsg::Lead.text(lang)}</th>
                            <th scope="col">{HandlingMsg::MilestonesLabel.text(lang)}</th>
                            <th scope="col">{HandlingMsg::Due.text(lang)}</th>
                            <th scope="col">{HandlingMsg::History.text(lang)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                })
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}
