//! What the shell's `ErrorBoundary` shows when a page's loader fails: each error in the
//! user's language with what to do, and a way to try again. Nothing is hidden behind an
//! empty list.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{WorkMsg, use_i18n};

/// The fallback of the shell's `ErrorBoundary`.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = move || {
        let lang = i18n.lang.get();
        errors
            .get()
            .into_iter()
            .map(|(_, error)| match error.downcast_ref::<AppError>() {
                Some(known) => known.describe(lang),
                None => error.to_string(),
            })
            .collect::<Vec<_>>()
    };
    let reload = move |_| {
        if let Some(window) = web_sys::window() {
            if let Err(error) = window.location().reload() {
                web_sys::console::error_1(&error);
            }
        }
    };
    view! {
        <section class="card error-panel" role="alert" id="error-panel">
            <h1>{i18n.tw(WorkMsg::PageFailed)}</h1>
            <ul>{move || lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <button type="button" class="button primary" on:click=reload>{i18n.tw(WorkMsg::TryAgain)}</button>
        </section>
    }
}
