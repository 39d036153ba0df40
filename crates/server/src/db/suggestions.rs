//! Suggestions in SQLite: one row per suggestion (its JSON body and stage) and its signers.

use lvzhi_domain::ids::{DeputyId, SuggestionId};
use lvzhi_domain::suggestion::Suggestion;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Database, DbError};

pub(super) fn read(body: &str) -> Result<Suggestion, DbError> {
    serde_json::from_str(body).map_err(|e| DbError::Corrupt(format!("suggestion: {e}")))
}

fn load(connection: &Connection, id: SuggestionId) -> Result<Option<Suggestion>, DbError> {
    let body: Option<String> = connection
        .query_row(
            "SELECT body FROM suggestions WHERE id = ?1",
            params![id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    body.as_deref().map(read).transpose()
}

impl Database {
    /// The deputies with these ids that the roster has.
    pub async fn deputies_by_ids(&self, ids: Vec<DeputyId>) -> Result<Vec<lvzhi_domain::deputy::Deputy>, DbError> {
        self.read(move |connection| {
            let mut statement = connection.prepare_cached("SELECT body FROM deputies WHERE id = ?1")?;
            let mut found = Vec::new();
            for id in ids {
                let body: Option<String> = statement
                    .query_row(params![id.to_string()], |row| row.get(0))
                    .optional()?;
                if let Some(body) = body {
                    found.push(serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("deputy: {e}")))?);
                }
            }
            Ok(found)
        })
        .await
    }

    /// The suggestions a deputy signed (led or co-signed), newest first.
    pub async fn suggestions_of(&self, deputy: DeputyId) -> Result<Vec<Suggestion>, DbError> {
        self.read(move |connection| {
            let mut statement = connection.prepare(
                "SELECT s.body FROM suggestions s JOIN suggestion_deputies d ON d.suggestion_id = s.id
                 WHERE d.deputy_id = ?1",
            )?;
            let rows = statement.query_map(params![deputy.to_string()], |row| row.get::<_, String>(0))?;
            let mut list = Vec::new();
            for body in rows {
                list.push(read(&body?)?);
            }
            list.sort_by(|a: &Suggestion, b| b.submitted_on.cmp(&a.submitted_on).then(b.id.cmp(&a.id)));
            Ok(list)
        })
        .await
    }

    pub async fn suggestion(&self, id: SuggestionId) -> Result<Option<Suggestion>, DbError> {
        self.call(move |connection| load(connection, id)).await
    }

    /// Applies `change` to the stored suggestion in one transaction (read, change, write),
    /// so two receipts at once cannot overwrite each other. `change` may refuse.
    pub async fn update_suggestion<E, F>(&self, id: SuggestionId, change: F) -> Result<Result<Suggestion, E>, DbError>
    where
        E: Send + 'static,
        F: FnOnce(&mut Suggestion) -> Result<(), E> + Send + 'static,
    {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let Some(mut suggestion) = load(&transaction, id)? else {
                return Err(DbError::NotFound(format!("there is no suggestion {id}")));
            };
            if let Err(refusal) = change(&mut suggestion) {
                return Ok(Err(refusal));
            }
            let body = serde_json::to_string(&suggestion).map_err(|e| DbError::Other(e.to_string()))?;
            transaction.execute(
                "UPDATE suggestions SET stage = ?2, body = ?3 WHERE id = ?1",
                params![id.to_string(), suggestion.stage.code(), body],
            )?;
            transaction.commit()?;
            Ok(Ok(suggestion))
        })
        .await
    }

    /// Stores a new suggestion with its signers; an existing id is returned unchanged
    /// (`Ok(false, existing)`), so a repeated submission submits once.
    pub async fn insert_suggestion(&self, suggestion: Suggestion) -> Result<(bool, Suggestion), DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            if let Some(existing) = load(&transaction, suggestion.id)? {
                return Ok((false, existing));
            }
            let body = serde_json::to_string(&suggestion).map_err(|e| DbError::Other(e.to_string()))?;
            let id = suggestion.id.to_string();
            transaction.execute(
                "INSERT INTO suggestions (id, stage, body) VALUES (?1, ?2, ?3)",
                params![id, suggestion.stage.code(), body],
            )?;
            for deputy in &suggestion.deputies {
                transaction.execute(
                    "INSERT INTO suggestion_deputies (deputy_id, suggestion_id) VALUES (?1, ?2)",
                    params![deputy.to_string(), id],
                )?;
            }
            transaction.commit()?;
            Ok((true, suggestion))
        })
        .await
    }
}
