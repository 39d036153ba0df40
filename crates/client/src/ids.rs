//! New ids made on this device: UUID v7 (millisecond time + random bits from the browser's
//! `crypto.getRandomValues`), so records created offline sort by creation and never clash
//! with another device's.

use uuid::{Builder, Uuid};

/// A fresh UUID v7.
pub fn new_uuid_v7() -> Uuid {
    let mut random = [0u8; 10];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut random).ok())
        .is_some();
    if !filled {
        // No Web Crypto (never in the browsers the app supports): Math.random is still unique enough
        // in combination with the millisecond time.
        for byte in random.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let millis = js_sys::Date::now().max(0.0) as u64;
    Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}
