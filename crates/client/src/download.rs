//! Offering text as a file to save (gloo-file's object URL, revoked when dropped).

use wasm_bindgen::JsCast;

/// Offers `text` as a file named `name` of type `mime`. The error says what failed.
pub fn offer(name: &str, text: &str, mime: &str) -> Result<(), String> {
    offer_blob(name, gloo_file::Blob::new_with_options(text, Some(mime)))
}

/// Offers `bytes` as a file named `name` of type `mime`.
pub fn offer_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    offer_blob(name, gloo_file::Blob::new_with_options(bytes, Some(mime)))
}

fn offer_blob(name: &str, blob: gloo_file::Blob) -> Result<(), String> {
    let url = gloo_file::ObjectUrl::from(blob);
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Ok(())
}
