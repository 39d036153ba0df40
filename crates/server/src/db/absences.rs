//! Absences (leave and no-shows per half day) and the optional rule sets staff turned on.

use lvzhi_domain::attendance::{Absence, Meeting};
use lvzhi_domain::calendar::AnnualSession;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::error::{Problem, ValidationError};
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::rules::bundled_rule_sets;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Database, DbError};

fn slot_key(absence: &Absence) -> String {
    format!("{}:{}:{}", absence.date, absence.half.code(), absence.meeting.code())
}

/// Inserts one absence (the demo seed and the staff API).
pub(super) fn insert_absence(connection: &Connection, absence: &Absence) -> Result<(), DbError> {
    let body = serde_json::to_string(absence).map_err(|e| DbError::Other(format!("cannot encode an absence: {e}")))?;
    connection.execute(
        "INSERT INTO absences (id, deputy_id, date, slot, revision, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            absence.id.to_string(),
            absence.deputy.to_string(),
            absence.date.to_string(),
            slot_key(absence),
            absence.revision,
            body
        ],
    )?;
    Ok(())
}

fn invalid(field: &str, detail: String) -> DbError {
    DbError::Invalid(ValidationError::new(field, Problem::Inconsistent { detail }))
}

impl Database {
    /// Records an absence staff entered. The deputy must exist and serve on the day; an
    /// annual-session absence must fall on a session day; the same half day of the same
    /// meeting cannot be recorded twice. Sending the same id again returns the stored one.
    pub async fn record_absence(
        &self,
        mut absence: Absence,
        today: lvzhi_domain::date::LocalDate,
    ) -> Result<Absence, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let stored: Option<String> = transaction
                .query_row(
                    "SELECT body FROM absences WHERE id = ?1",
                    params![absence.id.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(body) = stored {
                let stored: Absence =
                    serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("absence: {e}")))?;
                absence.revision = stored.revision;
                if stored == absence {
                    return Ok(stored);
                }
                return Err(invalid(
                    "id",
                    format!("absence {} is already recorded differently", absence.id),
                ));
            }
            if absence.date > today {
                return Err(invalid("date", format!("{} is after today", absence.date)));
            }
            let body: Option<String> = transaction
                .query_row(
                    "SELECT body FROM deputies WHERE id = ?1",
                    params![absence.deputy.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(body) = body else {
                return Err(DbError::NotFound(format!("there is no deputy {}", absence.deputy)));
            };
            let deputy: Deputy = serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("deputy: {e}")))?;
            if !deputy.serving_on(absence.date) {
                return Err(invalid(
                    "date",
                    format!("{} was not serving on {}", deputy.name, absence.date),
                ));
            }
            if absence.meeting == Meeting::AnnualSession {
                let sessions: Vec<AnnualSession> =
                    super::reference::bodies(&transaction, "SELECT body FROM annual_sessions", "annual session")?;
                if !sessions
                    .iter()
                    .any(|s| s.first_day <= absence.date && absence.date <= s.last_day)
                {
                    return Err(invalid(
                        "date",
                        format!("{} is not a day of an annual session", absence.date),
                    ));
                }
            }
            let taken: Option<String> = transaction
                .query_row(
                    "SELECT id FROM absences WHERE deputy_id = ?1 AND slot = ?2",
                    params![absence.deputy.to_string(), slot_key(&absence)],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(other) = taken {
                return Err(invalid(
                    "half",
                    format!(
                        "this half day is already recorded for {} (absence {other})",
                        deputy.name
                    ),
                ));
            }
            absence.revision = 1;
            insert_absence(&transaction, &absence)?;
            transaction.commit()?;
            Ok(absence)
        })
        .await
    }

    /// A deputy's absences, newest first (at most `limit`).
    pub async fn absences_of(&self, deputy: DeputyId, limit: usize) -> Result<Vec<Absence>, DbError> {
        self.read(move |connection| {
            let mut statement =
                connection.prepare("SELECT body FROM absences WHERE deputy_id = ?1 ORDER BY date DESC, id LIMIT ?2")?;
            let rows = statement.query_map(params![deputy.to_string(), limit as i64], |row| row.get::<_, String>(0))?;
            let mut absences = Vec::new();
            for body in rows {
                absences.push(serde_json::from_str(&body?).map_err(|e| DbError::Corrupt(format!("absence: {e}")))?);
            }
            Ok(absences)
        })
        .await
    }

    /// Every absence (for staff standings).
    pub async fn all_absences(&self) -> Result<Vec<Absence>, DbError> {
        self.read(|connection| super::reference::bodies(connection, "SELECT body FROM absences", "absence"))
            .await
    }

    /// The optional rule sets turned on.
    pub async fn enabled_rule_sets(&self) -> Result<Vec<String>, DbError> {
        self.read(|connection| enabled(connection)).await
    }

    /// Turns an optional bundled rule set on or off.
    pub async fn switch_rule_set(&self, id: String, on: bool) -> Result<Vec<String>, DbError> {
        let sets = bundled_rule_sets();
        let Some(set) = sets.iter().find(|set| set.id == id) else {
            let known: Vec<String> = sets.iter().map(|s| s.id.clone()).collect();
            return Err(DbError::NotFound(format!(
                "there is no rule set {id} (known: {})",
                known.join(", ")
            )));
        };
        if !set.optional {
            return Err(invalid("id", format!("{id} is not optional: it always applies")));
        }
        self.call(move |connection| {
            if on {
                connection.execute("INSERT OR IGNORE INTO enabled_rule_sets (id) VALUES (?1)", params![id])?;
            } else {
                connection.execute("DELETE FROM enabled_rule_sets WHERE id = ?1", params![id])?;
            }
            enabled(connection)
        })
        .await
    }
}

pub(super) fn enabled(connection: &Connection) -> Result<Vec<String>, DbError> {
    let mut statement = connection.prepare("SELECT id FROM enabled_rule_sets ORDER BY id")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Everything the compliance engine judges the whole congress from.
pub struct Congress {
    /// Every deputy.
    pub deputies: Vec<Deputy>,
    /// Every record.
    pub activities: Vec<lvzhi_domain::activity::Activity>,
    /// Every absence.
    pub absences: Vec<Absence>,
    /// Terms and sessions.
    pub calendar: lvzhi_domain::compliance::Calendar,
    /// The optional rule sets turned on.
    pub enabled: Vec<String>,
}

impl Database {
    /// Reads the whole congress for staff figures (standings).
    pub async fn congress(&self) -> Result<Congress, DbError> {
        self.read(|connection| congress_in(connection)).await
    }
}

/// The whole congress, read on `connection`.
pub(super) fn congress_in(connection: &rusqlite::Connection) -> Result<Congress, DbError> {
    use super::reference::bodies;
    Ok(Congress {
        deputies: bodies(connection, "SELECT body FROM deputies ORDER BY id", "deputy")?,
        activities: bodies(connection, "SELECT body FROM activities", "activity")?,
        absences: bodies(connection, "SELECT body FROM absences", "absence")?,
        calendar: lvzhi_domain::compliance::Calendar::new(
            bodies(connection, "SELECT body FROM terms ORDER BY number", "term")?,
            bodies(
                connection,
                "SELECT body FROM annual_sessions ORDER BY term, ordinal",
                "annual session",
            )?,
        ),
        enabled: enabled(connection)?,
    })
}
