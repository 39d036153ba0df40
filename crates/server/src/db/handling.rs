//! Suggestion handling in SQLite: the handling units, which units each suggestion is
//! assigned to (`suggestion_units`, so a unit reads only its own), and each handling step
//! applied once by its id (`handling_steps`) in the same transaction as the change.
//! Who may see what is decided here: staff by the lead deputy's scope, a unit by assignment.

use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::handling::{Actor, HandlingRules, HandlingStep, HandlingUnit, StepContext};
use lvzhi_domain::ids::{StepId, SuggestionId, UnitId};
use lvzhi_domain::staff::StaffScope;
use lvzhi_domain::suggestion::{FlowError, Suggestion};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Database, DbError};

/// Whom a handling request is for.
#[derive(Debug, Clone)]
pub enum Viewer {
    /// A staff account with its scope.
    Staff(StaffScope),
    /// A handling unit.
    Unit(UnitId),
}

/// Suggestions one list carries at most (newest first).
pub const MAX_LISTED: usize = 3_000;

use super::suggestions::read;

/// The suggestion or item a step id was taken on, if it was taken before.
pub(super) fn step_taken(connection: &Connection, step_id: StepId) -> Result<Option<String>, DbError> {
    Ok(connection
        .query_row(
            "SELECT target_id FROM handling_steps WHERE step_id = ?1",
            params![step_id.to_string()],
            |row| row.get(0),
        )
        .optional()?)
}

/// Remembers that `step_id` was taken on `target` by `account` (in the step's transaction).
pub(super) fn remember_step(
    connection: &Connection,
    step_id: StepId,
    target: &str,
    account: &str,
) -> Result<(), DbError> {
    connection.execute(
        "INSERT INTO handling_steps (step_id, target_id, account_id, at_millis) VALUES (?1, ?2, ?3, ?4)",
        params![step_id.to_string(), target, account, super::now_millis()],
    )?;
    Ok(())
}

/// Records which units a suggestion is assigned to (kept when it moves on, so the unit
/// still reads what it handled).
pub(super) fn link_units(connection: &Connection, suggestion: &Suggestion) -> Result<(), DbError> {
    if let Some(assignment) = &suggestion.assignment {
        let mut statement = connection
            .prepare_cached("INSERT OR IGNORE INTO suggestion_units (unit_id, suggestion_id) VALUES (?1, ?2)")?;
        for unit in std::iter::once(&assignment.lead).chain(&assignment.co_units) {
            statement.execute(params![unit.to_string(), suggestion.id.to_string()])?;
        }
    }
    Ok(())
}

pub(super) fn all_units(connection: &Connection) -> Result<Vec<HandlingUnit>, DbError> {
    let mut statement = connection.prepare_cached("SELECT body FROM units ORDER BY name")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut units = Vec::new();
    for body in rows {
        units.push(serde_json::from_str(&body?).map_err(|e| DbError::Corrupt(format!("unit: {e}")))?);
    }
    Ok(units)
}

pub(super) fn deputy(connection: &Connection, id: lvzhi_domain::ids::DeputyId) -> Result<Option<Deputy>, DbError> {
    let body: Option<String> = connection
        .query_row(
            "SELECT body FROM deputies WHERE id = ?1",
            params![id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    body.map(|body| serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("deputy: {e}"))))
        .transpose()
}

/// Whether `viewer` may see `suggestion`.
pub(super) fn visible(connection: &Connection, viewer: &Viewer, suggestion: &Suggestion) -> Result<bool, DbError> {
    Ok(match viewer {
        Viewer::Unit(unit) => suggestion.assigned_to(*unit),
        Viewer::Staff(scope) if scope.is_everyone() => true,
        Viewer::Staff(scope) => match suggestion.lead() {
            Some(lead) => deputy(connection, lead)?.is_some_and(|d| scope.covers(&d)),
            None => false,
        },
    })
}

/// What a step did: applied now, applied before (the same step id sent again), or refused.
#[derive(Debug)]
pub enum StepOutcome {
    /// The suggestion after the step.
    Applied(Suggestion),
    /// The step breaks a handling rule; nothing changed.
    Refused(FlowError),
}

impl Database {
    /// Every handling unit, by name.
    pub async fn units(&self) -> Result<Vec<HandlingUnit>, DbError> {
        self.read(|connection| all_units(connection)).await
    }

    /// The suggestions `viewer` handles, newest first: for staff, those in scope that are
    /// still open, key-supervised, or submitted within the last year; for a unit, every
    /// one assigned to it.
    pub async fn handling_list(
        &self,
        viewer: Viewer,
        today: lvzhi_domain::date::LocalDate,
    ) -> Result<Vec<Suggestion>, DbError> {
        self.read(move |connection| {
            let since = today.add_days(-366).unwrap_or(today).to_string();
            let bodies: Vec<String> = match &viewer {
                Viewer::Unit(unit) => {
                    let mut statement = connection.prepare(
                        "SELECT s.body FROM suggestions s JOIN suggestion_units u ON u.suggestion_id = s.id
                         WHERE u.unit_id = ?1",
                    )?;
                    let rows = statement.query_map(params![unit.to_string()], |row| row.get(0))?;
                    rows.collect::<Result<_, _>>()?
                }
                Viewer::Staff(_) => {
                    let mut statement = connection.prepare(
                        "SELECT body FROM suggestions WHERE stage NOT IN ('completed', 'returned', 'draft')
                         OR json_extract(body, '$.key_supervision') = 1
                         OR json_extract(body, '$.submitted_on') >= ?1",
                    )?;
                    let rows = statement.query_map(params![since], |row| row.get(0))?;
                    rows.collect::<Result<_, _>>()?
                }
            };
            let mut list = Vec::new();
            for body in bodies {
                let suggestion = read(&body)?;
                if visible(connection, &viewer, &suggestion)? {
                    list.push(suggestion);
                }
            }
            list.sort_by(|a, b| b.submitted_on.cmp(&a.submitted_on).then(b.id.cmp(&a.id)));
            list.truncate(MAX_LISTED);
            Ok(list)
        })
        .await
    }

    /// Every suggestion ever submitted, for finding earlier ones on the same matter.
    pub async fn all_suggestions(&self) -> Result<Vec<Suggestion>, DbError> {
        self.read(|connection| {
            let mut statement = connection.prepare("SELECT body FROM suggestions WHERE stage != 'draft'")?;
            let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
            let mut list = Vec::new();
            for body in rows {
                list.push(read(&body?)?);
            }
            Ok(list)
        })
        .await
    }

    /// One suggestion, if `viewer` may see it.
    pub async fn handled_suggestion(&self, viewer: Viewer, id: SuggestionId) -> Result<Suggestion, DbError> {
        self.read(move |connection| {
            let body: Option<String> = connection
                .query_row(
                    "SELECT body FROM suggestions WHERE id = ?1",
                    params![id.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            match body.map(|b| read(&b)).transpose()? {
                Some(suggestion) if visible(connection, &viewer, &suggestion)? => Ok(suggestion),
                _ => Err(DbError::NotFound(format!(
                    "there is no suggestion {id} that this account handles"
                ))),
            }
        })
        .await
    }

    /// Applies one step in one transaction: checks who may see the suggestion, applies the
    /// domain's state machine, writes the result and the units, and remembers the step id.
    /// A step id seen before returns the suggestion as it is, changing nothing.
    #[allow(clippy::too_many_arguments)]
    pub async fn handling_step(
        &self,
        step_id: StepId,
        id: SuggestionId,
        viewer: Viewer,
        actor: Actor,
        account: String,
        step: HandlingStep,
        rules: HandlingRules,
        today: lvzhi_domain::date::LocalDate,
    ) -> Result<StepOutcome, DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            let body: Option<String> = transaction
                .query_row(
                    "SELECT body FROM suggestions WHERE id = ?1",
                    params![id.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(mut suggestion) = body.map(|b| read(&b)).transpose()? else {
                return Err(DbError::NotFound(format!("there is no suggestion {id}")));
            };
            if !visible(&transaction, &viewer, &suggestion)? {
                return Err(DbError::NotFound(format!(
                    "there is no suggestion {id} that this account handles"
                )));
            }
            let seen = step_taken(&transaction, step_id)?;
            if let Some(target) = seen {
                if target != id.to_string() {
                    return Err(DbError::Invalid(lvzhi_domain::ValidationError::new(
                        "step_id",
                        lvzhi_domain::error::Problem::Inconsistent {
                            detail: format!("step {step_id} was taken on another suggestion"),
                        },
                    )));
                }
                return Ok(StepOutcome::Applied(suggestion));
            }
            let units = all_units(&transaction)?;
            let context = StepContext {
                today,
                rules: &rules,
                units: &units,
            };
            if let Err(refusal) = suggestion.apply(step, actor, context) {
                return Ok(StepOutcome::Refused(refusal));
            }
            let body = serde_json::to_string(&suggestion).map_err(|e| DbError::Other(e.to_string()))?;
            transaction.execute(
                "UPDATE suggestions SET stage = ?2, body = ?3 WHERE id = ?1",
                params![id.to_string(), suggestion.stage.code(), body],
            )?;
            link_units(&transaction, &suggestion)?;
            remember_step(&transaction, step_id, &id.to_string(), &account)?;
            transaction.commit()?;
            Ok(StepOutcome::Applied(suggestion))
        })
        .await
    }
}
