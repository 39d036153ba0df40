//! Services entered in forms: a deputy's early leave (on their page) and a by-elected
//! deputy (on the roster page). Each sends the deputy to `PUT /api/staff/deputies/{id}`,
//! which checks it as a roster row is; the next sync pass brings it to every device.
//! Needs the network.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::use_i18n;
use lvzhi_client::session::use_session;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::{Deputy, Level, TermService};
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::labels::Label;
use lvzhi_domain::text::{PersonName, Title};

use crate::i18n::{StaffMsg, ts};

/// Sends `deputy`; says what happened in `message`.
fn send(
    deputy: Deputy,
    message: RwSignal<Option<String>>,
    session: lvzhi_client::session::SessionContext,
    sync: lvzhi_client::sync::SyncContext,
    lang: lvzhi_domain::lang::Lang,
) {
    let Some(token) = session.session.get_untracked().map(|s| s.token) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let path = format!("/api/staff/deputies/{}?lang={}", deputy.id, lang.code());
        match lvzhi_client::api::post_or_put_json::<_, Deputy>("PUT", &path, &deputy, &token).await {
            Ok(_) => {
                message.set(Some(StaffMsg::ServiceSaved.text(lang).to_owned()));
                lvzhi_client::sync::request_sync(sync);
            }
            Err(error) => message.set(Some(AppError::from(error).describe(lang))),
        }
    });
}

/// "Left early on …": ends the deputy's service in the term that covers today.
#[component]
pub fn EarlyLeaveForm(deputy: Deputy) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let date = RwSignal::new(lvzhi_client::records::today().to_string());
    let message = RwSignal::new(None::<String>);
    let today = lvzhi_client::records::today();
    let Some(current) = deputy.services.iter().position(|s| s.covers(today)) else {
        return ().into_any();
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let mut edited = deputy.clone();
        match LocalDate::parse_field(&date.get_untracked(), "until") {
            Ok(until) => {
                edited.services[current].until = until;
                edited.services[current].left_early = true;
                send(edited, message, session, sync, lang);
            }
            Err(error) => message.set(Some(lvzhi_client::i18n::describe_problem(
                &error,
                StaffMsg::LeftOn.text(lang),
                lang,
            ))),
        }
    };
    view! {
        <form class="form inline" id="early-leave" on:submit=submit>
            <label>{ts(i18n, StaffMsg::LeftOn)}<input id="early-leave-date" type="date" prop:value=date on:input=move |e| date.set(event_target_value(&e))/></label>
            <button type="submit" class="button">{ts(i18n, StaffMsg::RecordEarlyLeave)}</button>
            {move || message.get().map(|m| view! { <p role="status" id="early-leave-message">{m}</p> })}
        </form>
    }
    .into_any()
}

/// A by-elected deputy: name, level, electoral unit, occupation and the first day, in the
/// term that covers that day.
#[component]
pub fn ByElectionForm(terms: Vec<lvzhi_domain::calendar::Term>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(Level::Municipal.code().to_owned());
    let unit = RwSignal::new(String::new());
    let occupation = RwSignal::new(String::new());
    let from = RwSignal::new(lvzhi_client::records::today().to_string());
    let message = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let parsed = (|| {
            let from = LocalDate::parse_field(&from.get_untracked(), "from")?;
            let term = terms.iter().find(|t| t.start <= from && from <= t.end).ok_or_else(|| {
                lvzhi_domain::ValidationError::new(
                    "from",
                    lvzhi_domain::error::Problem::Inconsistent {
                        detail: "no term covers this day".into(),
                    },
                )
            })?;
            Ok::<_, lvzhi_domain::ValidationError>(Deputy {
                id: DeputyId::from_uuid(lvzhi_client::ids::new_uuid_v7()),
                name: PersonName::parse_field(&name.get_untracked(), "name")?,
                level: Level::parse_field(&level.get_untracked(), "level")?,
                electoral_unit: Title::parse_field(&unit.get_untracked(), "electoral_unit")?,
                occupation: Some(occupation.get_untracked())
                    .filter(|o| !o.trim().is_empty())
                    .map(|o| Title::parse_field(&o, "occupation"))
                    .transpose()?,
                services: vec![TermService::new(term.number, from, term.end, from > term.start, false)?],
                liaison_group: None,
                professional_groups: Vec::new(),
                stations: Vec::new(),
                attributes: Vec::new(),
            })
        })();
        match parsed {
            Ok(deputy) => send(deputy, message, session, sync, lang),
            Err(error) => {
                let label = match error.field.as_str() {
                    "name" => StaffMsg::Deputy,
                    "electoral_unit" => StaffMsg::ElectoralUnit,
                    "occupation" => StaffMsg::Occupation,
                    _ => StaffMsg::FirstDay,
                };
                message.set(Some(lvzhi_client::i18n::describe_problem(
                    &error,
                    label.text(lang),
                    lang,
                )));
            }
        }
    };
    view! {
        <form class="form" id="by-election" on:submit=submit>
            <h2>{ts(i18n, StaffMsg::ByElectionTitle)}</h2>
            <div class="row">
                <label>{ts(i18n, StaffMsg::Deputy)}<input id="by-election-name" required prop:value=name on:input=move |e| name.set(event_target_value(&e))/></label>
                <label>{ts(i18n, StaffMsg::Level)}
                    <select id="by-election-level" on:change=move |e| level.set(event_target_value(&e))>
                        {move || { let lang = i18n.lang.get(); Level::ALL.iter().map(|l| view! { <option value=l.code() selected=level.get_untracked() == l.code()>{l.label(lang)}</option> }).collect_view() }}
                    </select></label>
            </div>
            <div class="row">
                <label>{ts(i18n, StaffMsg::ElectoralUnit)}<input id="by-election-unit" required prop:value=unit on:input=move |e| unit.set(event_target_value(&e))/></label>
                <label>{ts(i18n, StaffMsg::Occupation)}<input id="by-election-occupation" prop:value=occupation on:input=move |e| occupation.set(event_target_value(&e))/></label>
                <label>{ts(i18n, StaffMsg::FirstDay)}<input id="by-election-from" type="date" prop:value=from on:input=move |e| from.set(event_target_value(&e))/></label>
            </div>
            <button type="submit" class="button">{ts(i18n, StaffMsg::AddByElected)}</button>
            {move || message.get().map(|m| view! { <p role="status" id="by-election-message">{m}</p> })}
        </form>
    }
}
