//! Sending a new session to the app made for its role. The deputy's workspace and the staff
//! console each keep their own session in their own database; when a staff account signs in
//! on the deputy's sign-in page (or a deputy on the console's), the page hands the session to
//! the other app through `sessionStorage` — same origin, this tab only — and goes there. The
//! receiving app takes it at start ([`take`]), removes it, and keeps it in its own database.
//! Nothing is stored in the app that was signed in to by mistake.

use lvzhi_domain::api::SignedIn;

use crate::profile::{self, AppProfile};
use crate::storage::StorageError;

/// The `sessionStorage` key of a session on its way to another app.
const HANDOFF_KEY: &str = "lvzhi.handoff";

fn session_storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError("no window to keep the session in".into()))?;
    match window.session_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(StorageError(
            "this browser keeps no session storage for the page".into(),
        )),
        Err(_) => Err(StorageError("the browser refused this page its session storage".into())),
    }
}

/// The app that `signed_in` belongs in, when it is not the running one.
pub fn destination(signed_in: &SignedIn) -> Option<&'static AppProfile> {
    let target = profile::for_role(signed_in.account.role);
    (target.role != profile::active().role).then_some(target)
}

/// Hands `signed_in` to `target` and opens that app in this tab.
pub fn hand_to(target: &AppProfile, signed_in: &SignedIn) -> Result<(), StorageError> {
    let text = serde_json::to_string(signed_in).map_err(|error| StorageError(error.to_string()))?;
    session_storage()?
        .set_item(HANDOFF_KEY, &text)
        .map_err(|_| StorageError("the session could not be handed to the other app".into()))?;
    let location = web_sys::window()
        .map(|window| window.location())
        .ok_or_else(|| StorageError("no window to open the other app in".into()))?;
    location
        .assign(&format!("{}/", target.base))
        .map_err(|_| StorageError("the other app could not be opened".into()))
}

/// The session handed to the running app, if there is one for its role; removed as it is read.
pub fn take() -> Result<Option<SignedIn>, StorageError> {
    let storage = session_storage()?;
    let text = match storage.get_item(HANDOFF_KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(None),
        Err(_) => return Err(StorageError("the handed-over session could not be read".into())),
    };
    storage
        .remove_item(HANDOFF_KEY)
        .map_err(|_| StorageError("the handed-over session could not be removed".into()))?;
    let signed_in: SignedIn = serde_json::from_str(&text).map_err(|error| StorageError(error.to_string()))?;
    Ok((profile::for_role(signed_in.account.role).role == profile::active().role).then_some(signed_in))
}
