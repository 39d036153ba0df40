//! Rule sets as data: which activity kinds count, in which window, how many are needed.
//!
//! A rule set is a JSON document (format: `docs/rules.md`; the default is
//! `rules/chongqing-341311.json`, available as [`default_rule_set`]). [`RuleSet::from_json`]
//! refuses a malformed or inconsistent file with a [`ValidationError`] naming the field.
//!
//! **Which rule set judges a period.** A [`RuleBook`] holds several rule sets, each with an
//! `effective_from` date. A period (a year, or a term) is judged under the rule set in force
//! on the period's *first day*: a rule adopted mid-period applies from the next period.
//! This keeps a period's bar fixed while the period runs, so a deputy's standing never
//! changes because time passed without new records.

use crate::activity::ActivityKind;
use crate::date::LocalDate;
use crate::define_choice;
use crate::deputy::Level;
use crate::error::{Problem, ValidationError};
use crate::lang::Lang;

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

/// One requirement of a rule set, e.g. three deliberation speeches a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable id, unique in its rule set, e.g. `session_speeches`.
    pub id: String,
    /// Its title in each language.
    pub title: LocalizedText,
    /// Kinds of activity that count.
    pub kinds: Vec<ActivityKind>,
    /// Whether it counts per year or per term.
    pub window: Window,
    /// How many records are needed in each period.
    pub minimum: u32,
    /// Only records approved by staff count (pending ones are shown apart).
    pub approved_only: bool,
}

impl Requirement {
    /// Whether records of `kind` count for it.
    pub fn counts_kind(&self, kind: ActivityKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// A set of requirements in force from a date, for some levels of deputy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// A stable id, e.g. `cq-341311`.
    pub id: String,
    /// Its title in each language.
    pub title: LocalizedText,
    /// Where the rules come from.
    #[serde(default)]
    pub source: String,
    /// The first day on which it applies.
    pub effective_from: LocalDate,
    /// Deputies of these levels are held to the rule set.
    pub levels: Vec<Level>,
    /// A requirement applies in a period only if the deputy served at least this share
    /// (percent) of the window's days: a deputy elected in a by-election after a year's
    /// session is not held to that session's speeches.
    pub min_service_percent: u8,
    /// What it asks of each deputy.
    pub requirements: Vec<Requirement>,
}

impl RuleSet {
    /// Parses and checks a rule set file.
    pub fn from_json(text: &str) -> Result<Self, ValidationError> {
        let rule_set: RuleSet = serde_json::from_str(text).map_err(|error| {
            ValidationError::new(
                format!("line {} column {}", error.line(), error.column()),
                Problem::BadFormat {
                    expected: format!("a rule set as docs/rules.md describes ({error})"),
                },
            )
        })?;
        rule_set.check()?;
        Ok(rule_set)
    }

    fn check(&self) -> Result<(), ValidationError> {
        let inconsistent =
            |field: String, detail: String| Err(ValidationError::new(field, Problem::Inconsistent { detail }));
        if self.id.trim().is_empty() {
            return Err(ValidationError::new("id", Problem::Empty));
        }
        if self.levels.is_empty() {
            return Err(ValidationError::new("levels", Problem::Empty));
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
        for (index, requirement) in self.requirements.iter().enumerate() {
            let field = |name: &str| format!("requirements[{index}].{name}");
            if requirement.id.trim().is_empty() {
                return Err(ValidationError::new(field("id"), Problem::Empty));
            }
            if self.requirements[..index]
                .iter()
                .any(|other| other.id == requirement.id)
            {
                return inconsistent(field("id"), format!("the id {:?} is used twice", requirement.id));
            }
            if requirement.kinds.is_empty() {
                return Err(ValidationError::new(field("kinds"), Problem::Empty));
            }
            for (kind_index, kind) in requirement.kinds.iter().enumerate() {
                if requirement.kinds[..kind_index].contains(kind) {
                    return inconsistent(
                        format!("{}[{kind_index}]", field("kinds")),
                        format!("{kind} is listed twice"),
                    );
                }
            }
            if requirement.minimum == 0 || requirement.minimum > 10_000 {
                return Err(ValidationError::new(
                    field("minimum"),
                    Problem::OutOfRange {
                        min: "1".into(),
                        max: "10000".into(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// Whether the rule set applies to deputies of `level`.
    pub fn applies_to(&self, level: Level) -> bool {
        self.levels.contains(&level)
    }
}

/// The default rule set: Chongqing's "341 311", as the registration measure states it.
pub const DEFAULT_RULES_JSON: &str = include_str!("../rules/chongqing-341311.json");

/// The rule set built into the app and server: Chongqing's 341 311.
pub fn default_rule_set() -> RuleSet {
    RuleSet::from_json(DEFAULT_RULES_JSON).unwrap_or_else(|error| panic!("the bundled rule set is invalid: {error}"))
}

/// Rule sets over time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

impl RuleBook {
    /// Orders rule sets by the date they take effect; two may not share a date.
    pub fn new(mut sets: Vec<RuleSet>) -> Result<Self, ValidationError> {
        // Equal dates are refused below, so the order of ties does not matter.
        sets.sort_unstable_by_key(|set| set.effective_from);
        for pair in sets.windows(2) {
            if pair[0].effective_from == pair[1].effective_from {
                return Err(ValidationError::new(
                    "effective_from",
                    Problem::Inconsistent {
                        detail: format!(
                            "{} and {} both take effect on {}",
                            pair[0].id, pair[1].id, pair[0].effective_from
                        ),
                    },
                ));
            }
        }
        Ok(Self { sets })
    }

    /// Rules made of one rule set.
    pub fn single(set: RuleSet) -> Self {
        Self { sets: vec![set] }
    }

    /// The rule set in force on `date`: the latest that took effect on or before it.
    pub fn in_force_on(&self, date: LocalDate) -> Option<&RuleSet> {
        self.sets.iter().rev().find(|set| set.effective_from <= date)
    }

    /// The rule sets, in the order given.
    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rule_set_encodes_341_311() {
        let rules = default_rule_set();
        let minimums: Vec<(Window, u32)> = rules.requirements.iter().map(|r| (r.window, r.minimum)).collect();
        assert_eq!(
            minimums,
            vec![
                (Window::SessionDays, 3),
                (Window::BetweenSessions, 4),
                (Window::CalendarYear, 1),
                (Window::Term, 3),
                (Window::Term, 1),
                (Window::Term, 1),
            ]
        );
        assert!(rules.applies_to(Level::Municipal));
    }

    fn with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<RuleSet, ValidationError> {
        let mut value: serde_json::Value = serde_json::from_str(DEFAULT_RULES_JSON).unwrap();
        edit(&mut value);
        RuleSet::from_json(&value.to_string())
    }

    #[test]
    fn malformed_or_inconsistent_rule_files_name_the_field() {
        let cases: Vec<(Box<dyn FnOnce(&mut serde_json::Value)>, &str)> = vec![
            (
                Box::new(|v| v["requirements"][1]["minimum"] = 0.into()),
                "requirements[1].minimum",
            ),
            (
                Box::new(|v| v["requirements"][2]["id"] = "session_speeches".into()),
                "requirements[2].id",
            ),
            (
                Box::new(|v| v["requirements"][0]["kinds"] = serde_json::json!([])),
                "requirements[0].kinds",
            ),
            (
                Box::new(|v| v["requirements"][3]["kinds"] = serde_json::json!(["training", "training"])),
                "requirements[3].kinds[1]",
            ),
            (Box::new(|v| v["levels"] = serde_json::json!([])), "levels"),
            (
                Box::new(|v| v["min_service_percent"] = 140.into()),
                "min_service_percent",
            ),
            (Box::new(|v| v["requirements"] = serde_json::json!([])), "requirements"),
        ];
        for (edit, field) in cases {
            let error = with(edit).unwrap_err();
            assert_eq!(error.field, field, "{error}");
        }
        let error = with(|v| v["requirements"][0]["window"] = "fortnight".into()).unwrap_err();
        assert!(error.to_string().contains("fortnight"), "{error}");
        let error = with(|v| v["effective_from"] = "2019-02-30".into()).unwrap_err();
        assert!(error.to_string().contains("calendar"), "{error}");
        let error = RuleSet::from_json("{ not json").unwrap_err();
        assert!(error.field.starts_with("line 1"), "{error}");
    }

    #[test]
    fn a_period_is_judged_by_the_rule_set_in_force_on_its_first_day() {
        let old = default_rule_set();
        let mut new = default_rule_set();
        new.id = "stricter".into();
        new.effective_from = "2025-01-01".parse().unwrap();
        let book = RuleBook::new(vec![new, old]).unwrap();
        assert_eq!(
            book.in_force_on("2024-12-31".parse().unwrap()).unwrap().id,
            "chongqing-341311"
        );
        assert_eq!(book.in_force_on("2025-01-01".parse().unwrap()).unwrap().id, "stricter");
        assert!(book.in_force_on("2017-12-31".parse().unwrap()).is_none());
    }
}
