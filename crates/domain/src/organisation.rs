//! How deputies are organised: liaison and professional groups, deputy stations with
//! their reception schedules, and training classes.

use crate::date::LocalDate;
use crate::define_choice;
use crate::error::{Problem, ValidationError};
use crate::ids::{DeputyId, GroupId, StationId, TrainingId};
use crate::text::{PlaceText, Title};

define_choice!(
    /// The two kinds of groups municipal deputies belong to.
    GroupKind {
        /// 代表联系组 (39 in Chongqing)
        Liaison = "liaison",
        /// 代表专业组 (8 in Chongqing)
        Professional = "professional",
    }
);

/// A liaison or professional group of deputies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    /// The group's id.
    pub id: GroupId,
    /// Liaison or professional.
    pub kind: GroupKind,
    /// The group's name.
    pub name: Title,
}

define_choice!(
    /// The kinds of deputy station (代表家站).
    StationKind {
        /// 人大代表之家
        Home = "home",
        /// 代表工作站
        Station = "station",
        /// 代表联络点（活动站、联络站）
        Point = "point",
    }
);

/// A regular reception time at a station, e.g. every Wednesday 09:00–11:30, or only the
/// first Wednesday of the month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReceptionSlot {
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Only this week of the month (1–5); every week when absent.
    #[serde(default)]
    pub week_of_month: Option<u8>,
    /// Minutes after midnight.
    pub start_minute: u16,
    /// Minutes after midnight at which the slot ends.
    pub end_minute: u16,
}

impl ReceptionSlot {
    /// Whether the slot falls on `date` (its weekday, and its week of the month if set:
    /// days 1–7 are week 1, 8–14 week 2, and so on).
    pub fn falls_on(&self, date: LocalDate) -> bool {
        date.iso_weekday() == u32::from(self.weekday)
            && self
                .week_of_month
                .is_none_or(|week| (date.day() - 1) / 7 + 1 == u32::from(week))
    }

    /// The first day on or after `from` the slot falls on, looking at most 62 days ahead.
    pub fn next_on_or_after(&self, from: LocalDate) -> Option<LocalDate> {
        (0..62)
            .filter_map(|ahead| LocalDate::from_day_number(from.day_number() + ahead))
            .find(|date| self.falls_on(*date))
    }

    /// Creates a slot, checking the weekday, week and times.
    pub fn new(
        weekday: u8,
        week_of_month: Option<u8>,
        start_minute: u16,
        end_minute: u16,
    ) -> Result<Self, ValidationError> {
        if !(1..=7).contains(&weekday) {
            return Err(ValidationError::new(
                "weekday",
                Problem::OutOfRange {
                    min: "1".into(),
                    max: "7".into(),
                },
            ));
        }
        if let Some(week) = week_of_month
            && !(1..=5).contains(&week)
        {
            return Err(ValidationError::new(
                "week_of_month",
                Problem::OutOfRange {
                    min: "1".into(),
                    max: "5".into(),
                },
            ));
        }
        if start_minute >= end_minute || end_minute > 24 * 60 {
            return Err(ValidationError::new(
                "end_minute",
                Problem::Inconsistent {
                    detail: "the reception must end after it starts, within the day".into(),
                },
            ));
        }
        Ok(Self {
            weekday,
            week_of_month,
            start_minute,
            end_minute,
        })
    }
}

/// A deputy station (代表联络站) or home (代表之家).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Station {
    /// The station's id.
    pub id: StationId,
    /// Station, home or liaison point.
    pub kind: StationKind,
    /// The station's name.
    pub name: Title,
    /// The district or county (区县).
    pub district: Title,
    /// Its address.
    pub address: PlaceText,
    /// When deputies receive constituents there.
    pub reception: Vec<ReceptionSlot>,
}

define_choice!(
    /// How a training class is held.
    TrainingMode {
        /// 线下: in a classroom.
        InPerson = "in_person",
        /// 线上: online.
        Remote = "remote",
    }
);

define_choice!(
    /// Whom a training class is for.
    TrainingAudience {
        /// 代表培训: deputies, whose attendance counts as a training registration.
        Deputies = "deputies",
        /// 人大干部培训: congress cadres who are not deputies.
        Cadres = "cadres",
    }
);

impl Default for TrainingAudience {
    fn default() -> Self {
        Self::Deputies
    }
}

/// The most attendees one class lists (the largest cadre classes have 1,700+).
pub const MAX_ATTENDEES: usize = 5_000;

/// A training class (履职培训) and who attended it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Training {
    /// The training's id.
    pub id: TrainingId,
    /// The training's title.
    pub title: Title,
    /// The first day.
    pub first_day: LocalDate,
    /// The last day.
    pub last_day: LocalDate,
    /// In person or online.
    pub mode: TrainingMode,
    /// The deputies who attended; each gets an approved training registration.
    pub attendees: Vec<DeputyId>,
    /// Where it is held (a classroom, or the platform of a remote class).
    #[serde(default)]
    pub place: PlaceText,
    /// Who organises it (e.g. 市人大常委会代表工作室).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organiser: Option<Title>,
    /// Deputies or congress cadres.
    #[serde(default)]
    pub audience: TrainingAudience,
    /// Attendees who are not deputies (cadres), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<crate::text::PersonName>,
}

impl Training {
    /// Checks what the types cannot: the days in order, attendees listed once and bounded,
    /// and only deputies' classes listing deputies.
    pub fn check(&self) -> Result<(), ValidationError> {
        if self.last_day < self.first_day {
            return Err(ValidationError::new(
                "last_day",
                Problem::Inconsistent {
                    detail: format!(
                        "the class ends ({}) before it starts ({})",
                        self.last_day, self.first_day
                    ),
                },
            ));
        }
        for (field, count) in [("attendees", self.attendees.len()), ("others", self.others.len())] {
            if count > MAX_ATTENDEES {
                return Err(ValidationError::new(
                    field,
                    Problem::OutOfRange {
                        min: "0".into(),
                        max: format!("{MAX_ATTENDEES} people"),
                    },
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = self.attendees.iter().find(|deputy| !seen.insert(**deputy)) {
            return Err(ValidationError::new(
                "attendees",
                Problem::Inconsistent {
                    detail: format!("deputy {twice} is listed twice"),
                },
            ));
        }
        Ok(())
    }
}

/// The next reception at any of `stations` on or after `from`: the station, the day and
/// the slot (the earliest day; the earliest start on that day).
pub fn next_reception<'a>(
    stations: impl IntoIterator<Item = &'a Station>,
    from: LocalDate,
) -> Option<(&'a Station, LocalDate, &'a ReceptionSlot)> {
    stations
        .into_iter()
        .flat_map(|station| {
            station
                .reception
                .iter()
                .filter_map(move |slot| slot.next_on_or_after(from).map(|day| (station, day, slot)))
        })
        .min_by_key(|(_, day, slot)| (*day, slot.start_minute))
}

#[cfg(test)]
mod reception_tests {
    use super::*;

    #[test]
    fn the_next_reception_is_the_earliest_matching_day() {
        // 2026-12-02 is a Wednesday.
        let from: LocalDate = "2026-12-02".parse().unwrap();
        let every_friday = ReceptionSlot::new(5, None, 9 * 60, 11 * 60).unwrap();
        assert_eq!(every_friday.next_on_or_after(from), "2026-12-04".parse().ok());
        let first_wednesday = ReceptionSlot::new(3, Some(1), 14 * 60, 16 * 60).unwrap();
        assert_eq!(first_wednesday.next_on_or_after(from), "2026-12-02".parse().ok());
        let second_monday = ReceptionSlot::new(1, Some(2), 9 * 60, 10 * 60).unwrap();
        assert_eq!(second_monday.next_on_or_after(from), "2026-12-14".parse().ok());
        let station = |slots: Vec<ReceptionSlot>| Station {
            id: StationId::from_u128(1),
            kind: StationKind::ALL[0],
            name: Title::parse_field("青杠代表之家", "name").unwrap(),
            district: Title::parse_field("璧山区", "district").unwrap(),
            address: PlaceText::default(),
            reception: slots,
        };
        let stations = [
            station(vec![every_friday.clone(), second_monday]),
            station(vec![first_wednesday.clone()]),
        ];
        let (_, day, slot) = next_reception(&stations, from).unwrap();
        assert_eq!((day, slot), ("2026-12-02".parse().unwrap(), &first_wednesday));
        assert!(next_reception(&[station(vec![])], from).is_none());
    }
}

/// Whether a deputies' class has begun and no attendance is recorded yet: the console's
/// home counts such classes as needing action.
pub fn needs_attendance(training: &Training, today: LocalDate) -> bool {
    training.audience == TrainingAudience::Deputies && training.first_day <= today && training.attendees.is_empty()
}

/// An attendance list read from pasted or imported text against the roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttendanceList {
    /// The deputies found, in the text's order, each once.
    pub found: Vec<DeputyId>,
    /// Lines that name nobody on the roster, or several deputies: (line, text, several).
    pub unresolved: Vec<(usize, String, bool)>,
}

/// Reads an attendance list: one deputy per line, by id or by name (the first cell of a
/// CSV line; a header line `id` or `name` or `姓名` is skipped). A name two deputies share
/// is left unresolved rather than guessed.
pub fn read_attendance(text: &str, deputies: &[crate::deputy::Deputy]) -> AttendanceList {
    let mut list = AttendanceList::default();
    for (index, line) in text.lines().enumerate() {
        let cell = line
            .split([',', '\t'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .trim_start_matches('\u{feff}');
        if cell.is_empty() || (index == 0 && ["id", "name", "姓名", "deputy"].contains(&cell)) {
            continue;
        }
        let matches: Vec<DeputyId> = match cell.parse::<DeputyId>() {
            Ok(id) => deputies.iter().filter(|d| d.id == id).map(|d| d.id).collect(),
            Err(_) => deputies
                .iter()
                .filter(|d| d.name.as_str() == cell)
                .map(|d| d.id)
                .collect(),
        };
        match matches.as_slice() {
            [one] => {
                if !list.found.contains(one) {
                    list.found.push(*one);
                }
            }
            none_or_several => list
                .unresolved
                .push((index + 1, cell.to_owned(), none_or_several.len() > 1)),
        }
    }
    list
}
