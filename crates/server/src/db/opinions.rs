//! Public-opinion items in SQLite, one row per item; read back only for their deputy.
//!
//! The constituent's contact is never in the row's body: it is sealed under the contacts
//! key ([`crate::sealing`]) into its own column, and opened only to answer the deputy who
//! gathered the item.

use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::opinion::OpinionItem;
use lvzhi_domain::text::ContactText;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Database, DbError};
use crate::sealing::ContactKeys;

/// Bounds on how many items are kept.
#[derive(Debug, Clone, Copy)]
pub struct OpinionQuota {
    /// Items on one visit.
    pub per_visit: usize,
    /// Items of one deputy.
    pub per_deputy: usize,
}

fn body_of(item: &OpinionItem) -> Result<String, DbError> {
    let mut unsealed = item.clone();
    unsealed.contact = None;
    serde_json::to_string(&unsealed).map_err(|e| DbError::Other(e.to_string()))
}

/// Moves contacts still in clear inside bodies (written before sealing existed) into the
/// sealed column, in one transaction, then checkpoints so no clear copy stays in the WAL.
pub(super) fn seal_clear_contacts(connection: &mut Connection, keys: &ContactKeys) -> Result<usize, DbError> {
    let transaction = connection.transaction()?;
    let rows: Vec<(String, String)> = {
        let mut statement = transaction.prepare(
            "SELECT id, body FROM opinion_items WHERE contact_sealed IS NULL AND json_extract(body, '$.contact') IS NOT NULL",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, body) in &rows {
        let item: OpinionItem =
            serde_json::from_str(body).map_err(|e| DbError::Corrupt(format!("opinion item: {e}")))?;
        let sealed = item.contact.as_ref().map(|c| keys.seal(id, c.as_str())).transpose()?;
        transaction.execute(
            "UPDATE opinion_items SET body = ?2, contact_sealed = ?3 WHERE id = ?1",
            params![id, body_of(&item)?, sealed],
        )?;
    }
    transaction.commit()?;
    if !rows.is_empty() {
        connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        println!("sealed {} contacts that were stored in clear", rows.len());
    }
    Ok(rows.len())
}

impl Database {
    /// A deputy's items, with their contacts opened.
    pub async fn opinions_of(&self, deputy: DeputyId) -> Result<Vec<OpinionItem>, DbError> {
        let keys = self.keys();
        self.read(move |connection| {
            let mut statement = connection.prepare(
                "SELECT id, body, contact_sealed FROM opinion_items WHERE deputy_id = ?1 ORDER BY visit_id, id",
            )?;
            let rows = statement.query_map(params![deputy.to_string()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?;
            let mut items = Vec::new();
            for row in rows {
                let (id, body, sealed) = row?;
                let mut item: OpinionItem =
                    serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("opinion item: {e}")))?;
                if let Some(sealed) = sealed {
                    let plain = keys.open(&id, &sealed)?;
                    item.contact =
                        Some(ContactText::parse_field(&plain, "contact").map_err(|e| DbError::Corrupt(e.to_string()))?);
                }
                items.push(item);
            }
            Ok(items)
        })
        .await
    }

    /// Stores or replaces an item. Its visit must be a record on the server that the deputy
    /// took part in; an id already used by another deputy is refused; the quotas hold.
    pub async fn put_opinion(&self, item: OpinionItem, quota: OpinionQuota) -> Result<OpinionItem, DbError> {
        let keys = self.keys();
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let visit = item.visit.to_string();
            let deputy = item.deputy.to_string();
            let id = item.id.to_string();
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
                    params![id],
                    |row| row.get(0),
                )
                .optional()?;
            match owner {
                Some(owner) if owner != deputy => {
                    return Err(DbError::Forbidden(format!(
                        "opinion item {id} belongs to another deputy"
                    )));
                }
                Some(_) => {}
                None => {
                    let on_visit: i64 = transaction.query_row(
                        "SELECT COUNT(*) FROM opinion_items WHERE visit_id = ?1",
                        params![visit],
                        |row| row.get(0),
                    )?;
                    if on_visit as usize >= quota.per_visit {
                        return Err(DbError::QuotaFull(format!(
                            "a visit holds at most {} opinion items",
                            quota.per_visit
                        )));
                    }
                    let of_deputy: i64 = transaction.query_row(
                        "SELECT COUNT(*) FROM opinion_items WHERE deputy_id = ?1",
                        params![deputy],
                        |row| row.get(0),
                    )?;
                    if of_deputy as usize >= quota.per_deputy {
                        return Err(DbError::QuotaFull(format!(
                            "a deputy keeps at most {} opinion items",
                            quota.per_deputy
                        )));
                    }
                }
            }
            let sealed = item.contact.as_ref().map(|c| keys.seal(&id, c.as_str())).transpose()?;
            transaction.execute(
                "INSERT INTO opinion_items (id, deputy_id, visit_id, body, contact_sealed) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET body = excluded.body, visit_id = excluded.visit_id,
                     contact_sealed = excluded.contact_sealed",
                params![id, deputy, visit, body_of(&item)?, sealed],
            )?;
            transaction.commit()?;
            Ok(item)
        })
        .await
    }
}
