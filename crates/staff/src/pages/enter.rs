//! `/staff/enter`: entering a record on a deputy's behalf (代为登记), offline like any change.
//! The record shows "entered by staff X for deputy Y" and waits for another reviewer.

use leptos::prelude::*;
use lvzhi_client::components::ErrorPanel;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{WorkMsg, describe_problem, use_i18n};
use lvzhi_client::records::{Draft, check_draft, save_for_deputy};
use lvzhi_client::session::use_session;
use lvzhi_client::sync::{local_change_committed, use_sync};
use lvzhi_domain::activity::ActivityKind;
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::labels::Label;

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, ts};

#[component]
pub fn EnterPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = use_session();
    let data = use_staff_data();
    let deputy = RwSignal::new(String::new());
    let kind = RwSignal::new(ActivityKind::Inspection.code().to_owned());
    let date = RwSignal::new(lvzhi_client::records::today().to_string());
    let place = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let Some(signed_in) = session.session.get_untracked() else {
            return;
        };
        let mut errors = Vec::new();
        // No choice (or none that parses) is said just below as "choose the deputy".
        let chosen = DeputyId::parse_field(&deputy.get_untracked(), "deputy").ok();
        if chosen.is_none() {
            errors.push(StaffMsg::ChooseDeputy.text(lang).to_owned());
        }
        let kind = ActivityKind::parse_field(&kind.get_untracked(), "kind").unwrap_or(ActivityKind::Other);
        let draft = Draft {
            kind,
            date: date.get_untracked(),
            place: place.get_untracked(),
            description: description.get_untracked(),
        };
        let checked = check_draft(&draft, lvzhi_client::records::today());
        if let Err(list) = &checked {
            errors.extend(list.iter().map(|e| {
                let label = match e.field.as_str() {
                    "date" => i18n.w(WorkMsg::Date),
                    "place" => i18n.w(WorkMsg::Place),
                    _ => i18n.w(WorkMsg::Description),
                };
                describe_problem(e, label, lang)
            }));
        }
        match (chosen, checked) {
            (Some(chosen), Ok((date_value, place_value, description_value))) if errors.is_empty() => {
                leptos::task::spawn_local(async move {
                    match save_for_deputy(&signed_in, chosen, kind, date_value, place_value, description_value).await {
                        Ok(_) => {
                            problems.set(Vec::new());
                            saved.set(true);
                            place.set(String::new());
                            description.set(String::new());
                            local_change_committed(sync);
                        }
                        Err(error) => problems.set(vec![AppError::Storage(error).describe(lang)]),
                    }
                });
            }
            _ => {
                saved.set(false);
                problems.set(errors);
            }
        }
    };
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::EnterTitle)}</h1>
            <p class="muted">{ts(i18n, StaffMsg::EnterIntro)}</p>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let mut deputies: Vec<(String, String)> = data.workspace.deputies.iter()
                    .map(|d| (d.id.to_string(), format!("{}（{}）", d.name.as_str(), d.electoral_unit.as_str())))
                    .collect();
                deputies.sort_by(|a, b| a.1.cmp(&b.1));
                Ok::<_, AppError>(view! {
                    <form class="form" id="enter-form" on:submit=submit>
                        <label>{ts(i18n, StaffMsg::Deputy)}
                            <select id="enter-deputy" required on:change=move |e| deputy.set(event_target_value(&e))>
                                <option value="">{ts(i18n, StaffMsg::ChooseDeputy)}</option>
                                {deputies.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.w(WorkMsg::Kind)}
                            <select id="enter-kind" on:change=move |e| kind.set(event_target_value(&e))>
                                {ActivityKind::ALL.iter().map(|k| { let k = *k; view! { <option value=k.code() selected=k == ActivityKind::Inspection>{move || k.label(i18n.lang.get())}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.w(WorkMsg::Date)}
                            <input id="enter-date" type="date" prop:value=move || date.get() on:input=move |e| date.set(event_target_value(&e))/>
                        </label>
                        <label>{move || i18n.w(WorkMsg::Place)}
                            <input id="enter-place" type="text" prop:value=move || place.get() on:input=move |e| place.set(event_target_value(&e))/>
                        </label>
                        <label>{move || i18n.w(WorkMsg::Description)}
                            <textarea id="enter-description" prop:value=move || description.get() on:input=move |e| description.set(event_target_value(&e))></textarea>
                        </label>
                        <button type="submit" class="button primary" id="enter-save">{move || i18n.w(WorkMsg::Save)}</button>
                    </form>
                })
            })}
            </ErrorBoundary>
            </Transition>
            {move || (!problems.with(Vec::is_empty)).then(|| view! { <ul class="error" role="alert" id="enter-problems">{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> })}
            {move || saved.get().then(|| view! { <p class="notice" role="status" id="enter-saved">{ts(i18n, StaffMsg::EnteredSaved)}</p> })}
        </section>
    }
}
