//! `/staff/review`: the review queue (审核), driven by the keyboard — J/↓ next, K/↑ previous,
//! A approve, R reject (a standard reason and a note), U undo. A decision is held for a few
//! seconds, during which U takes it back; then it goes into the outbox like any change, so
//! reviewing works offline and every decision reaches the server once. The queue, its filter
//! and the same-day check are the domain's (`lvzhi_domain::staff`).

use std::sync::Arc;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use lvzhi_client::components::ErrorPanel;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::{I18n, WorkMsg, use_i18n};
use lvzhi_client::session::use_session;
use lvzhi_client::storage::LocalStore;
use lvzhi_client::sync::{local_change_committed, use_sync};
use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Participation};
use lvzhi_domain::deputy::Level;
use lvzhi_domain::ids::{AccountId, ActivityId};
use lvzhi_domain::labels::Label;
use lvzhi_domain::staff::{QueueFilter, RejectReason, may_review, rejection, review_queue, same_day};
use lvzhi_domain::sync::Operation;

use crate::data::{StaffData, use_staff_data};
use crate::i18n::{StaffMsg, fill, ts};

/// How long a decision can be undone before it is queued.
const HOLD: Duration = Duration::from_secs(5);
/// Queue items listed at once.
const LISTED: usize = 20;

/// A decision made but not yet queued.
#[derive(Clone)]
struct Held {
    operation: Operation,
    what: String,
    generation: u64,
}

/// Everything the page's handlers share.
#[derive(Clone, Copy)]
struct Queue {
    current: RwSignal<usize>,
    held: RwSignal<Option<Held>>,
    /// Records decided in this page (held or queued), hidden from the queue at once.
    decided: RwSignal<Vec<ActivityId>>,
    rejecting: RwSignal<bool>,
    message: RwSignal<Option<String>>,
    generation: StoredValue<u64>,
}

impl Queue {
    /// Queues a held decision now (before the next one, on a timer, or on leaving the page).
    fn commit(self, sync: lvzhi_client::sync::SyncContext, i18n: I18n) {
        let Some(held) = self.held.get_untracked() else { return };
        self.held.set(None);
        leptos::task::spawn_local(async move {
            let queued = async { LocalStore::open().await?.queue_change(held.operation.clone()).await };
            match queued.await {
                Ok(_) => local_change_committed(sync),
                Err(error) => {
                    let id = held.operation.record();
                    self.decided.update(|d| d.retain(|x| *x != id));
                    self.message
                        .set(Some(AppError::Storage(error).describe(i18n.lang.get_untracked())));
                }
            }
        });
    }

    /// Holds a decision for [`HOLD`], committing the one held before.
    fn decide(self, sync: lvzhi_client::sync::SyncContext, i18n: I18n, operation: Operation, what: String) {
        self.commit(sync, i18n);
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let id = operation.record();
        self.decided.update(|d| d.push(id));
        self.held.set(Some(Held {
            operation,
            what,
            generation,
        }));
        self.rejecting.set(false);
        self.message.set(None);
        set_timeout(
            move || {
                if self
                    .held
                    .with_untracked(|h| h.as_ref().is_some_and(|h| h.generation == generation))
                {
                    self.commit(sync, i18n);
                }
            },
            HOLD,
        );
    }

    /// Takes the held decision back.
    fn undo(self, i18n: I18n) {
        if let Some(held) = self.held.get_untracked() {
            let id = held.operation.record();
            self.held.set(None);
            self.decided.update(|d| d.retain(|x| *x != id));
            self.message
                .set(Some(StaffMsg::Undone.text(i18n.lang.get_untracked()).to_owned()));
        }
    }
}

fn describe(data: &StaffData, record: &Activity, lang: lvzhi_domain::lang::Lang) -> String {
    let names: Vec<String> = record.deputies.iter().map(|d| data.deputy_name(*d)).collect();
    format!("{} · {} · {}", record.date, record.kind.label(lang), names.join("、"))
}

fn filter_from(level: &str, group: &str, kind: &str, from: &str, to: &str, by: &str, data: &StaffData) -> QueueFilter {
    QueueFilter {
        level: Level::parse_field(level, "level").ok(),
        group: data
            .workspace
            .groups
            .iter()
            .find(|g| g.id.to_string() == group)
            .map(|g| g.id),
        kind: ActivityKind::parse_field(kind, "kind").ok(),
        from: lvzhi_domain::date::LocalDate::parse_field(from, "from").ok(),
        to: lvzhi_domain::date::LocalDate::parse_field(to, "to").ok(),
        entered_by_staff: match by {
            "staff" => Some(true),
            "deputy" => Some(false),
            _ => None,
        },
    }
}

fn typing_in_a_field() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let session = use_session();
    let data = use_staff_data();
    let queue = Queue {
        current: RwSignal::new(0),
        held: RwSignal::new(None),
        decided: RwSignal::new(Vec::new()),
        rejecting: RwSignal::new(false),
        message: RwSignal::new(None),
        generation: StoredValue::new(0),
    };
    let (level, group, kind, from, to, by) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let selected = RwSignal::new(Vec::<ActivityId>::new());
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    // The queue as shown: the domain's queue, less what was decided here or waits to be sent.
    let items = Memo::new(move |_| {
        let Some(Ok(data)) = data.get() else {
            return Arc::new(Vec::<Activity>::new());
        };
        let me = session
            .session
            .with(|s| s.as_ref().map(|s| s.account.id))
            .unwrap_or(AccountId::from_u128(0));
        let filter = filter_from(
            &level.get(),
            &group.get(),
            &kind.get(),
            &from.get(),
            &to.get(),
            &by.get(),
            &data,
        );
        let decided = queue.decided.get();
        let list: Vec<Activity> = review_queue(&data.records, &filter, me, |id| data.deputy(id))
            .into_iter()
            .filter(|a| !data.decided.contains(&a.id) && !decided.contains(&a.id))
            .cloned()
            .collect();
        Arc::new(list)
    });
    let current_record = move || {
        let list = items.get();
        let index = queue.current.get().min(list.len().saturating_sub(1));
        list.get(index).cloned()
    };
    let approve = move || {
        if let (Some(record), Some(Ok(data))) = (current_record(), data.get_untracked()) {
            let what = describe(&data, &record, i18n.lang.get_untracked());
            queue.decide(sync, i18n, Operation::Approve { id: record.id }, what);
        }
    };
    let confirm_reject = move || {
        let Some(record) = current_record() else { return };
        // The empty choice is "other": the note is the reason, and `rejection` refuses both empty.
        let standard = RejectReason::parse_field(&reason.get_untracked(), "reason").ok();
        match rejection(standard, &note.get_untracked()) {
            Ok(text) => {
                let what = data
                    .get_untracked()
                    .and_then(Result::ok)
                    .map(|d| describe(&d, &record, i18n.lang.get_untracked()))
                    .unwrap_or_default();
                queue.decide(
                    sync,
                    i18n,
                    Operation::Reject {
                        id: record.id,
                        reason: text,
                    },
                    what,
                );
                reason.set(String::new());
                note.set(String::new());
            }
            Err(error) => queue.message.set(Some(lvzhi_client::i18n::describe_problem(
                &error,
                StaffMsg::RejectNote.text(i18n.lang.get_untracked()),
                i18n.lang.get_untracked(),
            ))),
        }
    };
    let step = move |by: isize| {
        let len = items.with_untracked(|l| l.len());
        queue
            .current
            .update(|c| *c = (*c as isize + by).clamp(0, len.saturating_sub(1) as isize) as usize);
    };
    let keys = window_event_listener(ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in_a_field() {
            if event.key() == "Escape" {
                queue.rejecting.set(false);
            }
            return;
        }
        let handled = match event.key().as_str() {
            "j" | "J" | "ArrowDown" => {
                step(1);
                true
            }
            "k" | "K" | "ArrowUp" => {
                step(-1);
                true
            }
            "a" | "A" => {
                approve();
                true
            }
            "r" | "R" => {
                queue.rejecting.set(true);
                focus_later("reject-reason");
                true
            }
            "u" | "U" => {
                queue.undo(i18n);
                true
            }
            _ => false,
        };
        if handled {
            event.prevent_default();
        }
    });
    // Closing the tab queues a held decision too (the write starts at once; IndexedDB finishes
    // it unless the browser is killed).
    let hide = window_event_listener(ev::pagehide, move |_| queue.commit(sync, i18n));
    on_cleanup(move || {
        keys.remove();
        hide.remove();
        // Leaving the page sends what was decided; nothing is lost.
        queue.commit(sync, i18n);
    });
    let bulk_approve = move |_| {
        let ids = selected.get_untracked();
        selected.set(Vec::new());
        queue.commit(sync, i18n);
        queue.decided.update(|d| d.extend(ids.iter().copied()));
        leptos::task::spawn_local(async move {
            let queued = async {
                let store = LocalStore::open().await?;
                for id in ids {
                    store.queue_change(Operation::Approve { id }).await?;
                }
                Ok::<_, lvzhi_client::storage::StorageError>(())
            };
            match queued.await {
                Ok(()) => local_change_committed(sync),
                Err(error) => queue
                    .message
                    .set(Some(AppError::Storage(error).describe(i18n.lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="card wide">
            <div class="card-head">
                <h1>{ts(i18n, StaffMsg::ReviewTitle)}</h1>
                <span id="queue-count">{move || fill(StaffMsg::QueueCount, i18n.lang.get(), &[("count", &items.get().len().to_string())])}</span>
            </div>
            <p class="muted" id="keys-help">{ts(i18n, StaffMsg::KeysHelp)}</p>
            <crate::pages::home::FirstLoadProgress/>
            <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors/> }>
            {move || Suspend::new(async move {
                let data = data.await?;
                let me = session.session.get().map(|s| s.account.id);
                let own = me.map_or(0, |me| data.records.iter().filter(|r| r.review == lvzhi_domain::activity::Review::Pending && !may_review(me, r)).count());
                let groups = data.workspace.groups.clone();
                Ok::<_, AppError>(view! {
                    <div class="filters" role="search">
                        <label>{ts(i18n, StaffMsg::Level)}
                            <select id="q-level" on:change=move |e| { level.set(event_target_value(&e)); queue.current.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                {Level::ALL.iter().map(|l| { let l = *l; view! { <option value=l.code()>{move || l.label(i18n.lang.get())}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label>{ts(i18n, StaffMsg::Group)}
                            <select id="q-group" on:change=move |e| { group.set(event_target_value(&e)); queue.current.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                {groups.iter().map(|g| view! { <option value=g.id.to_string()>{g.name.as_str().to_owned()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.w(WorkMsg::Kind)}
                            <select id="q-kind" on:change=move |e| { kind.set(event_target_value(&e)); queue.current.set(0); }>
                                <option value="">{move || i18n.w(WorkMsg::AllKinds)}</option>
                                {ActivityKind::ALL.iter().map(|k| { let k = *k; view! { <option value=k.code()>{move || k.label(i18n.lang.get())}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label>{ts(i18n, StaffMsg::FromDate)}<input id="q-from" type="date" on:change=move |e| { from.set(event_target_value(&e)); queue.current.set(0); }/></label>
                        <label>{ts(i18n, StaffMsg::ToDate)}<input id="q-to" type="date" on:change=move |e| { to.set(event_target_value(&e)); queue.current.set(0); }/></label>
                        <label>{ts(i18n, StaffMsg::EnteredBy)}
                            <select id="q-by" on:change=move |e| { by.set(event_target_value(&e)); queue.current.set(0); }>
                                <option value="">{ts(i18n, StaffMsg::Everyone)}</option>
                                <option value="deputy">{ts(i18n, StaffMsg::ByDeputy)}</option>
                                <option value="staff">{ts(i18n, StaffMsg::ByStaff)}</option>
                            </select>
                        </label>
                    </div>
                    {(own > 0).then(|| view! { <p class="muted" id="own-entries">{move || fill(StaffMsg::OwnEntries, i18n.lang.get(), &[("count", &own.to_string())])}</p> })}
                })
            })}
            </ErrorBoundary>
            </Transition>
            {move || queue.held.get().map(|held| {
                let approve = matches!(held.operation, Operation::Approve { .. });
                let msg = if approve { StaffMsg::HeldApproved } else { StaffMsg::HeldRejected };
                view! { <div class="notice" role="status" id="held">
                    {fill(msg, i18n.lang.get(), &[("what", &held.what), ("seconds", &HOLD.as_secs().to_string())])}
                    " " <button type="button" class="button" id="undo" on:click=move |_| queue.undo(i18n)>{ts(i18n, StaffMsg::Undo)}" (U)"</button>
                </div> }
            })}
            {move || queue.message.get().map(|m| view! { <p class="notice" role="status" id="review-message">{m}</p> })}
            <div class="review-layout">
                <ol class="queue" id="queue" aria-label=move || StaffMsg::ReviewTitle.text(i18n.lang.get())>
                    {move || {
                        let list = items.get();
                        let current = queue.current.get().min(list.len().saturating_sub(1));
                        let start = current.saturating_sub(LISTED / 2).min(list.len().saturating_sub(LISTED));
                        let Some(Ok(data)) = data.get() else { return ().into_any() };
                        list.iter().enumerate().skip(start).take(LISTED).map(|(index, record)| {
                            let id = record.id;
                            let text = describe(&data, record, i18n.lang.get());
                            view! {
                                <li class:current=index == current aria-current=(index == current).then_some("true")>
                                    <input type="checkbox" aria-label=move || StaffMsg::SelectRecord.text(i18n.lang.get())
                                        prop:checked=move || selected.with(|s| s.contains(&id))
                                        on:change=move |_| selected.update(|s| if let Some(at) = s.iter().position(|x| *x == id) { s.remove(at); } else { s.push(id); })/>
                                    <button type="button" class="link" on:click=move |_| queue.current.set(index)>{text}</button>
                                </li>
                            }
                        }).collect_view().into_any()
                    }}
                </ol>
                <div class="review-item" id="review-item">
                    {move || match (current_record(), data.get()) {
                        (Some(record), Some(Ok(data))) => view! { <ItemDetail record data/> }.into_any(),
                        _ => view! { <p id="queue-empty">{ts(i18n, StaffMsg::QueueEmpty)}</p> }.into_any(),
                    }}
                    <div class="actions">
                        <button type="button" class="button primary" id="approve" on:click=move |_| approve()>{ts(i18n, StaffMsg::Approve)}" (A)"</button>
                        <button type="button" class="button" id="reject" on:click=move |_| { queue.rejecting.set(true); focus_later("reject-reason"); }>{ts(i18n, StaffMsg::Reject)}" (R)"</button>
                        <button type="button" class="button" id="bulk-approve" disabled=move || selected.with(Vec::is_empty) on:click=bulk_approve>
                            {move || fill(StaffMsg::BulkApprove, i18n.lang.get(), &[("count", &selected.with(Vec::len).to_string())])}</button>
                    </div>
                    <Show when=move || queue.rejecting.get()>
                        <form class="reject-form" id="reject-form" on:submit=move |e| { e.prevent_default(); confirm_reject(); }>
                            <label>{ts(i18n, StaffMsg::RejectReason)}
                                <select id="reject-reason" on:change=move |e| reason.set(event_target_value(&e))>
                                    <option value="">{ts(i18n, StaffMsg::OtherReason)}</option>
                                    {RejectReason::ALL.iter().map(|r| { let r = *r; view! { <option value=r.code() selected=move || reason.get() == r.code()>{move || r.label(i18n.lang.get())}</option> } }).collect_view()}
                                </select>
                            </label>
                            <label>{ts(i18n, StaffMsg::RejectNote)}
                                <input id="reject-note" type="text" maxlength="400" prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e))/>
                            </label>
                            <button type="submit" class="button primary" id="confirm-reject">{ts(i18n, StaffMsg::ConfirmReject)}</button>
                            <button type="button" class="button" on:click=move |_| queue.rejecting.set(false)>{move || i18n.w(WorkMsg::Cancel)}</button>
                        </form>
                    </Show>
                </div>
            </div>
        </section>
    }
}

fn focus_later(id: &'static str) {
    set_timeout(
        move || {
            if let Some(element) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                // Focus failing leaves the keyboard where it was: nothing to report.
                if element.focus().is_err() {
                    web_sys::console::warn_1(&"focus failed".into());
                }
            }
        },
        Duration::from_millis(0),
    );
}

#[component]
fn ItemDetail(record: Activity, data: Arc<StaffData>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let first = record.deputies.first().copied();
    let deputy_name = first.map(|d| data.deputy_name(d)).unwrap_or_default();
    let entered = match record.entered_by {
        EnteredBy::Staff(account) => fill(
            StaffMsg::EnteredByStaff,
            lang,
            &[("staff", &data.staff_name(account)), ("deputy", &deputy_name)],
        ),
        EnteredBy::Deputy(_) => fill(StaffMsg::EnteredByDeputy, lang, &[("deputy", &deputy_name)]),
    };
    let unit = first
        .and_then(|d| data.deputy(d))
        .map(|d| format!("{} · {}", d.level.label(lang), d.electoral_unit.as_str()))
        .unwrap_or_default();
    let others: Vec<String> = record
        .deputies
        .iter()
        .skip(1)
        .map(|d| {
            let answer = match record.participation(*d) {
                Participation::Counts => StaffMsg::Confirmed,
                Participation::Declined => StaffMsg::Declined,
                Participation::AwaitingAnswer | Participation::NotNamed => StaffMsg::Awaiting,
            };
            format!("{}（{}）", data.deputy_name(*d), answer.text(lang))
        })
        .collect();
    let twins: Vec<String> = same_day(&record, &data.records)
        .iter()
        .map(|a| format!("{} · {}", a.kind.label(lang), a.description.as_str()))
        .collect();
    let id = record.id;
    view! {
        <h2 id="item-title" data-id=id.to_string()>{record.kind.label(lang)}" · "{record.date.to_string()}</h2>
        <dl class="facts">
            <dt>{StaffMsg::Deputy.text(lang)}</dt><dd id="item-deputy">{deputy_name.clone()}" "<span class="muted">{unit}</span></dd>
            <dt>{i18n.w(WorkMsg::Place)}</dt><dd>{record.place.as_str().to_owned()}</dd>
            <dt>{i18n.w(WorkMsg::Description)}</dt><dd id="item-description">{record.description.as_str().to_owned()}</dd>
            <dt>{StaffMsg::EnteredBy.text(lang)}</dt><dd id="item-entered">{entered}</dd>
            {(!others.is_empty()).then(|| view! { <dt>{i18n.w(WorkMsg::CoParticipants)}</dt><dd id="item-colleagues">{others.join("、")}</dd> })}
            <dt>{StaffMsg::SameDay.text(lang)}</dt>
            <dd id="item-same-day">{if twins.is_empty() { StaffMsg::NoneThatDay.text(lang).to_owned() } else { twins.join("；") }}</dd>
        </dl>
        <lvzhi_client::components::RecordHistory id open=true/>
    }
}
