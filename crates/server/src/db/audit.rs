//! The audit log of security events in SQLite: what happened, to which account, under
//! which request id — and no personal data (no logins typed, no addresses, no contents).

use rusqlite::params;

use super::{Database, DbError};

lvzhi_domain::define_choice!(
    /// A security event worth keeping.
    AuditEvent {
        /// A sign-in succeeded.
        SignIn = "sign_in",
        /// A password was wrong (the account, when the login exists).
        SignInFailed = "sign_in_failed",
        /// A sign-in was refused by throttling.
        SignInThrottled = "sign_in_throttled",
        /// A session was signed out.
        SignOut = "sign_out",
        /// One session was revoked from "my sessions".
        SessionRevoked = "session_revoked",
        /// Every session of an account was ended.
        SignOutEverywhere = "sign_out_everywhere",
        /// An authenticated request was refused (403).
        Forbidden = "forbidden",
        /// A quota or rate limit refused a request (429).
        RateLimited = "rate_limited",
        /// A pushed change was refused or found in conflict.
        MutationRefused = "mutation_refused",
        /// Staff approved a record.
        StaffApproved = "staff_approved",
        /// Staff rejected a record.
        StaffRejected = "staff_rejected",
        /// Staff opened a constituent's contact on an opinion item.
        ContactViewed = "contact_viewed",
    }
);

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditRecord {
    /// Milliseconds since the Unix epoch.
    pub at_millis: i64,
    /// What happened.
    pub event: AuditEvent,
    /// The account concerned, when known.
    pub account: Option<String>,
    /// The request it happened in, as in the server's log.
    pub request_id: String,
    /// A non-personal detail: a refusal code, a record id, a count.
    pub detail: String,
}

impl Database {
    /// Appends entries in one transaction.
    pub async fn append_audit(&self, records: Vec<AuditRecord>) -> Result<(), DbError> {
        self.call(move |connection| {
            let transaction = connection.transaction()?;
            {
                let mut statement = transaction.prepare_cached(
                    "INSERT INTO audit_log (at_millis, event, account_id, request_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for record in &records {
                    statement.execute(params![
                        record.at_millis,
                        record.event.code(),
                        record.account,
                        record.request_id,
                        record.detail
                    ])?;
                }
            }
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    /// The latest `limit` entries, newest first.
    pub async fn audit_recent(&self, limit: u32) -> Result<Vec<AuditRecord>, DbError> {
        self.read(move |connection| {
            let mut statement = connection.prepare(
                "SELECT at_millis, event, account_id, request_id, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = statement.query_map(params![limit], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })?;
            let mut records = Vec::new();
            for row in rows {
                let (at_millis, event, account, request_id, detail) = row?;
                let event = AuditEvent::parse_field(&event, "event").map_err(|e| DbError::Corrupt(e.to_string()))?;
                records.push(AuditRecord {
                    at_millis,
                    event,
                    account,
                    request_id,
                    detail,
                });
            }
            Ok(records)
        })
        .await
    }
}
