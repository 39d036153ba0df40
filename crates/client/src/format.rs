//! Moments shown to the user, in Beijing time, written the way the interface language writes them.

/// A moment as date and time in Beijing time, written the way the language writes it.
pub fn format_time(millis: f64, lang: crate::i18n::Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis));
    let Ok(options) = js_sys::JSON::parse(r#"{"timeZone":"Asia/Shanghai","dateStyle":"medium","timeStyle":"short"}"#)
    else {
        // A fixed, valid literal: never reached; the ISO form is still a correct time.
        return String::from(date.to_iso_string());
    };
    let locale = match lang {
        crate::i18n::Lang::ZhHans => "zh-CN",
        crate::i18n::Lang::ZhHant => "zh-TW",
        crate::i18n::Lang::En => "en-GB",
    };
    String::from(date.to_locale_string(locale, &options))
}
