//! Session tokens: 256 random bits given to the client once; only their BLAKE2b hash is
//! stored, so a copy of the database does not let anyone sign in.
//!
//! A session ends at its expiry, after being unused for the idle limit, when it is revoked
//! (sign-out, "my sessions", sign out everywhere), or when its account opens more sessions
//! than allowed (the least recently used goes). Checking a token uses a read connection;
//! the last-use time is written at most once a minute per session, off the request path.

use blake2::{Blake2b512, Digest};
use lvzhi_domain::api::{AccountSummary, SessionSummary, SignedIn};
use rusqlite::{OptionalExtension, params};

use super::accounts::{SUMMARY_COLUMNS, summary, summary_from_row};
use super::{Database, DbError};

/// How stale the stored last use may get before it is written again.
pub const TOUCH_EVERY_MILLIS: i64 = 60_000;

fn token_hash(token: &str) -> String {
    let digest = Blake2b512::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn random_hex(bytes: usize) -> Result<String, DbError> {
    let mut secret = vec![0u8; bytes];
    getrandom::fill(&mut secret).map_err(|error| DbError::Other(format!("no randomness: {error}")))?;
    Ok(secret.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Now, in milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

/// The account behind a valid session token.
#[derive(Debug, Clone)]
pub struct SessionAccount {
    /// Who is signed in.
    pub account: AccountSummary,
    /// The session's public id.
    pub session_id: String,
    /// When it expires at the latest.
    pub expires_at_millis: i64,
    /// When it was last used, as stored.
    pub last_seen_millis: i64,
}

/// One session as listed to its owner.
pub type SessionInfo = SessionSummary;

/// Session rules taken from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct SessionRules {
    /// A session's whole life.
    pub lifetime_millis: i64,
    /// Unused this long, it ends.
    pub idle_millis: i64,
    /// Sessions per account.
    pub per_account: usize,
}

impl Database {
    /// Opens a session for `account` and returns its token (shown once). Beyond the
    /// per-account limit the least recently used sessions end.
    pub async fn open_session(
        &self,
        account: AccountSummary,
        user_agent: String,
        rules: SessionRules,
    ) -> Result<(SignedIn, String), DbError> {
        self.call(move |connection| {
            let token = random_hex(32)?;
            let id = random_hex(8)?;
            let now = now_millis();
            let expires_at_millis = now + rules.lifetime_millis;
            let transaction = connection.transaction()?;
            transaction.execute(
                "INSERT INTO auth_sessions (token_hash, id, account_id, created_at_millis, expires_at_millis, last_seen_millis, user_agent)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6)",
                params![token_hash(&token), id, account.id.to_string(), now, expires_at_millis, user_agent],
            )?;
            transaction.execute(
                "DELETE FROM auth_sessions WHERE account_id = ?1 AND token_hash NOT IN (
                     SELECT token_hash FROM auth_sessions WHERE account_id = ?1
                     ORDER BY last_seen_millis DESC, created_at_millis DESC LIMIT ?2)",
                params![account.id.to_string(), rules.per_account as i64],
            )?;
            transaction.commit()?;
            Ok((
                SignedIn {
                    token,
                    expires_at_millis,
                    account,
                },
                id,
            ))
        })
        .await
    }

    /// The account behind a token, if the session exists, has not expired and was used
    /// within the idle limit. Read without the writer.
    pub async fn session(&self, token: String, idle_millis: i64) -> Result<Option<SessionAccount>, DbError> {
        self.read(move |connection| {
            let now = now_millis();
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS}, s.expires_at_millis, s.id, s.last_seen_millis
                 FROM auth_sessions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.token_hash = ?1 AND s.expires_at_millis > ?2 AND s.last_seen_millis > ?3"
            );
            let row = connection
                .query_row(&sql, params![token_hash(&token), now, now - idle_millis], |row| {
                    Ok((
                        summary_from_row(row)?,
                        row.get::<_, i64>(8)?,
                        row.get::<_, String>(9)?,
                        row.get::<_, i64>(10)?,
                    ))
                })
                .optional()?;
            row.map(|(fields, expires_at_millis, session_id, last_seen_millis)| {
                Ok(SessionAccount {
                    account: summary(fields)?,
                    session_id,
                    expires_at_millis,
                    last_seen_millis,
                })
            })
            .transpose()
        })
        .await
    }

    /// Records that a session was used now.
    pub async fn touch_session(&self, session_id: String) -> Result<(), DbError> {
        self.call(move |connection| {
            connection.execute(
                "UPDATE auth_sessions SET last_seen_millis = ?2 WHERE id = ?1",
                params![session_id, now_millis()],
            )?;
            Ok(())
        })
        .await
    }

    /// Revokes a token. Returns whether it existed.
    pub async fn sign_out(&self, token: String) -> Result<bool, DbError> {
        self.call(move |connection| {
            Ok(connection.execute(
                "DELETE FROM auth_sessions WHERE token_hash = ?1",
                params![token_hash(&token)],
            )? > 0)
        })
        .await
    }

    /// An account's live sessions, most recently used first; `current` marks one.
    pub async fn sessions_of(
        &self,
        account: String,
        current: String,
        idle_millis: i64,
    ) -> Result<Vec<SessionInfo>, DbError> {
        self.read(move |connection| {
            let now = now_millis();
            let mut statement = connection.prepare(
                "SELECT id, created_at_millis, last_seen_millis, expires_at_millis, user_agent FROM auth_sessions
                 WHERE account_id = ?1 AND expires_at_millis > ?2 AND last_seen_millis > ?3
                 ORDER BY last_seen_millis DESC",
            )?;
            let rows = statement.query_map(params![account, now, now - idle_millis], |row| {
                let id: String = row.get(0)?;
                Ok(SessionInfo {
                    current: id == current,
                    id,
                    created_at_millis: row.get(1)?,
                    last_seen_millis: row.get(2)?,
                    expires_at_millis: row.get(3)?,
                    user_agent: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Ends one of an account's sessions. Returns whether it was theirs and existed.
    pub async fn revoke_session(&self, account: String, id: String) -> Result<bool, DbError> {
        self.call(move |connection| {
            Ok(connection.execute(
                "DELETE FROM auth_sessions WHERE account_id = ?1 AND id = ?2",
                params![account, id],
            )? > 0)
        })
        .await
    }

    /// Ends every session of an account ("sign out everywhere"). Returns how many.
    pub async fn revoke_all_sessions(&self, account: String) -> Result<usize, DbError> {
        self.call(move |connection| {
            Ok(connection.execute("DELETE FROM auth_sessions WHERE account_id = ?1", params![account])?)
        })
        .await
    }

    /// Deletes sessions past their expiry or idle limit, and audit entries older than
    /// `audit_keep_millis`. Returns how many sessions went.
    pub async fn purge_expired(&self, idle_millis: i64, audit_keep_millis: i64) -> Result<usize, DbError> {
        self.call(move |connection| {
            let now = now_millis();
            let sessions = connection.execute(
                "DELETE FROM auth_sessions WHERE expires_at_millis <= ?1 OR last_seen_millis <= ?2",
                params![now, now - idle_millis],
            )?;
            connection.execute(
                "DELETE FROM audit_log WHERE at_millis < ?1",
                params![now - audit_keep_millis],
            )?;
            Ok(sessions)
        })
        .await
    }
}
