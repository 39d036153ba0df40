//! What staff work with: an account's scope (the deputies it may see and act on), a record's
//! history (the audit trail shown to the deputy and to staff), and the review queue's rules
//! (which records wait, filtered how, next to which others).

use crate::activity::{Activity, ActivityKind, EnteredBy, Review};
use crate::date::LocalDate;
use crate::deputy::{Deputy, Level};
use crate::ids::{AccountId, ActivityId, DeputyId, GroupId};
use crate::text::{Reason, Title};

/// Whom a staff account works for. A deputy-affairs office sees everyone; a liaison office
/// is limited to the deputies of some electoral units (districts) or groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffScope {
    /// Deputies elected by these units (原选举单位, e.g. "渝中区"). Empty with no groups: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub electoral_units: Vec<Title>,
    /// Deputies of these liaison or professional groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupId>,
}

impl StaffScope {
    /// The scope that sees every deputy.
    pub fn everyone() -> Self {
        Self::default()
    }

    /// Whether the scope sees every deputy.
    pub fn is_everyone(&self) -> bool {
        self.electoral_units.is_empty() && self.groups.is_empty()
    }

    /// Whether the scope covers the stations of `district` (渝中区): everyone, or an
    /// electoral unit of that district (渝中区, 渝中区人民代表大会).
    pub fn covers_district(&self, district: &str) -> bool {
        self.is_everyone()
            || self.electoral_units.iter().any(|unit| {
                let unit = unit.as_str();
                unit == district || unit.strip_suffix("人民代表大会") == Some(district)
            })
    }

    /// Whether the scope covers this deputy.
    pub fn covers(&self, deputy: &Deputy) -> bool {
        self.is_everyone()
            || self.electoral_units.contains(&deputy.electoral_unit)
            || deputy.liaison_group.is_some_and(|group| self.groups.contains(&group))
            || deputy
                .professional_groups
                .iter()
                .any(|group| self.groups.contains(group))
    }
}

crate::define_choice!(
    /// What happened to a record, in its history.
    HistoryAction {
        /// Registered (by the deputy, or by staff on their behalf).
        Entered = "entered",
        /// Changed by whoever entered it, or by staff.
        Edited = "edited",
        /// Withdrawn while pending.
        Withdrawn = "withdrawn",
        /// Approved by staff.
        Approved = "approved",
        /// Rejected by staff, with a reason.
        Rejected = "rejected",
        /// A named colleague confirmed taking part.
        Confirmed = "confirmed",
        /// A named colleague declined.
        Declined = "declined",
    }
);

/// One line of a record's history, as the server keeps it: who did what to which revision.
/// The server stamps the time; the domain has no clock.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    /// The record.
    pub record: ActivityId,
    /// The revision the action produced (0 for a withdrawal).
    pub revision: u32,
    /// What happened.
    pub action: HistoryAction,
    /// The account that did it.
    pub by: AccountId,
    /// Whether that account is staff (entry on a deputy's behalf, reviews).
    pub by_staff: bool,
    /// The rejection's reason, or what an edit changed ("date, description").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A history line as the API shows it: the entry, who that was, and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryLine {
    /// The entry.
    #[serde(flatten)]
    pub entry: HistoryEntry,
    /// The account's display name.
    pub by_name: String,
    /// When, in milliseconds since the Unix epoch.
    pub at_millis: i64,
}

/// The fields that differ between two versions of a record, by their codes in the record
/// form ("kind", "date", "deputies", "station", "place", "description").
pub fn changed_fields(before: &Activity, after: &Activity) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if before.kind != after.kind {
        changed.push("kind");
    }
    if before.date != after.date {
        changed.push("date");
    }
    if before.deputies != after.deputies {
        changed.push("deputies");
    }
    if before.station != after.station {
        changed.push("station");
    }
    if before.place != after.place {
        changed.push("place");
    }
    if before.description != after.description {
        changed.push("description");
    }
    changed
}

crate::define_choice!(
    /// A standard reason for rejecting a registration.
    RejectReason {
        /// The same activity registered twice.
        Duplicate = "duplicate",
        /// The evidence or description is not enough to tell what was done.
        Insufficient = "insufficient",
        /// The kind does not match what was done.
        WrongKind = "wrong_kind",
        /// The date is wrong or outside the deputy's service.
        WrongDate = "wrong_date",
        /// Not a duty activity.
        NotDuty = "not_duty",
    }
);

/// The filter of the review queue; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only deputies of this level.
    pub level: Option<Level>,
    /// Only deputies of this liaison or professional group.
    pub group: Option<GroupId>,
    /// Only records of this kind.
    pub kind: Option<ActivityKind>,
    /// Only records dated on or after this day.
    pub from: Option<LocalDate>,
    /// Only records dated on or before this day.
    pub to: Option<LocalDate>,
    /// Only records entered by staff (true) or by deputies (false).
    pub entered_by_staff: Option<bool>,
}

impl QueueFilter {
    /// Whether the record (with the deputy it is for) passes the filter.
    pub fn matches(&self, activity: &Activity, deputy: Option<&Deputy>) -> bool {
        let in_group = |group: GroupId| {
            deputy.is_some_and(|d| d.liaison_group == Some(group) || d.professional_groups.contains(&group))
        };
        self.level.is_none_or(|level| deputy.is_some_and(|d| d.level == level))
            && self.group.is_none_or(in_group)
            && self.kind.is_none_or(|kind| activity.kind == kind)
            && self.from.is_none_or(|from| activity.date >= from)
            && self.to.is_none_or(|to| activity.date <= to)
            && self
                .entered_by_staff
                .is_none_or(|staff| matches!(activity.entered_by, EnteredBy::Staff(_)) == staff)
    }
}

/// Whether `reviewer` may review this record: a reviewer never reviews a record they entered.
pub fn may_review(reviewer: AccountId, activity: &Activity) -> bool {
    activity.entered_by != EnteredBy::Staff(reviewer)
}

/// The review queue: pending records passing the filter that `reviewer` may review, oldest
/// first (by date, then id). `deputy_of` finds a record's first deputy.
pub fn review_queue<'a>(
    activities: impl IntoIterator<Item = &'a Activity>,
    filter: &QueueFilter,
    reviewer: AccountId,
    deputy_of: impl Fn(DeputyId) -> Option<&'a Deputy>,
) -> Vec<&'a Activity> {
    let mut queue: Vec<&Activity> = activities
        .into_iter()
        .filter(|a| a.review == Review::Pending && may_review(reviewer, a))
        .filter(|a| filter.matches(a, a.deputies.first().and_then(|d| deputy_of(*d))))
        .collect();
    queue.sort_by_key(|a| (a.date, a.id));
    queue
}

/// The deputy's other records on the same day as `record`, to spot a double entry.
pub fn same_day<'a>(record: &Activity, activities: impl IntoIterator<Item = &'a Activity>) -> Vec<&'a Activity> {
    activities
        .into_iter()
        .filter(|other| {
            other.id != record.id
                && other.date == record.date
                && other.deputies.iter().any(|d| record.deputies.contains(d))
        })
        .collect()
}

/// A rejection's text as the deputy sees it: the standard reason's code, then free text.
/// Refused when both are missing, or when the text is too long (as any reason).
pub fn rejection(reason: Option<RejectReason>, note: &str) -> Result<Reason, crate::ValidationError> {
    let note = note.trim();
    let text = match (reason, note.is_empty()) {
        (Some(reason), true) => reason.code().to_owned(),
        (Some(reason), false) => format!("{}: {note}", reason.code()),
        (None, _) => note.to_owned(),
    };
    Reason::parse_field(&text, "reason")
}
