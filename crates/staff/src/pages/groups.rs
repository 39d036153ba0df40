//! `/staff/groups`: the liaison and professional groups with their members (national
//! deputies in municipal groups too), and the rule sets in force — the optional ones, such
//! as the observers rule (列席), turned on or off here and then judged beside "341 311" on
//! the dashboard. Memberships change through the roster; switching a rule set needs the
//! network.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::use_i18n;
use lvzhi_client::session::use_session;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::api::RuleSetSwitch;
use lvzhi_domain::labels::Label;
use lvzhi_domain::organisation::GroupKind;

use crate::data::use_staff_data;
use crate::i18n::{StaffMsg, fill, ts};

/// Fetches and stores the staff workspace (which holds the rule sets turned on).
async fn refetch_workspace(token: &str) -> Result<(), AppError> {
    let store = lvzhi_client::storage::LocalStore::open().await?;
    lvzhi_client::reference::refresh_workspace(&store, token).await?;
    Ok(())
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let data = use_staff_data();
    let message = RwSignal::new(None::<String>);
    let switch = move |id: String, enabled: bool| {
        let Some(token) = session.session.get_untracked().map(|s| s.token) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let path = format!("/api/staff/rule-sets/{id}");
            let lang = i18n.lang.get_untracked();
            match lvzhi_client::api::post_or_put_json::<_, Vec<String>>(
                "PUT",
                &path,
                &RuleSetSwitch { enabled },
                &token,
            )
            .await
            {
                Ok(_) => {
                    // The dashboard judges by the stored workspace: fetch it now, so every
                    // page (and every tab) shows the sets as switched before this says so.
                    match refetch_workspace(&token).await {
                        Ok(()) => {
                            message.set(Some(StaffMsg::RuleSetSwitched.text(lang).to_owned()));
                            sync.data_version.update(|v| *v += 1);
                            lvzhi_client::sync::coordination::announce_change();
                        }
                        Err(error) => message.set(Some(error.describe(lang))),
                    }
                }
                Err(error) => message.set(Some(AppError::from(error).describe(lang))),
            }
        });
    };
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::GroupsTitle)}</h1>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <lvzhi_client::components::ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let lang = i18n.lang.get();
                let enabled = data.reference.as_ref().map(|r| r.enabled_rule_sets.clone()).unwrap_or_default();
                let sets = data.reference.as_ref().map(|r| r.rule_sets.clone()).unwrap_or_default();
                Ok::<_, AppError>(view! {
                    <h2>{StaffMsg::RuleSetsTitle.text(lang)}</h2>
                    <ul class="rule-sets" id="rule-sets">
                    {sets.into_iter().map(|set| {
                        let on = !set.optional || enabled.contains(&set.id);
                        let id = set.id.clone();
                        view! {
                            <li data-rule-set=set.id.clone()>
                                <strong>{set.title.get(lang).to_owned()}</strong>" "
                                <span class="muted small">{set.effective_from.to_string()}</span>" "
                                {if set.optional {
                                    view! {
                                        <label><input type="checkbox" class="rule-set-switch" prop:checked=on
                                            on:change=move |e| switch(id.clone(), event_target_checked(&e))/>" "
                                            {StaffMsg::TurnedOn.text(lang)}</label>
                                    }.into_any()
                                } else {
                                    view! { <span class="badge">{StaffMsg::AlwaysOn.text(lang)}</span> }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                    </ul>
                    <p><a href=lvzhi_client::profile::app_path("/dashboard")>{StaffMsg::SeeDashboard.text(lang)}</a></p>
                    {GroupKind::ALL.iter().map(|kind| {
                        let groups: Vec<_> = data.workspace.groups.iter().filter(|g| g.kind == *kind).collect();
                        view! {
                            <h2>{kind.label(lang)}" ("{groups.len()}")"</h2>
                            <ul class="groups">
                            {groups.into_iter().map(|group| {
                                let members: Vec<String> = data.workspace.deputies.iter()
                                    .filter(|d| d.liaison_group == Some(group.id) || d.professional_groups.contains(&group.id))
                                    .map(|d| format!("{}（{}）", d.name.as_str(), d.level.label(lang)))
                                    .collect();
                                view! {
                                    <li data-group=group.id.to_string()>
                                        <details>
                                            <summary>{group.name.as_str().to_owned()}" · "{fill(StaffMsg::MemberCount, lang, &[("count", &members.len().to_string())])}</summary>
                                            <p class="small">{members.join("、")}</p>
                                        </details>
                                    </li>
                                }
                            }).collect_view()}
                            </ul>
                        }
                    }).collect_view()}
                })
            })}
            </ErrorBoundary>
            </Transition>
            {move || message.get().map(|m| view! { <p role="status" id="groups-message">{m}</p> })}
        </section>
    }
}
