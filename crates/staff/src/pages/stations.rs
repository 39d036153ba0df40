//! `/staff/stations`: deputy stations (代表之家、工作站、联络点) by district — address,
//! reception schedule and the deputies of every level attached. A schedule is edited
//! offline like any change: saved on this device at once (the `station_edits` queue), sent
//! by the next sync pass, and read by other devices with their workspace.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{Lang, describe_problem, use_i18n};
use lvzhi_client::stations::StationEdit;
use lvzhi_client::storage::queue::QueueEntry;
use lvzhi_client::sync::{local_change_committed, use_sync};
use lvzhi_domain::labels::Label;
use lvzhi_domain::organisation::{ReceptionSlot, Station};
use lvzhi_domain::text::PlaceText;

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, fill, ts};

fn weekday(n: u8, lang: Lang) -> &'static str {
    const HANS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const HANT: [&str; 7] = ["週一", "週二", "週三", "週四", "週五", "週六", "週日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let at = usize::from(n.clamp(1, 7) - 1);
    lang.pick(HANS[at], HANT[at], EN[at])
}

fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// A slot in words: "周三 09:00–11:30" or "每月第1周 周三 …".
fn slot_text(slot: &ReceptionSlot, lang: Lang) -> String {
    let week = slot
        .week_of_month
        .map(|week| fill(StaffMsg::WeekOfMonth, lang, &[("n", &week.to_string())]) + " ")
        .unwrap_or_default();
    format!(
        "{week}{} {}–{}",
        weekday(slot.weekday, lang),
        clock(slot.start_minute),
        clock(slot.end_minute)
    )
}

/// A slot as typed in the editor.
#[derive(Clone, Default)]
struct SlotForm {
    weekday: String,
    week: String,
    start: String,
    end: String,
}

#[component]
pub fn StationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let data = use_staff_data();
    let editing = RwSignal::new(None::<Station>);
    let edits = LocalResource::new(move || {
        sync.data_version.track();
        async move { lvzhi_client::stations::edits().await.map_err(AppError::Storage) }
    });
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::StationsTitle)}</h1>
            <p class="muted">{ts(i18n, StaffMsg::StationsIntro)}</p>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let edits: Vec<QueueEntry<StationEdit>> = edits.await?;
                let lang = i18n.lang.get();
                let mut stations = data.workspace.stations.clone();
                // This device's edits over the workspace's copy, until the server has them
                // and the workspace is fetched again.
                for edit in &edits {
                    if let Some(station) = stations.iter_mut().find(|s| s.id == edit.item.0.id) {
                        *station = edit.item.0.clone();
                    }
                }
                Ok::<_, AppError>(view! {
                    <ul class="station-list" id="station-list">
                    {stations.into_iter().map(|station| {
                        let waiting = edits.iter().any(|e| e.item.0.id == station.id && e.is_waiting());
                        let deputies: Vec<String> = data.workspace.deputies.iter()
                            .filter(|d| d.stations.contains(&station.id))
                            .map(|d| format!("{}（{}）", d.name.as_str(), d.level.label(lang)))
                            .collect();
                        let schedule = if station.reception.is_empty() {
                            StaffMsg::NoSchedule.text(lang).to_owned()
                        } else {
                            station.reception.iter().map(|s| slot_text(s, lang)).collect::<Vec<_>>().join("；")
                        };
                        let chosen = station.clone();
                        let open = editing.with(|e| e.as_ref().map(|s| s.id)) == Some(station.id);
                        // The visible words first, then whose (the accessible name contains the label).
                        let label = format!("{} · {}", StaffMsg::EditSchedule.text(lang), station.name.as_str());
                        view! {
                            <li class="station" data-station=station.id.to_string()>
                                <h2>{station.name.as_str().to_owned()}" "<span class="muted small">{station.kind.label(lang)}" · "{station.district.as_str().to_owned()}</span></h2>
                                <p>{station.address.as_str().to_owned()}</p>
                                <p class="schedule">{schedule}
                                    {waiting.then(|| view! { " " <span class="badge warn">{StaffMsg::WaitingToSync.text(lang)}</span> })}</p>
                                <p class="small">{fill(StaffMsg::StationDeputies, lang, &[("count", &deputies.len().to_string())])}" "{deputies.join("、")}</p>
                                {if open {
                                    view! { <StationEditor station=chosen.clone() editing/> }.into_any()
                                } else {
                                    view! { <button type="button" class="button small" aria-label=label on:click=move |_| editing.set(Some(chosen.clone()))>{StaffMsg::EditSchedule.text(lang)}</button> }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                    </ul>
                })
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn StationEditor(station: Station, editing: RwSignal<Option<Station>>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let address = RwSignal::new(station.address.as_str().to_owned());
    let slots = RwSignal::new(
        station
            .reception
            .iter()
            .map(|slot| SlotForm {
                weekday: slot.weekday.to_string(),
                week: slot.week_of_month.map(|w| w.to_string()).unwrap_or_default(),
                start: clock(slot.start_minute),
                end: clock(slot.end_minute),
            })
            .collect::<Vec<_>>(),
    );
    let message = RwSignal::new(None::<String>);
    let name = station.name.as_str().to_owned();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang.get_untracked();
        let mut edited = station.clone();
        let parsed = PlaceText::parse_field(&address.get_untracked(), "address").and_then(|address| {
            edited.address = address;
            slots
                .get_untracked()
                .iter()
                .map(|slot| {
                    let bad_time = || {
                        lvzhi_domain::ValidationError::new(
                            "end_minute",
                            lvzhi_domain::error::Problem::BadFormat {
                                expected: "HH:MM".into(),
                            },
                        )
                    };
                    ReceptionSlot::new(
                        slot.weekday.parse().unwrap_or(0),
                        slot.week.parse().ok(),
                        parse_clock(&slot.start).ok_or_else(bad_time)?,
                        parse_clock(&slot.end).ok_or_else(bad_time)?,
                    )
                })
                .collect::<Result<Vec<_>, _>>()
        });
        match parsed {
            Err(error) => message.set(Some(describe_problem(&error, StaffMsg::Schedule.text(lang), lang))),
            Ok(reception) => {
                edited.reception = reception;
                leptos::task::spawn_local(async move {
                    match lvzhi_client::stations::save(edited).await {
                        Ok(()) => {
                            local_change_committed(sync);
                            editing.set(None);
                        }
                        Err(error) => message.set(Some(AppError::Storage(error).describe(lang))),
                    }
                });
            }
        }
    };
    let update = move |at: usize, set: fn(&mut SlotForm, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            slots.update(|list| {
                if let Some(slot) = list.get_mut(at) {
                    set(slot, value)
                }
            })
        }
    };
    view! {
        <form class="form" id="station-editor" on:submit=save>
            <h2>{move || fill(StaffMsg::EditStation, i18n.lang.get(), &[("name", &name)])}</h2>
            <label>{ts(i18n, StaffMsg::Address)}<input id="station-address" prop:value=address on:input=move |e| address.set(event_target_value(&e))/></label>
            <fieldset>
                <legend>{ts(i18n, StaffMsg::Schedule)}</legend>
                {move || {
                    let lang = i18n.lang.get();
                    slots.get().into_iter().enumerate().map(|(at, slot)| view! {
                        <div class="row slot" data-slot=at.to_string()>
                            <label>{StaffMsg::Weekday.text(lang)}
                                <select class="slot-weekday" on:change=update(at, |s, v| s.weekday = v)>
                                    {(1..=7u8).map(|n| view! { <option value=n.to_string() selected=slot.weekday == n.to_string()>{weekday(n, lang)}</option> }).collect_view()}
                                </select></label>
                            <label>{StaffMsg::Week.text(lang)}
                                <select class="slot-week" on:change=update(at, |s, v| s.week = v)>
                                    <option value="" selected=slot.week.is_empty()>{StaffMsg::EveryWeek.text(lang)}</option>
                                    {(1..=5u8).map(|n| view! { <option value=n.to_string() selected=slot.week == n.to_string()>{fill(StaffMsg::WeekOfMonth, lang, &[("n", &n.to_string())])}</option> }).collect_view()}
                                </select></label>
                            <label>{StaffMsg::From.text(lang)}<input class="slot-start" type="time" prop:value=slot.start.clone() on:input=update(at, |s, v| s.start = v)/></label>
                            <label>{StaffMsg::Until.text(lang)}<input class="slot-end" type="time" prop:value=slot.end.clone() on:input=update(at, |s, v| s.end = v)/></label>
                            <button type="button" class="button small" on:click=move |_| slots.update(|list| { if at < list.len() { list.remove(at); } })>{StaffMsg::RemoveSlot.text(lang)}</button>
                        </div>
                    }).collect_view()
                }}
                <button type="button" class="button" id="add-slot" on:click=move |_| slots.update(|list| list.push(SlotForm { weekday: "1".into(), week: String::new(), start: "09:00".into(), end: "11:30".into() }))>{ts(i18n, StaffMsg::AddSlot)}</button>
            </fieldset>
            <p>
                <button type="submit" class="button primary" id="station-save">{ts(i18n, StaffMsg::SaveStation)}</button>
                " "
                <button type="button" class="button" on:click=move |_| editing.set(None)>{ts(i18n, StaffMsg::Close)}</button>
            </p>
            {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </form>
    }
}
