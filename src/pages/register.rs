//! `/register` and `/records/:id/edit`: register a duty activity, or edit one still pending
//! review. Built for the keyboard: the kind has focus, Tab moves through the fields, Enter
//! saves. Saving writes the record and its outbox entry in one transaction; the page says
//! "saved" only after it commits, and is ready for the next one.

use leptos::html;
use leptos::prelude::*;
use lvzhi_domain::activity::{Activity, ActivityKind};
use lvzhi_domain::labels::Label;

use crate::error::AppError;
use crate::i18n::{WorkMsg, describe_problem, use_i18n};
use crate::records::{Draft, check_draft, save_draft, today};
use crate::session::use_session;
use crate::storage::LocalStore;
use crate::sync::{local_change_committed, use_sync};

#[component]
pub fn RegisterPage() -> impl IntoView {
    view! { <ActivityForm editing=None/> }
}

/// `/records/{id}/edit`: the form holding the record `id`.
#[component]
pub fn EditRecordPage(id: lvzhi_domain::ids::ActivityId) -> impl IntoView {
    view! { <ActivityForm editing=Some(id)/> }
}

#[component]
fn ActivityForm(editing: Option<lvzhi_domain::ids::ActivityId>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let kind = RwSignal::new(ActivityKind::ConstituentVisit);
    let date = RwSignal::new(today().to_string());
    let place = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let existing = RwSignal::new(None::<Activity>);
    let missing = RwSignal::new(false);
    let kind_select = NodeRef::<html::Select>::new();
    let station = RwSignal::new(String::new());
    let co_participants = RwSignal::new(std::collections::BTreeSet::<lvzhi_domain::ids::DeputyId>::new());
    let reference = LocalResource::new(move || {
        sync.data_version.track();
        crate::reference::load_reference()
    });
    let navigate = leptos_router::hooks::use_navigate();

    if let Some(id) = editing {
        leptos::task::spawn_local(async move {
            let found = match LocalStore::open().await {
                Ok(store) => store.activity(id).await,
                Err(error) => Err(error),
            };
            match found {
                Err(error) => errors.set(vec![AppError::Storage(error).describe(i18n.lang.get_untracked())]),
                Ok(Some(activity)) => {
                    kind.set(activity.kind);
                    station.set(activity.station.map(|s| s.to_string()).unwrap_or_default());
                    co_participants.set(activity.deputies.iter().skip(1).copied().collect());
                    date.set(activity.date.to_string());
                    place.set(activity.place.as_str().to_owned());
                    description.set(activity.description.as_str().to_owned());
                    existing.set(Some(activity));
                }
                Ok(None) => missing.set(true),
            }
        });
    }

    let field_label = move |field: &str| match field {
        "date" => i18n.w(WorkMsg::Date),
        "place" => i18n.w(WorkMsg::Place),
        "description" => i18n.w(WorkMsg::Description),
        _ => i18n.w(WorkMsg::Kind),
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(signed_in) = session.session.get_untracked() else {
            errors.set(vec![i18n.w(WorkMsg::SignInFirst).to_owned()]);
            return;
        };
        let draft = Draft {
            kind: kind.get_untracked(),
            date: date.get_untracked(),
            place: place.get_untracked(),
            description: description.get_untracked(),
        };
        let lang = i18n.lang.get_untracked();
        let (day, place_text, description_text) = match check_draft(&draft, today()) {
            Ok(checked) => checked,
            Err(problems) => {
                errors.set(
                    problems
                        .iter()
                        .map(|p| describe_problem(p, field_label(&p.field), lang))
                        .collect(),
                );
                return;
            }
        };
        errors.set(Vec::new());
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let before = existing.get_untracked();
            let station = station.get_untracked().parse::<lvzhi_domain::ids::StationId>().ok();
            let co = co_participants.get_untracked().into_iter().collect();
            match save_draft(
                &signed_in,
                before.as_ref(),
                draft.kind,
                day,
                station,
                co,
                place_text,
                description_text,
            )
            .await
            {
                Ok(_) => {
                    saved.update(|n| *n += 1);
                    local_change_committed(sync);
                    if before.is_none() {
                        place.set(String::new());
                        description.set(String::new());
                        if let Some(select) = kind_select.get_untracked() {
                            if let Err(error) = select.focus() {
                                web_sys::console::warn_1(&error);
                            }
                        }
                    } else {
                        navigate("/records", Default::default());
                    }
                }
                Err(error) => errors.set(vec![format!(
                    "{}{}",
                    i18n.w(WorkMsg::StorageFailed),
                    AppError::Storage(error).describe(i18n.lang.get_untracked())
                )]),
            }
            busy.set(false);
        });
    };
    let editable = move || existing.with(|e| e.as_ref().is_none_or(|a| a.deputy_may_change()));
    // Editing: what is typed before the record is read from the device would be overwritten.
    let loading = move || editing.is_some() && existing.with(Option::is_none) && !missing.get();
    view! {
        <section class="card">
            <h1>{move || if editing.is_some() { i18n.w(WorkMsg::EditTitle) } else { i18n.w(WorkMsg::RegisterTitle) }}</h1>
            <Show when=move || missing.get()>
                <p class="form-error" role="alert">{i18n.tw(WorkMsg::RecordNotFound)}</p>
            </Show>
            {move || match reference.get() {
                Some(Err(error)) => Some(view! {
                    <p class="form-error" role="alert">{AppError::Storage(error).describe(i18n.lang.get())}</p>
                }),
                _ => None,
            }}
            <Show when=move || !editable()>
                <p class="form-error" role="alert">{i18n.tw(WorkMsg::NotEditable)}</p>
            </Show>
            <form class="form wide" id="activity-form" on:submit=submit novalidate=true>
                <label for="kind">{i18n.tw(WorkMsg::Kind)}</label>
                <select id="kind" node_ref=kind_select autofocus=true
                    on:change=move |e| {
                        if let Ok(choice) = event_target_value(&e).parse::<ActivityKind>() {
                            kind.set(choice);
                        }
                    }>
                    {ActivityKind::ALL.iter().map(|choice| {
                        let choice = *choice;
                        view! {
                            <option value=choice.code() selected=move || kind.get() == choice>
                                {move || choice.label(i18n.lang.get())}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <label for="date">{i18n.tw(WorkMsg::Date)}</label>
                <input id="date" type="date" required max=move || today().to_string()
                    prop:value=move || date.get() on:input=move |e| date.set(event_target_value(&e))/>
                <label for="station">{i18n.tw(WorkMsg::Station)}</label>
                <select id="station" on:change=move |e| station.set(event_target_value(&e))>
                    <option value="">{i18n.tw(WorkMsg::NoStation)}</option>
                    {move || {
                        let data = reference.get().and_then(Result::ok).flatten();
                        let mine: Vec<lvzhi_domain::ids::StationId> = data.as_ref().and_then(|r| r.deputy.as_ref()).map(|d| d.stations.clone()).unwrap_or_default();
                        let mut stations = data.map(|r| r.stations).unwrap_or_default();
                        stations.sort_unstable_by_key(|s| (!mine.contains(&s.id), s.district.as_str().to_owned(), s.id));
                        stations.into_iter().map(|s| {
                            let value = s.id.to_string();
                            let chosen = station.get_untracked() == value;
                            view! { <option value=value selected=chosen>{format!("{} · {}", s.district.as_str(), s.name.as_str())}</option> }
                        }).collect_view()
                    }}
                </select>
                <label for="place">{i18n.tw(WorkMsg::Place)}</label>
                <input id="place" autocomplete="off" placeholder=i18n.tw(WorkMsg::PlaceHint)
                    prop:readOnly=loading
                    prop:value=move || place.get() on:input=move |e| place.set(event_target_value(&e))/>
                <label for="description">{i18n.tw(WorkMsg::Description)}</label>
                <textarea id="description" rows="4" placeholder=i18n.tw(WorkMsg::DescriptionHint)
                    prop:readOnly=loading
                    prop:value=move || description.get() on:input=move |e| description.set(event_target_value(&e))
                    on:keydown=move |e: leptos::ev::KeyboardEvent| {
                        // Ctrl+Enter saves from the text area (Enter alone starts a new line).
                        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                            e.prevent_default();
                            if let Some(form) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("activity-form")) {
                                let form: web_sys::HtmlFormElement = wasm_bindgen::JsCast::unchecked_into(form);
                                crate::error::warn_on_failure("submitting the form", form.request_submit());
                            }
                        }
                    }></textarea>
                <fieldset class="co-participants">
                    <legend>{i18n.tw(WorkMsg::CoParticipants)}</legend>
                    {move || reference.get().and_then(Result::ok).flatten().map(|r| r.colleagues).unwrap_or_default().into_iter().map(|colleague| {
                        let id = colleague.id;
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || co_participants.with(|set| set.contains(&id))
                                    on:change=move |e| {
                                        let checked = event_target_checked(&e);
                                        co_participants.update(|set| { if checked { set.insert(id); } else { set.remove(&id); } });
                                    }/>
                                {colleague.name}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <Show when=move || !errors.get().is_empty()>
                    <ul class="form-error" role="alert" id="form-errors">
                        {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                    </ul>
                </Show>
                <Show when=move || saved.get() != 0>
                    <p data-saved=move || saved.get().to_string() class="form-ok" role="status" id="saved-message">{i18n.tw(WorkMsg::SavedNotSynced)}</p>
                </Show>
                <div class="form-actions">
                    <button type="submit" class="button primary" id="save" prop:disabled=move || busy.get() || !editable()>
                        {move || if busy.get() { i18n.w(WorkMsg::Saving) } else { i18n.w(WorkMsg::Save) }}
                    </button>
                    <a class="button" href=crate::profile::app_path("/records")>{i18n.tw(WorkMsg::NavRecords)}</a>
                </div>
            </form>
        </section>
    }
}
