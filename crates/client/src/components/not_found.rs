//! The page for any path an app's router does not know.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{i18n.tt(Msg::NotFoundTitle)}</h1>
            <p>{i18n.tt(Msg::NotFoundBody)}</p>
            <p><a href=crate::profile::app_path("")>{i18n.tt(Msg::BackHome)}</a></p>
        </section>
    }
}
