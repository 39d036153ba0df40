//! Training classes and their attendance. Saving a class compares its attendees with the
//! stored ones in one transaction: each deputy added gets one approved training
//! registration entered by staff (kept in `training_registrations`, so exactly once however
//! often the class is saved), each deputy removed has that registration withdrawn. Both go
//! through the sync store, so devices see them in their next pull and the history says who.

use std::collections::HashSet;

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::api::TrainingSaved;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::error::{Problem, ValidationError};
use lvzhi_domain::ids::{AccountId, ActivityId, DeputyId};
use lvzhi_domain::organisation::{Training, TrainingAudience};
use lvzhi_domain::staff::{HistoryAction, HistoryEntry, StaffScope};
use lvzhi_domain::sync::server::SyncStore;
use lvzhi_domain::text::Description;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::sync::SqliteSync;
use super::{Database, DbError};

fn invalid(field: &str, detail: String) -> DbError {
    DbError::Invalid(ValidationError::new(field, Problem::Inconsistent { detail }))
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("{what}: {error}"))
}

/// A new registration's id: a UUID (version 8) hashed from the class, the deputy and the
/// moment, so a deputy removed and added again gets a new record.
fn registration_id(training: &Training, deputy: DeputyId, salt: i64) -> ActivityId {
    let digest = Sha256::digest(format!("lvzhi-training:{}:{deputy}:{salt}", training.id));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    ActivityId::from_uuid(uuid::Builder::from_custom_bytes(bytes).into_uuid())
}

fn stored_training(connection: &Connection, id: &str) -> Result<Option<Training>, DbError> {
    connection
        .query_row("SELECT body FROM trainings WHERE id = ?1", params![id], |row| {
            row.get::<_, String>(0)
        })
        .optional()?
        .map(|body| serde_json::from_str(&body).map_err(|e| corrupt("training", e)))
        .transpose()
}

fn registration(
    transaction: &Transaction<'_>,
    training: &str,
    deputy: DeputyId,
) -> Result<Option<ActivityId>, DbError> {
    transaction
        .query_row(
            "SELECT activity_id FROM training_registrations WHERE training_id = ?1 AND deputy_id = ?2",
            params![training, deputy.to_string()],
            |row| row.get::<_, String>(0),
        )
        .optional()?
        .map(|id| ActivityId::parse_field(&id, "activity").map_err(|e| corrupt("registration", e)))
        .transpose()
}

impl Database {
    /// Every training class, newest first.
    pub(super) fn trainings_in(connection: &Connection) -> Result<Vec<Training>, DbError> {
        super::reference::bodies(
            connection,
            "SELECT body FROM trainings ORDER BY first_day DESC, id",
            "training",
        )
    }

    /// Stores a class and turns the change in its attendance into registrations (see the
    /// module). Deputies added or removed must be within `scope` and exist; attendance is
    /// taken from the class's first day on.
    pub async fn save_training(
        &self,
        training: Training,
        scope: StaffScope,
        account: AccountId,
        today: LocalDate,
    ) -> Result<TrainingSaved, DbError> {
        training.check().map_err(DbError::Invalid)?;
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let id = training.id.to_string();
            let stored = stored_training(&transaction, &id)?;
            let before: HashSet<DeputyId> = stored
                .as_ref()
                .map(|stored| stored.attendees.iter().copied().collect())
                .unwrap_or_default();
            let moved = stored.as_ref().is_some_and(|stored| {
                stored.first_day != training.first_day
                    || stored.title != training.title
                    || stored.place != training.place
            });
            let after: HashSet<DeputyId> = training.attendees.iter().copied().collect();
            if training.audience == TrainingAudience::Cadres && !after.is_empty() {
                return Err(invalid(
                    "attendees",
                    "a class for cadres lists its attendees under others, not as deputies".into(),
                ));
            }
            if !after.is_empty() && training.first_day > today {
                return Err(invalid(
                    "attendees",
                    format!(
                        "attendance is taken from the class's first day ({})",
                        training.first_day
                    ),
                ));
            }
            let mut store = SqliteSync::new(&transaction, account.to_string());
            let mut saved = TrainingSaved {
                training: training.clone(),
                registered: 0,
                withdrawn: 0,
            };
            let salt = super::sessions::now_millis();
            // In the class's order, so the registrations are made in a stable order.
            for deputy in training.attendees.iter().filter(|d| !before.contains(d)) {
                let Some(record) = store.deputy(*deputy)? else {
                    return Err(DbError::NotFound(format!(
                        "there is no deputy {deputy} (field \"attendees\")"
                    )));
                };
                if !scope.covers(&record) {
                    return Err(DbError::NotFound(format!(
                        "deputy {deputy} is outside this account's scope (field \"attendees\")"
                    )));
                }
                if registration(&transaction, &id, *deputy)?.is_some() {
                    continue;
                }
                let activity = Activity {
                    id: registration_id(&training, *deputy, salt),
                    kind: ActivityKind::Training,
                    date: training.first_day,
                    deputies: vec![*deputy],
                    station: None,
                    place: training.place.clone(),
                    description: Description::parse_field(training.title.as_str(), "title")
                        .map_err(DbError::Invalid)?,
                    entered_by: EnteredBy::Staff(account),
                    review: Review::Approved,
                    revision: 1,
                    proposed_by: None,
                    answers: Vec::new(),
                };
                store.save_activity(&activity)?;
                for action in [HistoryAction::Entered, HistoryAction::Approved] {
                    store.append_history(&HistoryEntry {
                        record: activity.id,
                        revision: 1,
                        action,
                        by: account,
                        by_staff: true,
                        detail: Some(format!("training {}", training.title.as_str())),
                    })?;
                }
                transaction.execute(
                    "INSERT INTO training_registrations (training_id, deputy_id, activity_id) VALUES (?1, ?2, ?3)",
                    params![id, deputy.to_string(), activity.id.to_string()],
                )?;
                saved.registered += 1;
            }
            if moved {
                // The class moved or was renamed: its registrations follow, one edit each.
                for deputy in training.attendees.iter().filter(|d| before.contains(d)) {
                    let Some(activity_id) = registration(&transaction, &id, *deputy)? else {
                        continue;
                    };
                    let Some(mut activity) = store.activity(activity_id)? else {
                        continue;
                    };
                    activity.date = training.first_day;
                    activity.place = training.place.clone();
                    activity.description =
                        Description::parse_field(training.title.as_str(), "title").map_err(DbError::Invalid)?;
                    activity.revision += 1;
                    store.save_activity(&activity)?;
                    store.append_history(&HistoryEntry {
                        record: activity.id,
                        revision: activity.revision,
                        action: HistoryAction::Edited,
                        by: account,
                        by_staff: true,
                        detail: Some("date, place, description".into()),
                    })?;
                }
            }
            let mut removed: Vec<DeputyId> = before.difference(&after).copied().collect();
            removed.sort();
            for deputy in removed {
                let record: Option<Deputy> = store.deputy(deputy)?;
                if record.as_ref().is_some_and(|record| !scope.covers(record)) {
                    return Err(DbError::NotFound(format!(
                        "deputy {deputy} is outside this account's scope (field \"attendees\")"
                    )));
                }
                if let Some(activity) = registration(&transaction, &id, deputy)? {
                    store.delete_activity(activity)?;
                    store.append_history(&HistoryEntry {
                        record: activity,
                        revision: 0,
                        action: HistoryAction::Withdrawn,
                        by: account,
                        by_staff: true,
                        detail: Some(format!("removed from training {}", training.title.as_str())),
                    })?;
                    transaction.execute(
                        "DELETE FROM training_registrations WHERE training_id = ?1 AND deputy_id = ?2",
                        params![id, deputy.to_string()],
                    )?;
                    saved.withdrawn += 1;
                }
            }
            drop(store);
            let body = serde_json::to_string(&training).map_err(|error| DbError::Other(error.to_string()))?;
            transaction.execute(
                "INSERT INTO trainings (id, first_day, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET first_day = excluded.first_day, body = excluded.body",
                params![id, training.first_day.to_string(), body],
            )?;
            transaction.commit()?;
            Ok(saved)
        })
        .await
    }
}
