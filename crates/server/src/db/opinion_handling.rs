//! The handling of public-opinion items in SQLite: one row per handled item beside the
//! deputy's item (which stays theirs), steps applied once by id, the contact opened only
//! for staff allowed it and written to the audit log in the same transaction.

use lvzhi_domain::api::{OpinionStatusLine, OpinionView};
use lvzhi_domain::ids::{DeputyId, OpinionId, StepId};
use lvzhi_domain::opinion::{OpinionFlowError, OpinionHandling, OpinionItem, OpinionStep};
use lvzhi_domain::suggestion::{Suggestion, SuggestionKind};
use lvzhi_domain::text::ContactText;
use rusqlite::{Connection, OptionalExtension, params};

use super::handling::{MAX_LISTED, Viewer};
use super::{Database, DbError};

fn handling_of(
    connection: &Connection,
    id: &str,
    today: lvzhi_domain::date::LocalDate,
) -> Result<OpinionHandling, DbError> {
    let body: Option<String> = connection
        .query_row(
            "SELECT body FROM opinion_handling WHERE opinion_id = ?1",
            params![id],
            |row| row.get(0),
        )
        .optional()?;
    match body {
        Some(body) => serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("opinion handling: {e}"))),
        None => Ok(OpinionHandling::received(today)),
    }
}

fn item_row(connection: &Connection, id: OpinionId) -> Result<Option<(OpinionItem, bool)>, DbError> {
    let row: Option<(String, Option<String>)> = connection
        .query_row(
            "SELECT body, contact_sealed FROM opinion_items WHERE id = ?1",
            params![id.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    row.map(|(body, sealed)| {
        let mut item: OpinionItem =
            serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("opinion item: {e}")))?;
        item.contact = None;
        Ok((item, sealed.is_some()))
    })
    .transpose()
}

fn may_see(
    connection: &Connection,
    viewer: &Viewer,
    item: &OpinionItem,
    handling: &OpinionHandling,
) -> Result<bool, DbError> {
    Ok(match viewer {
        Viewer::Unit(unit) => handling.unit == Some(*unit),
        Viewer::Staff(scope) if scope.is_everyone() => true,
        Viewer::Staff(scope) => super::handling::deputy(connection, item.deputy)?.is_some_and(|d| scope.covers(&d)),
    })
}

impl Database {
    /// The opinion items `viewer` handles, newest first (staff: in scope; a unit: those
    /// forwarded to it), without contacts.
    pub async fn handled_opinions(
        &self,
        viewer: Viewer,
        today: lvzhi_domain::date::LocalDate,
    ) -> Result<Vec<OpinionView>, DbError> {
        self.read(move |connection| {
            let ids: Vec<String> = match &viewer {
                Viewer::Unit(unit) => {
                    let mut statement =
                        connection.prepare("SELECT opinion_id FROM opinion_handling WHERE unit_id = ?1")?;
                    let rows = statement.query_map(params![unit.to_string()], |row| row.get(0))?;
                    rows.collect::<Result<_, _>>()?
                }
                Viewer::Staff(_) => {
                    let mut statement = connection.prepare("SELECT id FROM opinion_items")?;
                    let rows = statement.query_map([], |row| row.get(0))?;
                    rows.collect::<Result<_, _>>()?
                }
            };
            let mut list = Vec::new();
            for id in ids {
                let parsed = OpinionId::parse_field(&id, "id").map_err(|e| DbError::Corrupt(e.to_string()))?;
                let Some((item, has_contact)) = item_row(connection, parsed)? else {
                    continue;
                };
                let handling = handling_of(connection, &id, today)?;
                if may_see(connection, &viewer, &item, &handling)? {
                    list.push(OpinionView {
                        item,
                        has_contact,
                        handling,
                    });
                }
            }
            list.sort_by(|a, b| {
                b.item
                    .gathered_on
                    .cmp(&a.item.gathered_on)
                    .then(b.item.id.cmp(&a.item.id))
            });
            list.truncate(MAX_LISTED);
            Ok(list)
        })
        .await
    }

    /// Where each of a deputy's items stands (only those staff have touched).
    pub async fn opinion_statuses(&self, deputy: DeputyId) -> Result<Vec<OpinionStatusLine>, DbError> {
        self.read(move |connection| {
            let mut statement = connection.prepare(
                "SELECT h.opinion_id, h.body FROM opinion_handling h JOIN opinion_items i ON i.id = h.opinion_id
                 WHERE i.deputy_id = ?1",
            )?;
            let rows = statement.query_map(params![deputy.to_string()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?;
            let mut lines = Vec::new();
            for row in rows {
                let (id, body) = row?;
                lines.push(OpinionStatusLine {
                    id: OpinionId::parse_field(&id, "id").map_err(|e| DbError::Corrupt(e.to_string()))?,
                    handling: serde_json::from_str(&body)
                        .map_err(|e| DbError::Corrupt(format!("opinion handling: {e}")))?,
                });
            }
            Ok(lines)
        })
        .await
    }

    /// Applies one step on an item, once per step id. Turning an item into a suggestion
    /// creates that suggestion (submitted, led by the deputy who gathered the item) in the
    /// same transaction.
    pub async fn opinion_step(
        &self,
        step_id: StepId,
        id: OpinionId,
        viewer: Viewer,
        account: String,
        step: OpinionStep,
        today: lvzhi_domain::date::LocalDate,
    ) -> Result<Result<OpinionView, OpinionFlowError>, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let not_found = || DbError::NotFound(format!("there is no opinion item {id} that this account handles"));
            let Some((item, has_contact)) = item_row(&transaction, id)? else {
                return Err(not_found());
            };
            let mut handling = handling_of(&transaction, &id.to_string(), today)?;
            if !may_see(&transaction, &viewer, &item, &handling)? {
                return Err(not_found());
            }
            let seen = super::handling::step_taken(&transaction, step_id)?;
            if seen.is_some() {
                return Ok(Ok(OpinionView { item, has_contact, handling }));
            }
            let by_unit = match viewer {
                Viewer::Unit(unit) => Some(unit),
                Viewer::Staff(_) => None,
            };
            if let OpinionStep::Merge { into } = &step {
                let exists: Option<i64> = transaction
                    .query_row("SELECT 1 FROM opinion_items WHERE id = ?1", params![into.to_string()], |row| row.get(0))
                    .optional()?;
                if exists.is_none() {
                    return Err(DbError::NotFound(format!("there is no opinion item {into} to merge into")));
                }
            }
            let created = match &step {
                OpinionStep::Convert { suggestion, title } => {
                    let mut made = Suggestion::draft(
                        *suggestion,
                        SuggestionKind::Suggestion,
                        title.clone(),
                        item.content.clone(),
                        vec![item.deputy],
                    );
                    made.submit(today).map_err(|e| DbError::Other(e.to_string()))?;
                    Some(made)
                }
                _ => None,
            };
            if let Err(refusal) = handling.apply(id, step, by_unit, today) {
                return Ok(Err(refusal));
            }
            if let Some(made) = created {
                let body = serde_json::to_string(&made).map_err(|e| DbError::Other(e.to_string()))?;
                transaction.execute(
                    "INSERT INTO suggestions (id, stage, body) VALUES (?1, ?2, ?3)",
                    params![made.id.to_string(), made.stage.code(), body],
                )?;
                transaction.execute(
                    "INSERT INTO suggestion_deputies (deputy_id, suggestion_id) VALUES (?1, ?2)",
                    params![item.deputy.to_string(), made.id.to_string()],
                )?;
            }
            let body = serde_json::to_string(&handling).map_err(|e| DbError::Other(e.to_string()))?;
            transaction.execute(
                "INSERT INTO opinion_handling (opinion_id, status, unit_id, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (opinion_id) DO UPDATE SET status = excluded.status, unit_id = excluded.unit_id, body = excluded.body",
                params![id.to_string(), handling.status.code(), handling.unit.map(|u| u.to_string()), body],
            )?;
            super::handling::remember_step(&transaction, step_id, &id.to_string(), &account)?;
            transaction.commit()?;
            Ok(Ok(OpinionView { item, has_contact, handling }))
        })
        .await
    }

    /// Opens an item's contact for a staff account allowed to see contacts, writing the
    /// view to the audit log in the same transaction (no audit entry, no contact).
    pub async fn reveal_contact(
        &self,
        id: OpinionId,
        viewer: Viewer,
        account: String,
        request_id: String,
    ) -> Result<Option<ContactText>, DbError> {
        let keys = self.keys();
        let today = super::today();
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let Some((item, _)) = item_row(&transaction, id)? else {
                return Err(DbError::NotFound(format!("there is no opinion item {id}")));
            };
            let handling = handling_of(&transaction, &id.to_string(), today)?;
            if !may_see(&transaction, &viewer, &item, &handling)? {
                return Err(DbError::NotFound(format!(
                    "there is no opinion item {id} that this account handles"
                )));
            }
            let sealed: Option<String> = transaction.query_row(
                "SELECT contact_sealed FROM opinion_items WHERE id = ?1",
                params![id.to_string()],
                |row| row.get(0),
            )?;
            let Some(sealed) = sealed else { return Ok(None) };
            let plain = keys.open(&id.to_string(), &sealed)?;
            transaction.execute(
                "INSERT INTO audit_log (at_millis, event, account_id, request_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    super::now_millis(),
                    super::AuditEvent::ContactViewed.code(),
                    account,
                    request_id,
                    format!("opinion {id}")
                ],
            )?;
            transaction.commit()?;
            Ok(Some(
                ContactText::parse_field(&plain, "contact").map_err(|e| DbError::Corrupt(e.to_string()))?,
            ))
        })
        .await
    }
}
