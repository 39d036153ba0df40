//! `/staff/attendance`: leave (请假) and absences (缺席) at the annual session and standing
//! committee meetings, per half day — the absences point rules deduct. Entered one by one
//! or pasted as lines `deputy,meeting,date,half,kind,reason,approved`; each slot has one id
//! (`lvzhi_domain::attendance::slot_id`), so a list sent twice records each absence once.
//! Sending needs the network; the list shows what the workspace holds.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{describe_problem, use_i18n};
use lvzhi_client::session::use_session;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::attendance::{Absence, AbsenceLineProblem, read_absences};
use lvzhi_domain::labels::Label;

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, fill, ts};

#[component]
pub fn AttendancePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let data = use_staff_data();
    let pasted = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let send = move |_| {
        let Some(token) = session.session.get_untracked().map(|s| s.token) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let lang = i18n.lang.get_untracked();
            let data = match data.await {
                Ok(data) => data,
                Err(error) => {
                    lines.set(vec![error.describe(lang)]);
                    busy.set(false);
                    return;
                }
            };
            let (absences, problems) = read_absences(&pasted.get_untracked(), &data.workspace.deputies);
            let mut out: Vec<String> = problems
                .into_iter()
                .map(|(line, problem)| {
                    let what = match problem {
                        AbsenceLineProblem::Deputy { text, several } => {
                            let msg = if several {
                                StaffMsg::NameSeveral
                            } else {
                                StaffMsg::NameUnknown
                            };
                            return fill(msg, lang, &[("line", &line.to_string()), ("text", &text)]);
                        }
                        AbsenceLineProblem::Field(error) => describe_problem(&error, &error.field, lang),
                    };
                    fill(
                        StaffMsg::LineProblem,
                        lang,
                        &[("line", &line.to_string()), ("problem", &what)],
                    )
                })
                .collect();
            let mut recorded = 0;
            for absence in absences {
                let name = data.deputy_name(absence.deputy);
                match lvzhi_client::api::post_json::<_, Absence>("/api/staff/absences", &absence, Some(&token)).await {
                    Ok(_) => recorded += 1,
                    Err(error) => out.push(format!(
                        "{name} {}: {}",
                        absence.date,
                        AppError::from(error).describe(lang)
                    )),
                }
            }
            out.insert(
                0,
                fill(StaffMsg::AbsencesRecorded, lang, &[("count", &recorded.to_string())]),
            );
            lines.set(out);
            if recorded > 0 {
                lvzhi_client::sync::request_sync(sync);
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::AttendanceTitle)}</h1>
            <p class="muted">{ts(i18n, StaffMsg::AttendanceIntro)}</p>
            <div class="form">
            <label>{ts(i18n, StaffMsg::PasteAbsences)}
                <textarea id="absences-paste" rows="6" prop:value=pasted on:input=move |e| pasted.set(event_target_value(&e))
                    placeholder="张伟,annual_session,2026-01-20,morning,leave,illness,true"></textarea></label>
            <p><button type="button" class="button primary" id="absences-send" disabled=move || busy.get() on:click=send>{ts(i18n, StaffMsg::RecordAbsences)}</button></p>
            </div>
            <ul id="absences-result" role="status">{move || lines.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                let mut absences: Vec<&Absence> = data.workspace.absences.iter().collect();
                absences.sort_by_key(|a| std::cmp::Reverse((a.date, a.half.code())));
                Ok::<_, AppError>(view! {
                    <table class="table" id="absence-list">
                        <caption>{fill(StaffMsg::AbsencesListed, lang, &[("count", &absences.len().to_string())])}</caption>
                        <thead><tr>
                            <th scope="col">{StaffMsg::Days.text(lang)}</th>
                            <th scope="col">{StaffMsg::Deputy.text(lang)}</th>
                            <th scope="col">{StaffMsg::Meeting.text(lang)}</th>
                            <th scope="col">{StaffMsg::AbsenceKindTitle.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                        {absences.into_iter().take(200).map(|a| view! {
                            <tr data-absence=a.id.to_string()>
                                <td>{format!("{} {}", a.date, a.half.label(lang))}</td>
                                <td>{data.deputy_name(a.deputy)}</td>
                                <td>{a.meeting.label(lang)}</td>
                                <td>{a.kind.label(lang)}{a.reason.map(|r| format!(" · {}", r.label(lang)))}
                                    {a.approved.then(|| format!(" · {}", StaffMsg::LeaveApproved.text(lang)))}</td>
                            </tr>
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
