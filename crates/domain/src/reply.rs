//! Right of reply (说明): a short public note a deputy attaches to one of their records or
//! to a computed status, e.g. "the 2021 session was held remotely; speeches were written".

use crate::compliance::Period;
use crate::date::LocalDate;
use crate::error::{Problem, ValidationError};
use crate::ids::{ActivityId, DeputyId};

/// What a note answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum ReplyTarget {
    /// One duty activity record.
    Record { activity: ActivityId },
    /// A computed status: one requirement in one period.
    Status {
        requirement: String,
        term: u16,
        period: Period,
    },
}

/// A public note, at most [`ReplyNote::MAX_CHARS`] characters.
impl ReplyTarget {
    /// A stable text key: one note per deputy and key (a new note replaces the old one).
    pub fn key(&self) -> String {
        match self {
            ReplyTarget::Record { activity } => format!("record:{activity}"),
            ReplyTarget::Status {
                requirement,
                term,
                period,
            } => {
                let period = match period {
                    Period::Year(year) => format!("year-{year}"),
                    Period::Term(number) => format!("term-{number}"),
                };
                format!("status:{requirement}:{term}:{period}")
            }
        }
    }
}

/// `PUT /api/replies`: what a deputy writes; the server adds who and checks the target.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyDraft {
    pub target: ReplyTarget,
    pub text: String,
    pub written_on: LocalDate,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ReplyFields")]
pub struct ReplyNote {
    pub deputy: DeputyId,
    pub target: ReplyTarget,
    pub text: String,
    pub written_on: LocalDate,
    pub revision: u32,
}

#[derive(serde::Deserialize)]
struct ReplyFields {
    deputy: DeputyId,
    target: ReplyTarget,
    text: String,
    written_on: LocalDate,
    #[serde(default)]
    revision: u32,
}

impl ReplyNote {
    pub const MAX_CHARS: usize = 300;

    pub fn new(
        deputy: DeputyId,
        target: ReplyTarget,
        text: &str,
        written_on: LocalDate,
    ) -> Result<Self, ValidationError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValidationError::new("text", Problem::Empty));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::new(
                "text",
                Problem::TooLong {
                    max_chars: Self::MAX_CHARS,
                },
            ));
        }
        if let ReplyTarget::Status { requirement, .. } = &target
            && requirement.trim().is_empty()
        {
            return Err(ValidationError::new("target.requirement", Problem::Empty));
        }
        Ok(Self {
            deputy,
            target,
            text: text.to_owned(),
            written_on,
            revision: 1,
        })
    }
}

impl TryFrom<ReplyFields> for ReplyNote {
    type Error = ValidationError;
    fn try_from(fields: ReplyFields) -> Result<Self, Self::Error> {
        let mut note = ReplyNote::new(fields.deputy, fields.target, &fields.text, fields.written_on)?;
        note.revision = fields.revision;
        Ok(note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_attach_to_records_or_statuses_and_are_short() {
        let day: LocalDate = "2021-03-01".parse().unwrap();
        let on_status = ReplyTarget::Status {
            requirement: "session_speeches".into(),
            term: 5,
            period: Period::Year(2020),
        };
        let note = ReplyNote::new(DeputyId::from_u128(1), on_status, " 2020年会议改为书面审议。 ", day).unwrap();
        assert_eq!(note.text, "2020年会议改为书面审议。");
        let json = serde_json::to_string(&note).unwrap();
        assert_eq!(serde_json::from_str::<ReplyNote>(&json).unwrap(), note);
        let on_record = ReplyTarget::Record {
            activity: ActivityId::from_u128(9),
        };
        assert_eq!(
            ReplyNote::new(DeputyId::from_u128(1), on_record.clone(), "  ", day)
                .unwrap_err()
                .field,
            "text"
        );
        let long = "长".repeat(301);
        assert!(ReplyNote::new(DeputyId::from_u128(1), on_record, &long, day).is_err());
    }
}
