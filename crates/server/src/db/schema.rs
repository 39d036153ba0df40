//! The schema and its migrations. `PRAGMA user_version` holds the version reached; each
//! migration runs once, in its own transaction, in order. Records are stored as their
//! domain JSON (`body`) beside the columns that queries filter on.

use rusqlite::Connection;

use super::DbError;

/// Migrations in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    // 1: the registry, accounts and sessions.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE terms (number INTEGER PRIMARY KEY, body TEXT NOT NULL);
     CREATE TABLE annual_sessions (
         term INTEGER NOT NULL, ordinal INTEGER NOT NULL, first_day TEXT NOT NULL, body TEXT NOT NULL,
         PRIMARY KEY (term, ordinal));
     CREATE TABLE groups (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL);
     CREATE TABLE stations (id TEXT PRIMARY KEY, district TEXT NOT NULL, body TEXT NOT NULL);
     CREATE TABLE deputies (id TEXT PRIMARY KEY, level TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL);
     CREATE TABLE trainings (id TEXT PRIMARY KEY, first_day TEXT NOT NULL, body TEXT NOT NULL);
     CREATE TABLE activities (
         id TEXT PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL, review TEXT NOT NULL,
         revision INTEGER NOT NULL, body TEXT NOT NULL);
     CREATE TABLE activity_deputies (
         deputy_id TEXT NOT NULL, activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
         PRIMARY KEY (deputy_id, activity_id)) WITHOUT ROWID;
     CREATE INDEX activity_deputies_by_activity ON activity_deputies(activity_id);
     CREATE TABLE suggestions (id TEXT PRIMARY KEY, stage TEXT NOT NULL, body TEXT NOT NULL);
     CREATE TABLE suggestion_deputies (
         deputy_id TEXT NOT NULL, suggestion_id TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
         PRIMARY KEY (deputy_id, suggestion_id)) WITHOUT ROWID;
     CREATE TABLE accounts (
         id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
         deputy_id TEXT, password_hash TEXT NOT NULL);
     CREATE TABLE auth_sessions (
         token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
         created_at_millis INTEGER NOT NULL, expires_at_millis INTEGER NOT NULL);",
    // 2: sync — each client's last applied mutation, and the change log in commit order
    // with who may see each change.
    "CREATE TABLE sync_clients (
         client_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
         last_applied INTEGER NOT NULL);
     CREATE TABLE change_log (
         seq INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, change TEXT NOT NULL, body TEXT);
     CREATE TABLE change_audience (
         deputy_id TEXT NOT NULL, seq INTEGER NOT NULL REFERENCES change_log(seq),
         PRIMARY KEY (deputy_id, seq)) WITHOUT ROWID;",
    // 3: right-of-reply notes, one per deputy and target.
    "CREATE TABLE reply_notes (
         deputy_id TEXT NOT NULL, target TEXT NOT NULL, body TEXT NOT NULL,
         PRIMARY KEY (deputy_id, target)) WITHOUT ROWID;",
    // 4: public-opinion items gathered on visits (the constituent's contact inside the body,
    // given only to the deputy who gathered it).
    "CREATE TABLE opinion_items (
         id TEXT PRIMARY KEY, deputy_id TEXT NOT NULL, visit_id TEXT NOT NULL, body TEXT NOT NULL);
     CREATE INDEX opinion_items_by_deputy ON opinion_items(deputy_id);",
    // 5: hardening — contacts sealed outside the body; sessions with a public id, last use
    // and the browser's name; the audit log of security events.
    "ALTER TABLE opinion_items ADD COLUMN contact_sealed TEXT;
     CREATE INDEX opinion_items_by_visit ON opinion_items(visit_id);
     ALTER TABLE auth_sessions ADD COLUMN id TEXT;
     ALTER TABLE auth_sessions ADD COLUMN last_seen_millis INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE auth_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
     UPDATE auth_sessions SET id = lower(hex(randomblob(8))), last_seen_millis = created_at_millis;
     CREATE UNIQUE INDEX auth_sessions_by_id ON auth_sessions(id);
     CREATE INDEX auth_sessions_by_account ON auth_sessions(account_id);
     CREATE TABLE audit_log (
         id INTEGER PRIMARY KEY AUTOINCREMENT, at_millis INTEGER NOT NULL, event TEXT NOT NULL,
         account_id TEXT, request_id TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
     CREATE INDEX audit_log_by_time ON audit_log(at_millis);",
    // 6: rules engine — absences per half day, and the optional rule sets staff turned on.
    "CREATE TABLE absences (
         id TEXT PRIMARY KEY, deputy_id TEXT NOT NULL, date TEXT NOT NULL, slot TEXT NOT NULL,
         revision INTEGER NOT NULL, body TEXT NOT NULL,
         UNIQUE (deputy_id, slot));
     CREATE INDEX absences_by_deputy ON absences(deputy_id, date);
     CREATE TABLE enabled_rule_sets (id TEXT PRIMARY KEY);",
    // 7: staff console — an account's scope (JSON StaffScope, NULL for everyone), each
    // record's history, and the columns a scope selects deputies by.
    "ALTER TABLE accounts ADD COLUMN scope TEXT;
     CREATE TABLE record_history (
         id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, revision INTEGER NOT NULL,
         action TEXT NOT NULL, account_id TEXT NOT NULL, by_staff INTEGER NOT NULL,
         detail TEXT, at_millis INTEGER NOT NULL);
     CREATE INDEX record_history_by_record ON record_history(record_id, id);
     ALTER TABLE deputies ADD COLUMN electoral_unit TEXT NOT NULL DEFAULT '';
     UPDATE deputies SET electoral_unit = COALESCE(json_extract(body, '$.electoral_unit'), '');
     CREATE TABLE deputy_groups (
         deputy_id TEXT NOT NULL, group_id TEXT NOT NULL, PRIMARY KEY (group_id, deputy_id)) WITHOUT ROWID;
     INSERT INTO deputy_groups (deputy_id, group_id)
         SELECT id, json_extract(body, '$.liaison_group') FROM deputies WHERE json_extract(body, '$.liaison_group') IS NOT NULL
         UNION SELECT d.id, g.value FROM deputies d, json_each(d.body, '$.professional_groups') g;
     CREATE INDEX deputies_by_unit ON deputies(electoral_unit);",
    // 8: roster and organisation — the log of roster previews and imports, and the training
    // registration each attendee of a class was given (exactly one per class and deputy).
    "CREATE TABLE roster_imports (
         id INTEGER PRIMARY KEY AUTOINCREMENT, account_id TEXT NOT NULL, file TEXT NOT NULL,
         at_millis INTEGER NOT NULL, rows INTEGER NOT NULL, problems INTEGER NOT NULL, applied INTEGER NOT NULL);
     CREATE INDEX roster_imports_by_account ON roster_imports(account_id, id);
     CREATE TABLE training_registrations (
         training_id TEXT NOT NULL, deputy_id TEXT NOT NULL, activity_id TEXT NOT NULL,
         PRIMARY KEY (training_id, deputy_id)) WITHOUT ROWID;",
    // 9: suggestion handling — handling units and their accounts, which units each
    // suggestion is assigned to, each handling step applied once by its id, the handling
    // of opinion items, and which staff accounts may see a constituent's contact.
    "ALTER TABLE accounts ADD COLUMN unit_id TEXT;
     ALTER TABLE accounts ADD COLUMN sees_contacts INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
     CREATE TABLE suggestion_units (
         unit_id TEXT NOT NULL, suggestion_id TEXT NOT NULL, PRIMARY KEY (unit_id, suggestion_id)) WITHOUT ROWID;
     CREATE TABLE handling_steps (
         step_id TEXT PRIMARY KEY, target_id TEXT NOT NULL, account_id TEXT NOT NULL, at_millis INTEGER NOT NULL);
     CREATE TABLE opinion_handling (
         opinion_id TEXT PRIMARY KEY, status TEXT NOT NULL, unit_id TEXT, body TEXT NOT NULL);
     CREATE INDEX opinion_handling_by_unit ON opinion_handling(unit_id);",
];

pub fn current_version(connection: &Connection) -> Result<u32, DbError> {
    Ok(connection.query_row("PRAGMA user_version", [], |row| row.get::<_, u32>(0))?)
}

/// The schema version this build expects.
pub fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

pub fn migrate(connection: &mut Connection) -> Result<(), DbError> {
    let mut version = current_version(connection)?;
    if version > latest_version() {
        return Err(DbError::Other(format!(
            "the database has schema version {version}, newer than this server's {}; use a newer server",
            latest_version()
        )));
    }
    while (version as usize) < MIGRATIONS.len() {
        let transaction = connection.transaction()?;
        transaction.execute_batch(MIGRATIONS[version as usize])?;
        version += 1;
        transaction.pragma_update(None, "user_version", version)?;
        transaction.commit()?;
    }
    Ok(())
}
