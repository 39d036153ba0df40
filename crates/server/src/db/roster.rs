//! The roster as staff import and export it: a checked [`RosterFile`] compared with the
//! stored deputies inside one write transaction (so a preview and an import see the same
//! roster), written only when clean or when the user takes the good rows, and logged for
//! the console's home. Importing the same file again finds every deputy unchanged.

use std::collections::HashSet;

use lvzhi_domain::api::ImportLogEntry;
use lvzhi_domain::calendar::Term;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::interchange::RowError;
use lvzhi_domain::lang::Lang;
use lvzhi_domain::roster::{RosterChange, RosterFile, RosterProblem, plan_change, row_error};
use lvzhi_domain::staff::StaffScope;
use rusqlite::{OptionalExtension, Transaction, params};

use super::reference::bodies;
use super::{Database, DbError};

/// What a roster file does, or did, to the stored roster.
#[derive(Debug, Clone, Default)]
pub struct RosterOutcome {
    /// Deputies added.
    pub new: u64,
    /// Deputies changed.
    pub changed: u64,
    /// Deputies already stored so.
    pub unchanged: u64,
    /// The file's bad rows and the rows refused here (scope, unknown groups or stations).
    pub errors: Vec<RowError>,
    /// Whether it was written.
    pub applied: bool,
}

/// Whether to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterMode {
    /// Only say what an import would do.
    Preview,
    /// Write, if the file is clean or `good_rows` allows skipping its bad rows.
    Import {
        /// Import the good rows of a file with bad rows.
        good_rows: bool,
    },
    /// Write one deputy entered in a form (a by-election, an early leave), if clean; not
    /// logged as an import.
    Edit,
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("{what}: {error}"))
}

fn ids(transaction: &Transaction<'_>, sql: &str) -> Result<HashSet<String>, DbError> {
    let mut statement = transaction.prepare(sql)?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Why the roster cannot take `deputy` here, naming the column.
fn refusal(
    deputy: &Deputy,
    stored: Option<&Deputy>,
    scope: &StaffScope,
    groups: &HashSet<String>,
    stations: &HashSet<String>,
) -> Option<(&'static str, RosterProblem)> {
    if let Some(group) = deputy
        .liaison_group
        .iter()
        .find(|group| !groups.contains(&group.to_string()))
    {
        return Some(("liaison_group", RosterProblem::UnknownGroup(group.to_string())));
    }
    if let Some(group) = deputy
        .professional_groups
        .iter()
        .find(|group| !groups.contains(&group.to_string()))
    {
        return Some(("professional_groups", RosterProblem::UnknownGroup(group.to_string())));
    }
    if let Some(station) = deputy.stations.iter().find(|s| !stations.contains(&s.to_string())) {
        return Some(("stations", RosterProblem::UnknownStation(station.to_string())));
    }
    if !scope.covers(deputy) || stored.is_some_and(|stored| !scope.covers(stored)) {
        return Some((
            "electoral_unit",
            RosterProblem::OutOfScope {
                name: deputy.name.as_str().to_owned(),
                unit: deputy.electoral_unit.as_str().to_owned(),
            },
        ));
    }
    None
}

fn write_deputy(transaction: &Transaction<'_>, deputy: &Deputy) -> Result<(), DbError> {
    let body = serde_json::to_string(deputy).map_err(|error| DbError::Other(error.to_string()))?;
    let id = deputy.id.to_string();
    transaction.execute(
        "INSERT INTO deputies (id, level, name, electoral_unit, body) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET level = excluded.level, name = excluded.name,
             electoral_unit = excluded.electoral_unit, body = excluded.body",
        params![
            id,
            deputy.level.code(),
            deputy.name.as_str(),
            deputy.electoral_unit.as_str(),
            body
        ],
    )?;
    transaction.execute("DELETE FROM deputy_groups WHERE deputy_id = ?1", params![id])?;
    for group in deputy.liaison_group.iter().chain(&deputy.professional_groups) {
        transaction.execute(
            "INSERT OR IGNORE INTO deputy_groups (deputy_id, group_id) VALUES (?1, ?2)",
            params![id, group.to_string()],
        )?;
    }
    Ok(())
}

impl Database {
    /// The terms, which roster rows are checked against.
    pub async fn terms(&self) -> Result<Vec<Term>, DbError> {
        self.read(|connection| bodies(connection, "SELECT body FROM terms ORDER BY number", "term"))
            .await
    }

    /// Compares `file` with the stored roster within `scope`, writes it in `mode`, and logs
    /// the attempt under `account` — all in one transaction.
    pub async fn roster(
        &self,
        file: RosterFile,
        file_name: String,
        scope: StaffScope,
        mode: RosterMode,
        account: String,
        lang: Lang,
    ) -> Result<RosterOutcome, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let groups = ids(&transaction, "SELECT id FROM groups")?;
            let stations = ids(&transaction, "SELECT id FROM stations")?;
            let mut outcome = RosterOutcome {
                errors: file.errors,
                ..RosterOutcome::default()
            };
            let mut writes = Vec::new();
            for (deputy, line) in file.deputies.into_iter().zip(file.lines) {
                let stored: Option<Deputy> = transaction
                    .query_row(
                        "SELECT body FROM deputies WHERE id = ?1",
                        params![deputy.id.to_string()],
                        |row| row.get::<_, String>(0),
                    )
                    .optional()?
                    .map(|body| serde_json::from_str(&body).map_err(|e| corrupt("deputy", e)))
                    .transpose()?;
                if let Some((column, problem)) = refusal(&deputy, stored.as_ref(), &scope, &groups, &stations) {
                    outcome.errors.push(row_error(&file_name, line, column, &problem, lang));
                    continue;
                }
                match plan_change(stored.as_ref(), deputy) {
                    RosterChange::New(deputy) => {
                        outcome.new += 1;
                        writes.push(deputy);
                    }
                    RosterChange::Changed(deputy) => {
                        outcome.changed += 1;
                        writes.push(deputy);
                    }
                    RosterChange::Unchanged => outcome.unchanged += 1,
                }
            }
            outcome.errors.sort_by_key(|error| error.line);
            let write = match mode {
                RosterMode::Preview => false,
                RosterMode::Import { good_rows } => outcome.errors.is_empty() || good_rows,
                RosterMode::Edit => outcome.errors.is_empty(),
            };
            if write {
                for deputy in &writes {
                    write_deputy(&transaction, deputy)?;
                }
                outcome.applied = true;
            }
            if mode != RosterMode::Edit {
                transaction.execute(
                    "INSERT INTO roster_imports (account_id, file, at_millis, rows, problems, applied)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        account,
                        file_name,
                        super::sessions::now_millis(),
                        file.rows as i64,
                        outcome.errors.len() as i64,
                        outcome.applied
                    ],
                )?;
            }
            transaction.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// One deputy as stored.
    pub async fn deputy(&self, id: lvzhi_domain::ids::DeputyId) -> Result<Option<Deputy>, DbError> {
        self.read(move |connection| {
            connection
                .query_row(
                    "SELECT body FROM deputies WHERE id = ?1",
                    params![id.to_string()],
                    |row| row.get::<_, String>(0),
                )
                .optional()?
                .map(|body| serde_json::from_str(&body).map_err(|e| corrupt("deputy", e)))
                .transpose()
        })
        .await
    }

    /// The deputies within `scope`, by id, for the roster's export.
    pub async fn roster_export(&self, scope: StaffScope) -> Result<Vec<Deputy>, DbError> {
        self.read(move |connection| super::staff::deputies_in(connection, &scope))
            .await
    }
}

/// The account's latest roster previews and imports, newest first.
pub(super) fn import_log(connection: &rusqlite::Connection, account: &str) -> Result<Vec<ImportLogEntry>, DbError> {
    let mut statement = connection.prepare(
        "SELECT file, at_millis, rows, problems, applied FROM roster_imports
         WHERE account_id = ?1 ORDER BY id DESC LIMIT 20",
    )?;
    let rows = statement.query_map(params![account], |row| {
        Ok(ImportLogEntry {
            file: row.get(0)?,
            at_millis: row.get(1)?,
            rows: row.get::<_, i64>(2)? as u64,
            problems: row.get::<_, i64>(3)? as u64,
            applied: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
