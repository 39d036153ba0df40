//! `/staff/`: who is signed in, and what the console offers; a sign-in prompt otherwise.

use leptos::prelude::*;
use lvzhi_client::i18n::{Msg, use_i18n};
use lvzhi_client::session::use_session;

use crate::i18n::{StaffMsg, ts};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::Welcome)}</h1>
            {move || match session.session.get() {
                Some(signed_in) => {
                    let name = signed_in.account.display_name.clone();
                    view! {
                        <p id="staff-signed-in">{move || StaffMsg::SignedInAs.text(i18n.lang.get()).replace("{name}", &name)}</p>
                        <p>{ts(i18n, StaffMsg::WhatComesHere)}</p>
                    }
                    .into_any()
                }
                None => view! {
                    <p>{ts(i18n, StaffMsg::SignInPrompt)}</p>
                    <p><a class="button primary" href=lvzhi_client::profile::app_path("/signin")>{i18n.tt(Msg::SignIn)}</a></p>
                }
                .into_any(),
            }}
            <p><a href="/">{ts(i18n, StaffMsg::PublicSite)}</a></p>
        </section>
    }
}
