//! Accounts, password checks (argon2id) and session tokens.
//!
//! A session token is 256 random bits, given to the client once; only its BLAKE2b hash is
//! stored, so a copy of the database does not let anyone sign in. Tokens expire after
//! [`SESSION_LIFETIME_MILLIS`]; signing out deletes the row.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use blake2::{Blake2b512, Digest};
use lvzhi_domain::api::{AccountSummary, Role, SignedIn};
use lvzhi_domain::ids::{AccountId, DeputyId};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Database, DbError};

/// Thirty days: a deputy stays signed in through weeks of field visits offline.
pub const SESSION_LIFETIME_MILLIS: i64 = 30 * 24 * 3_600_000;

pub fn hash_password(password: &str) -> Result<String, DbError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| DbError::Other(format!("no randomness for a salt: {error}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|error| DbError::Other(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| DbError::Other(format!("cannot hash a password: {error}")))
}

fn token_hash(token: &str) -> String {
    let digest = Blake2b512::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

/// The account behind a valid session token.
#[derive(Debug, Clone)]
pub struct SessionAccount {
    pub account: AccountSummary,
    pub expires_at_millis: i64,
}

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String, String, Option<String>)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
}

fn summary(fields: (String, String, String, String, Option<String>)) -> Result<AccountSummary, DbError> {
    let (id, login, display_name, role, deputy) = fields;
    let corrupt = |what: &str| DbError::Corrupt(format!("account {login}: bad {what}"));
    Ok(AccountSummary {
        id: AccountId::parse_field(&id, "id").map_err(|_| corrupt("id"))?,
        role: Role::parse_field(&role, "role").map_err(|_| corrupt("role"))?,
        deputy: deputy
            .map(|text| DeputyId::parse_field(&text, "deputy"))
            .transpose()
            .map_err(|_| corrupt("deputy"))?,
        login,
        display_name,
    })
}

impl Database {
    /// Checks a login and password; on success opens a session. `None` when they do not match.
    pub async fn sign_in(&self, login: String, password: String) -> Result<Option<SignedIn>, DbError> {
        self.call(move |connection| sign_in(connection, &login, &password))
            .await
    }

    /// The account behind a token, if the token is known and not expired.
    pub async fn session(&self, token: String) -> Result<Option<SessionAccount>, DbError> {
        self.call(move |connection| {
            let row = connection
                .query_row(
                    "SELECT a.id, a.login, a.display_name, a.role, a.deputy_id, s.expires_at_millis
                     FROM auth_sessions s JOIN accounts a ON a.id = s.account_id
                     WHERE s.token_hash = ?1 AND s.expires_at_millis > ?2",
                    params![token_hash(&token), now_millis()],
                    |row| Ok((summary_from_row(row)?, row.get::<_, i64>(5)?)),
                )
                .optional()?;
            row.map(|(fields, expires_at_millis)| {
                Ok(SessionAccount {
                    account: summary(fields)?,
                    expires_at_millis,
                })
            })
            .transpose()
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
}

fn sign_in(connection: &mut Connection, login: &str, password: &str) -> Result<Option<SignedIn>, DbError> {
    let row = connection
        .query_row(
            "SELECT id, login, display_name, role, deputy_id, password_hash FROM accounts WHERE login = ?1",
            params![login.trim()],
            |row| Ok((summary_from_row(row)?, row.get::<_, String>(5)?)),
        )
        .optional()?;
    let Some((fields, stored_hash)) = row else {
        // Spend the same effort as a real check so timing does not reveal which logins exist.
        let _ = hash_password(password);
        return Ok(None);
    };
    let parsed =
        PasswordHash::new(&stored_hash).map_err(|error| DbError::Corrupt(format!("password hash: {error}")))?;
    if Argon2::default().verify_password(password.as_bytes(), &parsed).is_err() {
        return Ok(None);
    }
    let account = summary(fields)?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|error| DbError::Other(format!("no randomness for a token: {error}")))?;
    let token: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
    let now = now_millis();
    let expires_at_millis = now + SESSION_LIFETIME_MILLIS;
    connection.execute(
        "INSERT INTO auth_sessions (token_hash, account_id, created_at_millis, expires_at_millis) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash(&token), account.id.to_string(), now, expires_at_millis],
    )?;
    Ok(Some(SignedIn {
        token,
        expires_at_millis,
        account,
    }))
}
