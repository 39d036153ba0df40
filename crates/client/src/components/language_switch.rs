//! A select box for the interface language; the choice is remembered.

use leptos::prelude::*;

use crate::i18n::{Lang, Msg, use_i18n};

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |event: leptos::ev::Event| {
        if let Ok(lang) = Lang::parse_field(&event_target_value(&event), "lang") {
            i18n.set(lang);
        }
    };
    view! {
        <label class="language-switch">
            <span class="visually-hidden">{i18n.tt(Msg::Language)}</span>
            <select id="language" on:change=on_change prop:value=move || i18n.lang.get().code()>
                {Lang::ALL
                    .iter()
                    .map(|lang| view! { <option value=lang.code() lang=lang.code()>{lang.native_name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
