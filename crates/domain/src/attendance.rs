//! Attendance at the annual session and at standing committee meetings, per half day:
//! staff record each leave (请假) or unexcused absence (缺席); point rules deduct for them.
//!
//! A leave with an approved reason may be exempt from deduction, as the rule file says
//! (`exempt_reasons`, see `crate::rules`). An unexcused absence is never exempt.

use crate::date::LocalDate;
use crate::define_choice;
use crate::error::{Problem, ValidationError};
use crate::ids::{AbsenceId, DeputyId};

define_choice!(
    /// The meeting a deputy was away from.
    Meeting {
        /// 人民代表大会会议: the annual session.
        AnnualSession = "annual_session",
        /// 常委会会议: a standing committee meeting the deputy sits on or was invited to.
        StandingCommittee = "standing_committee",
    }
);

define_choice!(
    /// Which half of the day.
    HalfDay {
        /// 上午.
        Morning = "morning",
        /// 下午.
        Afternoon = "afternoon",
    }
);

define_choice!(
    /// Leave asked for in advance, or an absence without leave.
    AbsenceKind {
        /// 请假: leave asked for.
        Leave = "leave",
        /// 缺席: absent without leave.
        Absent = "absent",
    }
);

define_choice!(
    /// Why leave was asked for.
    LeaveReason {
        /// 因病.
        Illness = "illness",
        /// 因公: official duty elsewhere.
        OfficialDuty = "official_duty",
        /// 因私: personal matters.
        Personal = "personal",
    }
);

define_choice!(
    /// What a point rule deducts for: the meeting and the kind of absence together.
    AbsenceCategory {
        /// Leave from the annual session.
        SessionLeave = "session_leave",
        /// Absent from the annual session without leave.
        SessionAbsent = "session_absent",
        /// Leave from a standing committee meeting.
        CommitteeLeave = "committee_leave",
        /// Absent from a standing committee meeting without leave.
        CommitteeAbsent = "committee_absent",
    }
);

/// One half day a deputy was away from a meeting, as staff recorded it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "AbsenceFields")]
pub struct Absence {
    /// Its id.
    pub id: AbsenceId,
    /// The deputy who was away.
    pub deputy: DeputyId,
    /// The meeting.
    pub meeting: Meeting,
    /// The day (Asia/Shanghai).
    pub date: LocalDate,
    /// Morning or afternoon.
    pub half: HalfDay,
    /// Leave or absent without leave.
    pub kind: AbsenceKind,
    /// The reason given for leave; `None` for an absence without leave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<LeaveReason>,
    /// Whether the leave was approved (always false for an absence without leave).
    #[serde(default)]
    pub approved: bool,
    /// Increases by one with every change staff make.
    #[serde(default)]
    pub revision: u32,
}

impl Absence {
    /// What a point rule deducts for it under.
    pub fn category(&self) -> AbsenceCategory {
        match (self.meeting, self.kind) {
            (Meeting::AnnualSession, AbsenceKind::Leave) => AbsenceCategory::SessionLeave,
            (Meeting::AnnualSession, AbsenceKind::Absent) => AbsenceCategory::SessionAbsent,
            (Meeting::StandingCommittee, AbsenceKind::Leave) => AbsenceCategory::CommitteeLeave,
            (Meeting::StandingCommittee, AbsenceKind::Absent) => AbsenceCategory::CommitteeAbsent,
        }
    }

    /// Whether a rule exempting `reasons` lets it go without deduction: approved leave
    /// for one of those reasons.
    pub fn exempt_under(&self, reasons: &[LeaveReason]) -> bool {
        self.kind == AbsenceKind::Leave && self.approved && self.reason.is_some_and(|r| reasons.contains(&r))
    }

    /// Whether `other` is the same half day of the same meeting for the same deputy (two
    /// such records are refused).
    pub fn same_slot(&self, other: &Absence) -> bool {
        self.deputy == other.deputy
            && self.meeting == other.meeting
            && self.date == other.date
            && self.half == other.half
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AbsenceFields {
    id: AbsenceId,
    deputy: DeputyId,
    meeting: Meeting,
    date: LocalDate,
    half: HalfDay,
    kind: AbsenceKind,
    #[serde(default)]
    reason: Option<LeaveReason>,
    #[serde(default)]
    approved: bool,
    #[serde(default)]
    revision: u32,
}

impl TryFrom<AbsenceFields> for Absence {
    type Error = ValidationError;
    fn try_from(fields: AbsenceFields) -> Result<Self, ValidationError> {
        if fields.kind == AbsenceKind::Absent && (fields.reason.is_some() || fields.approved) {
            return Err(ValidationError::new(
                if fields.approved { "approved" } else { "reason" },
                Problem::Inconsistent {
                    detail: "an absence without leave has no reason and is never approved".into(),
                },
            ));
        }
        if fields.approved && fields.reason.is_none() {
            return Err(ValidationError::new(
                "reason",
                Problem::Inconsistent {
                    detail: "approved leave needs its reason".into(),
                },
            ));
        }
        Ok(Absence {
            id: fields.id,
            deputy: fields.deputy,
            meeting: fields.meeting,
            date: fields.date,
            half: fields.half,
            kind: fields.kind,
            reason: fields.reason,
            approved: fields.approved,
            revision: fields.revision,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn absence(json: serde_json::Value) -> Result<Absence, String> {
        serde_json::from_value(json).map_err(|e| e.to_string())
    }

    fn base() -> serde_json::Value {
        serde_json::json!({
            "id": AbsenceId::from_u128(1), "deputy": DeputyId::from_u128(2),
            "meeting": "annual_session", "date": "2026-01-20", "half": "morning",
            "kind": "leave", "reason": "illness", "approved": true,
        })
    }

    #[test]
    fn approved_leave_for_an_exempt_reason_is_exempt_and_an_absence_never_is() {
        let leave = absence(base()).unwrap();
        assert_eq!(leave.category(), AbsenceCategory::SessionLeave);
        assert!(leave.exempt_under(&[LeaveReason::Illness]));
        assert!(!leave.exempt_under(&[LeaveReason::OfficialDuty]));
        let mut unapproved = base();
        unapproved["approved"] = false.into();
        assert!(!absence(unapproved).unwrap().exempt_under(&[LeaveReason::Illness]));
    }

    #[test]
    fn contradictory_absences_are_refused_naming_the_field() {
        let cases = [
            (serde_json::json!({"kind": "absent"}), "reason"),
            (serde_json::json!({"kind": "absent", "reason": null}), "approved"),
            (serde_json::json!({"reason": null}), "reason"),
            (serde_json::json!({"half": "evening"}), "evening"),
            (serde_json::json!({"meeting": "banquet"}), "banquet"),
        ];
        for (edit, named) in cases {
            let mut json = base();
            for (key, value) in edit.as_object().unwrap() {
                json[key] = value.clone();
            }
            let error = absence(json).unwrap_err();
            assert!(error.contains(named), "{named}: {error}");
        }
    }
}

/// The id of the absence in one slot: the same deputy, meeting, day and half always get the
/// same id (two FNV-1a hashes of the slot), so a list entered or imported twice records each
/// absence once.
pub fn slot_id(deputy: DeputyId, meeting: Meeting, date: LocalDate, half: HalfDay) -> AbsenceId {
    let key = format!("{deputy}:{}:{date}:{}", meeting.code(), half.code());
    let hash = |seed: u64| {
        key.bytes().fold(seed, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let value = (u128::from(hash(0xcbf2_9ce4_8422_2325)) << 64) | u128::from(hash(0x8422_2325_cbf2_9ce4));
    // A version-8 (custom) UUID with the RFC 4122 variant.
    let value = (value & !(0xF << 76) | (0x8 << 76)) & !(0x3 << 62) | (0x2 << 62);
    AbsenceId::from_u128(value)
}

/// Why a pasted absence line was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbsenceLineProblem {
    /// The first cell names nobody on the roster in scope (`several`: more than one deputy).
    Deputy {
        /// The cell.
        text: String,
        /// Whether several deputies have that name.
        several: bool,
    },
    /// A cell that is not what the column holds.
    Field(ValidationError),
}

/// Absences read from pasted lines `deputy,meeting,date,half,kind[,reason[,approved]]`
/// (a header line starting `deputy` or `代表` is skipped); the deputy by id or by a name
/// only one deputy in `deputies` has. Returns the absences and each bad line's number and
/// problem, naming the column.
pub fn read_absences(
    text: &str,
    deputies: &[crate::deputy::Deputy],
) -> (Vec<Absence>, Vec<(usize, AbsenceLineProblem)>) {
    let mut absences = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line
            .split([',', '\t'])
            .map(|c| c.trim().trim_start_matches('\u{feff}'))
            .collect();
        if cells.iter().all(|c| c.is_empty()) || (index == 0 && ["deputy", "代表"].contains(&cells[0])) {
            continue;
        }
        let cell = |at: usize| cells.get(at).copied().unwrap_or("");
        let matching: Vec<DeputyId> = match cell(0).parse::<DeputyId>() {
            Ok(id) => deputies.iter().filter(|d| d.id == id).map(|d| d.id).collect(),
            Err(_) => deputies
                .iter()
                .filter(|d| d.name.as_str() == cell(0))
                .map(|d| d.id)
                .collect(),
        };
        let [deputy] = matching.as_slice() else {
            problems.push((
                index + 1,
                AbsenceLineProblem::Deputy {
                    text: cell(0).to_owned(),
                    several: matching.len() > 1,
                },
            ));
            continue;
        };
        let parsed = (|| -> Result<Absence, ValidationError> {
            let meeting = Meeting::parse_field(cell(1), "meeting")?;
            let date = LocalDate::parse_field(cell(2), "date")?;
            let half = HalfDay::parse_field(cell(3), "half")?;
            let kind = AbsenceKind::parse_field(cell(4), "kind")?;
            let reason = Some(cell(5))
                .filter(|r| !r.is_empty())
                .map(|r| LeaveReason::parse_field(r, "reason"))
                .transpose()?;
            let approved = matches!(cell(6), "true" | "1" | "yes" | "是");
            let fields = AbsenceFields {
                id: slot_id(*deputy, meeting, date, half),
                deputy: *deputy,
                meeting,
                date,
                half,
                kind,
                reason,
                approved,
                revision: 0,
            };
            Absence::try_from(fields)
        })();
        match parsed {
            Ok(absence) => absences.push(absence),
            Err(error) => problems.push((index + 1, AbsenceLineProblem::Field(error))),
        }
    }
    (absences, problems)
}
