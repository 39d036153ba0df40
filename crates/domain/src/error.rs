//! Validation errors: which field was refused and why, in words a user understands.
//!
//! The [`Problem`] is structured so that the app can show it in the user's language
//! ([`crate::labels`]); `Display` gives the English sentence used in logs, the command
//! line and API error envelopes.

use std::fmt;

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The field is required but was empty or only whitespace.
    Empty,
    /// The text is longer than allowed (counted in characters, not bytes).
    TooLong {
        /// The most characters allowed.
        max_chars: usize,
    },
    /// The value does not have the expected shape, e.g. a date that is not `YYYY-MM-DD`.
    BadFormat {
        /// The form expected, e.g. `YYYY-MM-DD`.
        expected: String,
    },
    /// The value is well-formed but outside the accepted range.
    OutOfRange {
        /// The smallest value allowed.
        min: String,
        /// The largest value allowed.
        max: String,
    },
    /// The value is not one of the known choices.
    UnknownChoice {
        /// The codes allowed.
        allowed: Vec<String>,
    },
    /// Two values contradict each other, e.g. an end before a start.
    Inconsistent {
        /// What contradicts what.
        detail: String,
    },
}

/// A refused value: the field's name and the problem with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValidationError {
    /// The field as named in forms, files and JSON, e.g. `date` or `deputies[2]`.
    pub field: String,
    /// What is wrong with it.
    #[serde(flatten)]
    pub problem: Problem,
}

impl ValidationError {
    /// An error for `field`.
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }

    /// The same error, reported under a longer path, e.g. `activities[3].date`.
    pub fn within(self, parent: &str) -> Self {
        Self {
            field: format!("{parent}.{}", self.field),
            problem: self.problem,
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.problem {
            Problem::Empty => write!(f, "{field}: must not be empty"),
            Problem::TooLong { max_chars } => {
                write!(f, "{field}: is longer than {max_chars} characters")
            }
            Problem::BadFormat { expected } => write!(f, "{field}: expected {expected}"),
            Problem::OutOfRange { min, max } => {
                write!(f, "{field}: must be between {min} and {max}")
            }
            Problem::UnknownChoice { allowed } => {
                write!(f, "{field}: must be one of {}", allowed.join(", "))
            }
            Problem::Inconsistent { detail } => write!(f, "{field}: {detail}"),
        }
    }
}

impl std::error::Error for ValidationError {}
