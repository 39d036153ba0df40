//! Validated text fields. Each type trims surrounding whitespace and enforces a length
//! in characters (Chinese text is counted per character, not per UTF-8 byte).

use std::fmt;

use crate::error::{Problem, ValidationError};

macro_rules! define_text {
    ($(#[$doc:meta])* $name:ident, min $min:expr, max $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted text, in characters.
            pub const MAX_CHARS: usize = $max;

            /// Parses the text, naming `field` in the error.
            pub fn parse_field(text: &str, field: &str) -> Result<Self, ValidationError> {
                parse_bounded(text, field, $min, $max).map(Self)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse_field(&text, stringify!($name)).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Whether a character may appear in stored text: no control characters (tab and line
/// feed aside) and no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069),
/// which can make public text read differently from what it says ("Trojan Source").
pub fn is_allowed_char(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return true;
    }
    !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c))
}

/// Trims `text` and checks it holds `min..=max` characters, all [allowed](is_allowed_char);
/// the error names `field`. The one text check behind every text type and free-text field.
pub fn parse_bounded(text: &str, field: &str, min: usize, max: usize) -> Result<String, ValidationError> {
    let trimmed = text.trim();
    if min > 0 && trimmed.is_empty() {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if trimmed.chars().count() > max {
        return Err(ValidationError::new(field, Problem::TooLong { max_chars: max }));
    }
    if !trimmed.chars().all(is_allowed_char) {
        return Err(ValidationError::new(
            field,
            Problem::BadFormat {
                expected: "text without control characters or direction overrides".into(),
            },
        ));
    }
    Ok(trimmed.to_owned())
}

define_text!(
    /// A person's name, as on the roster (1–40 characters).
    PersonName, min 1, max 40
);
define_text!(
    /// A short title or name: a group, a station, a training class, a suggestion (1–120).
    Title, min 1, max 120
);
define_text!(
    /// A place or address (0–200 characters).
    PlaceText, min 0, max 200
);
define_text!(
    /// Free description of an activity or a suggestion (0–4,000 characters).
    Description, min 0, max 4000
);
define_text!(
    /// How to reach a constituent: a name and a phone number, say (1–100 characters).
    /// Personal data: the app keeps it encrypted on the device and shows it to nobody else.
    ContactText, min 1, max 100
);
define_text!(
    /// A reason given for a decision, e.g. why a record was rejected (1–500 characters).
    Reason, min 1, max 500
);

impl Default for PlaceText {
    fn default() -> Self {
        Self(String::new())
    }
}

impl Default for Description {
    fn default() -> Self {
        Self(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        let name = PersonName::parse_field("  贺帅帅 ", "name").unwrap();
        assert_eq!(name.as_str(), "贺帅帅");
        let forty_chinese: String = "代".repeat(40);
        assert!(PersonName::parse_field(&forty_chinese, "name").is_ok());
        let error = PersonName::parse_field(&"代".repeat(41), "name").unwrap_err();
        assert_eq!(error.problem, Problem::TooLong { max_chars: 40 });
    }

    #[test]
    fn refuses_blank_required_text_and_control_characters() {
        assert_eq!(
            PersonName::parse_field("   ", "name").unwrap_err().problem,
            Problem::Empty
        );
        assert!(PlaceText::parse_field("", "place").is_ok());
        assert!(Title::parse_field("a\u{0}b", "title").is_err());
        assert!(Title::parse_field("a\u{7}b", "title").is_err());
        assert!(Description::parse_field("evil\u{202E}txt.exe", "body").is_err());
        assert!(Description::parse_field("x\u{2066}y", "body").is_err());
        assert!(Description::parse_field("第一行\n\t第二行", "body").is_ok());
    }
}
