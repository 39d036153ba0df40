//! `/staff/trainings`: training classes (履职培训) — in person or remote, for deputies or for
//! congress cadres — with their attendance, ticked one by one or pasted as a list of names
//! or ids. Saving sends the class to the server, which gives each attending deputy one
//! approved training registration and withdraws the registration of anyone removed; the
//! next sync pass brings those records here. Needs the network to save.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{describe_problem, use_i18n};
use lvzhi_client::session::use_session;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::api::TrainingSaved;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::ids::{DeputyId, TrainingId};
use lvzhi_domain::labels::Label;
use lvzhi_domain::organisation::{Training, TrainingAudience, TrainingMode, needs_attendance, read_attendance};
use lvzhi_domain::text::{PersonName, PlaceText, Title};

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, fill, ts};

/// The class being edited, as typed.
#[derive(Clone, Default)]
struct Form {
    id: Option<TrainingId>,
    title: String,
    first_day: String,
    last_day: String,
    mode: String,
    audience: String,
    place: String,
    organiser: String,
    others: String,
    attendees: Vec<DeputyId>,
}

impl Form {
    fn of(training: &Training) -> Self {
        Self {
            id: Some(training.id),
            title: training.title.as_str().to_owned(),
            first_day: training.first_day.to_string(),
            last_day: training.last_day.to_string(),
            mode: training.mode.code().to_owned(),
            audience: training.audience.code().to_owned(),
            place: training.place.as_str().to_owned(),
            organiser: training
                .organiser
                .as_ref()
                .map(|o| o.as_str().to_owned())
                .unwrap_or_default(),
            others: training
                .others
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            attendees: training.attendees.clone(),
        }
    }

    fn new_class(today: LocalDate) -> Self {
        Self {
            first_day: today.to_string(),
            last_day: today.to_string(),
            mode: TrainingMode::InPerson.code().to_owned(),
            audience: TrainingAudience::Deputies.code().to_owned(),
            ..Self::default()
        }
    }

    /// The class, or the first field at fault.
    fn parse(&self) -> Result<Training, lvzhi_domain::ValidationError> {
        let others = self
            .others
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| PersonName::parse_field(line, "others"))
            .collect::<Result<Vec<_>, _>>()?;
        let training = Training {
            id: self
                .id
                .unwrap_or_else(|| TrainingId::from_uuid(lvzhi_client::ids::new_uuid_v7())),
            title: Title::parse_field(&self.title, "title")?,
            first_day: LocalDate::parse_field(&self.first_day, "first_day")?,
            last_day: LocalDate::parse_field(&self.last_day, "last_day")?,
            mode: TrainingMode::parse_field(&self.mode, "mode")?,
            attendees: self.attendees.clone(),
            place: PlaceText::parse_field(&self.place, "place")?,
            organiser: Some(self.organiser.trim())
                .filter(|o| !o.is_empty())
                .map(|o| Title::parse_field(o, "organiser"))
                .transpose()?,
            audience: TrainingAudience::parse_field(&self.audience, "audience")?,
            others,
        };
        training.check()?;
        Ok(training)
    }
}

#[component]
pub fn TrainingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_staff_data();
    let form = RwSignal::new(None::<Form>);
    // The editor is made once per opening, not again with every keystroke in it.
    let open = Memo::new(move |_| form.with(Option::is_some));
    let sync = use_sync();
    let edits = LocalResource::new(move || {
        sync.data_version.track();
        async move {
            lvzhi_client::stations::training_edits()
                .await
                .map_err(AppError::Storage)
        }
    });
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::TrainingsTitle)}</h1>
            <p class="muted">{ts(i18n, StaffMsg::TrainingsIntro)}</p>
            <p><button type="button" class="button primary" id="new-class"
                on:click=move |_| form.set(Some(Form::new_class(lvzhi_client::records::today())))>{ts(i18n, StaffMsg::NewClass)}</button></p>
            {move || open.get().then(|| view! { <ClassEditor form/> })}
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let edits = edits.await?;
                let lang = i18n.lang.get();
                let today = lvzhi_client::records::today();
                // This device's saves over the workspace's copy until the server has them.
                let mut classes = data.workspace.trainings.clone();
                for edit in edits.iter().filter(|e| e.state != lvzhi_client::storage::queue::SendState::Sent) {
                    match classes.iter_mut().find(|t| t.id == edit.item.0.id) {
                        Some(class) => *class = edit.item.0.clone(),
                        None => classes.insert(0, edit.item.0.clone()),
                    }
                }
                Ok::<_, AppError>(view! {
                    <table class="table" id="class-list">
                        <caption>{StaffMsg::ClassList.text(lang)}</caption>
                        <thead><tr>
                            <th scope="col">{StaffMsg::ClassTitle.text(lang)}</th>
                            <th scope="col">{StaffMsg::Days.text(lang)}</th>
                            <th scope="col">{StaffMsg::Mode.text(lang)}</th>
                            <th scope="col">{StaffMsg::Attendance.text(lang)}</th>
                            <th scope="col"><span class="visually-hidden">{StaffMsg::Edit.text(lang)}</span></th>
                        </tr></thead>
                        <tbody>
                        {classes.iter().map(|training| {
                            let chosen = Form::of(training);
                            let state = edits.iter().find(|e| e.item.0.id == training.id).map(|e| e.state.clone());
                            let badge = match state {
                                Some(lvzhi_client::storage::queue::SendState::Waiting) => Some(StaffMsg::WaitingToSync.text(lang).to_owned()),
                                Some(lvzhi_client::storage::queue::SendState::Refused { reason }) => Some(format!("{}{reason}", StaffMsg::Refused.text(lang))),
                                _ => None,
                            };
                            let attendance = if training.audience == TrainingAudience::Cadres {
                                format!("{} · {}", training.audience.label(lang), training.others.len())
                            } else {
                                training.attendees.len().to_string()
                            };
                            view! {
                                <tr data-class=training.id.to_string()>
                                    <td>{training.title.as_str().to_owned()}{badge.map(|b| view! { " " <span class="badge warn">{b}</span> })}</td>
                                    <td>{format!("{} – {}", training.first_day, training.last_day)}</td>
                                    <td>{training.mode.label(lang)}</td>
                                    <td>{attendance}
                                        {needs_attendance(training, today).then(|| view! { " " <span class="badge warn">{StaffMsg::NoAttendance.text(lang)}</span> })}</td>
                                    <td><button type="button" class="button small" on:click=move |_| form.set(Some(chosen.clone()))>{StaffMsg::Edit.text(lang)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The class form with its attendance.
#[component]
fn ClassEditor(form: RwSignal<Option<Form>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let data = use_staff_data();
    let search = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let unresolved = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let field = move |get: fn(&Form) -> String, set: fn(&mut Form, String)| {
        (
            move || form.with(|f| f.as_ref().map(get).unwrap_or_default()),
            move |event: leptos::ev::Event| {
                let value = event_target_value(&event);
                form.update(|f| {
                    if let Some(f) = f {
                        set(f, value)
                    }
                })
            },
        )
    };
    let (title, set_title) = field(|f| f.title.clone(), |f, v| f.title = v);
    let (first_day, set_first_day) = field(|f| f.first_day.clone(), |f, v| f.first_day = v);
    let (last_day, set_last_day) = field(|f| f.last_day.clone(), |f, v| f.last_day = v);
    let (mode, set_mode) = field(|f| f.mode.clone(), |f, v| f.mode = v);
    let (audience_text, set_audience) = field(|f| f.audience.clone(), |f, v| f.audience = v);
    let audience = Memo::new(move |_| audience_text());
    let (place, set_place) = field(|f| f.place.clone(), |f, v| f.place = v);
    let (organiser, set_organiser) = field(|f| f.organiser.clone(), |f, v| f.organiser = v);
    let (others, set_others) = field(|f| f.others.clone(), |f, v| f.others = v);
    let toggle = move |deputy: DeputyId| {
        form.update(|f| {
            if let Some(f) = f {
                match f.attendees.iter().position(|d| *d == deputy) {
                    Some(at) => {
                        f.attendees.remove(at);
                    }
                    None => f.attendees.push(deputy),
                }
            }
        })
    };
    let add_pasted = move |_| {
        leptos::task::spawn_local(async move {
            let Ok(data) = data.await else { return };
            let list = read_attendance(&pasted.get_untracked(), &data.workspace.deputies);
            form.update(|f| {
                if let Some(f) = f {
                    for deputy in list.found {
                        if !f.attendees.contains(&deputy) {
                            f.attendees.push(deputy);
                        }
                    }
                }
            });
            let lang = i18n.lang.get_untracked();
            unresolved.set(
                list.unresolved
                    .into_iter()
                    .map(|(line, text, several)| {
                        let msg = if several {
                            StaffMsg::NameSeveral
                        } else {
                            StaffMsg::NameUnknown
                        };
                        fill(msg, lang, &[("line", &line.to_string()), ("text", &text)])
                    })
                    .collect(),
            );
            pasted.set(String::new());
        });
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let Some(current) = form.get_untracked() else { return };
        let Some(token) = session.session.get_untracked().map(|s| s.token) else {
            return;
        };
        let training = match current.parse() {
            Ok(training) => training,
            Err(error) => {
                let label = match error.field.as_str() {
                    "title" => StaffMsg::ClassTitle,
                    "first_day" => StaffMsg::FirstDay,
                    "last_day" => StaffMsg::LastDay,
                    "place" => StaffMsg::Place,
                    "organiser" => StaffMsg::Organiser,
                    "others" => StaffMsg::CadreNames,
                    _ => StaffMsg::Attendance,
                };
                message.set(Some(describe_problem(&error, label.text(lang), lang)));
                return;
            }
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            // Offline, or with an earlier save of this class still waiting: kept on this
            // device and sent by the next sync pass, in order.
            let queue_it = |training: Training| async move {
                match lvzhi_client::stations::save_training(training).await {
                    Ok(()) => {
                        message.set(Some(StaffMsg::ClassQueued.text(lang).to_owned()));
                        lvzhi_client::sync::local_change_committed(sync);
                    }
                    Err(error) => message.set(Some(AppError::Storage(error).describe(lang))),
                }
            };
            let waiting = match lvzhi_client::stations::training_edits().await {
                Ok(edits) => edits.iter().any(|e| e.item.0.id == training.id && e.is_waiting()),
                Err(error) => {
                    message.set(Some(AppError::Storage(error).describe(lang)));
                    busy.set(false);
                    return;
                }
            };
            if waiting {
                queue_it(training).await;
                busy.set(false);
                return;
            }
            let path = format!("/api/staff/trainings/{}", training.id);
            match lvzhi_client::api::post_or_put_json::<_, TrainingSaved>("PUT", &path, &training, &token).await {
                Err(lvzhi_client::api::ApiError::Network(_)) => queue_it(training).await,
                Ok(saved) => {
                    form.update(|f| *f = Some(Form::of(&saved.training)));
                    message.set(Some(fill(
                        StaffMsg::ClassSaved,
                        lang,
                        &[
                            ("registered", &saved.registered.to_string()),
                            ("withdrawn", &saved.withdrawn.to_string()),
                        ],
                    )));
                    lvzhi_client::sync::request_sync(sync);
                }
                Err(error) => message.set(Some(AppError::from(error).describe(lang))),
            }
            busy.set(false);
        });
    };
    let choice = |value: &'static str, label: &'static str, current: String| {
        view! { <option value=value selected=current == value>{label}</option> }
    };
    view! {
        <form class="form class-editor" id="class-editor" on:submit=save>
            <h2>{move || if form.with(|f| f.as_ref().is_some_and(|f| f.id.is_some())) { StaffMsg::EditClass.text(i18n.lang.get()) } else { StaffMsg::NewClass.text(i18n.lang.get()) }}</h2>
            <label>{ts(i18n, StaffMsg::ClassTitle)}<input id="class-title" required prop:value=title on:input=set_title/></label>
            <div class="row">
                <label>{ts(i18n, StaffMsg::FirstDay)}<input id="class-first" type="date" prop:value=first_day on:input=set_first_day/></label>
                <label>{ts(i18n, StaffMsg::LastDay)}<input id="class-last" type="date" prop:value=last_day on:input=set_last_day/></label>
            </div>
            <div class="row">
                <label>{ts(i18n, StaffMsg::Mode)}
                    <select id="class-mode" on:change=set_mode>
                        {move || { let lang = i18n.lang.get(); let m = mode(); TrainingMode::ALL.iter().map(|k| choice(k.code(), k.label(lang), m.clone())).collect_view() }}
                    </select></label>
                <label>{ts(i18n, StaffMsg::Audience)}
                    <select id="class-audience" on:change=set_audience>
                        {move || { let lang = i18n.lang.get(); let a = audience.get(); TrainingAudience::ALL.iter().map(|k| choice(k.code(), k.label(lang), a.clone())).collect_view() }}
                    </select></label>
            </div>
            <label>{ts(i18n, StaffMsg::Place)}<input id="class-place" prop:value=place on:input=set_place/></label>
            <label>{ts(i18n, StaffMsg::Organiser)}<input id="class-organiser" prop:value=organiser on:input=set_organiser/></label>
            {move || (audience.get() == TrainingAudience::Cadres.code()).then(|| view! {
                <label>{ts(i18n, StaffMsg::CadreNames)}<textarea id="class-others" rows="4" prop:value=others on:input=set_others></textarea></label>
            })}
            {move || (audience.get() == TrainingAudience::Deputies.code()).then(|| view! {
                <fieldset class="attendance">
                    <legend>{move || fill(StaffMsg::AttendeesCount, i18n.lang.get(), &[("count", &form.with(|f| f.as_ref().map_or(0, |f| f.attendees.len())).to_string())])}</legend>
                    <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let Ok(data) = data.await else { return ().into_any() };
                        let chosen = form.with(|f| f.as_ref().map(|f| f.attendees.clone()).unwrap_or_default());
                        let needle = search.get();
                        let lang = i18n.lang.get();
                        let matching: Vec<_> = data.workspace.deputies.iter()
                            .filter(|d| !needle.trim().is_empty() && (d.name.as_str().contains(needle.trim()) || d.electoral_unit.as_str().contains(needle.trim())))
                            .take(50)
                            .map(|d| (d.id, format!("{} · {}", d.name.as_str(), d.electoral_unit.as_str())))
                            .collect();
                        view! {
                            <ul class="chips" id="attendee-list">
                                {chosen.iter().map(|deputy| {
                                    let deputy = *deputy;
                                    let name = data.deputy_name(deputy);
                                    let label = fill(StaffMsg::RemoveAttendee, lang, &[("name", &name)]);
                                    view! { <li data-deputy=deputy.to_string()>{name}" "
                                        <button type="button" class="button small" aria-label=label on:click=move |_| toggle(deputy)>"×"</button></li> }
                                }).collect_view()}
                            </ul>
                            <ul class="pick-list" id="deputy-matches">
                                {matching.into_iter().map(|(id, label)| {
                                    let ticked = chosen.contains(&id);
                                    view! { <li><label><input type="checkbox" data-deputy=id.to_string() prop:checked=ticked on:change=move |_| toggle(id)/>" "{label}</label></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })}
                    </Transition>
                    <label>{ts(i18n, StaffMsg::FindDeputy)}<input id="attendee-search" type="search" prop:value=search on:input=move |e| search.set(event_target_value(&e))/></label>
                    <label>{ts(i18n, StaffMsg::PasteAttendance)}<textarea id="attendance-paste" rows="3" prop:value=pasted on:input=move |e| pasted.set(event_target_value(&e))></textarea></label>
                    <button type="button" class="button" id="attendance-add" on:click=add_pasted>{ts(i18n, StaffMsg::AddListed)}</button>
                    <ul class="error" id="attendance-unresolved">{move || unresolved.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </fieldset>
            })}
            <p>
                <button type="submit" class="button primary" id="class-save" disabled=move || busy.get()>{ts(i18n, StaffMsg::SaveClass)}</button>
                " "
                <button type="button" class="button" on:click=move |_| form.set(None)>{ts(i18n, StaffMsg::Close)}</button>
            </p>
            {move || message.get().map(|m| view! { <p role="status" id="class-message">{m}</p> })}
        </form>
    }
}
