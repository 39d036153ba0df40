//! The forms of a suggestion's page, one per step: staff's intake (classify, return,
//! assign), extension, asking again, reopening an overdue promise, key supervision and
//! publication; a unit's reply letter and its progress on promises. Each parses what was
//! typed into the domain's step, checks it with the same state machine the server runs
//! (so a refusal is explained at once, in the user's language), then keeps it on this
//! device for the next pass to send.

use std::sync::Arc;

use leptos::prelude::*;
use lvzhi_client::i18n::{I18n, Lang, use_i18n};
use lvzhi_client::sync::local_change_committed;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::handling::{
    Actor, HandlingRules, HandlingStep, NewMilestone, NewPromise, StepContext, SuggestionCategory, redact,
};
use lvzhi_domain::ids::{SuggestionId, UnitId};
use lvzhi_domain::labels::Label;
use lvzhi_domain::suggestion::Suggestion;
use lvzhi_domain::text::{Description, Reason, Title};

use crate::handling_data::HandlingData;
use crate::handling_i18n::{HandlingMsg, hfill};

/// What was typed in the forms, kept by the page (not by the forms, which are drawn again
/// whenever the data reloads, e.g. after a sync pass), so nothing typed is lost meanwhile.
#[derive(Clone, Copy)]
pub struct Drafts(RwSignal<std::collections::HashMap<String, String>>);

impl Drafts {
    /// Empty drafts; create once per page.
    pub fn new() -> Self {
        Self(RwSignal::new(std::collections::HashMap::new()))
    }

    /// The field under `key`, reading `default` until something is typed.
    pub fn field(self, key: impl Into<String>, default: impl Into<String>) -> Field {
        Field {
            drafts: self,
            key: StoredValue::new(key.into()),
            default: StoredValue::new(default.into()),
        }
    }

    /// Forgets everything typed (after a step is kept).
    pub fn clear(self) {
        self.0.set(std::collections::HashMap::new());
    }
}

impl Default for Drafts {
    fn default() -> Self {
        Self::new()
    }
}

/// One typed field of [`Drafts`].
#[derive(Clone, Copy)]
pub struct Field {
    drafts: Drafts,
    key: StoredValue<String>,
    default: StoredValue<String>,
}

impl Field {
    /// The text, tracked.
    pub fn get(self) -> String {
        let key = self.key.get_value();
        self.drafts
            .0
            .with(|map| map.get(&key).cloned())
            .unwrap_or_else(|| self.default.get_value())
    }

    /// The text, untracked.
    pub fn get_untracked(self) -> String {
        let key = self.key.get_value();
        self.drafts
            .0
            .with_untracked(|map| map.get(&key).cloned())
            .unwrap_or_else(|| self.default.get_value())
    }

    /// Keeps what was typed.
    pub fn set(self, value: String) {
        let key = self.key.get_value();
        self.drafts.0.update(|map| {
            map.insert(key, value);
        });
    }
}

/// Everything a form needs: the data, the suggestion, who acts, where errors go.
#[derive(Clone)]
pub struct FormContext {
    /// The data as shown.
    pub data: Arc<HandlingData>,
    /// The suggestion.
    pub suggestion: Suggestion,
    /// Who acts.
    pub actor: Actor,
    /// The error shown under the forms.
    pub error: RwSignal<Option<String>>,
    /// The sync context, to start a pass once a step is kept.
    pub sync: lvzhi_client::sync::SyncContext,
    /// What was typed, kept by the page.
    pub drafts: Drafts,
}

fn rules(data: &HandlingData) -> HandlingRules {
    data.workspace.rules.clone().unwrap_or_else(HandlingRules::standard)
}

/// Checks `step` against the state machine, then keeps it to be sent.
pub fn submit(context: &FormContext, step: HandlingStep, lang: Lang) {
    let sync = context.sync;
    let rules = rules(&context.data);
    let check = StepContext {
        today: lvzhi_client::records::today(),
        rules: &rules,
        units: context.data.units(),
    };
    let mut preview = context.suggestion.clone();
    if let Err(refusal) = preview.apply(step.clone(), context.actor, check) {
        let text =
            HandlingMsg::refusal(refusal.code()).map_or_else(|| refusal.to_string(), |m| m.text(lang).to_owned());
        context.error.set(Some(text));
        return;
    }
    let (id, error, drafts) = (context.suggestion.id, context.error, context.drafts);
    leptos::task::spawn_local(async move {
        match lvzhi_client::handling::take_step(id, step).await {
            Ok(()) => {
                error.set(None);
                drafts.clear();
                local_change_committed(sync);
            }
            Err(failure) => error.set(Some(failure.to_string())),
        }
    });
}

fn parse_reason(text: &str, lang: Lang) -> Result<Reason, String> {
    Reason::parse_field(text.trim(), "reason")
        .map_err(|e| lvzhi_client::i18n::describe_problem(&e, HandlingMsg::ReasonLabel.text(lang), lang))
}

fn parse_text(text: &str, label: HandlingMsg, lang: Lang) -> Result<Description, String> {
    Description::parse_field(text.trim(), "text")
        .map_err(|e| lvzhi_client::i18n::describe_problem(&e, label.text(lang), lang))
}

/// Lines of "words｜date" (or "words|date"), as promises and milestones are typed.
fn parse_lines(text: &str, lang: Lang) -> Result<Vec<(Title, LocalDate, Option<String>)>, String> {
    let mut out = Vec::new();
    for (at, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split(['｜', '|']).map(str::trim).collect();
        let bad = || {
            hfill(
                HandlingMsg::BadLine,
                lang,
                &[("line", &(at + 1).to_string()), ("text", line.trim())],
            )
        };
        let (Some(words), Some(day)) = (parts.first(), parts.get(1)) else {
            return Err(bad());
        };
        let title = Title::parse_field(words, "line").map_err(|_| bad())?;
        let day = LocalDate::parse_field(day, "date").map_err(|_| bad())?;
        out.push((title, day, parts.get(2).map(|s| (*s).to_owned())));
    }
    Ok(out)
}

fn field(label: HandlingMsg, id: &'static str, value: Field, i18n: I18n) -> impl IntoView {
    view! {
        <label for=id>{move || label.text(i18n.lang.get())}</label>
        <textarea id=id rows="3" prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea>
    }
}

/// Staff at intake: classify, assign to units, or return to the deputy.
#[component]
pub fn IntakeForms(context: FormContext) -> impl IntoView {
    let i18n = use_i18n();
    let drafts = context.drafts;
    let category = drafts.field(
        "category",
        context
            .suggestion
            .category
            .map(|c| c.code().to_owned())
            .unwrap_or_default(),
    );
    let lead = drafts.field("lead", "");
    let co_units = drafts.field("co-units", "");
    let default_due = rules(&context.data).default_due(lvzhi_client::records::today());
    let due = drafts.field("due", default_due.to_string());
    let reason = drafts.field("return-reason", "");
    let co_list = move || -> Vec<UnitId> {
        co_units
            .get_untracked()
            .split(',')
            .filter_map(|t| UnitId::parse_field(t, "unit").ok())
            .collect()
    };
    let units = context.data.units().to_vec();
    let (c1, c2, c3) = (context.clone(), context.clone(), context.clone());
    let classify = move |_| {
        let lang = i18n.lang.get_untracked();
        match SuggestionCategory::parse_field(&category.get_untracked(), "category") {
            Ok(category) => submit(&c1, HandlingStep::Classify { category }, lang),
            Err(e) => c1.error.set(Some(lvzhi_client::i18n::describe_problem(
                &e,
                HandlingMsg::Category.text(lang),
                lang,
            ))),
        }
    };
    let assign = move |_| {
        let lang = i18n.lang.get_untracked();
        let Ok(lead) = UnitId::parse_field(&lead.get_untracked(), "lead") else {
            c2.error.set(Some(format!(
                "{}: {}",
                HandlingMsg::Lead.text(lang),
                lvzhi_client::i18n::WorkMsg::FieldEmpty.text(lang)
            )));
            return;
        };
        let due = match due.get_untracked().trim() {
            "" => None,
            text => match LocalDate::parse_field(text, "due") {
                Ok(day) => Some(day),
                Err(e) => {
                    c2.error.set(Some(lvzhi_client::i18n::describe_problem(
                        &e,
                        HandlingMsg::Due.text(lang),
                        lang,
                    )));
                    return;
                }
            },
        };
        let co_units = co_list().into_iter().filter(|u| *u != lead).collect();
        submit(&c2, HandlingStep::Assign { lead, co_units, due }, lang);
    };
    let give_back = move |_| {
        let lang = i18n.lang.get_untracked();
        match parse_reason(&reason.get_untracked(), lang) {
            Ok(reason) => submit(&c3, HandlingStep::Return { reason }, lang),
            Err(text) => c3.error.set(Some(text)),
        }
    };
    view! {
        <div class="form-grid handling-form" id="intake-forms">
            <label for="category">{move || HandlingMsg::Category.text(i18n.lang.get())}</label>
            <div class="inline">
                <select id="category" on:change=move |e| category.set(event_target_value(&e)) prop:value=move || category.get()>
                    <option value="">"—"</option>
                    {SuggestionCategory::ALL.iter().map(|c| { let c = *c; view! { <option value=c.code()>{move || c.label(i18n.lang.get())}</option> } }).collect_view()}
                </select>
                <button type="button" class="button" id="classify" on:click=classify>{move || HandlingMsg::Classify.text(i18n.lang.get())}</button>
            </div>
            <label for="lead-unit">{move || HandlingMsg::Lead.text(i18n.lang.get())}</label>
            <select id="lead-unit" prop:value=move || lead.get() on:change=move |e| lead.set(event_target_value(&e))>
                <option value="">"—"</option>
                {units.iter().map(|u| view! { <option value=u.id.to_string()>{u.name.as_str().to_owned()}</option> }).collect_view()}
            </select>
            <span class="label">{move || HandlingMsg::CoUnits.text(i18n.lang.get())}</span>
            <div class="chips" id="co-units">
                {units.iter().map(|u| {
                    let id = u.id;
                    view! { <label class="chip"><input type="checkbox" value=id.to_string()
                        prop:checked=move || co_units.get().split(',').any(|t| t == id.to_string())
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            let mut list = co_list();
                            list.retain(|x| *x != id);
                            if on { list.push(id); }
                            co_units.set(list.iter().map(ToString::to_string).collect::<Vec<_>>().join(","));
                        }/>{u.name.as_str().to_owned()}</label> }
                }).collect_view()}
            </div>
            <label for="due">{move || HandlingMsg::DueDefault.text(i18n.lang.get())}</label>
            <input id="due" type="date" prop:value=move || due.get() on:input=move |e| due.set(event_target_value(&e))/>
            <button type="button" class="button primary" id="assign" on:click=assign>{move || HandlingMsg::Assign.text(i18n.lang.get())}</button>
            {field(HandlingMsg::ReasonLabel, "return-reason", reason, i18n)}
            <button type="button" class="button danger" id="return" on:click=give_back>{move || HandlingMsg::ReturnToDeputy.text(i18n.lang.get())}</button>
        </div>
    }
}

/// Staff: a step with a reason (extend needs a date too; ask again; unpublish).
#[component]
pub fn ReasonForm(context: FormContext, kind: HandlingMsg) -> impl IntoView {
    let i18n = use_i18n();
    let id: &'static str = match kind {
        HandlingMsg::Extend => "extend",
        HandlingMsg::AskAgain => "ask-again",
        _ => "unpublish",
    };
    let reason = context.drafts.field(format!("{id}-reason"), "");
    let due = context.drafts.field(format!("{id}-due"), "");
    let go = move |_| {
        let lang = i18n.lang.get_untracked();
        let reason = match parse_reason(&reason.get_untracked(), lang) {
            Ok(reason) => reason,
            Err(text) => return context.error.set(Some(text)),
        };
        let step = match kind {
            HandlingMsg::Extend => match LocalDate::parse_field(&due.get_untracked(), "due") {
                Ok(due) => HandlingStep::Extend { due, reason },
                Err(e) => {
                    return context.error.set(Some(lvzhi_client::i18n::describe_problem(
                        &e,
                        HandlingMsg::Due.text(lang),
                        lang,
                    )));
                }
            },
            HandlingMsg::AskAgain => HandlingStep::AskAgain { reason },
            _ => HandlingStep::Unpublish { reason },
        };
        submit(&context, step, lang);
    };
    view! {
        <div class="form-grid handling-form">
            {(kind == HandlingMsg::Extend).then(|| view! {
                <label for="extend-due">{move || HandlingMsg::Due.text(i18n.lang.get())}</label>
                <input id="extend-due" type="date" prop:value=move || due.get() on:input=move |e| due.set(event_target_value(&e))/>
            })}
            <label for=format!("{id}-reason")>{move || HandlingMsg::ReasonLabel.text(i18n.lang.get())}</label>
            <input id=format!("{id}-reason") type="text" prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))/>
            <button type="button" class="button" id=id on:click=go>{move || kind.text(i18n.lang.get())}</button>
        </div>
    }
}

/// A unit's reply letter: the lead's with promises, a co-unit's opinion without.
#[component]
pub fn ReplyForm(context: FormContext, lead: bool) -> impl IntoView {
    let i18n = use_i18n();
    let summary = context.drafts.field("reply-summary", "");
    let promises = context.drafts.field("reply-promises", "");
    let assigned: Vec<(UnitId, String)> = context
        .suggestion
        .assignment
        .iter()
        .flat_map(|a| std::iter::once(a.lead).chain(a.co_units.iter().copied()))
        .map(|u| (u, context.data.unit_name(u)))
        .collect();
    let go = move |_| {
        let lang = i18n.lang.get_untracked();
        let summary = match parse_text(&summary.get_untracked(), HandlingMsg::ReplySummary, lang) {
            Ok(text) => text,
            Err(text) => return context.error.set(Some(text)),
        };
        let lines = match parse_lines(&promises.get_untracked(), lang) {
            Ok(lines) => lines,
            Err(text) => return context.error.set(Some(text)),
        };
        let mut list = Vec::new();
        for (action, due, owner) in lines {
            let owner = match owner {
                None => None,
                Some(name) => match assigned.iter().find(|(_, n)| *n == name) {
                    Some((id, _)) => Some(*id),
                    None => {
                        return context
                            .error
                            .set(Some(HandlingMsg::FlowNotAssigned.text(lang).to_owned()));
                    }
                },
            };
            list.push(NewPromise { action, due, owner });
        }
        submit(
            &context,
            HandlingStep::Reply {
                summary,
                promises: list,
            },
            lang,
        );
    };
    view! {
        <div class="form-grid handling-form" id="reply-form">
            {field(HandlingMsg::ReplySummary, "reply-summary", summary, i18n)}
            {lead.then(|| view! {
                {field(HandlingMsg::PromisesLabel, "reply-promises", promises, i18n)}
                <p class="muted small">{move || HandlingMsg::PromisesHelp.text(i18n.lang.get())}</p>
            })}
            <button type="button" class="button primary" id="send-reply" on:click=go>
                {move || if lead { HandlingMsg::Reply } else { HandlingMsg::CoOpinion }.text(i18n.lang.get())}
            </button>
        </div>
    }
}

/// The owner unit's progress on one promise.
#[component]
pub fn ProgressForm(context: FormContext, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let note = context.drafts.field(format!("note-{index}"), "");
    let done = context.drafts.field(format!("done-{index}"), "");
    let go = move |_| {
        let lang = i18n.lang.get_untracked();
        match parse_text(&note.get_untracked(), HandlingMsg::ProgressNote, lang) {
            Ok(note) => submit(
                &context,
                HandlingStep::ReportPromise {
                    index,
                    note,
                    done: !done.get_untracked().is_empty(),
                },
                lang,
            ),
            Err(text) => context.error.set(Some(text)),
        }
    };
    view! {
        <div class="inline progress-form">
            <input type="text" class="progress-note" aria-label=move || HandlingMsg::ProgressNote.text(i18n.lang.get())
                prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e))/>
            <label class="chip"><input type="checkbox" class="progress-done" prop:checked=move || !done.get().is_empty()
                on:change=move |e| done.set(if event_target_checked(&e) { "1".into() } else { String::new() })/>
                {move || HandlingMsg::MarkDone.text(i18n.lang.get())}</label>
            <button type="button" class="button small report-progress" on:click=go>{move || HandlingMsg::ReportProgress.text(i18n.lang.get())}</button>
        </div>
    }
}

/// Staff: key supervision with a leader and milestones.
#[component]
pub fn SuperviseForm(context: FormContext) -> impl IntoView {
    let i18n = use_i18n();
    let leader = context.drafts.field("leader", "");
    let milestones = context.drafts.field("milestones", "");
    let go = move |_| {
        let lang = i18n.lang.get_untracked();
        let leader = match Title::parse_field(leader.get_untracked().trim(), "leader") {
            Ok(leader) => leader,
            Err(e) => {
                return context.error.set(Some(lvzhi_client::i18n::describe_problem(
                    &e,
                    HandlingMsg::Leader.text(lang),
                    lang,
                )));
            }
        };
        match parse_lines(&milestones.get_untracked(), lang) {
            Ok(lines) => {
                let milestones = lines
                    .into_iter()
                    .map(|(title, due, _)| NewMilestone { title, due })
                    .collect();
                submit(&context, HandlingStep::Supervise { leader, milestones }, lang);
            }
            Err(text) => context.error.set(Some(text)),
        }
    };
    view! {
        <div class="form-grid handling-form" id="supervise-form">
            <label for="leader">{move || HandlingMsg::Leader.text(i18n.lang.get())}</label>
            <input id="leader" type="text" prop:value=move || leader.get() on:input=move |e| leader.set(event_target_value(&e))/>
            {field(HandlingMsg::MilestonesLabel, "milestones", milestones, i18n)}
            <p class="muted small">{move || HandlingMsg::MilestonesHelp.text(i18n.lang.get())}</p>
            <button type="button" class="button" id="supervise" on:click=go>{move || HandlingMsg::Supervise.text(i18n.lang.get())}</button>
        </div>
    }
}

/// Staff: the reviewed public version, prefilled with personal data masked.
#[component]
pub fn PublishForm(context: FormContext) -> impl IntoView {
    let i18n = use_i18n();
    let suggestion = &context.suggestion;
    let handling_text = suggestion
        .replies
        .iter()
        .rev()
        .find(|r| r.lead)
        .map(|r| format!("{}：{}", r.unit.as_str(), r.summary.as_str()))
        .unwrap_or_default();
    let title = context
        .drafts
        .field("public-title", redact::redact(suggestion.title.as_str()));
    let body = context
        .drafts
        .field("public-body", redact::redact(suggestion.body.as_str()));
    let handling = context.drafts.field("public-handling", redact::redact(&handling_text));
    let go = move |_| {
        let lang = i18n.lang.get_untracked();
        let title = match Title::parse_field(title.get_untracked().trim(), "title") {
            Ok(title) => title,
            Err(e) => {
                return context.error.set(Some(lvzhi_client::i18n::describe_problem(
                    &e,
                    HandlingMsg::PublicTitle.text(lang),
                    lang,
                )));
            }
        };
        let (body, handling) = match (
            parse_text(&body.get_untracked(), HandlingMsg::PublicBody, lang),
            parse_text(&handling.get_untracked(), HandlingMsg::PublicHandling, lang),
        ) {
            (Ok(body), Ok(handling)) => (body, handling),
            (Err(text), _) | (_, Err(text)) => return context.error.set(Some(text)),
        };
        submit(&context, HandlingStep::Publish { title, body, handling }, lang);
    };
    view! {
        <div class="form-grid handling-form" id="publish-form">
            <p class="muted small">{move || HandlingMsg::PublicPreview.text(i18n.lang.get())}</p>
            <label for="public-title">{move || HandlingMsg::PublicTitle.text(i18n.lang.get())}</label>
            <input id="public-title" type="text" prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e))/>
            {field(HandlingMsg::PublicBody, "public-body", body, i18n)}
            {field(HandlingMsg::PublicHandling, "public-handling", handling, i18n)}
            <button type="button" class="button primary" id="publish" on:click=go>{move || HandlingMsg::Publish.text(i18n.lang.get())}</button>
        </div>
    }
}

/// Earlier suggestions on the same matter (asked of the server, which holds every year).
#[component]
pub fn EarlierPanel(context: FormContext) -> impl IntoView {
    let i18n = use_i18n();
    let session = lvzhi_client::session::use_session().session;
    let id: SuggestionId = context.suggestion.id;
    let linked = context.suggestion.earlier.clone();
    let found = LocalResource::new(move || {
        let token = session.get().map(|s| s.token);
        async move {
            let token = token.ok_or_else(|| lvzhi_client::api::ApiError::Network("signed out".into()))?;
            lvzhi_client::api::get_json_signed::<Vec<lvzhi_domain::api::EarlierSuggestion>>(
                &format!("/api/staff/suggestions/{id}/earlier"),
                &token,
            )
            .await
        }
    });
    view! {
        <section class="earlier" id="earlier" aria-labelledby="earlier-title">
            <h2 id="earlier-title">{move || HandlingMsg::Earlier.text(i18n.lang.get())}</h2>
            <Transition fallback=|| ()>
            {move || {
                let context = context.clone();
                let linked = linked.clone();
                Suspend::new(async move {
                    let lang = i18n.lang.get();
                    match found.await {
                        Err(lvzhi_client::api::ApiError::Network(_)) => view! { <p class="muted">{HandlingMsg::EarlierNeedsNetwork.text(lang)}</p> }.into_any(),
                        Err(other) => view! { <p class="form-error" role="alert">{lvzhi_client::error::AppError::Api(other).describe(lang)}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted" id="earlier-none">{HandlingMsg::EarlierNone.text(lang)}</p> }.into_any(),
                        Ok(list) => view! { <ul class="earlier-list">{list.into_iter().map(|e| {
                            let year = e.submitted_on.map(|d| d.year().to_string()).unwrap_or_default();
                            let already = e.linked || linked.contains(&e.id);
                            let link_context = context.clone();
                            let earlier = e.id;
                            view! { <li class="earlier-item" data-id=e.id.to_string()>
                                <strong>{e.title.clone()}</strong>" "
                                <span class="muted small">{hfill(HandlingMsg::RaisedBefore, lang, &[("year", &year)])}" · "{e.deputy.clone()}" · "{e.stage.label(lang)}
                                    {e.satisfaction.map(|s| format!(" · {}", s.label(lang)))}{(!e.units.is_empty()).then(|| format!(" · {}", e.units.join("、")))}</span>" "
                                {if already {
                                    view! { <span class="badge ok">{HandlingMsg::Linked.text(lang)}</span> }.into_any()
                                } else {
                                    view! { <button type="button" class="button small link-earlier" on:click=move |_| submit(&link_context, HandlingStep::LinkEarlier { earlier }, lang)>{HandlingMsg::Link.text(lang)}</button> }.into_any()
                                }}
                            </li> }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })
            }}
            </Transition>
        </section>
    }
}
