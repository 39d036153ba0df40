//! The sync protocol's storage over SQLite: [`SqliteSync`] implements the domain's
//! `SyncStore` inside one transaction, so a push's effects, its change-log entries and the
//! client's last applied number commit together or not at all.

use lvzhi_domain::activity::Activity;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::ids::{ActivityId, ClientId};
use lvzhi_domain::sync::server::{Actor, SyncStore, process_push};
use lvzhi_domain::sync::{Change, ChangeEntry, PullRequest, PullResponse, PushRequest, PushResponse, SnapshotCursor};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Database, DbError};
use lvzhi_domain::api::Role;
use lvzhi_domain::staff::{HistoryEntry, StaffScope};

pub struct SqliteSync<'a> {
    transaction: &'a Transaction<'a>,
    account: String,
}

impl<'a> SqliteSync<'a> {
    /// The sync store inside `transaction`, acting for `account`.
    pub(super) fn new(transaction: &'a Transaction<'a>, account: String) -> Self {
        Self { transaction, account }
    }
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("{what}: {error}"))
}

fn read_activity(body: &str) -> Result<Activity, DbError> {
    serde_json::from_str(body).map_err(|error| corrupt("stored activity", error))
}

impl SyncStore for SqliteSync<'_> {
    type Error = DbError;

    fn deputy(&mut self, id: lvzhi_domain::ids::DeputyId) -> Result<Option<lvzhi_domain::deputy::Deputy>, DbError> {
        let body: Option<String> = self
            .transaction
            .query_row(
                "SELECT body FROM deputies WHERE id = ?1",
                params![id.to_string()],
                |row| row.get(0),
            )
            .optional()?;
        body.map(|body| serde_json::from_str(&body).map_err(|error| corrupt("stored deputy", error)))
            .transpose()
    }

    fn append_history(&mut self, entry: &HistoryEntry) -> Result<(), DbError> {
        self.transaction.execute(
            "INSERT INTO record_history (record_id, revision, action, account_id, by_staff, detail, at_millis)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                entry.record.to_string(),
                entry.revision,
                entry.action.code(),
                entry.by.to_string(),
                entry.by_staff,
                entry.detail,
                super::sessions::now_millis()
            ],
        )?;
        Ok(())
    }

    fn last_applied(&mut self, client: ClientId) -> Result<u64, DbError> {
        let row: Option<(String, i64)> = self
            .transaction
            .query_row(
                "SELECT account_id, last_applied FROM sync_clients WHERE client_id = ?1",
                params![client.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        match row {
            Some((account, _)) if account != self.account => Err(DbError::Forbidden(format!(
                "client {client} belongs to another account; use a new client id"
            ))),
            Some((_, last)) => Ok(last as u64),
            None => Ok(0),
        }
    }

    fn set_last_applied(&mut self, client: ClientId, seq: u64) -> Result<(), DbError> {
        self.transaction.execute(
            "INSERT INTO sync_clients (client_id, account_id, last_applied) VALUES (?1, ?2, ?3)
             ON CONFLICT(client_id) DO UPDATE SET last_applied = excluded.last_applied",
            params![client.to_string(), self.account, seq as i64],
        )?;
        Ok(())
    }

    fn activity(&mut self, id: ActivityId) -> Result<Option<Activity>, DbError> {
        let body: Option<String> = self
            .transaction
            .query_row(
                "SELECT body FROM activities WHERE id = ?1",
                params![id.to_string()],
                |row| row.get(0),
            )
            .optional()?;
        body.map(|body| read_activity(&body)).transpose()
    }

    fn save_activity(&mut self, activity: &Activity) -> Result<(), DbError> {
        let id = activity.id.to_string();
        let body = serde_json::to_string(activity).map_err(|error| DbError::Other(error.to_string()))?;
        // Deputies who lose access to the record (removed participants) must see it go.
        let before: Vec<String> = participants(self.transaction, &id)?;
        self.transaction.execute(
            "INSERT INTO activities (id, kind, date, review, revision, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, date = excluded.date, review = excluded.review,
                 revision = excluded.revision, body = excluded.body",
            params![
                id,
                activity.kind.code(),
                activity.date.to_string(),
                activity.review.code(),
                activity.revision,
                body
            ],
        )?;
        self.transaction
            .execute("DELETE FROM activity_deputies WHERE activity_id = ?1", params![id])?;
        let now: Vec<String> = activity.deputies.iter().map(ToString::to_string).collect();
        for deputy in &now {
            self.transaction.execute(
                "INSERT INTO activity_deputies (deputy_id, activity_id) VALUES (?1, ?2)",
                params![deputy, id],
            )?;
        }
        let seq = log_change(self.transaction, &id, "upsert", Some(&body), &now)?;
        let removed: Vec<String> = before.into_iter().filter(|d| !now.contains(d)).collect();
        if !removed.is_empty() {
            let tombstone = log_change(self.transaction, &id, "tombstone", None, &removed)?;
            debug_assert!(tombstone > seq);
        }
        Ok(())
    }

    fn delete_activity(&mut self, id: ActivityId) -> Result<(), DbError> {
        let id = id.to_string();
        let before = participants(self.transaction, &id)?;
        self.transaction
            .execute("DELETE FROM activities WHERE id = ?1", params![id])?;
        log_change(self.transaction, &id, "tombstone", None, &before)?;
        Ok(())
    }
}

fn participants(transaction: &Transaction<'_>, id: &str) -> Result<Vec<String>, DbError> {
    let mut statement = transaction.prepare_cached("SELECT deputy_id FROM activity_deputies WHERE activity_id = ?1")?;
    let rows = statement.query_map(params![id], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn log_change(
    transaction: &Transaction<'_>,
    id: &str,
    change: &str,
    body: Option<&str>,
    audience: &[String],
) -> Result<i64, DbError> {
    transaction.execute(
        "INSERT INTO change_log (record_id, change, body) VALUES (?1, ?2, ?3)",
        params![id, change, body],
    )?;
    let seq = transaction.last_insert_rowid();
    for deputy in audience {
        transaction.execute(
            "INSERT INTO change_audience (deputy_id, seq) VALUES (?1, ?2)",
            params![deputy, seq],
        )?;
    }
    Ok(seq)
}

/// Whose records an account sees, as SQL parameters: everything (staff of every deputy), one
/// deputy (a deputy's own), or the deputies of some units and groups (a limited staff scope).
pub(crate) struct Audience {
    /// ?2: sees everything.
    pub all: bool,
    /// ?3: the deputy's own id.
    pub deputy: Option<String>,
    /// ?4: JSON array of electoral units.
    pub units: String,
    /// ?5: JSON array of group ids.
    pub groups: String,
}

/// The deputies of an [`Audience`], with its parameters at ?3, ?4 and ?5.
pub(crate) const AUDIENCE: &str =
    "SELECT ?3 UNION ALL SELECT id FROM deputies WHERE electoral_unit IN (SELECT value FROM json_each(?4))
     UNION ALL SELECT deputy_id FROM deputy_groups WHERE group_id IN (SELECT value FROM json_each(?5))";

impl Audience {
    /// The audience of an account.
    pub(crate) fn of(actor: &Actor) -> Result<Self, DbError> {
        Self::new(actor.role, actor.deputy, &actor.scope)
    }

    /// The audience of a role, deputy and scope.
    pub(crate) fn new(
        role: Role,
        deputy: Option<lvzhi_domain::ids::DeputyId>,
        scope: &StaffScope,
    ) -> Result<Self, DbError> {
        let staff = role == Role::Staff;
        let json = |value: Result<String, serde_json::Error>| value.map_err(|error| DbError::Other(error.to_string()));
        let (units, groups) = if staff {
            (
                json(serde_json::to_string(&scope.electoral_units))?,
                json(serde_json::to_string(&scope.groups))?,
            )
        } else {
            ("[]".to_owned(), "[]".to_owned())
        };
        Ok(Self {
            all: staff && scope.is_everyone(),
            deputy: if staff { None } else { deputy.map(|d| d.to_string()) },
            units,
            groups,
        })
    }
}

/// The largest number of changes one pull returns.
pub const MAX_PULL_LIMIT: u32 = 5_000;

impl Database {
    /// Applies a push in one transaction and commits it before answering.
    pub async fn push(&self, actor: Actor, request: PushRequest, today: LocalDate) -> Result<PushResponse, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let response = {
                let mut store = SqliteSync {
                    transaction: &transaction,
                    account: actor.account.to_string(),
                };
                process_push(&mut store, &actor, &request, today)?
            };
            transaction.commit()?;
            Ok(response)
        })
        .await
    }

    /// The changes after `cursor` the actor may see, at most `limit` (capped at
    /// [`MAX_PULL_LIMIT`]). With no cursor, or one this server never issued, a snapshot of
    /// everything the actor may see, in pages of `limit` records in id order: the first page
    /// says `reset`, and each page but the last carries the [`SnapshotCursor`] to continue.
    /// Read on a read connection, in one read transaction (a consistent WAL snapshot).
    pub async fn pull(&self, actor: Actor, request: PullRequest) -> Result<PullResponse, DbError> {
        self.read(move |connection| {
            let transaction = connection.transaction()?;
            let head: i64 = transaction.query_row("SELECT COALESCE(MAX(seq), 0) FROM change_log", [], |row| row.get(0))?;
            let limit = request.limit.clamp(1, MAX_PULL_LIMIT) as i64;
            let audience = Audience::of(&actor)?;
            let response = match (request.cursor.map(|c| c as i64), request.snapshot) {
                (_, Some(snapshot)) if snapshot.at as i64 <= head => {
                    snapshot_page(&transaction, &audience, limit, (snapshot.at, head as u64), Some(snapshot.after), false)?
                }
                (Some(after), None) if after <= head => {
                    let mut statement = transaction.prepare(&format!(
                        "SELECT c.seq, c.record_id, c.change, c.body FROM change_log c
                         WHERE c.seq > ?1 AND (?2 OR EXISTS (SELECT 1 FROM change_audience a WHERE a.seq = c.seq AND a.deputy_id IN ({AUDIENCE})))
                         ORDER BY c.seq LIMIT ?6",
                    ))?;
                    let rows = statement.query_map(params![after, audience.all, audience.deputy, audience.units, audience.groups, limit + 1], |row| {
                        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, Option<String>>(3)?))
                    })?;
                    let mut entries = Vec::new();
                    let mut more = false;
                    for row in rows {
                        let (seq, record, change, body) = row?;
                        if entries.len() as i64 == limit {
                            more = true;
                            break;
                        }
                        entries.push(change_entry(seq, &record, &change, body.as_deref())?);
                    }
                    let cursor = if more { entries.last().map_or(after, |e| e.seq as i64) } else { head };
                    PullResponse { reset: false, entries, cursor: cursor as u64, more, snapshot: None }
                }
                // First sync, or a cursor from elsewhere: a snapshot from its first page.
                _ => snapshot_page(&transaction, &audience, limit, (head as u64, head as u64), None, true)?,
            };
            Ok(response)
        })
        .await
    }
}

/// One page of a snapshot taken at change-log position `at`: the records after `after` in
/// id order, at most `limit`. `head` is the log's head now: when it has moved past `at`, the
/// last page says `more`, so the client goes on to the changes made meanwhile.
pub(crate) fn snapshot_page(
    transaction: &Transaction<'_>,
    audience: &Audience,
    limit: i64,
    (at, head): (u64, u64),
    after: Option<ActivityId>,
    first: bool,
) -> Result<PullResponse, DbError> {
    let mut statement = transaction.prepare(&format!(
        "SELECT id, body FROM activities
         WHERE id > ?1 AND (?2 OR id IN (SELECT activity_id FROM activity_deputies WHERE deputy_id IN ({AUDIENCE})))
         ORDER BY id LIMIT ?6",
    ))?;
    let after_text = after.map(|id| id.to_string()).unwrap_or_default();
    let rows = statement.query_map(
        params![
            after_text,
            audience.all,
            audience.deputy,
            audience.units,
            audience.groups,
            limit + 1
        ],
        |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
    )?;
    let mut entries = Vec::new();
    let mut more = false;
    for row in rows {
        let (_, body) = row?;
        if entries.len() as i64 == limit {
            more = true;
            break;
        }
        entries.push(ChangeEntry {
            seq: at,
            change: Change::Upsert {
                activity: read_activity(&body)?,
            },
        });
    }
    let snapshot = match (more, entries.last()) {
        (true, Some(last)) => Some(SnapshotCursor {
            at,
            after: last.change.record(),
        }),
        _ => None,
    };
    Ok(PullResponse {
        reset: first,
        entries,
        cursor: at,
        // After the last page, the changes made since the snapshot began follow.
        more: more || at < head,
        snapshot,
    })
}

fn change_entry(seq: i64, record: &str, change: &str, body: Option<&str>) -> Result<ChangeEntry, DbError> {
    let change = match (change, body) {
        ("upsert", Some(body)) => Change::Upsert {
            activity: read_activity(body)?,
        },
        ("tombstone", _) => Change::Tombstone {
            id: ActivityId::parse_field(record, "record_id").map_err(|e| corrupt("change log", e))?,
        },
        _ => {
            return Err(corrupt(
                "change log",
                format!("entry {seq} is neither an upsert with a body nor a tombstone"),
            ));
        }
    };
    Ok(ChangeEntry {
        seq: seq as u64,
        change,
    })
}
