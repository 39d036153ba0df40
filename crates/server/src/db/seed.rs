//! Puts the demo congress from `lvzhi-seed` into an empty database, in one transaction.

use lvzhi_domain::date::LocalDate;
use lvzhi_seed::{DemoConfig, DemoData};
use rusqlite::{Connection, params};

use super::DbError;
use super::accounts::hash_password;
use crate::config::DemoScale;

fn json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|error| DbError::Other(format!("cannot encode demo data: {error}")))
}

/// Today's date in Asia/Shanghai, from the system clock.
pub fn today() -> LocalDate {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0);
    LocalDate::from_unix_millis(millis)
        .unwrap_or_else(|| LocalDate::from_ymd(2026, 1, 1).unwrap_or_else(|| unreachable!()))
}

pub fn seed_if_empty(connection: &mut Connection, scale: DemoScale) -> Result<bool, DbError> {
    let existing: i64 = connection.query_row("SELECT COUNT(*) FROM deputies", [], |row| row.get(0))?;
    if existing > 0 {
        return Ok(false);
    }
    let today = today();
    let config = match scale {
        DemoScale::Standard => DemoConfig::standard(today),
        DemoScale::Small => DemoConfig::small(today),
    };
    let started = std::time::Instant::now();
    let data = lvzhi_seed::generate(&config);
    insert(connection, &data)?;
    connection.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?1)",
        params![format!("{scale:?} demo as of {today}")],
    )?;
    println!(
        "demo data: {} deputies, {} activities, {} suggestions, {} stations as of {today} ({} ms)",
        data.deputies.len(),
        data.activities.len(),
        data.suggestions.len(),
        data.stations.len(),
        started.elapsed().as_millis()
    );
    Ok(true)
}

pub fn insert(connection: &mut Connection, data: &DemoData) -> Result<(), DbError> {
    let transaction = connection.transaction()?;
    {
        let mut statement = transaction.prepare("INSERT INTO terms (number, body) VALUES (?1, ?2)")?;
        for term in &data.terms {
            statement.execute(params![term.number, json(term)?])?;
        }
        let mut statement = transaction
            .prepare("INSERT INTO annual_sessions (term, ordinal, first_day, body) VALUES (?1, ?2, ?3, ?4)")?;
        for session in &data.sessions {
            statement.execute(params![
                session.term,
                session.ordinal,
                session.first_day.to_string(),
                json(session)?
            ])?;
        }
        let mut statement = transaction.prepare("INSERT INTO groups (id, kind, body) VALUES (?1, ?2, ?3)")?;
        for group in &data.groups {
            statement.execute(params![group.id.to_string(), group.kind.code(), json(group)?])?;
        }
        let mut statement = transaction.prepare("INSERT INTO stations (id, district, body) VALUES (?1, ?2, ?3)")?;
        for station in &data.stations {
            statement.execute(params![
                station.id.to_string(),
                station.district.as_str(),
                json(station)?
            ])?;
        }
        let mut statement = transaction
            .prepare("INSERT INTO deputies (id, level, name, electoral_unit, body) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        let mut member =
            transaction.prepare("INSERT OR IGNORE INTO deputy_groups (deputy_id, group_id) VALUES (?1, ?2)")?;
        for deputy in &data.deputies {
            let id = deputy.id.to_string();
            statement.execute(params![
                id,
                deputy.level.code(),
                deputy.name.as_str(),
                deputy.electoral_unit.as_str(),
                json(deputy)?
            ])?;
            for group in deputy.liaison_group.iter().chain(&deputy.professional_groups) {
                member.execute(params![id, group.to_string()])?;
            }
        }
        let mut statement = transaction.prepare("INSERT INTO trainings (id, first_day, body) VALUES (?1, ?2, ?3)")?;
        for training in &data.trainings {
            statement.execute(params![
                training.id.to_string(),
                training.first_day.to_string(),
                json(training)?
            ])?;
        }
        let mut registration = transaction
            .prepare("INSERT INTO training_registrations (training_id, deputy_id, activity_id) VALUES (?1, ?2, ?3)")?;
        for (training, deputy, record) in &data.training_registrations {
            registration.execute(params![training.to_string(), deputy.to_string(), record.to_string()])?;
        }
        let mut activity = transaction.prepare(
            "INSERT INTO activities (id, kind, date, review, revision, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut participant =
            transaction.prepare("INSERT INTO activity_deputies (deputy_id, activity_id) VALUES (?1, ?2)")?;
        for record in &data.activities {
            let id = record.id.to_string();
            activity.execute(params![
                id,
                record.kind.code(),
                record.date.to_string(),
                record.review.code(),
                record.revision,
                json(record)?
            ])?;
            for deputy in &record.deputies {
                participant.execute(params![deputy.to_string(), id])?;
            }
        }
        let mut suggestion = transaction.prepare("INSERT INTO suggestions (id, stage, body) VALUES (?1, ?2, ?3)")?;
        let mut signer =
            transaction.prepare("INSERT INTO suggestion_deputies (deputy_id, suggestion_id) VALUES (?1, ?2)")?;
        for record in &data.suggestions {
            let id = record.id.to_string();
            suggestion.execute(params![id, record.stage.code(), json(record)?])?;
            for deputy in &record.deputies {
                signer.execute(params![deputy.to_string(), id])?;
            }
            super::handling::link_units(&transaction, record)?;
        }
        for unit in &data.units {
            transaction.execute(
                "INSERT INTO units (id, name, body) VALUES (?1, ?2, ?3)",
                params![unit.id.to_string(), unit.name.as_str(), json(unit)?],
            )?;
        }
        for absence in &data.absences {
            super::absences::insert_absence(&transaction, absence)?;
        }
        // The demo shows the optional observers rule turned on, as staff would.
        transaction.execute(
            "INSERT OR IGNORE INTO enabled_rule_sets (id) VALUES ('chongqing-observers')",
            [],
        )?;
        let mut account = transaction.prepare(
            "INSERT INTO accounts (id, login, display_name, role, deputy_id, scope, password_hash, unit_id, sees_contacts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for demo in &data.accounts {
            account.execute(params![
                demo.id.to_string(),
                demo.login,
                demo.display_name,
                demo.role.code(),
                demo.deputy.map(|id| id.to_string()),
                (!demo.scope.is_everyone()).then(|| json(&demo.scope)).transpose()?,
                hash_password(&demo.password)?,
                demo.unit.map(|id| id.to_string()),
                demo.sees_contacts
            ])?;
        }
    }
    transaction.commit()?;
    Ok(())
}
