//! The signed-in account, kept in IndexedDB so a deputy stays signed in offline until the
//! session expires or they sign out. Signing out revokes the token when online and wipes
//! the personal data on this device.

use leptos::prelude::*;
use lvzhi_domain::api::SignedIn;

use crate::storage::{LocalStore, StorageError};

/// The `meta` key holding the session.
pub const SESSION_KEY: &str = "session";

/// The signed-in account, shared by every page.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// The session, once loaded; `None` when signed out.
    pub session: RwSignal<Option<SignedIn>>,
    /// Why the stored session could not be read: the device's storage failed, which is not
    /// the same as being signed out, and the shell says so.
    pub load_error: RwSignal<Option<StorageError>>,
    /// Set when this device's data went while the app was closed (storage evicted or site
    /// data cleared): the un-synced count it last had, now lost.
    pub lost_before_start: RwSignal<Option<usize>>,
}

fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Creates the session context and loads a stored, unexpired session; call once at the root.
pub fn provide_session() -> SessionContext {
    let context = SessionContext {
        session: RwSignal::new(None),
        load_error: RwSignal::new(None),
        lost_before_start: RwSignal::new(None),
    };
    provide_context(context);
    leptos::task::spawn_local(async move {
        match load().await {
            Ok(Some(stored)) => context.session.set(Some(stored)),
            Ok(None) => {}
            Err(error) => context.load_error.set(Some(error)),
        }
        // The load opened the database: it knows whether the data went since the last run.
        context
            .lost_before_start
            .set(crate::storage::eviction::lost_before_start());
    });
    context
}

/// The session context provided at the root.
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// The session handed over by the other app's sign-in page (kept here from now on), or else
/// the stored session, if there is one and it has not expired; a storage failure is an
/// error, never "signed out".
async fn load() -> Result<Option<SignedIn>, StorageError> {
    let store = LocalStore::open().await?;
    let mut session: Option<SignedIn> = store.get_meta_json(SESSION_KEY).await?;
    if let Some(handed) = crate::handoff::take()? {
        // Never over another account's session: its un-synced data is still on this device.
        let same_or_none = session.as_ref().is_none_or(|kept| kept.account.id == handed.account.id);
        if same_or_none {
            store.put_meta_json(SESSION_KEY, &handed).await?;
            session = Some(handed);
        } else {
            web_sys::console::warn_1(
                &"a session was handed over while another account is signed in here; it was not kept".into(),
            );
        }
    }
    Ok(session.filter(|session| session.expires_at_millis > now_millis()))
}

/// Remembers a new session on this device.
pub async fn remember(context: SessionContext, signed_in: SignedIn) -> Result<(), StorageError> {
    let store = LocalStore::open().await?;
    store.put_meta_json(SESSION_KEY, &signed_in).await?;
    context.session.set(Some(signed_in));
    Ok(())
}

/// How many changes on this device (records, notes, opinion items, receipts) the server has
/// not acknowledged. A storage failure is an error, never a count of 0.
pub async fn unsynced_count() -> Result<usize, StorageError> {
    let store = LocalStore::open().await?;
    Ok(store.outbox_len().await? as usize
        + crate::replies::unsynced_count(&store).await?
        + crate::opinions::unsynced_count(&store).await?
        + crate::suggestions::unsynced_count(&store).await?
        + crate::handling::unsynced_count(&store).await?)
}

/// Revokes the token (when the server can be reached) and wipes personal data here.
pub async fn sign_out(context: SessionContext) -> Result<(), StorageError> {
    if let Some(session) = context.session.get_untracked() {
        // Best effort by design: offline, the token cannot be revoked and simply expires on
        // the server (the user can end it from /sync on another device); the local data
        // goes now either way.
        if let Err(error) = crate::api::delete("/api/session", &session.token).await {
            web_sys::console::warn_1(&format!("the session could not be ended on the server: {error}").into());
        }
    }
    LocalStore::open().await?.wipe_personal_data().await?;
    crate::storage::eviction::forget_unsynced();
    context.session.set(None);
    Ok(())
}
