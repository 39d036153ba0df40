//! The "leave and absences" section of `/compliance`: each half day staff recorded the
//! deputy away from the session or a committee meeting, with the right-of-reply editor.
//! Read from the device (the list the last sync brought, loaded with the page's data), so
//! it works offline.

use leptos::prelude::*;
use lvzhi_domain::labels::Label;

use crate::i18n::{WorkMsg, use_i18n};

/// The list of the deputy's absences (as the compliance page loaded them).
#[component]
pub fn AbsencesSection(absences: Vec<lvzhi_domain::attendance::Absence>) -> impl IntoView {
    let i18n = use_i18n();
    let list = if absences.is_empty() {
        view! { <p class="muted" id="no-absences">{i18n.tw(WorkMsg::NoAbsences)}</p> }.into_any()
    } else {
        view! {
            <ul class="absence-list" id="absences">
                {absences.into_iter().map(|absence| {
                    let reason = absence.reason;
                    let (date, half, meeting, kind, approved) =
                        (absence.date, absence.half, absence.meeting, absence.kind, absence.approved);
                    view! {
                        <li class="absence" data-id=absence.id.to_string() data-kind=kind.code()>
                            <span class="record-date">{move || format!("{} {}", crate::i18n::format_date(date, i18n.lang.get()), half.label(i18n.lang.get()))}</span>
                            " · "<span>{move || meeting.label(i18n.lang.get())}</span>
                            " · "<strong>{move || kind.label(i18n.lang.get())}</strong>
                            {move || reason.map(|r| format!("（{}{}）", r.label(i18n.lang.get()), if approved { " ✓" } else { "" }))}
                            <crate::components::ReplyEditor target=lvzhi_domain::reply::ReplyTarget::Absence { absence: absence.id }/>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <h2 id="absences-title">{i18n.tw(WorkMsg::AbsencesTitle)}</h2>
        <p class="muted small">{i18n.tw(WorkMsg::AbsencesIntro)}</p>
        {list}
    }
}
