//! The interface languages: Simplified Chinese (the default), Traditional Chinese and
//! English. A leaf module: it depends on nothing else in the crate but `define_choice!`, so
//! rules, labels and compliance can all use it without a cycle.

crate::define_choice!(
    /// An interface language, by its BCP 47 tag.
    Lang {
        /// 简体中文 (default)
        ZhHans = "zh-Hans",
        /// 繁體中文
        ZhHant = "zh-Hant",
        /// English
        En = "en",
    }
);

impl Default for Lang {
    fn default() -> Self {
        Lang::ZhHans
    }
}

impl Lang {
    /// The language's own name, as shown in a language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    /// Picks one of three words by language.
    pub fn pick(self, hans: &'static str, hant: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::ZhHans => hans,
            Lang::ZhHant => hant,
            Lang::En => en,
        }
    }

    /// The best match for a browser language tag such as `zh-TW`, `zh-CN` or `en-GB`.
    pub fn from_browser_tag(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh-hant") || tag == "zh-tw" || tag == "zh-hk" || tag == "zh-mo" {
            Some(Lang::ZhHant)
        } else if tag.starts_with("zh") {
            Some(Lang::ZhHans)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}
