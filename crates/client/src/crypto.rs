//! Encryption of personal data at rest on the device (a constituent's contact), with Web
//! Crypto: AES-GCM 256 under a key generated in the browser as **non-extractable** — its
//! bytes can be used for encrypting and decrypting here but never read out, exported or
//! sent — and kept in IndexedDB (`meta`, key [`CONTACT_KEY`]) as a `CryptoKey` object.
//! Signing out wipes the key with the rest of the personal data.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::storage::{LocalStore, StorageError};

pub const CONTACT_KEY: &str = "contact_key";

/// A text encrypted with the device key: the random 12-byte IV and the ciphertext (with
/// its authentication tag).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SealedText {
    pub iv: Vec<u8>,
    pub data: Vec<u8>,
}

fn failed(what: &str, error: JsValue) -> StorageError {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default();
    StorageError(format!("{what}: {detail}"))
}

fn subtle() -> Result<web_sys::SubtleCrypto, StorageError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| StorageError("this browser has no Web Crypto".into()))?;
    Ok(crypto.subtle())
}

fn algorithm(iv: Option<&[u8]>) -> Object {
    let object = Object::new();
    crate::error::warn_on_failure(
        "a crypto parameter",
        Reflect::set(&object, &"name".into(), &"AES-GCM".into()),
    );
    match iv {
        Some(iv) => {
            crate::error::warn_on_failure(
                "a crypto parameter",
                Reflect::set(&object, &"iv".into(), &Uint8Array::from(iv)),
            );
        }
        None => {
            crate::error::warn_on_failure(
                "a crypto parameter",
                Reflect::set(&object, &"length".into(), &JsValue::from(256)),
            );
        }
    }
    object
}

/// The device key, made on first use.
pub async fn contact_key(store: &LocalStore) -> Result<CryptoKey, StorageError> {
    if let Some(value) = store.get_meta_value(CONTACT_KEY).await? {
        if let Ok(key) = value.dyn_into::<CryptoKey>() {
            return Ok(key);
        }
    }
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let promise = subtle()?
        .generate_key_with_object(&algorithm(None), false, &usages)
        .map_err(|e| failed("cannot make the device key", e))?;
    let key: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(|e| failed("cannot make the device key", e))?
        .unchecked_into();
    store.put_meta_value(CONTACT_KEY, &key).await?;
    Ok(key)
}

/// Encrypts `text` under `key` with a fresh random IV.
pub async fn seal(key: &CryptoKey, text: &str) -> Result<SealedText, StorageError> {
    let mut iv = [0u8; 12];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| StorageError("this browser has no Web Crypto".into()))?
        .get_random_values_with_u8_array(&mut iv)
        .map_err(|e| failed("no random numbers", e))?;
    let promise = subtle()?
        .encrypt_with_object_and_u8_array(&algorithm(Some(&iv)), key, text.as_bytes())
        .map_err(|e| failed("cannot encrypt", e))?;
    let buffer = JsFuture::from(promise).await.map_err(|e| failed("cannot encrypt", e))?;
    Ok(SealedText {
        iv: iv.to_vec(),
        data: Uint8Array::new(&buffer).to_vec(),
    })
}

/// Decrypts what [`seal`] made; a wrong key or altered bytes fail.
pub async fn open(key: &CryptoKey, sealed: &SealedText) -> Result<String, StorageError> {
    let promise = subtle()?
        .decrypt_with_object_and_u8_array(&algorithm(Some(&sealed.iv)), key, &sealed.data)
        .map_err(|e| failed("cannot decrypt", e))?;
    let buffer = JsFuture::from(promise).await.map_err(|e| failed("cannot decrypt", e))?;
    String::from_utf8(Uint8Array::new(&buffer).to_vec()).map_err(|e| StorageError(e.to_string()))
}
