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

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub kind: GroupKind,
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
    pub end_minute: u16,
}

impl ReceptionSlot {
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

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Station {
    pub id: StationId,
    pub kind: StationKind,
    pub name: Title,
    /// The district or county (区县).
    pub district: Title,
    pub address: PlaceText,
    pub reception: Vec<ReceptionSlot>,
}

define_choice!(
    /// How a training class is held.
    TrainingMode {
        InPerson = "in_person",
        Remote = "remote",
    }
);

/// A training class (履职培训) and who attended it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Training {
    pub id: TrainingId,
    pub title: Title,
    pub first_day: LocalDate,
    pub last_day: LocalDate,
    pub mode: TrainingMode,
    pub attendees: Vec<DeputyId>,
}
