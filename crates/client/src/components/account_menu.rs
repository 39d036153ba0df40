//! The header's account area: a sign-in link, or the signed-in name and a sign-out button
//! that warns about un-synced work before wiping this device's personal data.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};
use crate::session::{sign_out, unsynced_count, use_session};

#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let context = use_session();
    let on_sign_out = move |_| {
        leptos::task::spawn_local(async move {
            // On a storage error the count is unknown: the warning is given all the same.
            let warning = match unsynced_count().await {
                Ok(0) => None,
                Ok(pending) => Some(i18n.tc(Msg::UnsyncedSignOutWarning, pending)),
                Err(error) => Some(
                    i18n.t(Msg::UnknownUnsyncedSignOutWarning)
                        .replace("{error}", &error.to_string()),
                ),
            };
            if let Some(warning) = warning {
                let confirmed = web_sys::window()
                    .and_then(|w| w.confirm_with_message(&warning).ok())
                    .unwrap_or(false);
                if !confirmed {
                    return;
                }
            }
            if let Err(error) = sign_out(context).await {
                let words = crate::error::AppError::Storage(error).describe(i18n.lang.get_untracked());
                match web_sys::window().map(|window| window.alert_with_message(&words)) {
                    Some(Ok(())) => {}
                    _ => web_sys::console::error_1(&words.into()),
                }
            }
        });
    };
    view! {
        <div class="account">
            {move || match context.session.get() {
                Some(session) => view! {
                    <span class="account-name" id="account-name">{session.account.display_name.clone()}</span>
                    <button type="button" class="button" id="sign-out" on:click=on_sign_out>{i18n.tt(Msg::SignOut)}</button>
                }
                .into_any(),
                None => view! { <a class="button" href=crate::profile::app_path("/signin") id="sign-in-link">{i18n.tt(Msg::SignIn)}</a> }.into_any(),
            }}
        </div>
    }
}
