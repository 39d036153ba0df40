//! Whether the browser believes it is online, as a signal that follows the `online` and
//! `offline` events.

use leptos::ev;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct OnlineStatus(pub ReadSignal<bool>);

/// Creates the online signal; call once at the root.
pub fn provide_online_status() -> OnlineStatus {
    let initially = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
    let (online, set_online) = signal(initially);
    let on = window_event_listener(ev::online, move |_| set_online.set(true));
    let off = window_event_listener(ev::offline, move |_| set_online.set(false));
    // The listeners live as long as the app.
    std::mem::forget((on, off));
    let status = OnlineStatus(online);
    provide_context(status);
    status
}

pub fn use_online() -> ReadSignal<bool> {
    expect_context::<OnlineStatus>().0
}
