//! The sign-in page of both apps: sign in once online; the session then works offline until
//! it expires. An account of another role is sent to its own app (`crate::handoff`).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use lvzhi_domain::api::{SignInRequest, SignedIn};

use crate::api::{self, ApiError};
use crate::i18n::{Msg, use_i18n};
use crate::session::{remember, use_session};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = SignInRequest {
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result: Result<SignedIn, ApiError> = api::post_json("/api/session", &request, None).await;
            match result {
                Ok(signed_in) => {
                    let kept = match crate::handoff::destination(&signed_in) {
                        Some(target) => crate::handoff::hand_to(target, &signed_in),
                        None => remember(session, signed_in)
                            .await
                            .map(|()| navigate("/", Default::default())),
                    };
                    if let Err(failure) = kept {
                        error.set(Some(
                            crate::error::AppError::Storage(failure).describe(i18n.lang.get_untracked()),
                        ));
                    }
                }
                Err(ApiError::Server { status: 401, .. }) => error.set(Some(i18n.t(Msg::WrongCredentials).into())),
                Err(ApiError::Server { status: 429, .. }) => error.set(Some(i18n.t(Msg::TooManySignInAttempts).into())),
                Err(ApiError::Server { status: 503, .. }) => error.set(Some(i18n.t(Msg::ServerBusy).into())),
                Err(ApiError::Network(_)) => error.set(Some(i18n.t(Msg::SignInNeedsNetwork).into())),
                Err(other) => error.set(Some(other.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card narrow">
            <h1>{i18n.tt(Msg::SignIn)}</h1>
            <form class="form" on:submit=submit>
                <label for="login">{i18n.tt(Msg::Login)}</label>
                <input id="login" name="login" autocomplete="username" required
                    prop:value=move || login.get() on:input=move |e| login.set(event_target_value(&e))/>
                <label for="password">{i18n.tt(Msg::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e))/>
                <Show when=move || error.get().is_some()>
                    <p class="form-error" role="alert" id="sign-in-error">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit" class="button primary" prop:disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::SigningIn) } else { i18n.t(Msg::SignInButton) }}
                </button>
            </form>
        </section>
    }
}
