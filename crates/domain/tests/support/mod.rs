//! Builders for compliance tests: a small calendar (the 5th term, 2018–2022, sessions in
//! January) and records made in one line each.
#![allow(dead_code)]

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::calendar::{AnnualSession, Term};
use lvzhi_domain::compliance::Calendar;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::{Deputy, Level, TermService};
use lvzhi_domain::ids::{AccountId, ActivityId, DeputyId};
use lvzhi_domain::text::{Description, PersonName, PlaceText, Reason, Title};

pub fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

pub fn calendar() -> Calendar {
    let term = Term {
        number: 5,
        start: date("2018-01-01"),
        end: date("2022-12-31"),
    };
    let sessions = (2018..=2022)
        .map(|year| AnnualSession {
            term: 5,
            ordinal: (year - 2017) as u16,
            first_day: LocalDate::from_ymd(year, 1, 20).unwrap(),
            last_day: LocalDate::from_ymd(year, 1, 25).unwrap(),
        })
        .collect();
    Calendar::new(vec![term], sessions)
}

pub fn deputy(number: u128, from: &str, until: &str) -> Deputy {
    let (from, until) = (date(from), date(until));
    Deputy {
        id: DeputyId::from_u128(number),
        name: PersonName::parse_field("测试代表", "name").unwrap(),
        level: Level::Municipal,
        electoral_unit: Title::parse_field("渝中区", "unit").unwrap(),
        occupation: None,
        services: vec![TermService {
            term: 5,
            from,
            until,
            by_election: from > date("2018-01-01"),
            left_early: until < date("2022-12-31"),
        }],
        liaison_group: None,
        professional_groups: vec![],
        stations: vec![],
        attributes: vec![],
    }
}

pub fn record(id: u128, kind: ActivityKind, on: &str, deputies: &[u128], review: Review) -> Activity {
    Activity {
        id: ActivityId::from_u128(id),
        kind,
        date: date(on),
        deputies: deputies.iter().map(|d| DeputyId::from_u128(*d)).collect(),
        station: None,
        place: PlaceText::default(),
        description: Description::default(),
        entered_by: EnteredBy::Deputy(AccountId::from_u128(deputies[0])),
        review,
        revision: 1,
        proposed_by: None,
        answers: Vec::new(),
    }
}

pub fn approved(id: u128, kind: ActivityKind, on: &str, deputy: u128) -> Activity {
    record(id, kind, on, &[deputy], Review::Approved)
}

pub fn rejected(reason: &str) -> Review {
    Review::Rejected {
        reason: Reason::parse_field(reason, "reason").unwrap(),
    }
}

/// An absence of `deputy` on `on` (morning), of the given meeting and kind.
pub fn absence(
    id: u128,
    deputy: u128,
    on: &str,
    meeting: lvzhi_domain::attendance::Meeting,
    kind: lvzhi_domain::attendance::AbsenceKind,
    reason: Option<lvzhi_domain::attendance::LeaveReason>,
) -> lvzhi_domain::attendance::Absence {
    lvzhi_domain::attendance::Absence {
        id: lvzhi_domain::ids::AbsenceId::from_u128(id),
        deputy: DeputyId::from_u128(deputy),
        meeting,
        date: date(on),
        half: lvzhi_domain::attendance::HalfDay::Morning,
        kind,
        reason,
        approved: reason.is_some(),
        revision: 1,
    }
}

/// A district deputy (judged by the example district point system).
pub fn district_deputy(number: u128) -> Deputy {
    let mut d = deputy(number, "2018-01-01", "2022-12-31");
    d.level = Level::District;
    d
}

/// The bundled rule set with this id.
pub fn bundled(id: &str) -> lvzhi_domain::rules::RuleSet {
    lvzhi_domain::rules::bundled_rule_sets()
        .into_iter()
        .find(|set| set.id == id)
        .unwrap_or_else(|| panic!("no bundled rule set {id}"))
}
