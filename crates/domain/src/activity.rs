//! Duty activities (履职活动): the records every compliance figure is counted from.

use crate::date::LocalDate;
use crate::define_choice;
use crate::error::{Problem, ValidationError};
use crate::ids::{AccountId, ActivityId, DeputyId, StationId};
use crate::text::{Description, PlaceText, Reason};

define_choice!(
    /// Every kind of duty activity the registration measure names.
    ActivityKind {
        /// 审议发言: a deliberation speech during the annual session.
        SessionSpeech = "session_speech",
        /// 视察
        Inspection = "inspection",
        /// 专题调研
        ThematicResearch = "thematic_research",
        /// 走访群众、在代表家站接待群众
        ConstituentVisit = "constituent_visit",
        /// 收集社情民意
        PublicOpinion = "public_opinion",
        /// 列席常委会会议
        StandingCommitteeObserver = "standing_committee_observer",
        /// 代表联系组、专业组活动
        GroupActivity = "group_activity",
        /// 执法检查
        LawEnforcementCheck = "law_enforcement_check",
        /// 参加履职培训
        Training = "training",
        /// 为原选举单位和人民群众办好事实事
        GoodDeed = "good_deed",
        /// 向原选举单位述职
        ReportToElectoralUnit = "report_to_electoral_unit",
        /// 议案
        Bill = "bill",
        /// 建议、批评和意见
        Suggestion = "suggestion",
        /// 工作性建议
        WorkSuggestion = "work_suggestion",
        /// 其他履职活动
        Other = "other",
    }
);

/// Who typed the record in: the deputy, or staff on the deputy's behalf.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    tag = "by",
    content = "account",
    rename_all = "snake_case",
    try_from = "EnteredByWire"
)]
pub enum EnteredBy {
    /// Typed in by the deputy, from this account.
    Deputy(AccountId),
    /// Typed in by staff, from this account, on the deputy's behalf.
    Staff(AccountId),
}

/// Where a record stands in staff review.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "ReviewWire")]
pub enum Review {
    /// Not yet reviewed by staff; counts only where a rule accepts pending records.
    Pending,
    /// Accepted by staff.
    Approved,
    /// Refused by staff.
    Rejected {
        /// Why, shown to the deputy.
        reason: Reason,
    },
}

impl Review {
    /// The stable code of the review state: `pending`, `approved` or `rejected`.
    pub fn code(&self) -> &'static str {
        match self {
            Review::Pending => "pending",
            Review::Approved => "approved",
            Review::Rejected { .. } => "rejected",
        }
    }
}

define_choice!(
    /// A colleague's answer to a joint record another deputy proposed.
    JointAnswer {
        /// 确认: "I took part"; the record counts for them.
        Confirmed = "confirmed",
        /// 拒绝: "I did not take part"; it is left out of their lists and counts.
        Declined = "declined",
    }
);

/// One colleague's answer on a joint record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JointReply {
    /// The colleague who answered.
    pub deputy: DeputyId,
    /// Confirmed or declined.
    pub answer: JointAnswer,
}

/// Where a record stands for one deputy named on it (compliance decision "joint records").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participation {
    /// The deputy is not named on it.
    NotNamed,
    /// It counts for them: they proposed it, staff entered it, or they confirmed it.
    Counts,
    /// A colleague proposed it; it waits for their confirmation and does not count yet.
    AwaitingAnswer,
    /// They declined it: it is not in their lists and never counts for them.
    Declined,
}

/// One duty activity, possibly shared by several deputies (a joint inspection, a bill
/// signed by several deputies): it counts once for each of them who took part — the deputy
/// who proposed it at once, each named colleague once they confirm it (staff-entered
/// records count for everyone named).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ActivityFields")]
pub struct Activity {
    /// Made on the device that first wrote the record; never changes.
    pub id: ActivityId,
    /// What kind of duty activity it was.
    pub kind: ActivityKind,
    /// The local date in Asia/Shanghai on which it took place.
    pub date: LocalDate,
    /// Participating deputies: at least one, no repeats.
    pub deputies: Vec<DeputyId>,
    /// The deputy station where it took place, if any.
    #[serde(default)]
    pub station: Option<StationId>,
    /// Where it took place, in the deputy's words.
    #[serde(default)]
    pub place: PlaceText,
    /// What was done.
    #[serde(default)]
    pub description: Description,
    /// Who typed the record in.
    pub entered_by: EnteredBy,
    /// Where it stands in staff review.
    pub review: Review,
    /// Increases by one with every accepted change; used to detect concurrent edits.
    pub revision: u32,
    /// The deputy who proposed the record (set by the server from the account that saved
    /// it); `None` when staff entered it, or for records older than joint confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_by: Option<DeputyId>,
    /// Named colleagues' answers (confirmed or declined), at most one each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<JointReply>,
}

impl Activity {
    /// Where the record stands for `deputy`: whether it counts for them, waits for their
    /// answer, or was declined. Both compliance paths and every list use this.
    pub fn participation(&self, deputy: DeputyId) -> Participation {
        if !self.deputies.contains(&deputy) {
            return Participation::NotNamed;
        }
        let Some(proposer) = self.proposed_by else {
            return Participation::Counts;
        };
        if proposer == deputy || matches!(self.entered_by, EnteredBy::Staff(_)) {
            return Participation::Counts;
        }
        match self.answers.iter().find(|reply| reply.deputy == deputy) {
            Some(JointReply {
                answer: JointAnswer::Confirmed,
                ..
            }) => Participation::Counts,
            Some(JointReply {
                answer: JointAnswer::Declined,
                ..
            }) => Participation::Declined,
            None => Participation::AwaitingAnswer,
        }
    }

    /// Whether the record shows in `deputy`'s lists: named, and not declined by them.
    pub fn listed_for(&self, deputy: DeputyId) -> bool {
        !matches!(
            self.participation(deputy),
            Participation::NotNamed | Participation::Declined
        )
    }

    /// The record with `deputy`'s answer set (replacing an earlier one).
    pub fn with_answer(&self, deputy: DeputyId, answer: JointAnswer) -> Activity {
        let mut answered = self.clone();
        answered.answers.retain(|reply| reply.deputy != deputy);
        answered.answers.push(JointReply { deputy, answer });
        answered.answers.sort_by_key(|reply| reply.deputy);
        answered
    }

    /// Whether a deputy who took part may still edit or withdraw it: only while it waits for
    /// review. The app offers the buttons by this; the server refuses by it.
    pub fn deputy_may_change(&self) -> bool {
        self.review == Review::Pending
    }
}

/// The shape of an activity as read from JSON, before its invariants are checked.
#[derive(serde::Deserialize)]
struct ActivityFields {
    id: ActivityId,
    kind: ActivityKind,
    date: LocalDate,
    deputies: Vec<DeputyId>,
    #[serde(default)]
    station: Option<StationId>,
    #[serde(default)]
    place: PlaceText,
    #[serde(default)]
    description: Description,
    entered_by: EnteredBy,
    review: Review,
    #[serde(default)]
    revision: u32,
    #[serde(default)]
    proposed_by: Option<DeputyId>,
    #[serde(default)]
    answers: Vec<JointReply>,
}

impl TryFrom<ActivityFields> for Activity {
    type Error = ValidationError;
    fn try_from(fields: ActivityFields) -> Result<Self, Self::Error> {
        let deputies = participating_deputies(fields.deputies)?;
        if let Some(proposer) = fields.proposed_by
            && !deputies.contains(&proposer)
        {
            return Err(ValidationError::new(
                "proposed_by",
                Problem::Inconsistent {
                    detail: format!("the proposer {proposer} is not among the deputies"),
                },
            ));
        }
        for (index, reply) in fields.answers.iter().enumerate() {
            let field = format!("answers[{index}].deputy");
            if !deputies.contains(&reply.deputy) || Some(reply.deputy) == fields.proposed_by {
                return Err(ValidationError::new(
                    field,
                    Problem::Inconsistent {
                        detail: format!("{} is not a named colleague who can answer", reply.deputy),
                    },
                ));
            }
            if fields.answers[..index].iter().any(|other| other.deputy == reply.deputy) {
                return Err(ValidationError::new(
                    field,
                    Problem::Inconsistent {
                        detail: format!("{} answered twice", reply.deputy),
                    },
                ));
            }
        }
        Ok(Activity {
            id: fields.id,
            kind: fields.kind,
            date: fields.date,
            deputies,
            station: fields.station,
            place: fields.place,
            description: fields.description,
            entered_by: fields.entered_by,
            review: fields.review,
            revision: fields.revision,
            proposed_by: fields.proposed_by,
            answers: fields.answers,
        })
    }
}

/// An edited record keeps the answers of colleagues still named on it (an edit by its
/// proposer does not undo a colleague's confirmation; a colleague taken off loses theirs).
pub fn keep_answers(existing: Option<&Activity>, mut edited: Activity) -> Activity {
    if let Some(existing) = existing {
        edited.answers = existing
            .answers
            .iter()
            .filter(|reply| edited.deputies.contains(&reply.deputy) && Some(reply.deputy) != edited.proposed_by)
            .copied()
            .collect();
    }
    edited
}

/// The most deputies one record may name (a joint record of a whole delegation fits).
pub const MAX_PARTICIPANTS: usize = 500;

/// Checks the participant list: 1 to [`MAX_PARTICIPANTS`] deputies, none listed twice.
pub fn participating_deputies(deputies: Vec<DeputyId>) -> Result<Vec<DeputyId>, ValidationError> {
    if deputies.is_empty() {
        return Err(ValidationError::new("deputies", Problem::Empty));
    }
    if deputies.len() > MAX_PARTICIPANTS {
        return Err(ValidationError::new(
            "deputies",
            Problem::OutOfRange {
                min: "1".into(),
                max: MAX_PARTICIPANTS.to_string(),
            },
        ));
    }
    // At most MAX_PARTICIPANTS names: comparing each with those before it is cheap, and needs
    // no hash set (whose random seeding and hashing would be linked into the app: size).
    for (index, deputy) in deputies.iter().enumerate() {
        if deputies[..index].contains(deputy) {
            return Err(ValidationError::new(
                format!("deputies[{index}]"),
                Problem::Inconsistent {
                    detail: format!("deputy {deputy} is listed twice"),
                },
            ));
        }
    }
    Ok(deputies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_are_bounded_and_named_once() {
        let ids = |n: u128| (1..=n).map(DeputyId::from_u128).collect::<Vec<_>>();
        assert!(participating_deputies(ids(500)).is_ok());
        assert_eq!(participating_deputies(ids(501)).unwrap_err().field, "deputies");
        let mut twice = ids(3);
        twice.push(DeputyId::from_u128(2));
        assert_eq!(participating_deputies(twice).unwrap_err().field, "deputies[3]");
    }

    fn sample_json(deputies: &str) -> String {
        format!(
            r#"{{"id":"0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f","kind":"inspection","date":"2021-05-06",
               "deputies":{deputies},"entered_by":{{"by":"deputy","account":"0192d1f0-7c1a-7b3e-9c4d-000000000001"}},
               "review":{{"status":"pending"}},"revision":1}}"#
        )
    }

    #[test]
    fn reads_an_activity_from_json_and_writes_it_back_identically() {
        let json = sample_json(r#"["0192d1f0-7c1a-7b3e-9c4d-000000000002"]"#);
        let activity: Activity = serde_json::from_str(&json).unwrap();
        assert_eq!(activity.kind, ActivityKind::Inspection);
        let again: Activity = serde_json::from_str(&serde_json::to_string(&activity).unwrap()).unwrap();
        assert_eq!(again, activity);
    }

    #[test]
    fn an_activity_without_deputies_or_with_a_repeated_deputy_is_refused() {
        let error = serde_json::from_str::<Activity>(&sample_json("[]")).unwrap_err();
        assert!(error.to_string().contains("deputies"), "{error}");
        let twice = r#"["0192d1f0-7c1a-7b3e-9c4d-000000000002","0192d1f0-7c1a-7b3e-9c4d-000000000002"]"#;
        let error = serde_json::from_str::<Activity>(&sample_json(twice)).unwrap_err();
        assert!(error.to_string().contains("deputies[1]"), "{error}");
    }

    #[test]
    fn unknown_kinds_list_the_allowed_codes() {
        let error = ActivityKind::parse_field("karaoke", "kind").unwrap_err();
        assert!(error.to_string().contains("session_speech"), "{error}");
    }
}

/// [`EnteredBy`] as read from JSON.
#[derive(serde::Deserialize)]
struct EnteredByWire {
    by: String,
    #[serde(default)]
    account: Option<AccountId>,
}

impl TryFrom<EnteredByWire> for EnteredBy {
    type Error = String;
    fn try_from(wire: EnteredByWire) -> Result<Self, String> {
        let account = crate::wire::required(wire.account, "account")?;
        match wire.by.as_str() {
            "deputy" => Ok(EnteredBy::Deputy(account)),
            "staff" => Ok(EnteredBy::Staff(account)),
            other => Err(crate::wire::unknown_tag("by", other, &["deputy", "staff"])),
        }
    }
}

/// [`Review`] as read from JSON.
#[derive(serde::Deserialize)]
struct ReviewWire {
    status: String,
    #[serde(default)]
    reason: Option<Reason>,
}

impl TryFrom<ReviewWire> for Review {
    type Error = String;
    fn try_from(wire: ReviewWire) -> Result<Self, String> {
        match wire.status.as_str() {
            "pending" => Ok(Review::Pending),
            "approved" => Ok(Review::Approved),
            "rejected" => Ok(Review::Rejected {
                reason: crate::wire::required(wire.reason, "reason")?,
            }),
            other => Err(crate::wire::unknown_tag(
                "status",
                other,
                &["pending", "approved", "rejected"],
            )),
        }
    }
}
