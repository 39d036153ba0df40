//! Local calendar dates in Asia/Shanghai.
//!
//! A [`LocalDate`] is a day number (days since 1970-01-01) so that comparisons and
//! window tests in the compliance engine are single integer operations. It is written
//! and read as `YYYY-MM-DD`. Accepted years are [`MIN_YEAR`]..=[`MAX_YEAR`]: a date
//! outside is a typing mistake, not a duty activity.
//!
//! China has used UTC+8 without daylight saving since 1991, so the local date of an
//! instant is the UTC date of the instant plus eight hours ([`LocalDate::from_unix_millis`]).

use std::fmt;
use std::str::FromStr;

use crate::error::{Problem, ValidationError};

/// The first year a date may have.
pub const MIN_YEAR: i32 = 1950;
/// The last year a date may have.
pub const MAX_YEAR: i32 = 2100;
/// The detail of the [`Problem::Inconsistent`] that [`LocalDate::not_after`] reports; the
/// app recognises it to say "cannot be after today" in the user's language.
pub const AFTER_TODAY: &str = "after today";
/// Asia/Shanghai's offset from UTC, in milliseconds.
pub const SHANGHAI_OFFSET_MILLIS: i64 = 8 * 3_600_000;

/// A calendar day in Asia/Shanghai.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate(i32);

const MILLIS_PER_DAY: i64 = 86_400_000;

impl LocalDate {
    /// The date with this year, month (1–12) and day (1–31), if it exists and is in range.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self(days_from_civil(year, month, day)))
    }

    /// The local date in Asia/Shanghai of an instant given as milliseconds since the Unix epoch.
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        let days = (millis + SHANGHAI_OFFSET_MILLIS).div_euclid(MILLIS_PER_DAY);
        let date = Self(i32::try_from(days).ok()?);
        (MIN_YEAR..=MAX_YEAR).contains(&date.year()).then_some(date)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn day_number(self) -> i32 {
        self.0
    }

    /// The date with this day number, if in range.
    pub fn from_day_number(days: i32) -> Option<Self> {
        let date = Self(days);
        (MIN_YEAR..=MAX_YEAR).contains(&date.year()).then_some(date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        civil_from_days(self.0).0
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        civil_from_days(self.0).1
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        civil_from_days(self.0).2
    }

    /// 1 January of the year.
    pub fn first_of_year(year: i32) -> Option<Self> {
        Self::from_ymd(year, 1, 1)
    }

    /// 31 December of the year.
    pub fn last_of_year(year: i32) -> Option<Self> {
        Self::from_ymd(year, 12, 31)
    }

    /// The date `days` later (earlier if negative), if still in range.
    pub fn add_days(self, days: i32) -> Option<Self> {
        Self::from_day_number(self.0.checked_add(days)?)
    }

    /// Days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: LocalDate) -> i32 {
        later.0 - self.0
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn iso_weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.0 as i64 + 3).rem_euclid(7) + 1) as u32
    }

    /// Refuses a date after `today` (a duty activity, a note or an opinion item cannot be
    /// dated in the future), naming `field`. The app and the server both call this, each with
    /// today in Asia/Shanghai by its own clock.
    pub fn not_after(self, today: LocalDate, field: &str) -> Result<Self, ValidationError> {
        if self > today {
            return Err(ValidationError::new(
                field,
                Problem::Inconsistent {
                    detail: AFTER_TODAY.into(),
                },
            ));
        }
        Ok(self)
    }

    /// Parses `YYYY-MM-DD`, naming `field` in the error.
    pub fn parse_field(text: &str, field: &str) -> Result<Self, ValidationError> {
        let bad_format = || {
            ValidationError::new(
                field,
                Problem::BadFormat {
                    expected: "a date as YYYY-MM-DD".into(),
                },
            )
        };
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad_format());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, ValidationError> {
            let part = &text[range];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_format());
            }
            part.parse::<u32>().map_err(|_| bad_format())
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let year = year as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(ValidationError::new(
                field,
                Problem::OutOfRange {
                    min: format!("{MIN_YEAR}-01-01"),
                    max: format!("{MAX_YEAR}-12-31"),
                },
            ));
        }
        Self::from_ymd(year, month, day).ok_or_else(|| {
            ValidationError::new(
                field,
                Problem::BadFormat {
                    expected: "a day that exists in the calendar".into(),
                },
            )
        })
    }
}

impl FromStr for LocalDate {
    type Err = ValidationError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_field(text, "date")
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for LocalDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for LocalDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = month as i32;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The (year, month, day) of a day number.
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_of_the_accepted_range() {
        let first = LocalDate::from_ymd(MIN_YEAR, 1, 1).unwrap();
        let last = LocalDate::from_ymd(MAX_YEAR, 12, 31).unwrap();
        let mut day = first;
        while day <= last {
            let text = day.to_string();
            assert_eq!(text.parse::<LocalDate>().unwrap(), day, "{text}");
            match day.add_days(1) {
                Some(next) => day = next,
                None => break,
            }
        }
        assert_eq!(day, last);
    }

    #[test]
    fn known_day_numbers_and_weekdays() {
        assert_eq!(LocalDate::from_ymd(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(LocalDate::from_ymd(2000, 3, 1).unwrap().day_number(), 11_017);
        // 2024-02-29 was a Thursday.
        assert_eq!(LocalDate::from_ymd(2024, 2, 29).unwrap().iso_weekday(), 4);
    }

    #[test]
    fn refuses_impossible_and_out_of_range_dates_naming_the_field() {
        let error = LocalDate::parse_field("2023-02-29", "date").unwrap_err();
        assert_eq!(error.field, "date");
        assert!(matches!(error.problem, Problem::BadFormat { .. }));
        let error = LocalDate::parse_field("1900-01-01", "first_day").unwrap_err();
        assert_eq!(error.field, "first_day");
        assert!(matches!(error.problem, Problem::OutOfRange { .. }));
        for bad in [
            "",
            "2021-1-01",
            "2021/01/01",
            "２０２１-01-01",
            "2021-13-01",
            "abcd-ef-gh",
        ] {
            assert!(bad.parse::<LocalDate>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn an_evening_in_shanghai_on_new_years_eve_belongs_to_the_old_year() {
        // 2021-12-31T15:30:00Z is 23:30 on 31 December in Shanghai.
        let evening = LocalDate::from_unix_millis(1_640_964_600_000).unwrap();
        assert_eq!(evening.to_string(), "2021-12-31");
        // 2021-12-31T16:30:00Z is 00:30 on 1 January 2022 in Shanghai.
        let after_midnight = LocalDate::from_unix_millis(1_640_968_200_000).unwrap();
        assert_eq!(after_midnight.to_string(), "2022-01-01");
    }
}
