//! `/staff/suggestions/{id}`: one suggestion's handling — the text and signers, the
//! assignment and its due date, every reply letter and receipt, the promises with their
//! owners, progress and overdue flags, key supervision, the public version and the whole
//! history by round — with the steps this account may take at this stage.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{Lang, format_date, use_i18n};
use lvzhi_client::sync::{local_change_committed, use_sync};
use lvzhi_domain::handling::{Actor, HandlingEvent, HandlingStep};
use lvzhi_domain::ids::SuggestionId;
use lvzhi_domain::labels::Label;
use lvzhi_domain::suggestion::{HandlingStage, Suggestion};

use super::handling_forms::{
    Drafts, EarlierPanel, FormContext, IntakeForms, ProgressForm, PublishForm, ReasonForm, ReplyForm, SuperviseForm,
    submit,
};
use crate::handling_data::{HandlingData, actor_of, use_handling_data};
use crate::handling_i18n::{HandlingMsg, hfill, refusal_text};

fn who(data: &HandlingData, actor: Actor, staff_name: &str) -> String {
    match actor {
        Actor::Deputy(id) => data.deputy_name(id),
        Actor::Unit(id) => data.unit_name(id),
        Actor::Staff(_) => staff_name.to_owned(),
    }
}

/// A history line's detail in words: codes (a category, a receipt) by their names, a linked
/// suggestion by its title when it is on this device.
fn detail_text(data: &HandlingData, event: &HandlingEvent, lang: Lang) -> Option<String> {
    use lvzhi_domain::handling::SuggestionCategory;
    use lvzhi_domain::suggestion::{Fulfilment, Satisfaction};
    let detail = event.detail.clone()?;
    let (head, rest) = detail
        .split_once(": ")
        .map_or((detail.as_str(), None), |(h, r)| (h, Some(r)));
    // A detail that is not the expected code (a receipt from an older server, say) is shown
    // as stored: nothing is hidden, only not translated.
    Some(match event.step.as_str() {
        "classify" => {
            SuggestionCategory::parse_field(&detail, "c").map_or(detail.clone(), |c| c.label(lang).to_owned())
        }
        "reply_receipt" => match Satisfaction::parse_field(head, "s") {
            Ok(s) => rest.map_or_else(|| s.label(lang).to_owned(), |r| format!("{}：{r}", s.label(lang))),
            Err(_) => detail.clone(),
        },
        "promise_receipt" => match rest.map(|r| Fulfilment::parse_field(r, "f")) {
            Some(Ok(f)) => format!("{head}：{}", f.label(lang)),
            _ => detail.clone(),
        },
        "link_earlier" => SuggestionId::parse_field(&detail, "id")
            .ok()
            .and_then(|id| data.suggestion(id))
            .map_or(detail.clone(), |s| s.title.to_string()),
        _ => detail.clone(),
    })
}

fn history_line(data: &HandlingData, event: &HandlingEvent, lang: Lang) -> impl IntoView + use<> {
    let staff = lang.pick("人大常委会工作人员", "人大常委會工作人員", "Standing-committee staff");
    view! {
        <li class="history-line" data-step=event.step.clone()>
            <span class="record-date">{format_date(event.on, lang)}</span>" "
            <span class="muted small">{hfill(HandlingMsg::Round, lang, &[("n", &event.round.to_string())])}</span>" "
            <strong>{HandlingMsg::step(&event.step).text(lang)}</strong>" · "{who(data, event.by, staff)}
            {detail_text(data, event, lang).map(|d| view! { <span class="history-detail">" — "{d}</span> })}
        </li>
    }
}

#[component]
pub fn SuggestionPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let data = use_handling_data();
    let params = use_params_map();
    let session = lvzhi_client::session::use_session().session;
    let error = RwSignal::new(None::<String>);
    // Owned by the page, so a reload of the data (a sync pass) keeps what was typed.
    let drafts = Drafts::new();
    view! {
        <section class="card" id="suggestion-page">
            <p><a href=lvzhi_client::profile::app_path("/suggestions")>{move || HandlingMsg::Back.text(i18n.lang.get())}</a></p>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                let id = params.with(|p| p.get("id")).and_then(|t| SuggestionId::parse_field(&t, "id").ok());
                let (Some(id), Some(signed_in)) = (id, session.get()) else {
                    return Ok::<_, AppError>(view! { <p class="muted">{HandlingMsg::NoSuggestions.text(lang)}</p> }.into_any());
                };
                let Some(suggestion) = data.suggestion(id).cloned() else {
                    let text = if data.loaded { HandlingMsg::NoSuggestions } else { HandlingMsg::NotLoaded };
                    return Ok(view! { <p class="muted">{text.text(lang)}</p> }.into_any());
                };
                let actor = actor_of(&signed_in);
                let context = FormContext { data: data.clone(), suggestion: suggestion.clone(), actor, error, sync, drafts };
                Ok(view! {
                    {header(&data, &suggestion, lang)}
                    {refused_steps(&data, id, lang, sync)}
                    {promises(&context, lang)}
                    {actions(&context, lang)}
                    <section aria-labelledby="history-title">
                        <h2 id="history-title">{HandlingMsg::History.text(lang)}</h2>
                        <ol class="history" id="history">{suggestion.history.iter().map(|e| history_line(&data, e, lang)).collect_view()}</ol>
                    </section>
                }.into_any())
            })}
            </ErrorBoundary>
            </Transition>
            {move || error.get().map(|text| view! { <p class="form-error" role="alert" id="handling-error">{text}</p> })}
        </section>
    }
}

fn header(data: &HandlingData, s: &Suggestion, lang: Lang) -> impl IntoView + use<> {
    let today = lvzhi_client::records::today();
    let signers = s
        .deputies
        .iter()
        .map(|d| data.deputy_name(*d))
        .collect::<Vec<_>>()
        .join("、");
    let assignment = s.assignment.clone().map(|a| {
        let co = a.co_units.iter().map(|u| data.unit_name(*u)).collect::<Vec<_>>().join("、");
        let late = s.reply_overdue(today);
        view! {
            <dl class="facts" id="assignment">
                <dt>{HandlingMsg::Lead.text(lang)}</dt><dd id="lead-unit-name">{data.unit_name(a.lead)}</dd>
                {(!co.is_empty()).then(|| view! { <dt>{HandlingMsg::CoUnits.text(lang)}</dt><dd>{co}</dd> })}
                <dt>{HandlingMsg::Due.text(lang)}</dt>
                <dd>{format_date(a.due, lang)}{a.extended_because.map(|r| format!("（{}）", r.as_str()))}
                    {late.then(|| view! { " " <span class="badge warn overdue">{HandlingMsg::ReplyOverdue.text(lang)}</span> })}</dd>
            </dl>
        }
    });
    let replies = (!s.replies.is_empty()).then(|| {
        view! {
            <h2>{HandlingMsg::Replies.text(lang)}</h2>
            <ul class="replies" id="replies">{s.replies.iter().map(|r| view! {
                <li class="reply-letter" data-round=r.round.to_string()>
                    <span class="record-date">{format_date(r.date, lang)}</span>" "
                    <strong>{r.unit.as_str().to_owned()}</strong>" "
                    <span class="muted small">{hfill(HandlingMsg::Round, lang, &[("n", &r.round.to_string())])}
                        {(!r.lead).then(|| format!(" · {}", HandlingMsg::CoUnits.text(lang)))}</span>
                    <p>{r.summary.as_str().to_owned()}</p>
                </li>
            }).collect_view()}</ul>
        }
    });
    let receipt = s.reply_receipt.clone().map(|r| {
        view! {
            <p id="reply-receipt"><strong>{HandlingMsg::Receipt.text(lang)}</strong>"："{r.satisfaction.label(lang)}
                {r.reason.map(|reason| format!("（{}）", reason.as_str()))}</p>
        }
    });
    let supervision = s.supervision.clone().map(|sup| {
        let (done, all) = sup.reached();
        view! {
            <section class="supervision" id="supervision">
                <h2>{HandlingMsg::NavSupervision.text(lang)}</h2>
                <p>{HandlingMsg::Leader.text(lang)}"："{sup.leader.as_str().to_owned()}" · "
                    {hfill(HandlingMsg::MilestonesReached, lang, &[("done", &done.to_string()), ("all", &all.to_string())])}</p>
            </section>
        }
    });
    let publication = s.publication.clone().map(|p| {
        view! {
            <section class="publication" id="publication">
                <h2>{hfill(HandlingMsg::Published, lang, &[("date", &format_date(p.published_on, lang))])}</h2>
                <p><strong>{p.title.as_str().to_owned()}</strong></p>
                <p>{p.body.as_str().to_owned()}</p>
                <p class="muted">{p.handling.as_str().to_owned()}</p>
            </section>
        }
    });
    view! {
        <h1 id="suggestion-title">{s.title.as_str().to_owned()}</h1>
        <p>
            <span class=format!("state state-{}", s.stage.code()) id="suggestion-stage" data-stage=s.stage.code()>{s.stage.label(lang)}</span>" "
            <span class="muted small">{hfill(HandlingMsg::Round, lang, &[("n", &s.rounds.to_string())])}</span>" "
            {s.category.map(|c| view! { <span class="badge" id="suggestion-category" data-category=c.code()>{c.label(lang)}</span> })}
            {(!s.earlier.is_empty()).then(|| view! { " " <span class="badge">{HandlingMsg::Linked.text(lang)}" "{s.earlier.len()}</span> })}
        </p>
        <p class="muted small">{HandlingMsg::Signers.text(lang)}"："{signers}</p>
        <p class="suggestion-body">{s.body.as_str().to_owned()}</p>
        {s.returned_because.clone().map(|r| view! { <p class="error">{HandlingMsg::StepReturn.text(lang)}"："{r.as_str().to_owned()}</p> })}
        {assignment}
        {replies}
        {receipt}
        {supervision}
        {publication}
    }
}

fn refused_steps(
    data: &HandlingData,
    id: SuggestionId,
    lang: Lang,
    sync: lvzhi_client::sync::SyncContext,
) -> impl IntoView + use<> {
    let refused: Vec<_> = data
        .steps
        .iter()
        .filter(|e| matches!(&e.item, lvzhi_client::handling::QueuedStep::Suggestion { id: on, .. } if *on == id))
        .filter_map(|e| match &e.state {
            lvzhi_client::storage::queue::SendState::Refused { reason } => Some((e.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    refused.into_iter().map(|(entry, reason)| view! {
        <p class="error refused-step" role="alert">{HandlingMsg::Refused.text(lang)}{refusal_text(&reason, lang)}" "
            <button type="button" class="button small" on:click=move |_| {
                let entry = entry.clone();
                leptos::task::spawn_local(async move {
                    match lvzhi_client::handling::dismiss(&entry).await {
                        Ok(()) => local_change_committed(sync),
                        Err(error) => web_sys::console::error_1(&error.to_string().into()),
                    }
                });
            }>{HandlingMsg::Dismiss.text(lang)}</button></p>
    }).collect_view()
}

fn promises(context: &FormContext, lang: Lang) -> impl IntoView + use<> {
    let s = &context.suggestion;
    if s.promises.is_empty() {
        return None;
    }
    let today = lvzhi_client::records::today();
    let lead = s.assignment.as_ref().map(|a| a.lead);
    let open = matches!(s.stage, HandlingStage::Replied | HandlingStage::InProgress);
    let rows = s.promises.iter().enumerate().map(|(index, p)| {
        let late = open && p.overdue(today);
        let owner = p.owner.or(lead);
        let may_report = open && p.receipt.is_none() && matches!(context.actor, Actor::Unit(u) if Some(u) == owner || Some(u) == lead);
        let may_reopen = late && matches!(context.actor, Actor::Staff(_));
        let reopen_context = context.clone();
        view! {
            <li class="promise" data-index=index.to_string() data-overdue=late.to_string()>
                <strong>{p.action.as_str().to_owned()}</strong>" "
                <span class="muted small">{p.due.map(|d| format_date(d, lang))}{owner.map(|o| format!(" · {}", context.data.unit_name(o)))}</span>
                {late.then(|| view! { " " <span class="badge warn overdue">{HandlingMsg::Overdue.text(lang)}</span> })}
                {p.done_on.map(|d| view! { " " <span class="badge ok">{hfill(HandlingMsg::DoneOn, lang, &[("date", &format_date(d, lang))])}</span> })}
                {p.receipt.map(|r| view! { " " <span class="badge">{r.label(lang)}</span> })}
                {p.progress.clone().map(|n| view! { <p class="small">{n.as_str().to_owned()}</p> })}
                {may_report.then(|| view! { <ProgressForm context=context.clone() index/> })}
                {may_reopen.then(|| view! {
                    <button type="button" class="button small reopen-overdue"
                        on:click=move |_| submit(&reopen_context, HandlingStep::ReopenOverdue { index }, lang)>{HandlingMsg::ReopenOverdue.text(lang)}</button>
                })}
            </li>
        }
    }).collect_view();
    Some(view! {
        <section aria-labelledby="promises-title">
            <h2 id="promises-title">{HandlingMsg::Promises.text(lang)}</h2>
            <ul class="promises" id="promises">{rows}</ul>
        </section>
    })
}

fn actions(context: &FormContext, lang: Lang) -> impl IntoView + use<> {
    let s = &context.suggestion;
    let c = || context.clone();
    let section = |title: HandlingMsg, body: AnyView| {
        view! {
            <details class="handling-step" open=true><summary>{title.text(lang)}</summary>{body}</details>
        }
    };
    let mut parts: Vec<AnyView> = Vec::new();
    match context.actor {
        Actor::Staff(_) => {
            if s.stage == HandlingStage::Submitted {
                parts.push(section(HandlingMsg::Assign, view! { <IntakeForms context=c()/> }.into_any()).into_any());
                parts.push(view! { <EarlierPanel context=c()/> }.into_any());
            }
            if matches!(s.stage, HandlingStage::Assigned | HandlingStage::Reopened) {
                parts.push(
                    section(
                        HandlingMsg::Extend,
                        view! { <ReasonForm context=c() kind=HandlingMsg::Extend/> }.into_any(),
                    )
                    .into_any(),
                );
            }
            if s.stage == HandlingStage::Replied {
                parts.push(
                    section(
                        HandlingMsg::AskAgain,
                        view! { <ReasonForm context=c() kind=HandlingMsg::AskAgain/> }.into_any(),
                    )
                    .into_any(),
                );
            }
            if s.supervision.is_none()
                && !matches!(
                    s.stage,
                    HandlingStage::Completed | HandlingStage::Returned | HandlingStage::Draft
                )
            {
                parts.push(
                    section(
                        HandlingMsg::Supervise,
                        view! { <SuperviseForm context=c()/> }.into_any(),
                    )
                    .into_any(),
                );
            }
            if let Some(sup) = &s.supervision {
                let rows = sup.milestones.iter().enumerate().map(|(index, m)| {
                    let mc = c();
                    view! { <li class="milestone" data-reached=m.done_on.is_some().to_string()>{m.title.as_str().to_owned()}" · "{format_date(m.due, lang)}" "
                        {match m.done_on {
                            Some(d) => view! { <span class="badge ok">{format_date(d, lang)}</span> }.into_any(),
                            None => view! { <button type="button" class="button small milestone-reached"
                                on:click=move |_| submit(&mc, HandlingStep::MilestoneReached { index }, lang)>{HandlingMsg::MilestoneReached.text(lang)}</button> }.into_any(),
                        }}</li> }
                }).collect_view();
                parts.push(
                    section(
                        HandlingMsg::MilestonesLabel,
                        view! { <ul class="milestones">{rows}</ul> }.into_any(),
                    )
                    .into_any(),
                );
            }
            if s.publication.is_none() && !matches!(s.stage, HandlingStage::Draft | HandlingStage::Returned) {
                parts.push(section(HandlingMsg::Publish, view! { <PublishForm context=c()/> }.into_any()).into_any());
            } else if s.publication.is_some() {
                parts.push(
                    section(
                        HandlingMsg::Unpublish,
                        view! { <ReasonForm context=c() kind=HandlingMsg::Unpublish/> }.into_any(),
                    )
                    .into_any(),
                );
            }
        }
        Actor::Unit(unit) => {
            if matches!(s.stage, HandlingStage::Assigned | HandlingStage::Reopened) {
                let lead = s.assignment.as_ref().is_some_and(|a| a.lead == unit);
                let title = if lead {
                    HandlingMsg::Reply
                } else {
                    HandlingMsg::CoOpinion
                };
                parts.push(section(title, view! { <ReplyForm context=c() lead/> }.into_any()).into_any());
            }
        }
        Actor::Deputy(_) => {}
    }
    view! { <div class="handling-actions">{parts}</div> }
}
