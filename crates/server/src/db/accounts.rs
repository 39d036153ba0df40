//! Accounts and password checks (argon2id).
//!
//! Password checks are expensive on purpose, so they never run on a database connection:
//! the account is read from a read connection, and the hash is checked on a blocking
//! thread under [`PasswordCheck`], which bounds how many run at once.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use lvzhi_domain::api::{AccountSummary, Role};
use lvzhi_domain::ids::{AccountId, DeputyId};
use rusqlite::{OptionalExtension, params};

use super::{Database, DbError};

/// An argon2id hash of `password` with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, DbError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| DbError::Other(format!("no randomness for a salt: {error}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|error| DbError::Other(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| DbError::Other(format!("cannot hash a password: {error}")))
}

/// A hash checked when the login is unknown, so the answer takes as long as for a real one.
fn decoy_hash() -> Result<&'static str, DbError> {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return Ok(hash);
    }
    let hash = hash_password("decoy password that matches nothing")?;
    Ok(DECOY.get_or_init(|| hash))
}

/// An account as stored, with its password hash.
#[derive(Debug, Clone)]
pub struct StoredAccount {
    /// Who it is.
    pub summary: AccountSummary,
    /// Its argon2id hash.
    pub password_hash: String,
}

pub(super) type SummaryFields = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
);

/// The account columns [`summary_from_row`] reads, in its order (prefix `a.` in joins).
pub(super) const SUMMARY_COLUMNS: &str =
    "a.id, a.login, a.display_name, a.role, a.deputy_id, a.scope, a.unit_id, a.sees_contacts";

pub(super) fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SummaryFields> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

pub(super) fn summary(fields: SummaryFields) -> Result<AccountSummary, DbError> {
    let (id, login, display_name, role, deputy, scope, unit, sees_contacts) = fields;
    let corrupt = |what: &str| DbError::Corrupt(format!("account {id}: bad {what}"));
    Ok(AccountSummary {
        id: AccountId::parse_field(&id, "id").map_err(|_| corrupt("id"))?,
        role: Role::parse_field(&role, "role").map_err(|_| corrupt("role"))?,
        deputy: deputy
            .map(|text| DeputyId::parse_field(&text, "deputy"))
            .transpose()
            .map_err(|_| corrupt("deputy"))?,
        scope: match scope {
            None => lvzhi_domain::staff::StaffScope::everyone(),
            Some(text) => serde_json::from_str(&text).map_err(|_| corrupt("scope"))?,
        },
        unit: unit
            .map(|text| lvzhi_domain::ids::UnitId::parse_field(&text, "unit"))
            .transpose()
            .map_err(|_| corrupt("unit"))?,
        sees_contacts,
        login,
        display_name,
    })
}

impl Database {
    /// The account with this login, read without the writer.
    pub async fn account_by_login(&self, login: String) -> Result<Option<StoredAccount>, DbError> {
        self.read(move |connection| {
            let sql = format!("SELECT {SUMMARY_COLUMNS}, a.password_hash FROM accounts a WHERE a.login = ?1");
            let row = connection
                .query_row(&sql, params![login.trim()], |row| {
                    Ok((summary_from_row(row)?, row.get::<_, String>(8)?))
                })
                .optional()?;
            row.map(|(fields, password_hash)| {
                Ok(StoredAccount {
                    summary: summary(fields)?,
                    password_hash,
                })
            })
            .transpose()
        })
        .await
    }
}

/// Checks passwords on blocking threads, at most `at_once` at a time; a check that cannot
/// start within `wait` is refused as busy rather than queued without end.
pub struct PasswordCheck {
    permits: tokio::sync::Semaphore,
    wait: Duration,
}

/// Why a password was not checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// Too many checks are waiting.
    #[error("too many sign-ins at once; try again in a moment")]
    Busy,
    /// The stored hash or the worker failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl PasswordCheck {
    /// At most `at_once` checks at a time.
    pub fn new(at_once: usize, wait: Duration) -> Self {
        Self {
            permits: tokio::sync::Semaphore::new(at_once.max(1)),
            wait,
        }
    }

    /// Whether `password` matches `stored` (or, with no account, spends the same effort on a
    /// decoy and answers false).
    pub async fn verify(&self, stored: Option<String>, password: String) -> Result<bool, CheckError> {
        let _permit = tokio::time::timeout(self.wait, self.permits.acquire())
            .await
            .map_err(|_| CheckError::Busy)?
            .map_err(|_| CheckError::Busy)?;
        let known = stored.is_some();
        let hash = match stored {
            Some(hash) => hash,
            None => decoy_hash()?.to_owned(),
        };
        let matches = tokio::task::spawn_blocking(move || -> Result<bool, DbError> {
            let parsed =
                PasswordHash::new(&hash).map_err(|error| DbError::Corrupt(format!("password hash: {error}")))?;
            Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(|error| DbError::Worker(error.to_string()))??;
        Ok(known && matches)
    }
}
