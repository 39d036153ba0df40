//! The deputy's own records as the pages need them: what is stored on this device, whether
//! each change has reached the server, and saving or withdrawing through the outbox.

use std::collections::BTreeSet;

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::api::SignedIn;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::error::ValidationError;
use lvzhi_domain::ids::{ActivityId, DeputyId};
use lvzhi_domain::sync::Mutation;
use lvzhi_domain::text::{Description, PlaceText};

use crate::storage::{LocalStore, StorageError};

/// Where a record stands, as the deputy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordState {
    /// A change to it waits in the outbox.
    NotYetSynced,
    Pending,
    Approved,
    Rejected(String),
}

impl RecordState {
    pub fn code(&self) -> &'static str {
        match self {
            RecordState::NotYetSynced => "unsynced",
            RecordState::Pending => "pending",
            RecordState::Approved => "approved",
            RecordState::Rejected(_) => "rejected",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub activity: Activity,
    pub state: RecordState,
}

/// Today in Asia/Shanghai by this device's clock.
pub fn today() -> LocalDate {
    LocalDate::from_unix_millis(js_sys::Date::now() as i64)
        .or_else(|| LocalDate::from_ymd(2026, 1, 1))
        .unwrap_or(LocalDate::from_day_number(0).expect("1970-01-01 is in range"))
}

/// The records on this device, newest first, with their state; for a deputy (`me`),
/// without the joint records they declined.
pub async fn load_records(me: Option<DeputyId>) -> Result<Vec<RecordRow>, StorageError> {
    let store = LocalStore::open().await?;
    let unsynced: BTreeSet<ActivityId> = store.outbox().await?.iter().map(|m| m.operation.record()).collect();
    let mut rows: Vec<RecordRow> = store
        .activities()
        .await?
        .into_iter()
        .filter(|activity| me.is_none_or(|me| activity.listed_for(me)))
        .map(|activity| {
            let state = if unsynced.contains(&activity.id) {
                RecordState::NotYetSynced
            } else {
                match &activity.review {
                    Review::Pending => RecordState::Pending,
                    Review::Approved => RecordState::Approved,
                    Review::Rejected { reason } => RecordState::Rejected(reason.as_str().to_owned()),
                }
            };
            RecordRow { activity, state }
        })
        .collect();
    // Unstable sorts throughout the app: the keys are total (ties broken by id), and one
    // unstable sort compiles to less wasm than the stable one (docs/size.md).
    rows.sort_unstable_by(|a, b| {
        b.activity
            .date
            .cmp(&a.activity.date)
            .then(b.activity.id.cmp(&a.activity.id))
    });
    Ok(rows)
}

/// What the registration form holds, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: ActivityKind,
    pub date: String,
    pub place: String,
    pub description: String,
}

/// Checks a draft: every refused field, in form order.
pub fn check_draft(
    draft: &Draft,
    today: LocalDate,
) -> Result<(LocalDate, PlaceText, Description), Vec<ValidationError>> {
    let mut errors = Vec::new();
    // The same check the server makes (`LocalDate::not_after`), by this device's clock.
    let date = match LocalDate::parse_field(&draft.date, "date").and_then(|date| date.not_after(today, "date")) {
        Ok(date) => Some(date),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let place = PlaceText::parse_field(&draft.place, "place")
        .map_err(|e| errors.push(e))
        .ok();
    let description = Description::parse_field(&draft.description, "description")
        .map_err(|e| errors.push(e))
        .ok();
    match (date, place, description) {
        (Some(date), Some(place), Some(description)) if errors.is_empty() => Ok((date, place, description)),
        _ => Err(errors),
    }
}

/// Saves a new record (`existing` = None) or an edit of a pending one, with its outbox entry.
#[allow(clippy::too_many_arguments)]
pub async fn save_draft(
    session: &SignedIn,
    existing: Option<&Activity>,
    kind: ActivityKind,
    date: LocalDate,
    station: Option<lvzhi_domain::ids::StationId>,
    co_participants: Vec<DeputyId>,
    place: PlaceText,
    description: Description,
) -> Result<Mutation, StorageError> {
    let deputy: DeputyId = session
        .account
        .deputy
        .ok_or_else(|| StorageError("this account is not a deputy's".into()))?;
    let activity = Activity {
        id: existing.map_or_else(|| ActivityId::from_uuid(crate::ids::new_uuid_v7()), |a| a.id),
        kind,
        date,
        deputies: std::iter::once(deputy)
            .chain(co_participants.into_iter().filter(|d| *d != deputy))
            .collect(),
        station,
        place,
        description,
        entered_by: EnteredBy::Deputy(session.account.id),
        review: Review::Pending,
        revision: 0,
        proposed_by: Some(deputy),
        answers: Vec::new(),
    };
    let activity = lvzhi_domain::activity::keep_answers(existing, activity);
    LocalStore::open()
        .await?
        .queue_change(lvzhi_domain::sync::client::save(existing, activity))
        .await
}

/// Saves a new record with an id chosen by the caller (a visit whose opinion items point at it).
pub async fn save_draft_with_id(
    session: &SignedIn,
    id: ActivityId,
    kind: ActivityKind,
    date: LocalDate,
    place: PlaceText,
    description: Description,
) -> Result<Mutation, StorageError> {
    let deputy: DeputyId = session
        .account
        .deputy
        .ok_or_else(|| StorageError("this account is not a deputy's".into()))?;
    let activity = Activity {
        id,
        kind,
        date,
        deputies: vec![deputy],
        station: None,
        place,
        description,
        entered_by: EnteredBy::Deputy(session.account.id),
        review: Review::Pending,
        revision: 0,
        proposed_by: Some(deputy),
        answers: Vec::new(),
    };
    LocalStore::open()
        .await?
        .queue_change(lvzhi_domain::sync::client::save(None, activity))
        .await
}

/// Confirms or declines, as the signed-in deputy, a joint record a colleague proposed.
pub async fn answer_joint(
    session: &SignedIn,
    shown: &Activity,
    answer: lvzhi_domain::activity::JointAnswer,
) -> Result<Mutation, StorageError> {
    let deputy: DeputyId = session
        .account
        .deputy
        .ok_or_else(|| StorageError("this account is not a deputy's".into()))?;
    LocalStore::open()
        .await?
        .answer_with_outbox(shown, deputy, answer)
        .await
}

/// Withdraws a pending record.
pub async fn withdraw(activity: &Activity) -> Result<Mutation, StorageError> {
    LocalStore::open().await?.withdraw_with_outbox(activity).await
}

/// Staff: saves a new record on a deputy's behalf, with its outbox entry. The server marks it
/// entered by this staff account and holds it for another reviewer.
pub async fn save_for_deputy(
    staff: &SignedIn,
    deputy: DeputyId,
    kind: ActivityKind,
    date: LocalDate,
    place: PlaceText,
    description: Description,
) -> Result<Mutation, StorageError> {
    let activity = Activity {
        id: ActivityId::from_uuid(crate::ids::new_uuid_v7()),
        kind,
        date,
        deputies: vec![deputy],
        station: None,
        place,
        description,
        entered_by: EnteredBy::Staff(staff.account.id),
        review: Review::Pending,
        revision: 0,
        proposed_by: None,
        answers: Vec::new(),
    };
    LocalStore::open()
        .await?
        .queue_change(lvzhi_domain::sync::client::save(None, activity))
        .await
}
