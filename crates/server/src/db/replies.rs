//! Right-of-reply notes in SQLite: one per deputy and target, replaced when rewritten.

use lvzhi_domain::calendar::Term;
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::reply::{ReplyNote, ReplyTarget};
use lvzhi_domain::rules::bundled_rule_sets;
use rusqlite::{OptionalExtension, params};

use super::{Database, DbError};

impl Database {
    /// A deputy's notes, by target.
    pub async fn replies_of(&self, deputy: DeputyId) -> Result<Vec<ReplyNote>, DbError> {
        self.read(move |connection| {
            let mut statement =
                connection.prepare("SELECT body FROM reply_notes WHERE deputy_id = ?1 ORDER BY target")?;
            let rows = statement.query_map(params![deputy.to_string()], |row| row.get::<_, String>(0))?;
            let mut notes = Vec::new();
            for body in rows {
                notes.push(serde_json::from_str(&body?).map_err(|e| DbError::Corrupt(format!("reply note: {e}")))?);
            }
            Ok(notes)
        })
        .await
    }

    /// Stores the note (replacing the deputy's earlier note on the same target). A note on a
    /// record needs the record to exist and to be one the deputy took part in.
    pub async fn put_reply(&self, mut note: ReplyNote, max_per_deputy: usize) -> Result<ReplyNote, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            if matches!(note.target, ReplyTarget::Status { .. }) {
                let terms: Vec<Term> = super::reference::bodies(&transaction, "SELECT body FROM terms", "term")?;
                note.target
                    .check_exists(&terms, &bundled_rule_sets())
                    .map_err(DbError::Invalid)?;
            }
            if let ReplyTarget::Absence { absence } = &note.target {
                let owner: Option<String> = transaction
                    .query_row(
                        "SELECT deputy_id FROM absences WHERE id = ?1",
                        params![absence.to_string()],
                        |row| row.get(0),
                    )
                    .optional()?;
                match owner {
                    None => return Err(DbError::NotFound(format!("there is no absence {absence}"))),
                    Some(owner) if owner != note.deputy.to_string() => {
                        return Err(DbError::Forbidden(format!("absence {absence} is another deputy's")));
                    }
                    Some(_) => {}
                }
            }
            if let ReplyTarget::Record { activity } = &note.target {
                let exists: Option<i64> = transaction
                    .query_row(
                        "SELECT 1 FROM activities WHERE id = ?1",
                        params![activity.to_string()],
                        |row| row.get(0),
                    )
                    .optional()?;
                if exists.is_none() {
                    return Err(DbError::NotFound(format!("there is no record {activity}")));
                }
                let takes_part: Option<i64> = transaction
                    .query_row(
                        "SELECT 1 FROM activity_deputies WHERE activity_id = ?1 AND deputy_id = ?2",
                        params![activity.to_string(), note.deputy.to_string()],
                        |row| row.get(0),
                    )
                    .optional()?;
                if takes_part.is_none() {
                    return Err(DbError::Forbidden(format!(
                        "record {activity} belongs to other deputies"
                    )));
                }
            }
            let key = note.target.key();
            let previous: Option<String> = transaction
                .query_row(
                    "SELECT body FROM reply_notes WHERE deputy_id = ?1 AND target = ?2",
                    params![note.deputy.to_string(), key],
                    |row| row.get(0),
                )
                .optional()?;
            let kept: i64 = transaction.query_row(
                "SELECT COUNT(*) FROM reply_notes WHERE deputy_id = ?1",
                params![note.deputy.to_string()],
                |row| row.get(0),
            )?;
            if previous.is_none() && kept as usize >= max_per_deputy {
                return Err(DbError::QuotaFull(format!(
                    "a deputy keeps at most {max_per_deputy} right-of-reply notes; rewrite an existing note instead"
                )));
            }
            let previous_revision = previous
                .and_then(|body| serde_json::from_str::<ReplyNote>(&body).ok())
                .map_or(0, |old| old.revision);
            note.revision = previous_revision + 1;
            let body = serde_json::to_string(&note).map_err(|e| DbError::Other(e.to_string()))?;
            transaction.execute(
                "INSERT INTO reply_notes (deputy_id, target, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (deputy_id, target) DO UPDATE SET body = excluded.body",
                params![note.deputy.to_string(), key, body],
            )?;
            transaction.commit()?;
            Ok(note)
        })
        .await
    }
}
