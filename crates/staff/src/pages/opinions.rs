//! `/staff/opinions`: public-opinion items (社情民意). Staff see those of their scope and
//! categorise, merge duplicates, forward to a unit or turn one into a work suggestion; a
//! unit sees those forwarded to it and answers. The constituent's contact is never in the
//! list: staff allowed it open it one item at a time, online, and the server logs the view.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::handling::QueuedStep;
use lvzhi_client::i18n::{Lang, format_date, use_i18n};
use lvzhi_client::sync::{SyncContext, local_change_committed, use_sync};
use lvzhi_domain::api::OpinionView;
use lvzhi_domain::ids::{OpinionId, SuggestionId, UnitId};
use lvzhi_domain::labels::Label;
use lvzhi_domain::opinion::{OpinionCategory, OpinionStatus, OpinionStep};
use lvzhi_domain::text::{Description, Title};

use crate::handling_data::{HandlingData, is_unit, use_handling_data};
use crate::handling_i18n::{HandlingMsg, refusal_text};

fn take(sync: SyncContext, id: OpinionId, step: OpinionStep, error: RwSignal<Option<String>>) {
    leptos::task::spawn_local(async move {
        match lvzhi_client::handling::take_opinion_step(id, step).await {
            Ok(()) => {
                error.set(None);
                local_change_committed(sync);
            }
            Err(failure) => error.set(Some(failure.to_string())),
        }
    });
}

/// The items as shown: the server's copy with this device's waiting steps applied.
fn shown(data: &HandlingData, unit: Option<UnitId>) -> Vec<(OpinionView, bool, Option<String>)> {
    let today = lvzhi_client::records::today();
    data.workspace
        .opinions
        .iter()
        .map(|view| {
            let mut view = view.clone();
            let (mut waiting, mut refused) = (false, None);
            for entry in &data.steps {
                if let QueuedStep::Opinion { id, request } = &entry.item
                    && *id == view.item.id
                {
                    match &entry.state {
                        lvzhi_client::storage::queue::SendState::Waiting => {
                            waiting |= view.handling.apply(*id, request.step.clone(), unit, today).is_ok();
                        }
                        lvzhi_client::storage::queue::SendState::Refused { reason } => refused = Some(reason.clone()),
                        lvzhi_client::storage::queue::SendState::Sent => {}
                    }
                }
            }
            (view, waiting, refused)
        })
        .collect()
}

#[component]
pub fn OpinionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_handling_data();
    let unit = is_unit();
    let session = lvzhi_client::session::use_session().session;
    view! {
        <section class="card">
            <h1>{move || HandlingMsg::OpinionsTitle.text(i18n.lang.get())}</h1>
            <p class="muted">{move || if unit.get() { HandlingMsg::UnitOpinionsIntro } else { HandlingMsg::OpinionsIntro }.text(i18n.lang.get())}</p>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                let me = session.get();
                let my_unit = me.as_ref().and_then(|s| s.account.unit);
                let sees_contacts = me.as_ref().is_some_and(|s| s.account.sees_contacts);
                let items = shown(&data, my_unit);
                if items.is_empty() {
                    return Ok::<_, AppError>(view! { <p class="muted" id="opinions-empty">{HandlingMsg::NoOpinions.text(lang)}</p> }.into_any());
                }
                let others: Vec<(OpinionId, String)> = items.iter()
                    .map(|(v, _, _)| (v.item.id, v.item.content.as_str().chars().take(24).collect()))
                    .collect();
                Ok(view! { <ul class="record-list" id="opinion-list">{items.into_iter().map(|(view, waiting, refused)| {
                    item_view(&data, view, waiting, refused, my_unit, sees_contacts, &others, lang)
                }).collect_view()}</ul> }.into_any())
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn item_view(
    data: &HandlingData,
    view: OpinionView,
    waiting: bool,
    refused: Option<String>,
    unit: Option<UnitId>,
    sees_contacts: bool,
    others: &[(OpinionId, String)],
    lang: Lang,
) -> impl IntoView + use<> {
    let sync = use_sync();
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let contact = RwSignal::new(None::<String>);
    let id = view.item.id;
    let handling = view.handling.clone();
    let category = handling.category.unwrap_or(view.item.category);
    let finished = matches!(handling.status, OpinionStatus::Merged | OpinionStatus::Converted);
    let (note, target, title, chosen_category, merge_into) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(category.code().to_owned()),
        RwSignal::new(String::new()),
    );
    let described = move |text: &str, label: HandlingMsg| {
        Description::parse_field(text.trim(), "note")
            .map_err(|e| lvzhi_client::i18n::describe_problem(&e, label.text(lang), lang))
    };
    let forward = move |_| {
        let Ok(unit) = UnitId::parse_field(&target.get_untracked(), "unit") else {
            return error.set(Some(format!(
                "{}: {}",
                HandlingMsg::Forward.text(lang),
                lvzhi_client::i18n::WorkMsg::FieldEmpty.text(lang)
            )));
        };
        match described(&note.get_untracked(), HandlingMsg::ForwardNote) {
            Ok(note) => take(sync, id, OpinionStep::Forward { unit, note }, error),
            Err(text) => error.set(Some(text)),
        }
    };
    let answer = move |_| match described(&note.get_untracked(), HandlingMsg::AnswerNote) {
        Ok(note) => take(sync, id, OpinionStep::Answer { note }, error),
        Err(text) => error.set(Some(text)),
    };
    let convert = move |_| match Title::parse_field(title.get_untracked().trim(), "title") {
        Ok(title) => take(
            sync,
            id,
            OpinionStep::Convert {
                suggestion: SuggestionId::from_uuid(lvzhi_client::ids::new_uuid_v7()),
                title,
            },
            error,
        ),
        Err(e) => error.set(Some(lvzhi_client::i18n::describe_problem(
            &e,
            HandlingMsg::ConvertTitle.text(lang),
            lang,
        ))),
    };
    let categorise = move |_| match OpinionCategory::parse_field(&chosen_category.get_untracked(), "category") {
        Ok(category) => take(sync, id, OpinionStep::Categorise { category }, error),
        Err(e) => error.set(Some(lvzhi_client::i18n::describe_problem(
            &e,
            HandlingMsg::Category.text(lang),
            lang,
        ))),
    };
    let merge = move |_| match OpinionId::parse_field(&merge_into.get_untracked(), "into") {
        Ok(into) => take(sync, id, OpinionStep::Merge { into }, error),
        Err(_) => error.set(Some(format!(
            "{}: {}",
            HandlingMsg::MergeInto.text(lang),
            lvzhi_client::i18n::WorkMsg::FieldEmpty.text(lang)
        ))),
    };
    let signed_in = lvzhi_client::session::use_session().session;
    let reveal = move |_| {
        let session = signed_in.get_untracked();
        leptos::task::spawn_local(async move {
            let Some(session) = session else { return };
            let path = format!("/api/staff/opinions/{id}/contact");
            match lvzhi_client::api::get_json_signed::<lvzhi_domain::api::ContactReveal>(&path, &session.token).await {
                Ok(reveal) => contact.set(Some(reveal.contact)),
                Err(failure) => error.set(Some(failure.to_string())),
            }
        });
    };
    let units = data.units().to_vec();
    let unit_name = handling.unit.map(|u| data.unit_name(u));
    let merge_options: Vec<(OpinionId, String)> = others.iter().filter(|(o, _)| *o != id).cloned().collect();
    view! {
        <li class="record opinion" data-id=id.to_string() data-status=handling.status.code()>
            <div class="record-main">
                <span class="record-date">{format_date(view.item.gathered_on, lang)}</span>
                <span class="record-kind">{category.label(lang)}</span>
                <span class=format!("state state-{}", handling.status.code())>{handling.status.label(lang)}</span>
                <span class="badge">{view.item.urgency.label(lang)}</span>
                {view.has_contact.then(|| view! { <span class="badge">{HandlingMsg::HasContact.text(lang)}</span> })}
                {waiting.then(|| view! { <span class="badge warn">{HandlingMsg::Waiting.text(lang)}</span> })}
            </div>
            <p class="record-text">{view.item.place.as_str().to_owned()}" "{view.item.content.as_str().to_owned()}</p>
            <p class="muted small">{data.deputy_name(view.item.deputy)}{unit_name.map(|u| format!(" → {u}"))}
                {handling.note.map(|n| format!(" · {}", n.as_str()))}</p>
            {refused.map(|r| view! { <p class="error" role="alert">{HandlingMsg::Refused.text(lang)}{refusal_text(&r, lang)}</p> })}
            {move || contact.get().map(|c| view! { <p class="contact" id=format!("contact-{id}")><strong>{c}</strong>" "<span class="muted small">{HandlingMsg::ContactAudited.text(i18n.lang.get())}</span></p> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {match unit {
                Some(_) => (handling.status == OpinionStatus::Forwarded).then(|| view! {
                    <div class="inline opinion-actions">
                        <input type="text" class="opinion-note" aria-label=HandlingMsg::AnswerNote.text(lang) on:input=move |e| note.set(event_target_value(&e))/>
                        <button type="button" class="button small primary answer-opinion" on:click=answer>{HandlingMsg::Answer.text(lang)}</button>
                    </div>
                }.into_any()),
                None => (!finished).then(|| view! {
                    <div class="inline opinion-actions">
                        <select class="opinion-category" aria-label=HandlingMsg::Category.text(lang) prop:value=category.code() on:change=move |e| chosen_category.set(event_target_value(&e))>
                            {OpinionCategory::ALL.iter().map(|c| view! { <option value=c.code()>{c.label(lang)}</option> }).collect_view()}
                        </select>
                        <button type="button" class="button small" on:click=categorise>{HandlingMsg::Classify.text(lang)}</button>
                        <select class="forward-unit" aria-label=HandlingMsg::Forward.text(lang) on:change=move |e| target.set(event_target_value(&e))>
                            <option value="">"—"</option>
                            {units.iter().map(|u| view! { <option value=u.id.to_string()>{u.name.as_str().to_owned()}</option> }).collect_view()}
                        </select>
                        <input type="text" class="opinion-note" aria-label=HandlingMsg::ForwardNote.text(lang) on:input=move |e| note.set(event_target_value(&e))/>
                        <button type="button" class="button small primary forward-opinion" on:click=forward>{HandlingMsg::Forward.text(lang)}</button>
                        <input type="text" class="convert-title" aria-label=HandlingMsg::ConvertTitle.text(lang) on:input=move |e| title.set(event_target_value(&e))/>
                        <button type="button" class="button small convert-opinion" on:click=convert>{HandlingMsg::Convert.text(lang)}</button>
                        {(!merge_options.is_empty()).then(|| view! {
                            <select class="merge-into" aria-label=HandlingMsg::MergeInto.text(lang) on:change=move |e| merge_into.set(event_target_value(&e))>
                                <option value="">"—"</option>
                                {merge_options.iter().map(|(o, text)| view! { <option value=o.to_string()>{text.clone()}</option> }).collect_view()}
                            </select>
                            <button type="button" class="button small" on:click=merge>{HandlingMsg::Merge.text(lang)}</button>
                        })}
                        {(sees_contacts && view.has_contact).then(|| view! {
                            <button type="button" class="button small show-contact" on:click=reveal>{HandlingMsg::ShowContact.text(lang)}</button>
                        })}
                    </div>
                }.into_any()),
            }}
        </li>
    }
}
