//! What the staff console reads, always within the account's scope: its workspace (deputies,
//! groups, staff names, absences), the packed pages of its first load, and a record's history
//! (also read by the record's deputies).

use lvzhi_domain::activity::Activity;
use lvzhi_domain::api::{Role, StaffName, StaffWorkspace};
use lvzhi_domain::ids::{AccountId, ActivityId, DeputyId};
use lvzhi_domain::staff::{HistoryAction, HistoryEntry, HistoryLine, StaffScope};
use lvzhi_domain::sync::{Change, SnapshotCursor};
use rusqlite::{OptionalExtension, params};

use super::reference::bodies;
use super::sync::{AUDIENCE, Audience, snapshot_page};
use super::{Database, DbError};
use lvzhi_domain::sync::server::Actor;

/// The most records one packed page carries.
pub const MAX_BULK_LIMIT: u32 = 20_000;

/// One page of a staff device's first load.
#[derive(Debug, Clone)]
pub struct BulkPage {
    /// The records, in id order.
    pub activities: Vec<Activity>,
    /// The change-log position of the snapshot.
    pub at: u64,
    /// Where the next page starts; none on the last page.
    pub next: Option<SnapshotCursor>,
    /// On the first page, how many records the whole snapshot holds.
    pub total: Option<u64>,
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("{what}: {error}"))
}

/// The deputies within a staff `scope`, by id.
pub(super) fn deputies_in(
    connection: &rusqlite::Connection,
    scope: &StaffScope,
) -> Result<Vec<lvzhi_domain::deputy::Deputy>, DbError> {
    let audience = Audience::new(Role::Staff, None, scope)?;
    let mut statement = connection.prepare(&format!(
        "SELECT body FROM deputies WHERE ?2 OR id IN ({AUDIENCE}) ORDER BY id"
    ))?;
    let rows = statement.query_map(
        params![0, audience.all, audience.deputy, audience.units, audience.groups],
        |row| row.get::<_, String>(0),
    )?;
    let mut deputies = Vec::new();
    for body in rows {
        deputies.push(serde_json::from_str(&body?).map_err(|e| corrupt("deputy", e))?);
    }
    Ok(deputies)
}

impl Database {
    /// The staff workspace within `scope`, with `account`'s roster imports.
    pub async fn staff_workspace(&self, scope: StaffScope, account: AccountId) -> Result<StaffWorkspace, DbError> {
        self.read(move |connection| {
            let audience = Audience::new(Role::Staff, None, &scope)?;
            let deputies = deputies_in(connection, &scope)?;
            let absences = {
                let mut statement = connection.prepare(&format!(
                    "SELECT body FROM absences WHERE ?2 OR deputy_id IN ({AUDIENCE}) ORDER BY deputy_id, date"
                ))?;
                let rows = statement.query_map(
                    params![0, audience.all, audience.deputy, audience.units, audience.groups],
                    |row| row.get::<_, String>(0),
                )?;
                let mut absences = Vec::new();
                for body in rows {
                    absences.push(serde_json::from_str(&body?).map_err(|e| corrupt("absence", e))?);
                }
                absences
            };
            let staff = {
                let mut statement =
                    connection.prepare("SELECT id, display_name FROM accounts WHERE role = 'staff' ORDER BY login")?;
                let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
                let mut staff = Vec::new();
                for row in rows {
                    let (id, name) = row?;
                    let id = AccountId::parse_field(&id, "account").map_err(|e| corrupt("account", e))?;
                    staff.push(StaffName { id, name });
                }
                staff
            };
            Ok(StaffWorkspace {
                scope,
                deputies,
                groups: bodies(connection, "SELECT body FROM groups ORDER BY kind, id", "group")?,
                staff,
                absences,
                trainings: Database::trainings_in(connection)?,
                imports: super::roster::import_log(connection, &account.to_string())?,
                stations: bodies(connection, "SELECT body FROM stations ORDER BY district, id", "station")?,
                enabled_rule_sets: super::absences::enabled(connection)?,
            })
        })
        .await
    }

    /// A page of the actor's snapshot, for the packed first load: the same walk as a pull's
    /// snapshot (records in id order, taken at one change-log position), larger pages.
    pub async fn bulk_page(
        &self,
        actor: Actor,
        after: Option<SnapshotCursor>,
        limit: u32,
    ) -> Result<BulkPage, DbError> {
        self.read(move |connection| {
            let transaction = connection.transaction()?;
            let head: i64 =
                transaction.query_row("SELECT COALESCE(MAX(seq), 0) FROM change_log", [], |row| row.get(0))?;
            let audience = Audience::of(&actor)?;
            // A cursor from a snapshot this server never took starts over.
            let after = after.filter(|cursor| cursor.at as i64 <= head);
            let at = after.as_ref().map_or(head as u64, |cursor| cursor.at);
            let first = after.is_none();
            let limit = limit.clamp(1, MAX_BULK_LIMIT) as i64;
            let page = snapshot_page(
                &transaction,
                &audience,
                limit,
                (at, head as u64),
                after.map(|c| c.after),
                first,
            )?;
            let total = if first {
                let count: i64 = transaction.query_row(
                    &format!(
                        "SELECT COUNT(*) FROM activities WHERE ?1 = ?1 AND (?2 OR id IN
                         (SELECT activity_id FROM activity_deputies WHERE deputy_id IN ({AUDIENCE})))"
                    ),
                    params![0, audience.all, audience.deputy, audience.units, audience.groups],
                    |row| row.get(0),
                )?;
                Some(count as u64)
            } else {
                None
            };
            let activities = page
                .entries
                .into_iter()
                .filter_map(|entry| match entry.change {
                    Change::Upsert { activity } => Some(activity),
                    Change::Tombstone { .. } => None,
                })
                .collect();
            Ok(BulkPage {
                activities,
                at,
                next: page.snapshot,
                total,
            })
        })
        .await
    }

    /// The record's history, oldest first, if `viewer` may see the record: a deputy named on
    /// it, or staff whose scope covers one of its deputies. `None` when the record is unknown
    /// or not the viewer's to see (the two are not told apart).
    pub async fn history(
        &self,
        record: ActivityId,
        role: Role,
        deputy: Option<DeputyId>,
        scope: StaffScope,
    ) -> Result<Option<Vec<HistoryLine>>, DbError> {
        self.read(move |connection| {
            let audience = Audience::new(role, deputy, &scope)?;
            let id = record.to_string();
            let known_in_history: bool = connection
                .query_row("SELECT 1 FROM record_history WHERE record_id = ?1 LIMIT 1", params![id], |_| Ok(()))
                .optional()?
                .is_some();
            // Staff who see everyone may read a withdrawn record's history; others need the
            // record (and one of its deputies in their view).
            let visible: bool = connection
                .query_row(
                    &format!(
                        "SELECT 1 FROM activity_deputies WHERE activity_id = ?1 AND (?2 OR deputy_id IN ({AUDIENCE})) LIMIT 1"
                    ),
                    params![id, audience.all, audience.deputy, audience.units, audience.groups],
                    |_| Ok(()),
                )
                .optional()?
                .is_some()
                || (audience.all && known_in_history);
            if !visible {
                return Ok(None);
            }
            let mut statement = connection.prepare(
                "SELECT h.revision, h.action, h.account_id, h.by_staff, h.detail, h.at_millis, COALESCE(a.display_name, '')
                 FROM record_history h LEFT JOIN accounts a ON a.id = h.account_id
                 WHERE h.record_id = ?1 ORDER BY h.id LIMIT 1000",
            )?;
            let rows = statement.query_map(params![id], |row| {
                Ok((
                    row.get::<_, u32>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, bool>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, i64>(5)?,
                    row.get::<_, String>(6)?,
                ))
            })?;
            let mut lines = Vec::new();
            for row in rows {
                let (revision, action, by, by_staff, detail, at_millis, by_name) = row?;
                lines.push(HistoryLine {
                    entry: HistoryEntry {
                        record,
                        revision,
                        action: HistoryAction::parse_field(&action, "action").map_err(|e| corrupt("history", e))?,
                        by: AccountId::parse_field(&by, "account").map_err(|e| corrupt("history", e))?,
                        by_staff,
                        detail,
                    },
                    by_name,
                    at_millis,
                });
            }
            Ok(Some(lines))
        })
        .await
    }

    /// Whether `scope` covers the deputy (an unknown deputy is not covered).
    pub async fn scope_covers(&self, scope: StaffScope, deputy: DeputyId) -> Result<bool, DbError> {
        if scope.is_everyone() {
            return Ok(true);
        }
        self.read(move |connection| {
            let body: Option<String> = connection
                .query_row(
                    "SELECT body FROM deputies WHERE id = ?1",
                    params![deputy.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            match body {
                None => Ok(false),
                Some(body) => {
                    let deputy: lvzhi_domain::deputy::Deputy =
                        serde_json::from_str(&body).map_err(|e| corrupt("deputy", e))?;
                    Ok(scope.covers(&deputy))
                }
            }
        })
        .await
    }
}
