//! `/staff/suggestions`: the suggestions staff handle (in scope) or a unit was assigned,
//! by stage, with overdue replies and promises flagged and steps still waiting on this
//! device marked. Each opens its own page (`/staff/suggestions/{id}`).

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::use_i18n;
use lvzhi_domain::labels::Label;
use lvzhi_domain::suggestion::{HandlingStage, Suggestion};

use crate::handling_data::{HandlingData, is_unit, use_handling_data};
use crate::handling_i18n::HandlingMsg;

/// The flags of a suggestion on `today`: reply overdue, promises overdue.
pub fn flags(suggestion: &Suggestion, today: lvzhi_domain::date::LocalDate) -> (bool, usize) {
    (
        suggestion.reply_overdue(today),
        suggestion.overdue_promises(today).len(),
    )
}

#[component]
pub fn SuggestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_handling_data();
    let unit = is_unit();
    let stage = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    view! {
        <section class="card">
            <h1>{move || HandlingMsg::SuggestionsTitle.text(i18n.lang.get())}</h1>
            <p class="muted">{move || if unit.get() { HandlingMsg::UnitSuggestionsIntro } else { HandlingMsg::SuggestionsIntro }.text(i18n.lang.get())}</p>
            <div class="filters" role="search">
                <label>{move || HandlingMsg::AllStages.text(i18n.lang.get())}
                    <select id="filter-stage" on:change=move |e| stage.set(event_target_value(&e))>
                        <option value="">{move || HandlingMsg::AllStages.text(i18n.lang.get())}</option>
                        {HandlingStage::ALL.iter().filter(|s| **s != HandlingStage::Draft).map(|s| {
                            let s = *s;
                            view! { <option value=s.code()>{move || s.label(i18n.lang.get())}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || lvzhi_client::i18n::WorkMsg::Search.text(i18n.lang.get())}
                    <input id="filter-suggestions" type="search" on:input=move |e| query.set(event_target_value(&e))/>
                </label>
            </div>
            {move || (!unit.get()).then(|| view! { <RegisterForm/> })}
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                if !data.loaded {
                    return Ok::<_, AppError>(view! { <p class="muted" id="handling-not-loaded">{HandlingMsg::NotLoaded.text(lang)}</p> }.into_any());
                }
                let (wanted, text) = (stage.get(), query.get());
                let shown: Vec<&Suggestion> = data.suggestions.iter()
                    .filter(|s| wanted.is_empty() || s.stage.code() == wanted)
                    .filter(|s| text.is_empty() || s.title.as_str().contains(text.as_str()) || s.body.as_str().contains(text.as_str()))
                    .take(300)
                    .collect();
                if shown.is_empty() {
                    return Ok(view! { <p class="muted" id="suggestions-empty">{HandlingMsg::NoSuggestions.text(lang)}</p> }.into_any());
                }
                Ok(view! { <ul class="record-list" id="suggestion-list">{shown.into_iter().map(|s| row(&data, s, lang)).collect_view()}</ul> }.into_any())
            })}
            </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn row(data: &HandlingData, suggestion: &Suggestion, lang: lvzhi_client::i18n::Lang) -> impl IntoView + use<> {
    let today = lvzhi_client::records::today();
    let (reply_late, promises_late) = flags(suggestion, today);
    let waiting = data.waiting.contains(&suggestion.id);
    let href = lvzhi_client::profile::app_path(&format!("/suggestions/{}", suggestion.id));
    let lead = suggestion.lead().map(|d| data.deputy_name(d)).unwrap_or_default();
    let units = suggestion
        .handling_units
        .iter()
        .map(|u| u.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let submitted = suggestion
        .submitted_on
        .map(|d| lvzhi_client::i18n::format_date(d, lang))
        .unwrap_or_default();
    view! {
        <li class="record suggestion-row" data-id=suggestion.id.to_string() data-stage=suggestion.stage.code()>
            <div class="record-main">
                <span class="record-date">{submitted}</span>
                <span class=format!("state state-{}", suggestion.stage.code())>{suggestion.stage.label(lang)}</span>
                {suggestion.key_supervision.then(|| view! { <span class="badge">{HandlingMsg::NavSupervision.text(lang)}</span> })}
                {suggestion.published.then(|| view! { <span class="badge ok">{HandlingMsg::StepPublish.text(lang)}</span> })}
                {reply_late.then(|| view! { <span class="badge warn overdue">{HandlingMsg::ReplyOverdue.text(lang)}</span> })}
                {(promises_late > 0).then(|| view! { <span class="badge warn overdue">{HandlingMsg::PromiseOverdue.text(lang)}" "{promises_late}</span> })}
                {waiting.then(|| view! { <span class="badge warn">{HandlingMsg::Waiting.text(lang)}</span> })}
            </div>
            <p class="record-text"><a href=href>{suggestion.title.as_str().to_owned()}</a></p>
            <p class="muted small">{lead}{(!units.is_empty()).then(|| format!(" · {units}"))}</p>
        </li>
    }
}

/// Staff register a suggestion handed in on paper (a national deputy's, say), online.
#[component]
fn RegisterForm() -> impl IntoView {
    use lvzhi_domain::suggestion::SuggestionKind;
    let i18n = use_i18n();
    let sync = lvzhi_client::sync::use_sync();
    let staff = crate::data::use_staff_data();
    let session = lvzhi_client::session::use_session().session;
    let (deputy, kind, title, body) = (
        RwSignal::new(String::new()),
        RwSignal::new("suggestion".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let register = move |_| {
        let lang = i18n.lang.get_untracked();
        let Ok(deputy) = lvzhi_domain::ids::DeputyId::parse_field(&deputy.get_untracked(), "deputy") else {
            outcome.set(Some(Err(format!(
                "{}: {}",
                HandlingMsg::RegisterDeputy.text(lang),
                lvzhi_client::i18n::WorkMsg::FieldEmpty.text(lang)
            ))));
            return;
        };
        let request = lvzhi_domain::api::StaffSuggestion {
            id: lvzhi_domain::ids::SuggestionId::from_uuid(lvzhi_client::ids::new_uuid_v7()),
            deputy,
            kind: SuggestionKind::parse_field(&kind.get_untracked(), "kind").unwrap_or(SuggestionKind::Suggestion),
            title: title.get_untracked(),
            body: body.get_untracked(),
        };
        let token = session.get_untracked().map(|s| s.token);
        leptos::task::spawn_local(async move {
            let Some(token) = token else { return };
            let sent =
                lvzhi_client::api::post_json::<_, Suggestion>("/api/staff/suggestions", &request, Some(&token)).await;
            match sent {
                Ok(_) => {
                    title.set(String::new());
                    body.set(String::new());
                    outcome.set(Some(Ok(())));
                    lvzhi_client::sync::local_change_committed(sync);
                }
                Err(error) => outcome.set(Some(Err(lvzhi_client::error::AppError::Api(error).describe(lang)))),
            }
        });
    };
    view! {
        <details class="handling-step" id="register-suggestion">
            <summary>{move || HandlingMsg::RegisterTitle.text(i18n.lang.get())}</summary>
            <p class="muted small">{move || HandlingMsg::RegisterHelp.text(i18n.lang.get())}</p>
            <div class="form-grid handling-form">
                <label for="register-deputy">{move || HandlingMsg::RegisterDeputy.text(i18n.lang.get())}</label>
                <select id="register-deputy" on:change=move |e| deputy.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let lang = i18n.lang.get();
                        let mut deputies: Vec<(String, String)> = match staff.await {
                            Ok(data) => data.workspace.deputies.iter()
                                .map(|d| (d.id.to_string(), format!("{}（{}）", d.name.as_str(), d.level.label(lang))))
                                .collect(),
                            // The device's store failed: say so where the deputies would be.
                            Err(error) => vec![(String::new(), error.describe(lang))],
                        };
                        deputies.sort_by(|a, b| a.1.cmp(&b.1));
                        deputies.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()
                    })}
                    </Transition>
                </select>
                <label for="register-kind">{move || lvzhi_client::i18n::WorkMsg::Kind.text(i18n.lang.get())}</label>
                <select id="register-kind" on:change=move |e| kind.set(event_target_value(&e))>
                    {SuggestionKind::ALL.iter().map(|k| { let k = *k; view! { <option value=k.code()>{move || k.label(i18n.lang.get())}</option> } }).collect_view()}
                </select>
                <label for="register-title">{move || HandlingMsg::TitleLabel.text(i18n.lang.get())}</label>
                <input id="register-title" type="text" prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e))/>
                <label for="register-body">{move || HandlingMsg::BodyLabel.text(i18n.lang.get())}</label>
                <textarea id="register-body" rows="3" prop:value=move || body.get() on:input=move |e| body.set(event_target_value(&e))></textarea>
                <button type="button" class="button primary" id="register" on:click=register>{move || HandlingMsg::Register.text(i18n.lang.get())}</button>
            </div>
            {move || outcome.get().map(|result| match result {
                Ok(()) => view! { <p role="status" id="register-ok">{HandlingMsg::RegisteredOk.text(i18n.lang.get())}</p> }.into_any(),
                Err(text) => view! { <p class="form-error" role="alert" id="register-error">{text}</p> }.into_any(),
            })}
        </details>
    }
}
