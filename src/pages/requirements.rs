//! `/requirements`: the "341 311" minimums every deputy is held to.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

#[component]
pub fn RequirementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = [
        (Msg::EachYear, Msg::ReqSpeeches, 3),
        (Msg::EachYear, Msg::ReqBetweenSessions, 4),
        (Msg::EachYear, Msg::ReqProposals, 1),
        (Msg::EachTerm, Msg::ReqTrainings, 3),
        (Msg::EachTerm, Msg::ReqGoodDeeds, 1),
        (Msg::EachTerm, Msg::ReqReports, 1),
    ];
    view! {
        <section class="card">
            <h1>{move || i18n.t(Msg::RequirementsTitle)}</h1>
            <p class="lead">{move || i18n.t(Msg::RequirementsIntro)}</p>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Msg::Period)}</th>
                        <th scope="col">{move || i18n.t(Msg::Requirement)}</th>
                        <th scope="col" class="number">{move || i18n.t(Msg::Minimum)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(period, requirement, minimum)| {
                            view! {
                                <tr>
                                    <td>{move || i18n.t(period)}</td>
                                    <td>{move || i18n.t(requirement)}</td>
                                    <td class="number">{minimum}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
