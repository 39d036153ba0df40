//! Any path the router does not know.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundBody)}</p>
            <p><a href=crate::paths::app_path("/")>{move || i18n.t(Msg::BackHome)}</a></p>
        </section>
    }
}
