//! Constituents' contacts sealed at rest: XChaCha20-Poly1305 under a 256-bit key kept in
//! a file beside the database (`contacts.key`, mode 0600), never inside it. A copy of the
//! database alone reveals no contact.
//!
//! A sealed value is text: `v1.<key id>.<base64 of nonce ‖ ciphertext>`. The key id (the
//! first 8 hex digits of the key's BLAKE2b hash) says which key opened it, so a key
//! rotation ([`rotate_contacts_key`]) can be interrupted at any point without losing a
//! contact: the new key is written as `contacts.key.next` first, every contact is resealed
//! in one transaction, and only then does the new key replace the old one. The item's id
//! is bound to the ciphertext as associated data, so a sealed contact moved to another
//! item does not open.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;
use blake2::{Blake2b512, Digest};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::{Connection, params};

use crate::db::DbError;

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "contacts.key";
/// A key being rotated in.
pub const NEXT_KEY_FILE: &str = "contacts.key.next";
/// A lock file held by the running server, so a rotation never runs beside it.
pub const LOCK_FILE: &str = "lvzhi.lock";

const PREFIX: &str = "v1";

/// One key and its id.
struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl Key {
    fn from_bytes(bytes: &[u8; 32]) -> Self {
        let digest = Blake2b512::digest(bytes);
        let id = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            id,
            cipher: XChaCha20Poly1305::new(bytes.into()),
        }
    }
}

/// The keys that open sealed contacts: the current one seals; an interrupted rotation's
/// other key may still open some.
pub struct ContactKeys {
    current: Key,
    other: Option<Key>,
}

fn key_error(path: &Path, error: impl std::fmt::Display) -> DbError {
    DbError::Key(format!("{}: {error}", path.display()))
}

fn read_key(path: &Path) -> Result<[u8; 32], DbError> {
    let text = std::fs::read_to_string(path).map_err(|e| key_error(path, e))?;
    let bytes = BASE64
        .decode(text.trim().trim_end_matches('='))
        .map_err(|e| key_error(path, format!("not a base64 key: {e}")))?;
    bytes.try_into().map_err(|_| key_error(path, "a key is 32 bytes"))
}

/// Writes a new random key to `path` with mode 0600, durably.
fn write_new_key(path: &Path) -> Result<[u8; 32], DbError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| key_error(path, format!("no randomness: {e}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| key_error(path, e))?;
    file.write_all(format!("{}\n", BASE64.encode(bytes)).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| key_error(path, e))?;
    sync_dir(path)?;
    Ok(bytes)
}

fn sync_dir(path: &Path) -> Result<(), DbError> {
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)
            .and_then(|dir| dir.sync_all())
            .map_err(|e| key_error(dir, e))?;
    }
    Ok(())
}

/// Whether any stored contact is sealed under the key with this id.
fn any_sealed_with(connection: &Connection, id: &str) -> Result<bool, DbError> {
    let pattern = format!("{PREFIX}.{id}.%");
    Ok(connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM opinion_items WHERE contact_sealed LIKE ?1)",
        params![pattern],
        |row| row.get::<_, bool>(0),
    )?)
}

impl ContactKeys {
    /// Loads `DIR/contacts.key`, creating it on first start. A `contacts.key.next` left by
    /// an interrupted rotation is finished (if every contact was already resealed under it)
    /// or discarded (if none was), and kept for opening either way until then.
    pub fn load_or_create(dir: &Path, connection: &Connection) -> Result<Self, DbError> {
        let path = dir.join(KEY_FILE);
        let next_path = dir.join(NEXT_KEY_FILE);
        if !path.exists() {
            write_new_key(&path)?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(|e| key_error(&path, e))?;
        }
        let current = Key::from_bytes(&read_key(&path)?);
        if next_path.exists() {
            let next = Key::from_bytes(&read_key(&next_path)?);
            if any_sealed_with(connection, &current.id)? {
                if any_sealed_with(connection, &next.id)? {
                    return Err(key_error(
                        &next_path,
                        "contacts are sealed under both keys; this cannot come from an interrupted rotation",
                    ));
                }
                // The rotation did not commit: the old key stays.
                std::fs::remove_file(&next_path).map_err(|e| key_error(&next_path, e))?;
            } else {
                // The rotation committed: finish it.
                std::fs::rename(&next_path, &path).map_err(|e| key_error(&path, e))?;
                sync_dir(&path)?;
                return Ok(Self {
                    current: next,
                    other: Some(current),
                });
            }
        }
        Ok(Self { current, other: None })
    }

    /// The current key's id.
    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// Seals `plain` for the item `item` (bound as associated data).
    pub fn seal(&self, item: &str, plain: &str) -> Result<String, DbError> {
        seal_with(&self.current, item, plain)
    }

    /// Opens a sealed contact of item `item`.
    pub fn open(&self, item: &str, sealed: &str) -> Result<String, DbError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(PREFIX), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(DbError::Corrupt(format!("sealed contact of {item}: unknown format")));
        };
        let key = [Some(&self.current), self.other.as_ref()]
            .into_iter()
            .flatten()
            .find(|key| key.id == id)
            .ok_or_else(|| DbError::Key(format!("contact of {item} is sealed under key {id}, which is not here")))?;
        let bytes = BASE64
            .decode(body)
            .map_err(|e| DbError::Corrupt(format!("sealed contact of {item}: {e}")))?;
        if bytes.len() < 24 {
            return Err(DbError::Corrupt(format!("sealed contact of {item}: too short")));
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let plain = key
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: item.as_bytes(),
                },
            )
            .map_err(|_| DbError::Corrupt(format!("sealed contact of {item} does not open: altered or moved")))?;
        String::from_utf8(plain).map_err(|e| DbError::Corrupt(format!("contact of {item}: {e}")))
    }
}

fn seal_with(key: &Key, item: &str, plain: &str) -> Result<String, DbError> {
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|e| DbError::Key(format!("no randomness for a nonce: {e}")))?;
    let ciphertext = key
        .cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain.as_bytes(),
                aad: item.as_bytes(),
            },
        )
        .map_err(|_| DbError::Key("sealing failed".into()))?;
    let mut bytes = nonce.to_vec();
    bytes.extend_from_slice(&ciphertext);
    Ok(format!("{PREFIX}.{}.{}", key.id, BASE64.encode(bytes)))
}

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The old key's id.
    pub from: String,
    /// The new key's id.
    pub to: String,
    /// Contacts resealed.
    pub resealed: usize,
}

/// Holds the data directory's lock file for as long as it lives.
pub struct DirLock {
    _file: std::fs::File,
    /// The lock file.
    pub path: PathBuf,
}

/// Takes the data directory's lock, or says that a server is using it.
pub fn lock_data_dir(dir: &Path) -> Result<DirLock, DbError> {
    let path = dir.join(LOCK_FILE);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path).map_err(|e| key_error(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file, path }),
        Err(std::fs::TryLockError::WouldBlock) => Err(DbError::Other(format!(
            "{} is in use by a running server; stop it first",
            dir.display()
        ))),
        Err(std::fs::TryLockError::Error(error)) => Err(key_error(&path, error)),
    }
}

/// Reseals every contact in `DIR` under a new key (the server must be stopped: the data
/// directory's lock is taken). Safe to interrupt at any point; see the module docs.
pub fn rotate_contacts_key(dir: &Path) -> Result<Rotation, DbError> {
    let _lock = lock_data_dir(dir)?;
    let path = dir.join(crate::db::DATABASE_FILE);
    if !path.exists() {
        return Err(DbError::Other(format!("there is no database at {}", path.display())));
    }
    let mut connection = Connection::open(&path)?;
    connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")?;
    let keys = ContactKeys::load_or_create(dir, &connection)?;
    let next_path = dir.join(NEXT_KEY_FILE);
    let next = Key::from_bytes(&write_new_key(&next_path)?);
    let transaction = connection.transaction()?;
    let rows: Vec<(String, String)> = {
        let mut statement =
            transaction.prepare("SELECT id, contact_sealed FROM opinion_items WHERE contact_sealed IS NOT NULL")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, sealed) in &rows {
        let plain = keys.open(id, sealed)?;
        transaction.execute(
            "UPDATE opinion_items SET contact_sealed = ?2 WHERE id = ?1",
            params![id, seal_with(&next, id, &plain)?],
        )?;
    }
    transaction.commit()?;
    connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    std::fs::rename(&next_path, dir.join(KEY_FILE)).map_err(|e| key_error(&next_path, e))?;
    sync_dir(&next_path)?;
    Ok(Rotation {
        from: keys.current.id.clone(),
        to: next.id,
        resealed: rows.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_open_only_for_their_item_and_never_repeat() {
        let key = Key::from_bytes(&[7u8; 32]);
        let keys = ContactKeys {
            current: key,
            other: None,
        };
        let a = keys.seal("item-1", "王女士 13800000000").unwrap();
        let b = keys.seal("item-1", "王女士 13800000000").unwrap();
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("13800000000"));
        assert_eq!(keys.open("item-1", &a).unwrap(), "王女士 13800000000");
        assert!(keys.open("item-2", &a).is_err(), "bound to its item");
        let mut altered = a.clone();
        altered.pop();
        altered.push(if a.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.open("item-1", &altered).is_err());
    }
}
