//! One requirement of a rule set and what it measures: a count of records, points, or
//! duty days. Read from the file form ([`RequirementFile`]) field by field, so that a field
//! that does not belong to the requirement's type is refused by name.

use crate::activity::ActivityKind;
use crate::attendance::{AbsenceCategory, LeaveReason};
use crate::error::{Problem, ValidationError};
use crate::rules::{LocalizedText, Window};

/// Points are kept in half points, so that halves (`0.5`) are exact.
pub type HalfPoints = i64;

/// The largest number of points (or records, or days) a file may name.
pub const MAX_FIGURE: i64 = 10_000;

/// Formats half points as points: `237` → `118.5`, `-2` → `-1`.
pub fn format_points(half_points: HalfPoints) -> String {
    let sign = if half_points < 0 { "-" } else { "" };
    let magnitude = half_points.unsigned_abs();
    if magnitude % 2 == 0 {
        format!("{sign}{}", magnitude / 2)
    } else {
        format!("{sign}{}.5", magnitude / 2)
    }
}

/// A named band of a point total, e.g. good (优秀) from 60 points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    /// Stable id, e.g. `talk`.
    pub id: String,
    /// Its title in each language.
    pub title: LocalizedText,
    /// The lowest total in the band (half points); `None` for the bottom band.
    pub from: Option<HalfPoints>,
}

/// What a point total is judged against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Threshold {
    /// A minimum total (half points).
    Minimum(HalfPoints),
    /// Bands from the highest down; the last has no lower bound. Reaching any band above
    /// the bottom one meets the requirement.
    Bands(Vec<Band>),
}

/// How a point requirement scores records and absences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointScheme {
    /// Points per record of each kind (half points), ordered by kind code.
    pub weights: Vec<(ActivityKind, HalfPoints)>,
    /// The most points records of one kind may earn in one period.
    pub caps: Vec<(ActivityKind, HalfPoints)>,
    /// Points taken off per half day away, by category.
    pub deductions: Vec<(AbsenceCategory, HalfPoints)>,
    /// Reasons for which approved leave is not deducted.
    pub exempt_reasons: Vec<LeaveReason>,
    /// The minimum or the bands.
    pub threshold: Threshold,
}

impl PointScheme {
    /// Points a record of `kind` earns before caps.
    pub fn weight(&self, kind: ActivityKind) -> Option<HalfPoints> {
        self.weights.iter().find(|(k, _)| *k == kind).map(|(_, w)| *w)
    }

    /// The cap on `kind` per period, if any.
    pub fn cap(&self, kind: ActivityKind) -> Option<HalfPoints> {
        self.caps.iter().find(|(k, _)| *k == kind).map(|(_, c)| *c)
    }

    /// Points taken off for a half day in `category` (0 when the rule does not deduct).
    pub fn deduction(&self, category: AbsenceCategory) -> HalfPoints {
        self.deductions
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(0, |(_, d)| *d)
    }

    /// The band a total falls in (bands only).
    pub fn band_of(&self, total: HalfPoints) -> Option<&Band> {
        match &self.threshold {
            Threshold::Minimum(_) => None,
            Threshold::Bands(bands) => bands.iter().find(|band| band.from.is_none_or(|from| total >= from)),
        }
    }
}

/// What a requirement measures, with its own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// At least `minimum` records.
    Count {
        /// Records needed.
        minimum: u32,
    },
    /// Points per record, less deductions, against a minimum or bands.
    Points(PointScheme),
    /// At least `minimum` distinct days with a counted record.
    DutyDays {
        /// Days needed.
        minimum: u32,
    },
}

crate::define_choice!(
    /// The unit a requirement's figure is in.
    Unit {
        /// Records.
        Records = "records",
        /// Half points (shown as points).
        HalfPoints = "half_points",
        /// Days.
        Days = "days",
    }
);

/// One requirement of a rule set, e.g. three deliberation speeches a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RequirementFile", into = "RequirementFile")]
pub struct Requirement {
    /// Stable id, unique in its rule set, e.g. `session_speeches`.
    pub id: String,
    /// Its title in each language.
    pub title: LocalizedText,
    /// Kinds of activity that count (for points: the kinds that have a weight).
    pub kinds: Vec<ActivityKind>,
    /// Whether it counts per year or per term.
    pub window: Window,
    /// Only records approved by staff count (pending ones are shown apart).
    pub approved_only: bool,
    /// What it measures.
    pub measure: Measure,
}

impl Requirement {
    /// Whether records of `kind` count for it.
    pub fn counts_kind(&self, kind: ActivityKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The figure needed to meet it, in [`Self::unit`]: records, half points or days.
    pub fn minimum(&self) -> i64 {
        match &self.measure {
            Measure::Count { minimum } | Measure::DutyDays { minimum } => i64::from(*minimum),
            Measure::Points(scheme) => match &scheme.threshold {
                Threshold::Minimum(minimum) => *minimum,
                Threshold::Bands(bands) => bands.iter().rev().find_map(|band| band.from).unwrap_or(0),
            },
        }
    }

    /// The unit of its figure.
    pub fn unit(&self) -> Unit {
        match self.measure {
            Measure::Count { .. } => Unit::Records,
            Measure::Points(_) => Unit::HalfPoints,
            Measure::DutyDays { .. } => Unit::Days,
        }
    }

    /// The point scheme, for a point requirement.
    pub fn points(&self) -> Option<&PointScheme> {
        match &self.measure {
            Measure::Points(scheme) => Some(scheme),
            _ => None,
        }
    }
}

/// Points keyed by a kind or a category, as a file writes them.
type PointMap = std::collections::BTreeMap<String, f64>;

/// A band as written in a file: points as numbers.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandFile {
    id: String,
    title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<f64>,
}

/// A requirement as written in a rule file (docs/rules.md).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementFile {
    id: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    measure: Option<String>,
    title: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kinds: Option<Vec<ActivityKind>>,
    window: Option<Window>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    minimum: Option<f64>,
    approved_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    points: Option<PointMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    caps: Option<PointMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deductions: Option<PointMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exempt_reasons: Option<Vec<LeaveReason>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bands: Option<Vec<BandFile>>,
}

fn inconsistent(field: impl Into<String>, detail: impl Into<String>) -> ValidationError {
    ValidationError::new(field, Problem::Inconsistent { detail: detail.into() })
}

fn out_of_range(field: impl Into<String>, min: &str) -> ValidationError {
    ValidationError::new(
        field,
        Problem::OutOfRange {
            min: min.into(),
            max: MAX_FIGURE.to_string(),
        },
    )
}

/// Reads a number of points: whole or half, within ±[`MAX_FIGURE`].
fn half_points(value: f64, field: &str, allow_zero: bool) -> Result<HalfPoints, ValidationError> {
    let doubled = value * 2.0;
    if doubled.fract() != 0.0 || !doubled.is_finite() {
        return Err(ValidationError::new(
            field,
            Problem::BadFormat {
                expected: "whole or half points, such as 3 or 1.5".into(),
            },
        ));
    }
    let half = doubled as i64;
    if half < 0 || half > 2 * MAX_FIGURE || (half == 0 && !allow_zero) {
        return Err(out_of_range(field, if allow_zero { "0" } else { "0.5" }));
    }
    Ok(half)
}

/// Reads a map keyed by a choice (a kind, a category) into pairs of half points.
fn keyed<K: std::str::FromStr + Copy>(
    map: &PointMap,
    field: &str,
    allow_zero: bool,
    parse: impl Fn(&str, &str) -> Result<K, ValidationError>,
) -> Result<Vec<(K, HalfPoints)>, ValidationError> {
    map.iter()
        .map(|(key, value)| {
            let at = format!("{field}.{key}");
            let key = parse(key, &at)?;
            Ok((key, half_points(*value, &at, allow_zero)?))
        })
        .collect()
}

fn whole_minimum(value: Option<f64>, field: &str) -> Result<u32, ValidationError> {
    let value = value.ok_or_else(|| ValidationError::new(field, Problem::Empty))?;
    if value.fract() != 0.0 || !(1.0..=MAX_FIGURE as f64).contains(&value) {
        return Err(out_of_range(field, "1"));
    }
    Ok(value as u32)
}

impl RequirementFile {
    /// Reads the requirement, naming fields as `{at}.{field}` in errors.
    pub fn read(self, at: &str) -> Result<Requirement, ValidationError> {
        let field = |name: &str| format!("{at}.{name}");
        if self.id.trim().is_empty() {
            return Err(ValidationError::new(field("id"), Problem::Empty));
        }
        let title = self
            .title
            .ok_or_else(|| ValidationError::new(field("title"), Problem::Empty))?;
        let window = self
            .window
            .ok_or_else(|| ValidationError::new(field("window"), Problem::Empty))?;
        let approved_only = self
            .approved_only
            .ok_or_else(|| ValidationError::new(field("approved_only"), Problem::Empty))?;
        let measure_name = self.measure.as_deref().unwrap_or("count");
        let only_points = |present: bool, name: &str| {
            if present && measure_name != "points" {
                Err(inconsistent(
                    field(name),
                    format!("only a points requirement has {name} (this one is {measure_name})"),
                ))
            } else {
                Ok(())
            }
        };
        only_points(self.points.is_some(), "points")?;
        only_points(self.caps.is_some(), "caps")?;
        only_points(self.deductions.is_some(), "deductions")?;
        only_points(self.exempt_reasons.is_some(), "exempt_reasons")?;
        only_points(self.bands.is_some(), "bands")?;
        let check_kinds = |kinds: &[ActivityKind], name: &str| -> Result<(), ValidationError> {
            if kinds.is_empty() {
                return Err(ValidationError::new(field(name), Problem::Empty));
            }
            for (index, kind) in kinds.iter().enumerate() {
                if kinds[..index].contains(kind) {
                    return Err(inconsistent(
                        format!("{}[{index}]", field(name)),
                        format!("{kind} is listed twice"),
                    ));
                }
            }
            Ok(())
        };
        let (kinds, measure) = match measure_name {
            "count" | "duty_days" => {
                let kinds = self
                    .kinds
                    .ok_or_else(|| ValidationError::new(field("kinds"), Problem::Empty))?;
                check_kinds(&kinds, "kinds")?;
                let minimum = whole_minimum(self.minimum, &field("minimum"))?;
                let measure = if measure_name == "count" {
                    Measure::Count { minimum }
                } else {
                    Measure::DutyDays { minimum }
                };
                (kinds, measure)
            }
            "points" => {
                if self.kinds.is_some() {
                    return Err(inconsistent(
                        field("kinds"),
                        "a points requirement counts the kinds listed under points",
                    ));
                }
                let points_field = field("points");
                let map = self
                    .points
                    .ok_or_else(|| ValidationError::new(points_field.clone(), Problem::Empty))?;
                let weights = keyed(&map, &points_field, false, ActivityKind::parse_field)?;
                let kinds: Vec<ActivityKind> = weights.iter().map(|(k, _)| *k).collect();
                check_kinds(&kinds, "points")?;
                let caps_field = field("caps");
                let caps = match &self.caps {
                    Some(map) => keyed(map, &caps_field, false, ActivityKind::parse_field)?,
                    None => Vec::new(),
                };
                for (kind, _) in &caps {
                    if !kinds.contains(kind) {
                        return Err(inconsistent(
                            format!("{caps_field}.{kind}"),
                            format!("{kind} earns no points, so it cannot be capped"),
                        ));
                    }
                }
                let deductions = match &self.deductions {
                    Some(map) => keyed(map, &field("deductions"), false, AbsenceCategory::parse_field)?,
                    None => Vec::new(),
                };
                let exempt_reasons = self.exempt_reasons.unwrap_or_default();
                if !exempt_reasons.is_empty() && deductions.is_empty() {
                    return Err(inconsistent(
                        field("exempt_reasons"),
                        "there are no deductions to be exempt from",
                    ));
                }
                let threshold = match (self.minimum, self.bands) {
                    (Some(_), Some(_)) => {
                        return Err(inconsistent(field("bands"), "give a minimum or bands, not both"));
                    }
                    (None, None) => return Err(ValidationError::new(field("minimum"), Problem::Empty)),
                    (Some(minimum), None) => {
                        let at = field("minimum");
                        Threshold::Minimum(half_points(minimum, &at, false)?)
                    }
                    (None, Some(bands)) => Threshold::Bands(read_bands(bands, &field("bands"))?),
                };
                (
                    kinds,
                    Measure::Points(PointScheme {
                        weights,
                        caps,
                        deductions,
                        exempt_reasons,
                        threshold,
                    }),
                )
            }
            _ => {
                return Err(ValidationError::new(
                    field("type"),
                    Problem::UnknownChoice {
                        allowed: vec!["count".into(), "points".into(), "duty_days".into()],
                    },
                ));
            }
        };
        Ok(Requirement {
            id: self.id,
            title,
            kinds,
            window,
            approved_only,
            measure,
        })
    }
}

fn read_bands(bands: Vec<BandFile>, field: &str) -> Result<Vec<Band>, ValidationError> {
    if bands.len() < 2 {
        return Err(inconsistent(
            field,
            "bands need at least two: one above the bottom band, and the bottom band",
        ));
    }
    let last = bands.len() - 1;
    let mut read = Vec::with_capacity(bands.len());
    for (index, band) in bands.into_iter().enumerate() {
        let at = format!("{field}[{index}]");
        if band.id.trim().is_empty() {
            return Err(ValidationError::new(format!("{at}.id"), Problem::Empty));
        }
        if read.iter().any(|other: &Band| other.id == band.id) {
            return Err(inconsistent(
                format!("{at}.id"),
                format!("the id {:?} is used twice", band.id),
            ));
        }
        let from = match (band.from, index == last) {
            (Some(_), true) => {
                return Err(inconsistent(format!("{at}.from"), "the bottom band has no lower bound"));
            }
            (None, false) => return Err(ValidationError::new(format!("{at}.from"), Problem::Empty)),
            (None, true) => None,
            (Some(from), false) => {
                let at = format!("{at}.from");
                Some(half_points(from, &at, true)?)
            }
        };
        if let (Some(from), Some(Band { from: Some(above), .. })) = (from, read.last())
            && from >= *above
        {
            return Err(inconsistent(
                format!("{at}.from"),
                "bands go from the highest down: each starts below the one before",
            ));
        }
        read.push(Band {
            id: band.id,
            title: band.title,
            from,
        });
    }
    Ok(read)
}

impl TryFrom<RequirementFile> for Requirement {
    type Error = ValidationError;
    fn try_from(file: RequirementFile) -> Result<Self, ValidationError> {
        let at = file.id.clone();
        file.read(&at)
    }
}

fn points_value(half: HalfPoints) -> f64 {
    half as f64 / 2.0
}

fn points_map<K: std::fmt::Display>(pairs: &[(K, HalfPoints)]) -> PointMap {
    pairs
        .iter()
        .map(|(key, half)| (key.to_string(), points_value(*half)))
        .collect()
}

impl From<Requirement> for RequirementFile {
    fn from(requirement: Requirement) -> Self {
        let mut file = RequirementFile {
            id: requirement.id,
            title: Some(requirement.title),
            window: Some(requirement.window),
            approved_only: Some(requirement.approved_only),
            ..Default::default()
        };
        match requirement.measure {
            Measure::Count { minimum } => {
                file.kinds = Some(requirement.kinds);
                file.minimum = Some(f64::from(minimum));
            }
            Measure::DutyDays { minimum } => {
                file.measure = Some("duty_days".into());
                file.kinds = Some(requirement.kinds);
                file.minimum = Some(f64::from(minimum));
            }
            Measure::Points(scheme) => {
                file.measure = Some("points".into());
                file.points = Some(points_map(&scheme.weights));
                file.caps = (!scheme.caps.is_empty()).then(|| points_map(&scheme.caps));
                file.deductions = (!scheme.deductions.is_empty()).then(|| points_map(&scheme.deductions));
                file.exempt_reasons = (!scheme.exempt_reasons.is_empty()).then_some(scheme.exempt_reasons);
                match scheme.threshold {
                    Threshold::Minimum(minimum) => file.minimum = Some(points_value(minimum)),
                    Threshold::Bands(bands) => {
                        file.bands = Some(
                            bands
                                .into_iter()
                                .map(|band| BandFile {
                                    id: band.id,
                                    title: band.title,
                                    from: band.from.map(points_value),
                                })
                                .collect(),
                        );
                    }
                }
            }
        }
        file
    }
}
