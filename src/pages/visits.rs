//! `/visits`: record a constituent visit or a reception at a station, with the opinion items
//! gathered (content, category, place, urgency, the constituent's contact). The visit is a
//! duty activity saved through the outbox; the items are saved with their contacts encrypted
//! and filed by the next sync. Works offline.

use leptos::prelude::*;
use lvzhi_domain::activity::{Activity, ActivityKind};
use lvzhi_domain::labels::Label;
use lvzhi_domain::opinion::{OpinionCategory, OpinionItem, Urgency};

use crate::i18n::{WorkMsg, describe_problem, use_i18n};
use crate::records::{Draft, check_draft, load_records, today};
use crate::session::use_session;
use crate::sync::{local_change_committed, use_sync};

#[derive(Clone)]
struct ItemFields {
    key: u32,
    content: RwSignal<String>,
    category: RwSignal<OpinionCategory>,
    urgency: RwSignal<Urgency>,
    contact: RwSignal<String>,
}

impl ItemFields {
    fn new(key: u32) -> Self {
        Self {
            key,
            content: RwSignal::new(String::new()),
            category: RwSignal::new(OpinionCategory::Livelihood),
            urgency: RwSignal::new(Urgency::Normal),
            contact: RwSignal::new(String::new()),
        }
    }
}

#[component]
fn VisitItems(visit: Activity) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let id = visit.id;
    let items = LocalResource::new(move || {
        sync.data_version.track();
        async move {
            let items = crate::opinions::of_visit(id).await?;
            // Where each stands in staff's handling, as last fetched.
            let statuses = crate::opinions::load_statuses().await?;
            Ok::<_, crate::storage::StorageError>((items, statuses))
        }
    });
    view! {
        <li class="record visit" data-id=visit.id.to_string()>
            <div class="record-main">
                <span class="record-date">{let day = visit.date; move || crate::i18n::format_date(day, i18n.lang.get())}</span>
                <span class="record-kind">{visit.place.as_str().to_owned()}</span>
            </div>
            <p class="record-text">{visit.description.as_str().to_owned()}</p>
            <Transition>
                {move || Suspend::new(async move {
                    let (list, statuses) = match items.await {
                        Ok(found) => found,
                        Err(error) => {
                            let error = crate::error::AppError::Storage(error);
                            return view! { <p class="form-error" role="alert">{move || error.describe(i18n.lang.get())}</p> }.into_any();
                        }
                    };
                    view! {
                        <ul class="opinion-list">
                            {list.into_iter().map(|(item, synced)| {
                                let category = item.category;
                                let urgency = item.urgency;
                                let handling = statuses.iter().find(|line| line.id == item.id).map(|line| line.handling.clone());
                                view! {
                                    <li class="opinion" data-synced=synced.to_string()>
                                        <span class="state">{move || category.label(i18n.lang.get())}</span>" "
                                        <span class="state">{move || urgency.label(i18n.lang.get())}</span>" "
                                        {item.content.as_str().to_owned()}
                                        {item.contact.map(|c| view! { <span class="muted small contact">" · "{c.as_str().to_owned()}</span> })}
                                        {(!synced).then(|| view! { " " <span class="state state-unsynced">{i18n.tw(WorkMsg::NotYetSynced)}</span> })}
                                        {handling.map(|h| {
                                            let status = h.status;
                                            view! { " " <span class=format!("state opinion-status state-{}", status.code()) data-status=status.code()>{move || status.label(i18n.lang.get())}</span>
                                                {h.note.map(|n| view! { <span class="muted small">" · "{n.as_str().to_owned()}</span> })} }
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
        </li>
    }
}

#[component]
pub fn VisitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let date = RwSignal::new(today().to_string());
    let place = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let next_key = StoredValue::new(1u32);
    let items = RwSignal::new(vec![ItemFields::new(0)]);
    let errors = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(0u32);
    let me = crate::session::use_session().session;
    let visits = LocalResource::new(move || {
        sync.data_version.track();
        let me = me.get();
        async move {
            load_records(me.and_then(|s| s.account.deputy))
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|row| row.activity.kind == ActivityKind::ConstituentVisit)
                .take(10)
                .map(|row| row.activity)
                .collect::<Vec<_>>()
        }
    });
    let add_item = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        items.update(|list| list.push(ItemFields::new(key)));
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let Some(signed_in) = session.session.get_untracked() else {
            errors.set(vec![i18n.w(WorkMsg::SignInFirst).to_owned()]);
            return;
        };
        let Some(deputy) = signed_in.account.deputy else {
            errors.set(vec![i18n.w(WorkMsg::NotADeputy).to_owned()]);
            return;
        };
        let draft = Draft {
            kind: ActivityKind::ConstituentVisit,
            date: date.get_untracked(),
            place: place.get_untracked(),
            description: description.get_untracked(),
        };
        let label = |field: &str| match field {
            "date" => WorkMsg::Date.text(lang),
            "place" => WorkMsg::Place.text(lang),
            "content" => WorkMsg::OpinionContent.text(lang),
            "contact" => WorkMsg::OpinionContact.text(lang),
            _ => WorkMsg::Description.text(lang),
        };
        let (day, place_text, description_text) = match check_draft(&draft, today()) {
            Ok(checked) => checked,
            Err(problems) => {
                errors.set(
                    problems
                        .iter()
                        .map(|p| describe_problem(p, label(&p.field), lang))
                        .collect(),
                );
                return;
            }
        };
        // The visit id is made now so the items can point at it.
        let visit_id = lvzhi_domain::ids::ActivityId::from_uuid(crate::ids::new_uuid_v7());
        let mut checked_items = Vec::new();
        let mut problems = Vec::new();
        for (position, fields) in items.get_untracked().iter().enumerate() {
            let content = fields.content.get_untracked();
            if content.trim().is_empty() && fields.contact.get_untracked().trim().is_empty() {
                continue; // an empty row is ignored
            }
            match OpinionItem::new(
                crate::opinions::new_id(),
                visit_id,
                deputy,
                day,
                &content,
                fields.category.get_untracked(),
                place_text.as_str(),
                fields.urgency.get_untracked(),
                &fields.contact.get_untracked(),
            ) {
                Ok(item) => checked_items.push(item),
                Err(problem) => problems.push(format!(
                    "#{} {}",
                    position + 1,
                    describe_problem(&problem, label(&problem.field), lang)
                )),
            }
        }
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.set(Vec::new());
        leptos::task::spawn_local(async move {
            let result = async {
                crate::records::save_draft_with_id(
                    &signed_in,
                    visit_id,
                    ActivityKind::ConstituentVisit,
                    day,
                    place_text,
                    description_text,
                )
                .await?;
                crate::opinions::save_items(checked_items).await
            }
            .await;
            match result {
                Ok(()) => {
                    saved.update(|n| *n += 1);
                    place.set(String::new());
                    description.set(String::new());
                    items.set(vec![ItemFields::new(next_key.get_value())]);
                    next_key.update_value(|k| *k += 1);
                    local_change_committed(sync);
                }
                Err(error) => errors.set(vec![format!("{}{}", i18n.w(WorkMsg::StorageFailed), error.0)]),
            }
        });
    };
    view! {
        <section class="card">
            <h1>{i18n.tw(WorkMsg::VisitsTitle)}</h1>
            <p class="muted">{i18n.tw(WorkMsg::VisitIntro)}</p>
            <form class="form wide" id="visit-form" on:submit=submit novalidate=true>
                <label for="visit-date">{i18n.tw(WorkMsg::Date)}</label>
                <input id="visit-date" type="date" max=move || today().to_string()
                    prop:value=move || date.get() on:input=move |e| date.set(event_target_value(&e))/>
                <label for="visit-place">{i18n.tw(WorkMsg::Place)}</label>
                <input id="visit-place" prop:value=move || place.get() on:input=move |e| place.set(event_target_value(&e))/>
                <label for="visit-description">{i18n.tw(WorkMsg::Description)}</label>
                <textarea id="visit-description" rows="2" prop:value=move || description.get()
                    on:input=move |e| description.set(event_target_value(&e))></textarea>
                <h2>{i18n.tw(WorkMsg::OpinionItems)}</h2>
                <p class="muted small">{i18n.tw(WorkMsg::OpinionContactHint)}</p>
                <For each=move || items.get() key=|fields| fields.key let:fields>
                    {
                        let key = fields.key;
                        let id = move |name: &str| format!("opinion-{name}-{key}");
                        view! {
                            <fieldset class="opinion-fields">
                                <label for=id("content")>{i18n.tw(WorkMsg::OpinionContent)}</label>
                                <textarea id=id("content") class="opinion-content" rows="2"
                                    prop:value=move || fields.content.get() on:input=move |e| fields.content.set(event_target_value(&e))></textarea>
                                <div class="filters">
                                    <label>{i18n.tw(WorkMsg::OpinionCategory)}
                                        <select class="opinion-category" on:change=move |e| if let Ok(c) = event_target_value(&e).parse() { fields.category.set(c) }>
                                            {OpinionCategory::ALL.iter().map(|c| { let c = *c; view! { <option value=c.code()>{move || c.label(i18n.lang.get())}</option> } }).collect_view()}
                                        </select>
                                    </label>
                                    <label>{i18n.tw(WorkMsg::OpinionUrgency)}
                                        <select class="opinion-urgency" on:change=move |e| if let Ok(u) = event_target_value(&e).parse() { fields.urgency.set(u) }>
                                            {Urgency::ALL.iter().map(|u| { let u = *u; view! { <option value=u.code()>{move || u.label(i18n.lang.get())}</option> } }).collect_view()}
                                        </select>
                                    </label>
                                    <label>{i18n.tw(WorkMsg::OpinionContact)}
                                        <input class="opinion-contact" autocomplete="off"
                                            prop:value=move || fields.contact.get() on:input=move |e| fields.contact.set(event_target_value(&e))/>
                                    </label>
                                </div>
                                <button type="button" class="button small" on:click=move |_| items.update(|list| list.retain(|f| f.key != key))>
                                    {i18n.tw(WorkMsg::RemoveOpinion)}
                                </button>
                            </fieldset>
                        }
                    }
                </For>
                <div class="form-actions">
                    <button type="button" class="button" id="add-opinion" on:click=add_item>{i18n.tw(WorkMsg::AddOpinion)}</button>
                    <button type="submit" class="button primary" id="save-visit">{i18n.tw(WorkMsg::SaveVisit)}</button>
                </div>
                <Show when=move || !errors.get().is_empty()>
                    <ul class="form-error" role="alert" id="visit-errors">
                        {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                    </ul>
                </Show>
                <Show when=move || saved.get() != 0>
                    <p data-saved=move || saved.get().to_string() class="form-ok" role="status" id="visit-saved">{i18n.tw(WorkMsg::VisitSaved)}</p>
                </Show>
            </form>
        </section>
        <section class="card">
            <h2>{i18n.tw(WorkMsg::RecentVisits)}</h2>
            <Transition>
                {move || Suspend::new(async move {
                    let list = visits.await;
                    if list.is_empty() {
                        return view! { <p class="muted">{i18n.tw(WorkMsg::NoVisits)}</p> }.into_any();
                    }
                    view! { <ul class="record-list" id="visits">{list.into_iter().map(|visit| view! { <VisitItems visit/> }).collect_view()}</ul> }.into_any()
                })}
            </Transition>
        </section>
    }
}
