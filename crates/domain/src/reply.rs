//! Right of reply (说明): a short public note a deputy attaches to one of their records or
//! to a computed status, e.g. "the 2021 session was held remotely; speeches were written".

use crate::compliance::Period;
use crate::date::LocalDate;
use crate::error::{Problem, ValidationError};
use crate::ids::{ActivityId, DeputyId};

/// What a note answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "on", rename_all = "snake_case", try_from = "ReplyTargetWire")]
pub enum ReplyTarget {
    /// One duty activity record.
    Record {
        /// The record.
        activity: ActivityId,
    },
    /// A computed status: one requirement in one period.
    Status {
        /// The requirement's id.
        requirement: String,
        /// The term.
        term: u16,
        /// The year or term.
        period: Period,
    },
    /// A recorded absence (leave or no-show) staff entered for the deputy.
    Absence {
        /// The absence.
        absence: crate::ids::AbsenceId,
    },
}

/// The longest requirement id a note may name.
pub const MAX_REQUIREMENT_ID_CHARS: usize = 64;

/// A requirement id as rule files write them: 1–64 of `a-z`, `0-9` and `_`.
fn check_requirement_id(requirement: &str) -> Result<(), ValidationError> {
    let field = "target.requirement";
    if requirement.is_empty() {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if requirement.chars().count() > MAX_REQUIREMENT_ID_CHARS {
        return Err(ValidationError::new(
            field,
            Problem::TooLong {
                max_chars: MAX_REQUIREMENT_ID_CHARS,
            },
        ));
    }
    if !requirement
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(ValidationError::new(
            field,
            Problem::BadFormat {
                expected: "a requirement id of a-z, 0-9 and _".into(),
            },
        ));
    }
    Ok(())
}

impl ReplyTarget {
    /// Checks that a status target names what exists: a requirement of one of `rule_sets`,
    /// one of `terms`, and a period of that term (one of its years, or the term itself).
    /// A record target is checked against the stored records by the server.
    pub fn check_exists(
        &self,
        terms: &[crate::calendar::Term],
        rule_sets: &[crate::rules::RuleSet],
    ) -> Result<(), ValidationError> {
        let ReplyTarget::Status {
            requirement,
            term,
            period,
        } = self
        else {
            return Ok(());
        };
        let known = |set: &crate::rules::RuleSet| set.requirements.iter().any(|r| &r.id == requirement);
        if !rule_sets.iter().any(known) {
            let mut allowed: Vec<String> = rule_sets
                .iter()
                .flat_map(|set| set.requirements.iter().map(|r| r.id.clone()))
                .collect();
            allowed.sort_unstable();
            allowed.dedup();
            return Err(ValidationError::new(
                "target.requirement",
                Problem::UnknownChoice { allowed },
            ));
        }
        let Some(found) = terms.iter().find(|t| t.number == *term) else {
            let mut allowed: Vec<String> = terms.iter().map(|t| t.number.to_string()).collect();
            allowed.sort_unstable();
            return Err(ValidationError::new("target.term", Problem::UnknownChoice { allowed }));
        };
        match period {
            Period::Year(year) if !found.years().contains(year) => Err(ValidationError::new(
                "target.period",
                Problem::OutOfRange {
                    min: found.years().start().to_string(),
                    max: found.years().end().to_string(),
                },
            )),
            Period::Term(number) if number != term => Err(ValidationError::new(
                "target.period",
                Problem::Inconsistent {
                    detail: format!("a term period must name term {term}"),
                },
            )),
            _ => Ok(()),
        }
    }

    /// A stable text key: one note per deputy and key (a new note replaces the old one).
    pub fn key(&self) -> String {
        match self {
            ReplyTarget::Record { activity } => format!("record:{activity}"),
            ReplyTarget::Absence { absence } => format!("absence:{absence}"),
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
    /// What the note is about.
    pub target: ReplyTarget,
    /// The note, at most [`ReplyNote::MAX_CHARS`] characters.
    pub text: String,
    /// The day it was written.
    pub written_on: LocalDate,
}

/// A deputy's note beside a record or a requirement (right of reply), published with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ReplyFields")]
pub struct ReplyNote {
    /// The deputy who wrote it.
    pub deputy: DeputyId,
    /// What the note is about.
    pub target: ReplyTarget,
    /// The note, at most [`ReplyNote::MAX_CHARS`] characters.
    pub text: String,
    /// The day it was written.
    pub written_on: LocalDate,
    /// Increases by one with every change the server accepts.
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
    /// The longest note allowed, in characters.
    pub const MAX_CHARS: usize = 300;

    /// A note, refused when empty or longer than [`ReplyNote::MAX_CHARS`].
    pub fn new(
        deputy: DeputyId,
        target: ReplyTarget,
        text: &str,
        written_on: LocalDate,
    ) -> Result<Self, ValidationError> {
        let text = crate::text::parse_bounded(text, "text", 1, Self::MAX_CHARS)?;
        if let ReplyTarget::Status { requirement, .. } = &target {
            check_requirement_id(requirement)?;
        }
        Ok(Self {
            deputy,
            target,
            text,
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
        assert!(ReplyNote::new(DeputyId::from_u128(1), on_record.clone(), &long, day).is_err());
        for bad in ["bell\u{7}", "nul\u{0}", "flip\u{202E}txt"] {
            assert_eq!(
                ReplyNote::new(DeputyId::from_u128(1), on_record.clone(), bad, day)
                    .unwrap_err()
                    .field,
                "text"
            );
        }
    }

    #[test]
    fn status_targets_must_name_a_known_requirement_term_and_period() {
        let day: LocalDate = "2021-03-01".parse().unwrap();
        let terms =
            vec![crate::calendar::Term::new(5, "2018-01-01".parse().unwrap(), "2022-12-31".parse().unwrap()).unwrap()];
        let rules = vec![crate::rules::default_rule_set()];
        let target = |requirement: &str, term: u16, period: Period| ReplyTarget::Status {
            requirement: requirement.into(),
            term,
            period,
        };
        let first = rules[0].requirements[0].id.clone();
        assert!(
            target(&first, 5, Period::Year(2020))
                .check_exists(&terms, &rules)
                .is_ok()
        );
        assert!(target(&first, 5, Period::Term(5)).check_exists(&terms, &rules).is_ok());
        let field = |t: ReplyTarget| t.check_exists(&terms, &rules).unwrap_err().field;
        assert_eq!(
            field(target("no_such_rule", 5, Period::Year(2020))),
            "target.requirement"
        );
        assert_eq!(field(target(&first, 9, Period::Year(2020))), "target.term");
        assert_eq!(field(target(&first, 5, Period::Year(2030))), "target.period");
        assert_eq!(field(target(&first, 5, Period::Term(6))), "target.period");
        let long = "a".repeat(65);
        assert_eq!(
            ReplyNote::new(DeputyId::from_u128(1), target(&long, 5, Period::Term(5)), "x", day)
                .unwrap_err()
                .field,
            "target.requirement"
        );
        assert_eq!(
            ReplyNote::new(DeputyId::from_u128(1), target("Bad Id", 5, Period::Term(5)), "x", day)
                .unwrap_err()
                .field,
            "target.requirement"
        );
    }
}

/// [`ReplyTarget`] as read from JSON.
#[derive(serde::Deserialize)]
struct ReplyTargetWire {
    on: String,
    #[serde(default)]
    activity: Option<ActivityId>,
    #[serde(default)]
    absence: Option<crate::ids::AbsenceId>,
    #[serde(default)]
    requirement: Option<String>,
    #[serde(default)]
    term: Option<u16>,
    #[serde(default)]
    period: Option<Period>,
}

impl TryFrom<ReplyTargetWire> for ReplyTarget {
    type Error = String;
    fn try_from(wire: ReplyTargetWire) -> Result<Self, String> {
        use crate::wire::required;
        match wire.on.as_str() {
            "record" => Ok(ReplyTarget::Record {
                activity: required(wire.activity, "activity")?,
            }),
            "status" => Ok(ReplyTarget::Status {
                requirement: required(wire.requirement, "requirement")?,
                term: required(wire.term, "term")?,
                period: required(wire.period, "period")?,
            }),
            "absence" => Ok(ReplyTarget::Absence {
                absence: required(wire.absence, "absence")?,
            }),
            other => Err(crate::wire::unknown_tag("on", other, &["record", "status", "absence"])),
        }
    }
}
