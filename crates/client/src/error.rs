//! The app's one error type: every failure a page or the sync loop can meet, with the words
//! for the user in their language and what to do ([`AppError::describe`]). Loaders return
//! `Result<_, AppError>`; the shell's `ErrorBoundary` shows any that reach it.

use crate::api::ApiError;
use crate::i18n::{Lang, WorkMsg};
use crate::storage::StorageError;

/// A failure the user must hear of.
#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The server could not be reached, refused, or answered strangely.
    Api(ApiError),
    /// This device's storage failed.
    Storage(StorageError),
    /// The rule sets received from the server cannot be used.
    BadRules(String),
    /// The server expects a change this browser no longer holds.
    MissingChange {
        /// The change's number.
        expected: u64,
    },
}

impl From<ApiError> for AppError {
    fn from(error: ApiError) -> Self {
        AppError::Api(error)
    }
}

impl From<crate::reference::RefreshError> for AppError {
    fn from(error: crate::reference::RefreshError) -> Self {
        match error {
            crate::reference::RefreshError::Api(error) => error.into(),
            crate::reference::RefreshError::Storage(error) => error.into(),
        }
    }
}

impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        AppError::Storage(error)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// The failure in the user's language, saying what to do.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            AppError::Api(ApiError::Network(_)) => WorkMsg::SyncErrorUnreachable.text(lang).to_owned(),
            AppError::Api(ApiError::Server { status: 401, .. }) => WorkMsg::SyncErrorSignedOut.text(lang).to_owned(),
            AppError::Api(ApiError::Server {
                status: 408 | 429 | 503,
                ..
            }) => WorkMsg::SyncErrorBusy.text(lang).to_owned(),
            AppError::Api(ApiError::Server { status, .. }) if *status >= 500 => {
                WorkMsg::SyncErrorServer.text(lang).to_owned()
            }
            AppError::Api(ApiError::Server { message, .. }) => {
                format!("{}{message}", WorkMsg::SyncErrorRefused.text(lang))
            }
            AppError::Api(ApiError::Unreadable(detail)) => format!("{}{detail}", WorkMsg::SyncErrorRefused.text(lang)),
            AppError::Storage(error) if error.is_quota() => WorkMsg::StorageFull.text(lang).to_owned(),
            AppError::Storage(error) => format!(
                "{}{}{}",
                WorkMsg::SyncErrorStorage.text(lang),
                error.0,
                WorkMsg::StorageWhatToDo.text(lang)
            ),
            AppError::BadRules(detail) => format!("{}{detail}", WorkMsg::BadRules.text(lang)),
            AppError::MissingChange { expected } => WorkMsg::SyncErrorMissingChange
                .text(lang)
                .replace("{n}", &expected.to_string()),
        }
    }

    /// Whether the server could not be reached at all.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, AppError::Api(ApiError::Network(_)))
    }

    /// Whether the server refused this for good (a 4xx other than "sign in", "too slow" or
    /// "too many"): sending it again unchanged would be refused again.
    pub fn is_refusal(&self) -> bool {
        matches!(self, AppError::Api(error) if error.is_refusal())
    }
}

impl ApiError {
    /// Whether the server refused this for good (see [`AppError::is_refusal`]).
    pub fn is_refusal(&self) -> bool {
        matches!(self, ApiError::Server { status, .. } if (400..500).contains(status) && ![401, 408, 429].contains(status))
    }
}

/// Logs a browser call's failure to the console, for calls whose failure changes nothing the
/// user relies on (remembering the language, focusing, printing, telling other tabs): the
/// failure is kept visible to whoever debugs, never dropped.
pub fn warn_on_failure<T>(what: &str, result: Result<T, wasm_bindgen::JsValue>) {
    if let Err(error) = result {
        web_sys::console::warn_2(&format!("{what} failed:").into(), &error);
    }
}
