//! Training classes, duty activities and suggestions, shaped by each deputy's diligence.

use lvzhi_domain::activity::{Activity, ActivityKind, EnteredBy, Review};
use lvzhi_domain::calendar::{AnnualSession, Term};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::{Deputy, Level};
use lvzhi_domain::ids::{AccountId, ActivityId, DeputyId, SuggestionId, TrainingId};
use lvzhi_domain::organisation::{Training, TrainingMode};
use lvzhi_domain::suggestion::{
    Fulfilment, HandlingStage, Promise, ReplyLetter, ReplyReceipt, Satisfaction, Suggestion, SuggestionKind,
};
use lvzhi_domain::text::{Description, PlaceText, Reason, Title};

use crate::names::{PLACES, TOPICS};
use crate::rng::DemoRng;
use crate::roster::{Diligence, Profile, title};
use crate::{DemoConfig, DemoData};
use lvzhi_domain::handling::{Assignment, KeySupervision, Milestone, Publication};

/// The staff account that enters records on deputies' behalf in the demo.
pub const STAFF_ACCOUNT: AccountId = AccountId::from_u128_const(0x5_0000);
/// The second reviewer of the deputy-affairs office (`staff2`), who reviews what `staff` entered.
pub const SECOND_REVIEWER_ACCOUNT: AccountId = AccountId::from_u128_const(0x5_0001);
/// The liaison office limited to one district's deputies (`liaison`).
pub const LIAISON_ACCOUNT: AccountId = AccountId::from_u128_const(0x5_0002);

const BETWEEN_SESSION_KINDS: [ActivityKind; 9] = [
    ActivityKind::Inspection,
    ActivityKind::ThematicResearch,
    ActivityKind::ConstituentVisit,
    ActivityKind::ConstituentVisit,
    ActivityKind::PublicOpinion,
    ActivityKind::GroupActivity,
    ActivityKind::LawEnforcementCheck,
    ActivityKind::WorkSuggestion,
    ActivityKind::Other,
];

fn unix_millis_at_ten(date: LocalDate) -> i64 {
    i64::from(date.day_number()) * 86_400_000 + 2 * 3_600_000
}

struct Builder<'a> {
    config: &'a DemoConfig,
    rng: &'a mut DemoRng,
    activities: Vec<Activity>,
}

impl Builder<'_> {
    fn review(&mut self, date: LocalDate) -> Review {
        let age = date.days_until(self.config.today);
        if age < 45 && self.rng.chance(60) || age < 365 && self.rng.chance(4) {
            Review::Pending
        } else if self.rng.chance(2) {
            Review::Rejected {
                reason: reason("材料不完整，请补充活动照片或签到记录"),
            }
        } else {
            Review::Approved
        }
    }

    fn add(&mut self, kind: ActivityKind, date: LocalDate, deputies: Vec<DeputyId>, place: &str) -> ActivityId {
        let id = ActivityId::from_uuid(self.rng.uuid_v7_at(unix_millis_at_ten(date)));
        let entered_by = if self.rng.chance(10) {
            EnteredBy::Staff(STAFF_ACCOUNT)
        } else {
            EnteredBy::Deputy(AccountId::from_uuid(deputies[0].as_uuid()))
        };
        let review = self.review(date);
        let description = format!(
            "{}：{}",
            lvzhi_domain::labels::Label::label(kind, Default::default()),
            self.rng.pick(&TOPICS)
        );
        self.activities.push(Activity {
            id,
            kind,
            date,
            deputies,
            station: None,
            place: PlaceText::parse_field(place, "place").unwrap_or_default(),
            description: Description::parse_field(&description, "description").unwrap_or_default(),
            entered_by,
            review,
            revision: 1,
            proposed_by: None,
            answers: Vec::new(),
        });
        id
    }

    /// A random day in `from..=until` outside every session, if there is one.
    fn day_between_sessions(
        &mut self,
        from: LocalDate,
        until: LocalDate,
        sessions: &[AnnualSession],
    ) -> Option<LocalDate> {
        let span = from.days_until(until);
        if span < 0 {
            return None;
        }
        for _ in 0..20 {
            let day = from.add_days(self.rng.between(0, span))?;
            if !sessions.iter().any(|s| s.contains(day)) {
                return Some(day);
            }
        }
        None
    }
}

fn reason(text: &str) -> Reason {
    Reason::parse_field(text, "reason").unwrap_or_else(|error| panic!("demo reason: {error}"))
}

pub fn trainings(config: &DemoConfig, rng: &mut DemoRng, data: &mut DemoData) {
    let mut next = 0x4_0000u128;
    for term in data.terms.clone() {
        let members: Vec<&Deputy> = data
            .deputies
            .iter()
            .filter(|d| d.level == Level::Municipal && d.service_in(term.number).is_some())
            .collect();
        let mut classes = vec![(
            term.start.add_days(45),
            "新任代表履职学习班".to_string(),
            TrainingMode::InPerson,
            95,
        )];
        for index in 0..13 {
            let day = term.start.add_days(120 + index * 125);
            let topic = TOPICS[index as usize % TOPICS.len()];
            classes.push((day, format!("{topic}专题学习班"), TrainingMode::InPerson, 30));
        }
        for index in 0..4 {
            let day = term.start.add_days(300 + index * 400);
            classes.push((
                day,
                format!("代表履职远程视频培训（第{}期）", index + 1),
                TrainingMode::Remote,
                55,
            ));
        }
        for (day, name, mode, percent) in classes {
            let Some(day) = day.filter(|d| *d <= config.today && term.contains(*d)) else {
                continue;
            };
            let attendees: Vec<DeputyId> = members
                .iter()
                .filter(|d| d.serving_on(day) && rng.chance(percent))
                .map(|d| d.id)
                .collect();
            data.trainings.push(Training {
                id: TrainingId::from_u128(next),
                title: title(&name),
                first_day: day,
                last_day: day
                    .add_days(if mode == TrainingMode::Remote { 0 } else { 2 })
                    .unwrap_or(day),
                mode,
                attendees,
                place: PlaceText::parse_field("市人大常委会机关", "place").unwrap_or_default(),
                organiser: Title::parse_field("市人大常委会代表工作室", "organiser").ok(),
                audience: Default::default(),
                others: Vec::new(),
            });
            next += 1;
        }
    }
}

pub fn activities_and_suggestions(config: &DemoConfig, rng: &mut DemoRng, data: &mut DemoData, profiles: &[Profile]) {
    let mut builder = Builder {
        config,
        rng,
        activities: Vec::new(),
    };
    let sessions = data.sessions.clone();
    let terms: Vec<Term> = data.terms.clone();
    for training in &data.trainings {
        for attendee in &training.attendees {
            let record = builder.add(
                ActivityKind::Training,
                training.first_day,
                vec![*attendee],
                "市人大常委会机关",
            );
            data.training_registrations.push((training.id, *attendee, record));
        }
    }
    let mut suggestions = Vec::new();
    let municipal: Vec<DeputyId> = data
        .deputies
        .iter()
        .filter(|d| d.level == Level::Municipal)
        .map(|d| d.id)
        .collect();
    for profile in profiles {
        let deputy = &data.deputies[profile.deputy];
        for service in &deputy.services {
            let Some(term) = terms.iter().find(|t| t.number == service.term) else {
                continue;
            };
            let until = service.until.min(config.today);
            for year in service.from.year()..=until.year() {
                let year_from = service.from.max(LocalDate::first_of_year(year).unwrap_or(service.from));
                let year_until = until.min(LocalDate::last_of_year(year).unwrap_or(until));
                if deputy.level == Level::Municipal {
                    municipal_year(
                        &mut builder,
                        deputy,
                        profile.diligence,
                        &sessions,
                        year,
                        year_from,
                        year_until,
                        &municipal,
                        &mut suggestions,
                    );
                } else {
                    let count = builder.rng.below(config.grassroots_activities_per_year + 1);
                    for _ in 0..count {
                        if let Some(day) = builder.day_between_sessions(year_from, year_until, &[]) {
                            let kind = if builder.rng.chance(70) {
                                ActivityKind::ConstituentVisit
                            } else {
                                ActivityKind::PublicOpinion
                            };
                            builder.add(
                                kind,
                                day,
                                vec![deputy.id],
                                PLACES[day.day_number() as usize % PLACES.len()],
                            );
                            if let (Some(station), Some(last)) =
                                (deputy.stations.first(), builder.activities.last_mut())
                            {
                                last.station = Some(*station);
                            }
                        }
                    }
                }
            }
            if deputy.level == Level::Municipal {
                term_duties(
                    &mut builder,
                    deputy,
                    profile.diligence,
                    service.from,
                    until,
                    term,
                    &sessions,
                );
            }
        }
    }
    data.activities = builder.activities;
    data.suggestions = suggestions;
}

#[allow(clippy::too_many_arguments)]
fn municipal_year(
    builder: &mut Builder<'_>,
    deputy: &Deputy,
    diligence: Diligence,
    sessions: &[AnnualSession],
    year: i32,
    from: LocalDate,
    until: LocalDate,
    municipal: &[DeputyId],
    suggestions: &mut Vec<Suggestion>,
) {
    let (speeches, between, proposals) = match diligence {
        Diligence::Diligent => (
            builder.rng.between(3, 6),
            builder.rng.between(5, 10),
            builder.rng.between(1, 3),
        ),
        Diligence::Average => (
            builder.rng.between(2, 4),
            builder.rng.between(3, 6),
            builder.rng.between(0, 2),
        ),
        Diligence::Lagging => (
            builder.rng.between(0, 2),
            builder.rng.between(0, 3),
            builder.rng.between(0, 1),
        ),
    };
    if let Some(session) = sessions
        .iter()
        .find(|s| s.year() == year && from <= s.first_day && s.last_day <= until)
    {
        for _ in 0..speeches {
            let day = session
                .first_day
                .add_days(builder.rng.between(0, session.first_day.days_until(session.last_day)));
            builder.add(
                ActivityKind::SessionSpeech,
                day.unwrap_or(session.first_day),
                vec![deputy.id],
                "市人民代表大会会议",
            );
        }
    }
    for _ in 0..between {
        let Some(day) = builder.day_between_sessions(from, until, sessions) else {
            continue;
        };
        let mut kind = *builder.rng.pick(&BETWEEN_SESSION_KINDS);
        if builder.rng.chance(4) {
            kind = ActivityKind::StandingCommitteeObserver;
        }
        let mut deputies = vec![deputy.id];
        if matches!(kind, ActivityKind::Inspection | ActivityKind::ThematicResearch) && builder.rng.chance(20) {
            let other = *builder.rng.pick(municipal);
            if other != deputy.id {
                deputies.push(other);
            }
        }
        let place = PLACES[builder.rng.below(PLACES.len() as u32) as usize];
        builder.add(kind, day, deputies, place);
    }
    for _ in 0..proposals {
        let Some(day) = builder.day_between_sessions(from, until, &[]) else {
            continue;
        };
        let kind = if builder.rng.chance(8) {
            SuggestionKind::Bill
        } else {
            SuggestionKind::Suggestion
        };
        let mut deputies = vec![deputy.id];
        if builder.rng.chance(15) {
            let other = *builder.rng.pick(municipal);
            if other != deputy.id {
                deputies.push(other);
            }
        }
        let activity_kind = if kind == SuggestionKind::Bill {
            ActivityKind::Bill
        } else {
            ActivityKind::Suggestion
        };
        let activity = builder.add(activity_kind, day, deputies.clone(), "");
        suggestions.push(suggestion(
            builder,
            SuggestionId::from_uuid(activity.as_uuid()),
            kind,
            day,
            deputies,
        ));
    }
}

fn term_duties(
    builder: &mut Builder<'_>,
    deputy: &Deputy,
    diligence: Diligence,
    from: LocalDate,
    until: LocalDate,
    term: &Term,
    sessions: &[AnnualSession],
) {
    let term_is_over = term.end <= builder.config.today;
    let (deeds, report_percent) = match diligence {
        Diligence::Diligent => (builder.rng.between(1, 2), if term_is_over { 100 } else { 60 }),
        Diligence::Average => (builder.rng.between(0, 1), if term_is_over { 90 } else { 30 }),
        Diligence::Lagging => (0, if term_is_over { 50 } else { 5 }),
    };
    for _ in 0..deeds {
        if let Some(day) = builder.day_between_sessions(from, until, sessions) {
            builder.add(
                ActivityKind::GoodDeed,
                day,
                vec![deputy.id],
                PLACES[day.day_number() as usize % PLACES.len()],
            );
        }
    }
    if builder.rng.chance(report_percent) {
        let late_in_term = from.add_days(from.days_until(until) * 3 / 4).unwrap_or(from);
        if let Some(day) = builder.day_between_sessions(late_in_term, until, sessions) {
            builder.add(ActivityKind::ReportToElectoralUnit, day, vec![deputy.id], "原选举单位");
        }
    }
}

fn suggestion(
    builder: &mut Builder<'_>,
    id: SuggestionId,
    kind: SuggestionKind,
    day: LocalDate,
    deputies: Vec<DeputyId>,
) -> Suggestion {
    let age = day.days_until(builder.config.today);
    let rng = &mut *builder.rng;
    let stage = match age {
        0..=20 => HandlingStage::Submitted,
        21..=60 => HandlingStage::Assigned,
        61..=120 => *rng.pick(&[
            HandlingStage::Replied,
            HandlingStage::Reopened,
            HandlingStage::InProgress,
        ]),
        121..=400 => *rng.pick(&[
            HandlingStage::InProgress,
            HandlingStage::Completed,
            HandlingStage::Completed,
        ]),
        _ if rng.chance(95) => HandlingStage::Completed,
        _ => HandlingStage::InProgress,
    };
    let topic = *rng.pick(&TOPICS);
    let (lead_index, category) = crate::units::for_topic(topic);
    let all_units = crate::units::units();
    let lead = &all_units[lead_index];
    let unit = lead.name.clone();
    let replied = !matches!(stage, HandlingStage::Submitted | HandlingStage::Assigned);
    let assigned_on = day.add_days(10).unwrap_or(day);
    let reply_day = day.add_days(45).unwrap_or(day);
    let satisfaction = match stage {
        HandlingStage::Reopened => Some(Satisfaction::Unsatisfied),
        HandlingStage::InProgress | HandlingStage::Completed => Some(if rng.chance(70) {
            Satisfaction::Satisfied
        } else {
            Satisfaction::BasicallySatisfied
        }),
        _ => None,
    };
    let promise_receipt = match stage {
        HandlingStage::Completed => Some(*rng.pick(&[Fulfilment::Done, Fulfilment::Done, Fulfilment::PartlyDone])),
        _ => None,
    };
    let key_supervision = rng.chance(3);
    let published = age > 120 && rng.chance(45);
    let noun = if kind == SuggestionKind::Bill {
        "议案"
    } else {
        "建议"
    };
    let mut suggestion = Suggestion::draft(
        id,
        kind,
        title(&format!("关于{topic}的{noun}")),
        Description::parse_field(
            &format!("建议有关部门加强{topic}工作，明确责任分工和完成时限。"),
            "body",
        )
        .unwrap_or_default(),
        deputies,
    );
    suggestion.submitted_on = Some(day);
    suggestion.stage = stage;
    suggestion.category = (stage != HandlingStage::Submitted).then_some(category);
    if stage != HandlingStage::Submitted {
        suggestion.handling_units = vec![unit.clone()];
        suggestion.assignment = Some(Assignment {
            lead: lead.id,
            co_units: Vec::new(),
            assigned_on,
            due: lvzhi_domain::handling::add_months(assigned_on, 3),
            extended_because: None,
        });
    }
    if replied {
        suggestion.replies = vec![ReplyLetter {
            unit,
            date: reply_day,
            summary: Description::parse_field("已纳入年度工作计划，分步实施。", "summary").unwrap_or_default(),
            unit_id: Some(lead.id),
            round: 1,
            lead: true,
        }];
        suggestion.promises = vec![Promise {
            action: title(&format!("年内完成{topic}试点")),
            due: reply_day.add_days(180),
            receipt: promise_receipt,
            owner: Some(lead.id),
            done_on: promise_receipt.map(|_| reply_day.add_days(170).unwrap_or(reply_day)),
            progress: None,
        }];
    }
    suggestion.reply_receipt = satisfaction.map(|satisfaction| ReplyReceipt {
        satisfaction,
        reason: (satisfaction == Satisfaction::Unsatisfied).then(|| reason("答复未提出具体措施和时限")),
        date: reply_day.add_days(10).unwrap_or(reply_day),
    });
    suggestion.rounds = if stage == HandlingStage::Reopened { 2 } else { 1 };
    if key_supervision && stage != HandlingStage::Submitted {
        suggestion.supervision = Some(KeySupervision {
            leader: title("市人大常委会副主任"),
            since: assigned_on,
            milestones: vec![
                Milestone {
                    title: title("制定工作方案"),
                    due: assigned_on.add_days(30).unwrap_or(assigned_on),
                    done_on: replied.then_some(assigned_on.add_days(25).unwrap_or(assigned_on)),
                },
                Milestone {
                    title: title("完成试点并验收"),
                    due: assigned_on.add_days(200).unwrap_or(assigned_on),
                    done_on: (stage == HandlingStage::Completed)
                        .then_some(reply_day.add_days(170).unwrap_or(reply_day)),
                },
            ],
        });
    }
    suggestion.key_supervision = suggestion.supervision.is_some();
    if published {
        suggestion.published = true;
        suggestion.publication = Some(Publication {
            title: suggestion.title.clone(),
            body: suggestion.body.clone(),
            handling: Description::parse_field(
                &format!("{}已答复：已纳入年度工作计划，分步实施。", lead.name),
                "handling",
            )
            .unwrap_or_default(),
            published_on: reply_day.add_days(20).unwrap_or(reply_day),
        });
    }
    suggestion.revision = 1;
    suggestion
}

/// Gives each demo deputy account one suggestion waiting for the reply receipt and one
/// waiting for the receipt on its promised action, so both evaluations can be tried.
pub fn stage_demo_suggestions(data: &mut DemoData) {
    let leads: Vec<DeputyId> = data.accounts.iter().filter_map(|account| account.deputy).collect();
    for lead in leads {
        let mut theirs: Vec<usize> = (0..data.suggestions.len())
            .filter(|&i| data.suggestions[i].deputies.first() == Some(&lead) && !data.suggestions[i].replies.is_empty())
            .collect();
        theirs.sort_by_key(|&i| std::cmp::Reverse(data.suggestions[i].submitted_on));
        for (position, &index) in theirs.iter().take(2).enumerate() {
            let suggestion = &mut data.suggestions[index];
            let reply_day = suggestion.replies[0].date;
            suggestion.rounds = 1;
            for promise in &mut suggestion.promises {
                promise.receipt = None;
            }
            if position == 0 {
                suggestion.stage = HandlingStage::Replied;
                suggestion.reply_receipt = None;
            } else {
                suggestion.stage = HandlingStage::InProgress;
                suggestion.reply_receipt = Some(ReplyReceipt {
                    satisfaction: Satisfaction::Satisfied,
                    reason: None,
                    date: reply_day.add_days(10).unwrap_or(reply_day),
                });
            }
        }
    }
}
