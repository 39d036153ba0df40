//! Focus after navigation: when the route changes inside the app, keyboard focus moves to
//! the new page's first field marked `autofocus` (on register, the kind) or else to its
//! heading, and the page's heading is announced to screen readers through a polite live
//! region. A full page load keeps the browser's own `autofocus` handling.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// Tries to move focus for up to this many frames while the page renders.
const ATTEMPTS: u32 = 20;

fn focus_target(document: &web_sys::Document) -> Option<(web_sys::HtmlElement, String)> {
    let element = |selector: &str| {
        document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let heading = element("main h1");
    let title = heading
        .as_ref()
        .and_then(|h| h.text_content())
        .unwrap_or_else(|| document.title());
    if let Some(field) = element("main [autofocus]") {
        return Some((field, title));
    }
    let heading = heading?;
    if !heading.has_attribute("tabindex") && heading.set_attribute("tabindex", "-1").is_err() {
        return None;
    }
    Some((heading, title))
}

fn move_focus(announcer: NodeRef<leptos::html::P>, attempt: u32) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match focus_target(&document) {
        Some((target, title)) => {
            if let Err(error) = target.focus() {
                web_sys::console::warn_1(&error);
            }
            if let Some(region) = announcer.get_untracked() {
                region.set_text_content(Some(&title));
            }
        }
        None if attempt < ATTEMPTS => {
            set_timeout(
                move || move_focus(announcer, attempt + 1),
                std::time::Duration::from_millis(30),
            );
        }
        None => {}
    }
}

/// The live region and the effect; place once inside the router.
#[component]
pub fn RouteFocus() -> impl IntoView {
    let location = use_location();
    let announcer = NodeRef::<leptos::html::P>::new();
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let _path = location.pathname.get();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        set_timeout(move || move_focus(announcer, 0), std::time::Duration::from_millis(0));
    });
    view! { <p id="route-announcer" class="visually-hidden" aria-live="polite" node_ref=announcer></p> }
}
