//! Rule sets as data: whom they judge, which activity kinds count, in which window, and
//! what is asked — a count of records, points (积分制), or duty days (履职天数).
//!
//! A rule set is a JSON document (format: `docs/rules.md`; the default is
//! `rules/chongqing-341311.json`, available as [`default_rule_set`], and examples of a
//! district point system and a township file sit beside it). [`RuleSet::from_json`]
//! refuses a malformed or inconsistent file with a [`ValidationError`] naming the field.
//!
//! **Which rule sets judge a period.** A [`RuleBook`] holds several rule sets, each judging
//! some deputies (a level, and attributes such as grassroots). Several are in force at
//! once — "341 311" and the observers rule for a grassroots municipal deputy. Each rule
//! set may have versions (same id, later `effective_from`); a period (a year, or a term) is
//! judged under each set's version in force on the period's *first day*: a rule adopted
//! mid-period applies from the next period. This keeps a period's bar fixed while the
//! period runs, so a deputy's standing never changes because time passed without new
//! records. Optional rule sets judge no one until staff turn them on.

mod book;
mod requirement;

use crate::date::LocalDate;
use crate::define_choice;
use crate::deputy::{Attribute, Deputy, Level};
use crate::error::{Problem, ValidationError};
use crate::lang::Lang;
pub use book::RuleBook;
pub use requirement::{
    Band, BandFile, HalfPoints, MAX_FIGURE, Measure, PointScheme, Requirement, RequirementFile, Threshold, Unit,
    format_points,
};

define_choice!(
    /// The days within which records count for a requirement.
    Window {
        /// 1 January – 31 December of each year.
        CalendarYear = "calendar_year",
        /// The days of each year's annual session (first to last day).
        SessionDays = "session_days",
        /// Each year, outside its session days.
        BetweenSessions = "between_sessions",
        /// The whole term.
        Term = "term",
    }
);

impl Window {
    /// Whether the requirement is counted per calendar year.
    pub fn is_yearly(self) -> bool {
        !matches!(self, Window::Term)
    }
}

/// A name in each interface language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    pub zh_hans: String,
    /// Traditional Chinese.
    #[serde(rename = "zh-Hant")]
    pub zh_hant: String,
    /// English.
    pub en: String,
}

impl LocalizedText {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhHans => &self.zh_hans,
            Lang::ZhHant => &self.zh_hant,
            Lang::En => &self.en,
        }
    }
}

/// A set of requirements in force from a date, for some deputies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RuleSetFile", into = "RuleSetFile")]
pub struct RuleSet {
    /// A stable id, e.g. `cq-341311`; later versions of the same rules keep it.
    pub id: String,
    /// Its title in each language.
    pub title: LocalizedText,
    /// Where the rules come from.
    pub source: String,
    /// The first day on which this version applies.
    pub effective_from: LocalDate,
    /// Deputies of these levels are held to the rule set.
    pub levels: Vec<Level>,
    /// … if they also have every one of these attributes (none: all of those levels).
    pub attributes: Vec<Attribute>,
    /// An optional rule set judges no one until staff turn it on.
    pub optional: bool,
    /// A requirement applies in a period only if the deputy served at least this share
    /// (percent) of the window's days: a deputy elected in a by-election after a year's
    /// session is not held to that session's speeches.
    pub min_service_percent: u8,
    /// What it asks of each deputy.
    pub requirements: Vec<Requirement>,
}

/// A rule set as written in a file (docs/rules.md).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    id: String,
    title: LocalizedText,
    #[serde(default)]
    source: String,
    effective_from: LocalDate,
    levels: Vec<Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    optional: bool,
    min_service_percent: u8,
    requirements: Vec<RequirementFile>,
}

impl RuleSetFile {
    /// Reads and checks the rule set, naming the field of any problem.
    pub fn read(self) -> Result<RuleSet, ValidationError> {
        if self.id.trim().is_empty() {
            return Err(ValidationError::new("id", Problem::Empty));
        }
        if self.levels.is_empty() {
            return Err(ValidationError::new("levels", Problem::Empty));
        }
        for (index, attribute) in self.attributes.iter().enumerate() {
            if self.attributes[..index].contains(attribute) {
                return Err(ValidationError::new(
                    format!("attributes[{index}]"),
                    Problem::Inconsistent {
                        detail: format!("{attribute} is listed twice"),
                    },
                ));
            }
        }
        if self.min_service_percent > 100 {
            return Err(ValidationError::new(
                "min_service_percent",
                Problem::OutOfRange {
                    min: "0".into(),
                    max: "100".into(),
                },
            ));
        }
        if self.requirements.is_empty() {
            return Err(ValidationError::new("requirements", Problem::Empty));
        }
        let mut requirements: Vec<Requirement> = Vec::with_capacity(self.requirements.len());
        for (index, file) in self.requirements.into_iter().enumerate() {
            let at = format!("requirements[{index}]");
            let requirement = file.read(&at)?;
            if requirements.iter().any(|other| other.id == requirement.id) {
                return Err(ValidationError::new(
                    format!("{at}.id"),
                    Problem::Inconsistent {
                        detail: format!("the id {:?} is used twice", requirement.id),
                    },
                ));
            }
            requirements.push(requirement);
        }
        Ok(RuleSet {
            id: self.id,
            title: self.title,
            source: self.source,
            effective_from: self.effective_from,
            levels: self.levels,
            attributes: self.attributes,
            optional: self.optional,
            min_service_percent: self.min_service_percent,
            requirements,
        })
    }
}

impl TryFrom<RuleSetFile> for RuleSet {
    type Error = ValidationError;
    fn try_from(file: RuleSetFile) -> Result<Self, ValidationError> {
        file.read()
    }
}

impl From<RuleSet> for RuleSetFile {
    fn from(set: RuleSet) -> Self {
        RuleSetFile {
            id: set.id,
            title: set.title,
            source: set.source,
            effective_from: set.effective_from,
            levels: set.levels,
            attributes: set.attributes,
            optional: set.optional,
            min_service_percent: set.min_service_percent,
            requirements: set.requirements.into_iter().map(RequirementFile::from).collect(),
        }
    }
}

impl RuleSet {
    /// Parses and checks a rule set file.
    pub fn from_json(text: &str) -> Result<Self, ValidationError> {
        let file: RuleSetFile = serde_json::from_str(text).map_err(|error| {
            ValidationError::new(
                format!("line {} column {}", error.line(), error.column()),
                Problem::BadFormat {
                    expected: format!("a rule set as docs/rules.md describes ({error})"),
                },
            )
        })?;
        file.read()
    }

    /// Whether the rule set judges `deputy`: their level is listed and they have every
    /// attribute it asks for. (Whether an optional set is on is the rule book's business.)
    pub fn judges(&self, deputy: &Deputy) -> bool {
        self.levels.contains(&deputy.level) && self.attributes.iter().all(|attribute| deputy.has(*attribute))
    }

    /// The requirement with this id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|requirement| requirement.id == id)
    }
}

/// The default rule set: Chongqing's "341 311", as the registration measure states it.
pub const DEFAULT_RULES_JSON: &str = include_str!("../../rules/chongqing-341311.json");

/// The rule set built into the app and server: Chongqing's 341 311.
pub fn default_rule_set() -> RuleSet {
    RuleSet::from_json(DEFAULT_RULES_JSON).unwrap_or_else(|error| panic!("the bundled rule set is invalid: {error}"))
}

/// The rule files shipped with Lüzhi, by file name: "341 311", the optional observers rule
/// for grassroots municipal deputies, and two marked examples (a district point system,
/// a township file).
pub const BUNDLED_RULE_FILES: [(&str, &str); 4] = [
    ("chongqing-341311.json", DEFAULT_RULES_JSON),
    (
        "chongqing-observers.json",
        include_str!("../../rules/chongqing-observers.json"),
    ),
    (
        "example-district-points.json",
        include_str!("../../rules/example-district-points.json"),
    ),
    (
        "example-township.json",
        include_str!("../../rules/example-township.json"),
    ),
];

/// Every bundled rule file, parsed.
pub fn bundled_rule_sets() -> Vec<RuleSet> {
    BUNDLED_RULE_FILES
        .iter()
        .map(|(name, text)| {
            RuleSet::from_json(text).unwrap_or_else(|error| panic!("the bundled rule file {name} is invalid: {error}"))
        })
        .collect()
}
