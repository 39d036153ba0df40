//! The handling figures on the console's home: per lead unit and per category, the
//! on-time reply rate, satisfaction on receipts, promises done and what is overdue —
//! counted by the domain (`handling::stats`) from the suggestions on this device.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{Lang, use_i18n};
use lvzhi_domain::handling::stats::{HandlingFigures, handling_stats};
use lvzhi_domain::labels::Label;

use super::supervision::percent;
use crate::handling_data::use_handling_data;
use crate::handling_i18n::HandlingMsg;

fn row(name: String, f: &HandlingFigures) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td>{f.assigned}</td>
            <td>{percent(f.on_time_per_mille())}</td>
            <td>{percent(f.satisfaction_per_mille())}</td>
            <td>{percent(f.promises_done_per_mille())}</td>
            <td data-overdue=(f.reply_overdue + f.promises_overdue).to_string()>{f.reply_overdue + f.promises_overdue}</td>
        </tr>
    }
}

fn head(first: HandlingMsg, lang: Lang) -> impl IntoView {
    view! {
        <thead><tr>
            <th scope="col">{first.text(lang)}</th>
            <th scope="col">{HandlingMsg::StatsAssigned.text(lang)}</th>
            <th scope="col">{HandlingMsg::StatsOnTime.text(lang)}</th>
            <th scope="col">{HandlingMsg::StatsSatisfaction.text(lang)}</th>
            <th scope="col">{HandlingMsg::StatsPromisesDone.text(lang)}</th>
            <th scope="col">{HandlingMsg::StatsOverdue.text(lang)}</th>
        </tr></thead>
    }
}

/// The figures, as two tables.
#[component]
pub fn HandlingStatsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_handling_data();
    view! {
        <Transition fallback=|| ()>
        {move || Suspend::new(async move {
            let data = data.await?;
            let lang = i18n.lang.get();
            if !data.loaded {
                return Ok::<_, AppError>(().into_any());
            }
            let stats = handling_stats(&data.suggestions, lvzhi_client::records::today());
            let units = stats.by_unit.iter().map(|(unit, f)| row(data.unit_name(*unit), f)).collect_view();
            let categories = stats.by_category.iter().map(|(c, f)| row(c.label(lang).to_owned(), f)).collect_view();
            Ok(view! {
                <section class="card" id="handling-stats" aria-labelledby="handling-stats-title">
                    <h2 id="handling-stats-title">{HandlingMsg::StatsTitle.text(lang)}</h2>
                    <div class="table-wrap"><table class="data" id="stats-by-unit">{head(HandlingMsg::StatsUnit, lang)}
                        <tbody>{units}{row(HandlingMsg::AllStages.text(lang).to_owned(), &stats.total)}</tbody></table></div>
                    <h3>{HandlingMsg::StatsByCategory.text(lang)}</h3>
                    <div class="table-wrap"><table class="data" id="stats-by-category">{head(HandlingMsg::Category, lang)}<tbody>{categories}</tbody></table></div>
                </section>
            }.into_any())
        })}
        </Transition>
    }
}
