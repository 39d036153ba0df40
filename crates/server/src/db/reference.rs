//! Reading the reference data a device keeps: terms, sessions, rule sets, one deputy and
//! the stations.

use lvzhi_domain::api::{Colleague, ReferenceData};
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::ids::DeputyId;
use lvzhi_domain::rules::bundled_rule_sets;
use rusqlite::{Connection, params};
use serde::de::DeserializeOwned;

use super::{Database, DbError};

pub(super) fn bodies<T: DeserializeOwned>(connection: &Connection, sql: &str, what: &str) -> Result<Vec<T>, DbError> {
    let mut statement = connection.prepare(sql)?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut values = Vec::new();
    for body in rows {
        let body = body?;
        values.push(serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("{what}: {e}")))?);
    }
    Ok(values)
}

/// The other deputies of the same level in the deputy's liaison group, by name.
fn colleagues_of(connection: &Connection, me: &Deputy) -> Result<Vec<Colleague>, DbError> {
    let today = super::seed::today();
    let mut colleagues = Vec::new();
    let mut statement = connection.prepare("SELECT body FROM deputies WHERE level = ?1")?;
    let rows = statement.query_map(params![me.level.code()], |row| row.get::<_, String>(0))?;
    for body in rows {
        let other: Deputy = serde_json::from_str(&body?).map_err(|e| DbError::Corrupt(format!("deputy: {e}")))?;
        // Only colleagues serving today can be named on a new record (the server refuses
        // others, `unknown_colleague`).
        if other.id != me.id
            && me.liaison_group.is_some()
            && other.liaison_group == me.liaison_group
            && other.serving_on(today)
        {
            colleagues.push(Colleague {
                id: other.id,
                name: other.name.as_str().to_owned(),
            });
        }
    }
    colleagues.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(colleagues)
}

/// Everyone named with the deputy on a record, so the device can say who proposed it.
fn named_with(connection: &Connection, me: &Deputy) -> Result<Vec<Colleague>, DbError> {
    let mut colleagues: Vec<Colleague> = Vec::new();
    let mut statement = connection.prepare(
        "SELECT DISTINCT d.id, d.name FROM activity_deputies mine
         JOIN activity_deputies other ON other.activity_id = mine.activity_id AND other.deputy_id <> mine.deputy_id
         JOIN deputies d ON d.id = other.deputy_id
         WHERE mine.deputy_id = ?1 LIMIT 2000",
    )?;
    let rows = statement.query_map(params![me.id.to_string()], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, name) = row?;
        let id = DeputyId::parse_field(&id, "deputy").map_err(|e| DbError::Corrupt(e.to_string()))?;
        colleagues.push(Colleague { id, name });
    }
    colleagues.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(colleagues)
}

impl Database {
    pub async fn reference(&self, deputy: Option<DeputyId>) -> Result<ReferenceData, DbError> {
        self.read(move |connection| {
            let deputy: Option<Deputy> = match deputy {
                Some(id) => {
                    let body: Option<String> = connection
                        .query_row(
                            "SELECT body FROM deputies WHERE id = ?1",
                            params![id.to_string()],
                            |row| row.get(0),
                        )
                        .map(Some)
                        .or_else(|error| match error {
                            rusqlite::Error::QueryReturnedNoRows => Ok(None),
                            other => Err(other),
                        })?;
                    match body {
                        Some(body) => {
                            Some(serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("deputy: {e}")))?)
                        }
                        None => None,
                    }
                }
                None => None,
            };
            let (colleagues, named_with) = match &deputy {
                Some(me) => (colleagues_of(connection, me)?, named_with(connection, me)?),
                None => (Vec::new(), Vec::new()),
            };
            Ok(ReferenceData {
                colleagues,
                named_with,
                terms: bodies(connection, "SELECT body FROM terms ORDER BY number", "term")?,
                sessions: bodies(
                    connection,
                    "SELECT body FROM annual_sessions ORDER BY term, ordinal",
                    "annual session",
                )?,
                rule_sets: bundled_rule_sets(),
                enabled_rule_sets: super::absences::enabled(connection)?,
                deputy,
                stations: bodies(connection, "SELECT body FROM stations ORDER BY district, id", "station")?,
            })
        })
        .await
    }
}
