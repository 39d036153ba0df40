//! Public-opinion items in SQLite, one row per item; read back only for their deputy.

use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::opinion::OpinionItem;
use rusqlite::{OptionalExtension, params};

use super::{Database, DbError};

impl Database {
    pub async fn opinions_of(&self, deputy: DeputyId) -> Result<Vec<OpinionItem>, DbError> {
        self.call(move |connection| {
            let mut statement =
                connection.prepare("SELECT body FROM opinion_items WHERE deputy_id = ?1 ORDER BY visit_id, id")?;
            let rows = statement.query_map(params![deputy.to_string()], |row| row.get::<_, String>(0))?;
            let mut items = Vec::new();
            for body in rows {
                items.push(serde_json::from_str(&body?).map_err(|e| DbError::Corrupt(format!("opinion item: {e}")))?);
            }
            Ok(items)
        })
        .await
    }

    /// Stores or replaces an item. Its visit must be a record on the server that the deputy
    /// took part in; an id already used by another deputy is refused.
    pub async fn put_opinion(&self, item: OpinionItem) -> Result<OpinionItem, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let visit = item.visit.to_string();
            let deputy = item.deputy.to_string();
            let visit_exists: Option<i64> = transaction
                .query_row("SELECT 1 FROM activities WHERE id = ?1", params![visit], |row| {
                    row.get(0)
                })
                .optional()?;
            if visit_exists.is_none() {
                return Err(DbError::NotFound(format!("there is no visit record {visit}")));
            }
            let takes_part: Option<i64> = transaction
                .query_row(
                    "SELECT 1 FROM activity_deputies WHERE activity_id = ?1 AND deputy_id = ?2",
                    params![visit, deputy],
                    |row| row.get(0),
                )
                .optional()?;
            if takes_part.is_none() {
                return Err(DbError::Forbidden(format!("visit {visit} belongs to other deputies")));
            }
            let owner: Option<String> = transaction
                .query_row(
                    "SELECT deputy_id FROM opinion_items WHERE id = ?1",
                    params![item.id.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            if owner.is_some_and(|owner| owner != deputy) {
                return Err(DbError::Forbidden(format!(
                    "opinion item {} belongs to another deputy",
                    item.id
                )));
            }
            let body = serde_json::to_string(&item).map_err(|e| DbError::Other(e.to_string()))?;
            transaction.execute(
                "INSERT INTO opinion_items (id, deputy_id, visit_id, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET body = excluded.body, visit_id = excluded.visit_id",
                params![item.id.to_string(), deputy, visit, body],
            )?;
            transaction.commit()?;
            Ok(item)
        })
        .await
    }
}
