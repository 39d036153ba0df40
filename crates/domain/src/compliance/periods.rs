//! Periods and windows: which days a requirement looks at, and which of them a deputy served.

use crate::calendar::{AnnualSession, Term};
use crate::date::LocalDate;
use crate::rules::Window;

/// The terms and annual sessions the engine judges against.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// The terms of the congress.
    pub terms: Vec<Term>,
    /// The annual sessions.
    pub sessions: Vec<AnnualSession>,
}

impl Calendar {
    /// The calendar of these terms and sessions.
    pub fn new(terms: Vec<Term>, sessions: Vec<AnnualSession>) -> Self {
        Self { terms, sessions }
    }

    /// The term numbered `number`.
    pub fn term(&self, number: u16) -> Option<&Term> {
        self.terms.iter().find(|term| term.number == number)
    }

    /// The annual session held in `year`.
    pub fn session_in(&self, year: i32) -> Option<&AnnualSession> {
        self.sessions.iter().find(|session| session.year() == year)
    }
}

/// A period requirements are judged over: a calendar year within a term, or a whole term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(
    tag = "period",
    content = "value",
    rename_all = "snake_case",
    try_from = "PeriodWire"
)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A whole term, by number.
    Term(u16),
}

/// A [`Period`] as read from JSON (see `crate::wire`).
#[derive(serde::Deserialize)]
struct PeriodWire {
    period: String,
    value: i64,
}

impl TryFrom<PeriodWire> for Period {
    type Error = String;
    fn try_from(wire: PeriodWire) -> Result<Self, String> {
        let out_of_range = |what: &str| format!("{what} {} is out of range", wire.value);
        match wire.period.as_str() {
            "year" => i32::try_from(wire.value)
                .map(Period::Year)
                .map_err(|_| out_of_range("year")),
            "term" => u16::try_from(wire.value)
                .map(Period::Term)
                .map_err(|_| out_of_range("term")),
            other => Err(crate::wire::unknown_tag("period", other, &["year", "term"])),
        }
    }
}

/// Up to two inclusive day ranges (a year outside its session is two ranges).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    ranges: [(i32, i32); 2],
    count: usize,
}

impl Days {
    /// No days at all.
    pub const EMPTY: Days = Days {
        ranges: [(0, -1); 2],
        count: 0,
    };

    /// Every day from `first` to `last`, both included.
    pub fn range(first: LocalDate, last: LocalDate) -> Days {
        let mut days = Days::EMPTY;
        days.push(first.day_number(), last.day_number());
        days
    }

    fn push(&mut self, first: i32, last: i32) {
        if first <= last && self.count < 2 {
            self.ranges[self.count] = (first, last);
            self.count += 1;
        }
    }

    /// The ranges of day numbers, sorted and disjoint.
    pub fn ranges(&self) -> &[(i32, i32)] {
        &self.ranges[..self.count]
    }

    /// Whether `date` is one of the days.
    pub fn contains(&self, date: LocalDate) -> bool {
        let day = date.day_number();
        self.ranges().iter().any(|(first, last)| *first <= day && day <= *last)
    }

    /// Whether the day numbered `day` is one of the days.
    pub fn contains_day(&self, day: i32) -> bool {
        self.ranges().iter().any(|(first, last)| *first <= day && day <= *last)
    }

    /// How many days there are.
    pub fn day_count(&self) -> i32 {
        self.ranges().iter().map(|(first, last)| last - first + 1).sum()
    }

    /// The days also within `first..=last`.
    pub fn clip(&self, first: LocalDate, last: LocalDate) -> Days {
        let mut days = Days::EMPTY;
        for (a, b) in self.ranges() {
            days.push((*a).max(first.day_number()), (*b).min(last.day_number()));
        }
        days
    }

    /// Days on or before `date`.
    pub fn up_to(&self, date: LocalDate) -> i32 {
        self.ranges()
            .iter()
            .map(|(first, last)| ((*last).min(date.day_number()) - first + 1).max(0))
            .sum()
    }

    /// The latest day, if any.
    pub fn last_day(&self) -> Option<LocalDate> {
        self.ranges()
            .last()
            .and_then(|(_, last)| LocalDate::from_day_number(*last))
    }

    /// The earliest day, if any.
    pub fn first_day(&self) -> Option<LocalDate> {
        self.ranges()
            .first()
            .and_then(|(first, _)| LocalDate::from_day_number(*first))
    }
}

/// The whole span of a period, clipped to its term: where records are looked at.
pub fn period_span(term: &Term, period: Period) -> Days {
    match period {
        Period::Term(_) => Days::range(term.start, term.end),
        Period::Year(year) => {
            let first = LocalDate::first_of_year(year).map_or(term.start, |d| d.max(term.start));
            let last = LocalDate::last_of_year(year).map_or(term.end, |d| d.min(term.end));
            Days::range(first, last)
        }
    }
}

/// The days of `window` in `period`, or `None` when the window does not exist (no session
/// was held that year, so session days cannot be judged).
pub fn window_days(calendar: &Calendar, term: &Term, window: Window, period: Period) -> Option<Days> {
    let span = period_span(term, period);
    let year = match period {
        Period::Year(year) => year,
        Period::Term(_) => return Some(span),
    };
    let (Some(first), Some(last)) = (span.first_day(), span.last_day()) else {
        return Some(Days::EMPTY);
    };
    match window {
        Window::CalendarYear | Window::Term => Some(span),
        Window::SessionDays => calendar
            .session_in(year)
            .map(|session| span.clip(session.first_day, session.last_day)),
        Window::BetweenSessions => Some(match calendar.session_in(year) {
            Some(session) => {
                let mut days = Days::EMPTY;
                days.push(
                    first.day_number(),
                    (session.first_day.day_number() - 1).min(last.day_number()),
                );
                days.push(
                    (session.last_day.day_number() + 1).max(first.day_number()),
                    last.day_number(),
                );
                days
            }
            None => span,
        }),
    }
}

/// The periods of a term that have begun by `as_of`: each year, then the term itself.
pub fn periods_of(term: &Term, as_of: LocalDate) -> Vec<Period> {
    if as_of < term.start {
        return Vec::new();
    }
    let last_year = term.end.min(as_of).year();
    let mut periods: Vec<Period> = (term.start.year()..=last_year).map(Period::Year).collect();
    periods.push(Period::Term(term.number));
    periods
}

/// The first day of a period: the day whose rule set judges it.
pub fn period_first_day(term: &Term, period: Period) -> LocalDate {
    period_span(term, period).first_day().unwrap_or(term.start)
}

/// The periods a standing is shown for on `as_of`: this calendar year, and the term in
/// progress (with its number), if any. The app's compliance and home pages both use it.
pub fn current_periods(terms: &[Term], as_of: LocalDate) -> (Option<u16>, Vec<Period>) {
    let term = terms.iter().find(|t| t.contains(as_of)).map(|t| t.number);
    let periods = [Some(Period::Year(as_of.year())), term.map(Period::Term)]
        .into_iter()
        .flatten()
        .collect();
    (term, periods)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> LocalDate {
        text.parse().unwrap()
    }

    #[test]
    fn between_sessions_is_the_year_minus_the_session_days() {
        let term = Term {
            number: 5,
            start: date("2018-01-01"),
            end: date("2022-12-31"),
        };
        let session = AnnualSession {
            term: 5,
            ordinal: 3,
            first_day: date("2020-01-11"),
            last_day: date("2020-01-16"),
        };
        let calendar = Calendar::new(vec![term.clone()], vec![session]);
        let between = window_days(&calendar, &term, Window::BetweenSessions, Period::Year(2020)).unwrap();
        assert_eq!(between.day_count(), 366 - 6);
        assert!(!between.contains(date("2020-01-11")));
        assert!(between.contains(date("2020-01-17")));
        let session_days = window_days(&calendar, &term, Window::SessionDays, Period::Year(2020)).unwrap();
        assert_eq!(session_days.day_count(), 6);
        assert!(window_days(&calendar, &term, Window::SessionDays, Period::Year(2021)).is_none());
    }
}
