//! Demo attendance and joint records: leave and absences at annual sessions and standing
//! committee meetings, the district demo account's own leave, and joint records proposed
//! between the two municipal demo deputies.
//!
//! Uses its own random stream, so adding it left every other generated value unchanged.

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::attendance::{Absence, AbsenceKind, HalfDay, LeaveReason, Meeting};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::{Attribute, Level};
use lvzhi_domain::ids::{AbsenceId, AccountId, ActivityId, DeputyId};
use lvzhi_domain::text::{Description, PlaceText};

use crate::DemoData;
use crate::rng::DemoRng;

/// Ids of the demo absences start here.
const FIRST_ABSENCE: u128 = 0xAB5E_0000_0000;
/// The two demo joint records (proposed by `deputy2` naming `deputy`, and the reverse).
pub const JOINT_FOR_DEPUTY: ActivityId = ActivityId::from_u128_const(0x101E_0000_0001);
/// The joint record proposed by `deputy`, naming `deputy2`.
pub const JOINT_FOR_DEPUTY2: ActivityId = ActivityId::from_u128_const(0x101E_0000_0002);

/// Leave and absences at each annual session for municipal and district deputies: about
/// one deputy in ten asks for half a day's leave in a session, one in fifty is absent.
pub fn absences(seed: u64, today: LocalDate, data: &mut DemoData) {
    let mut rng = DemoRng::new(seed ^ 0xA77E_11D0);
    let mut next = FIRST_ABSENCE;
    let mut absences = Vec::new();
    for deputy in data
        .deputies
        .iter()
        .filter(|d| matches!(d.level, Level::Municipal | Level::District))
    {
        for session in &data.sessions {
            let serving = deputy.services.iter().any(|s| s.covers(session.first_day));
            if !serving || session.first_day > today {
                continue;
            }
            let roll = rng.below(100);
            if roll >= 12 {
                continue;
            }
            let length = session.first_day.days_until(session.last_day).max(0);
            let Some(date) = session.first_day.add_days(rng.between(0, length)) else {
                continue;
            };
            let (kind, reason) = if roll < 2 {
                (AbsenceKind::Absent, None)
            } else {
                (AbsenceKind::Leave, Some(*rng.pick(&LeaveReason::ALL[..])))
            };
            absences.push(Absence {
                id: AbsenceId::from_u128(next),
                deputy: deputy.id,
                meeting: Meeting::AnnualSession,
                date,
                half: if rng.chance(50) {
                    HalfDay::Morning
                } else {
                    HalfDay::Afternoon
                },
                kind,
                reason,
                approved: reason.is_some() && rng.chance(85),
                revision: 1,
            });
            next += 1;
        }
    }
    data.absences = absences;
}

/// The district demo deputy's leave at this year's session: half a day for personal
/// matters (deducted) and half a day on official duty (exempt under the example rules).
pub fn district_demo_leave(deputy: DeputyId, today: LocalDate, data: &mut DemoData) {
    data.absences.retain(|absence| absence.deputy != deputy);
    let Some(session) = data
        .sessions
        .iter()
        .filter(|s| s.first_day <= today)
        .max_by_key(|s| s.first_day)
        .cloned()
    else {
        return;
    };
    for (n, (half, reason)) in [
        (HalfDay::Afternoon, LeaveReason::Personal),
        (HalfDay::Morning, LeaveReason::OfficialDuty),
    ]
    .into_iter()
    .enumerate()
    {
        data.absences.push(Absence {
            id: AbsenceId::from_u128(FIRST_ABSENCE - 1 - n as u128),
            deputy,
            meeting: Meeting::AnnualSession,
            date: session.first_day.add_days(n as i32).unwrap_or(session.first_day),
            half,
            kind: AbsenceKind::Leave,
            reason: Some(reason),
            approved: true,
            revision: 1,
        });
    }
}

/// The district demo deputy's year so far, so the point system has something to show: a
/// suggestion, an inspection and a research visit (3 points each), seven constituent visits
/// (1.5 each, of which the cap of 9 keeps six) and a training still pending review.
pub fn district_demo_records(deputy: DeputyId, today: LocalDate, data: &mut DemoData) {
    let year_start = LocalDate::first_of_year(today.year()).unwrap_or(today);
    let on = |days: i32| today.add_days(-days).unwrap_or(today).max(year_start);
    let mut plan: Vec<(ActivityKind, i32, &str, Review)> = vec![
        (
            ActivityKind::Suggestion,
            200,
            "关于增设社区老年食堂的建议",
            Review::Approved,
        ),
        (ActivityKind::Inspection, 150, "视察辖区河道治理工程", Review::Approved),
        (
            ActivityKind::ThematicResearch,
            120,
            "农村人居环境整治专题调研",
            Review::Approved,
        ),
        (ActivityKind::Training, 5, "区人大代表履职培训班", Review::Pending),
    ];
    for n in 0..7 {
        plan.push((
            ActivityKind::ConstituentVisit,
            100 - n * 12,
            "进站接待选民",
            Review::Approved,
        ));
    }
    for (n, (kind, days, what, review)) in plan.into_iter().enumerate() {
        data.activities.push(Activity {
            id: ActivityId::from_u128(0xD157_0000_0000 + n as u128),
            kind,
            date: on(days),
            deputies: vec![deputy],
            station: None,
            place: PlaceText::parse_field("区人大代表联络站", "place").unwrap_or_default(),
            description: Description::parse_field(what, "description").unwrap_or_default(),
            entered_by: EnteredBy::Deputy(AccountId::from_uuid(deputy.as_uuid())),
            review,
            revision: 1,
            proposed_by: Some(deputy),
            answers: Vec::new(),
        });
    }
}

/// Puts the two municipal demo deputies in the same liaison group, so each finds the other
/// among the colleagues they can name on a joint record (in a small demo a group may
/// otherwise have no one else serving today).
pub fn same_liaison_group(deputy: DeputyId, deputy2: DeputyId, data: &mut DemoData) {
    let group = data
        .deputies
        .iter()
        .find(|d| d.id == deputy)
        .and_then(|d| d.liaison_group);
    if let Some(other) = data.deputies.iter_mut().find(|d| d.id == deputy2)
        && group.is_some()
    {
        other.liaison_group = group;
    }
}

/// Makes the `deputy` demo account's deputy a grassroots deputy (judged by the observers
/// rule once staff turn it on).
pub fn make_grassroots(deputy: DeputyId, data: &mut DemoData) {
    if let Some(found) = data.deputies.iter_mut().find(|d| d.id == deputy)
        && !found.has(Attribute::Grassroots)
    {
        found.attributes.push(Attribute::Grassroots);
    }
}

/// Two approved joint inspections between the municipal demo deputies, each proposed by
/// one and waiting for the other's answer.
pub fn joint_records(deputy: DeputyId, deputy2: DeputyId, today: LocalDate, data: &mut DemoData) {
    let on = |days: i32| today.add_days(-days).unwrap_or(today);
    for (id, proposer, colleague, days, place, what) in [
        (
            JOINT_FOR_DEPUTY,
            deputy2,
            deputy,
            12,
            "两江新区水土街道",
            "联合视察：社区养老服务中心运营情况",
        ),
        (
            JOINT_FOR_DEPUTY2,
            deputy,
            deputy2,
            9,
            "渝北区龙溪街道",
            "联合视察：老旧小区加装电梯进度",
        ),
    ] {
        data.activities.push(Activity {
            id,
            kind: ActivityKind::Inspection,
            date: on(days),
            deputies: vec![proposer, colleague],
            station: None,
            place: PlaceText::parse_field(place, "place").unwrap_or_default(),
            description: Description::parse_field(what, "description").unwrap_or_default(),
            entered_by: EnteredBy::Deputy(AccountId::from_uuid(proposer.as_uuid())),
            review: Review::Approved,
            revision: 2,
            proposed_by: Some(proposer),
            answers: Vec::new(),
        });
    }
}
