//! Terms (届) and the annual People's Congress sessions (人民代表大会会议) within them.

use crate::date::LocalDate;
use crate::error::{Problem, ValidationError};

/// A term of the congress, e.g. the 5th (2018–2022) or the 6th (2023–2027).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term {
    /// The term's ordinal (第五届 → 5).
    pub number: u16,
    /// The first day of the term.
    pub start: LocalDate,
    /// The last day of the term.
    pub end: LocalDate,
}

impl Term {
    /// A term, refused when its number is 0 or it ends before it starts.
    pub fn new(number: u16, start: LocalDate, end: LocalDate) -> Result<Self, ValidationError> {
        if number == 0 {
            return Err(ValidationError::new(
                "number",
                Problem::OutOfRange {
                    min: "1".into(),
                    max: u16::MAX.to_string(),
                },
            ));
        }
        if end < start {
            return Err(ValidationError::new(
                "end",
                Problem::Inconsistent {
                    detail: format!("the term ends ({end}) before it starts ({start})"),
                },
            ));
        }
        Ok(Self { number, start, end })
    }

    /// Whether `date` falls within the term, both ends included.
    pub fn contains(&self, date: LocalDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The calendar years the term touches.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.start.year()..=self.end.year()
    }
}

/// One year's session: the days during which deliberation speeches count (审议发言).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnnualSession {
    /// The term it belongs to.
    pub term: u16,
    /// Which session of the term (第一次会议 → 1).
    pub ordinal: u16,
    /// The session's opening day.
    pub first_day: LocalDate,
    /// The session's closing day, in the same year.
    pub last_day: LocalDate,
}

impl AnnualSession {
    /// A session, refused when it ends before it starts or spans two years.
    pub fn new(term: u16, ordinal: u16, first_day: LocalDate, last_day: LocalDate) -> Result<Self, ValidationError> {
        if last_day < first_day {
            return Err(ValidationError::new(
                "last_day",
                Problem::Inconsistent {
                    detail: format!("the session ends ({last_day}) before it starts ({first_day})"),
                },
            ));
        }
        if first_day.year() != last_day.year() {
            return Err(ValidationError::new(
                "last_day",
                Problem::Inconsistent {
                    detail: "a session must begin and end in the same year".into(),
                },
            ));
        }
        Ok(Self {
            term,
            ordinal,
            first_day,
            last_day,
        })
    }

    /// The calendar year of the session.
    pub fn year(&self) -> i32 {
        self.first_day.year()
    }

    /// Whether `date` falls within the session, both ends included.
    pub fn contains(&self, date: LocalDate) -> bool {
        self.first_day <= date && date <= self.last_day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> LocalDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_term_or_session_that_ends_before_it_starts_is_refused() {
        assert_eq!(
            Term::new(5, date("2022-12-31"), date("2018-01-01")).unwrap_err().field,
            "end"
        );
        assert_eq!(
            AnnualSession::new(5, 1, date("2018-01-30"), date("2018-01-25"))
                .unwrap_err()
                .field,
            "last_day"
        );
        assert!(AnnualSession::new(5, 1, date("2018-12-30"), date("2019-01-02")).is_err());
    }
}
