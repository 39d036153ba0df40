//! Deputies (人大代表): level, electoral unit, service in each term, memberships.

use crate::date::LocalDate;
use crate::define_choice;
use crate::error::{Problem, ValidationError};
use crate::ids::{DeputyId, GroupId, StationId};
use crate::text::{PersonName, Title};

define_choice!(
    /// The congress a deputy was elected to.
    Level {
        /// 全国人大代表
        National = "national",
        /// 市人大代表
        Municipal = "municipal",
        /// 区县人大代表
        District = "district",
        /// 乡镇（街道）人大代表
        Township = "township",
    }
);

define_choice!(
    /// A published attribute of a deputy that a rule set may select by.
    Attribute {
        /// 基层代表: a worker, farmer or grassroots cadre (e.g. the observers rule).
        Grassroots = "grassroots",
    }
);

/// A deputy's service in one term: from the day they took their seat to the day they
/// stopped. A by-election (补选) starts service mid-term; leaving early ends it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermService {
    /// The term served.
    pub term: u16,
    /// First day of service: the term's start, or the by-election date.
    pub from: LocalDate,
    /// Last day of service: the term's end, or the day the deputy left.
    pub until: LocalDate,
    /// Joined mid-term by a by-election (补选).
    #[serde(default)]
    pub by_election: bool,
    /// Left before the end of the term (辞职、罢免、调离…).
    #[serde(default)]
    pub left_early: bool,
}

impl TermService {
    /// A deputy's service in a term, refused when it ends before it starts or outside the term.
    pub fn new(
        term: u16,
        from: LocalDate,
        until: LocalDate,
        by_election: bool,
        left_early: bool,
    ) -> Result<Self, ValidationError> {
        if until < from {
            return Err(ValidationError::new(
                "until",
                Problem::Inconsistent {
                    detail: format!("service ends ({until}) before it starts ({from})"),
                },
            ));
        }
        Ok(Self {
            term,
            from,
            until,
            by_election,
            left_early,
        })
    }

    /// Whether the deputy served on `date`.
    pub fn covers(&self, date: LocalDate) -> bool {
        self.from <= date && date <= self.until
    }
}

/// A deputy on the roster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deputy {
    /// The deputy's id.
    pub id: DeputyId,
    /// The deputy's name.
    pub name: PersonName,
    /// The level of congress the deputy sits in.
    pub level: Level,
    /// 原选举单位: the district or body that elected the deputy.
    pub electoral_unit: Title,
    /// Occupation or workplace as published (职业、单位).
    #[serde(default)]
    pub occupation: Option<Title>,
    /// Service in each term, in order.
    pub services: Vec<TermService>,
    /// The liaison group (代表联系组) of a municipal deputy.
    #[serde(default)]
    pub liaison_group: Option<GroupId>,
    /// Professional groups (代表专业组).
    #[serde(default)]
    pub professional_groups: Vec<GroupId>,
    /// Stations where the deputy receives the public.
    #[serde(default)]
    pub stations: Vec<StationId>,
    /// Attributes rule sets select by (e.g. grassroots); none by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
}

impl Deputy {
    /// The service in this term, if the deputy served in it.
    pub fn service_in(&self, term: u16) -> Option<&TermService> {
        self.services.iter().find(|service| service.term == term)
    }

    /// Whether the deputy has `attribute`.
    pub fn has(&self, attribute: Attribute) -> bool {
        self.attributes.contains(&attribute)
    }

    /// Whether the deputy was serving on this date.
    pub fn serving_on(&self, date: LocalDate) -> bool {
        self.services.iter().any(|service| service.covers(date))
    }
}
