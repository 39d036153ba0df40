//! Quarterly standings for staff: for a point or duty-day requirement, every judged
//! deputy's figure for the year up to a quarter's end ("27 days, 118.5 points in
//! January–June"), best first. Computed with the working form, so the whole congress is
//! ranked in one pass.

use crate::activity::Activity;
use crate::api::{StandingRow, Standings};
use crate::attendance::Absence;
use crate::compliance::fast::WorkingSet;
use crate::compliance::{Calendar, Period, Status};
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::error::{Problem, ValidationError};
use crate::rules::{Measure, RuleBook, Unit, format_points};

/// What to rank: a requirement of a rule set, a year, and the quarter to run up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandingsQuery {
    /// The rule set's id.
    pub rule_set: String,
    /// The requirement's id (a point or duty-day requirement counted per year).
    pub requirement: String,
    /// The year.
    pub year: i32,
    /// 1–4: up to the end of March, June, September or December.
    pub quarter: u8,
}

/// The last day of `quarter` of `year`.
fn quarter_end(year: i32, quarter: u8) -> Option<LocalDate> {
    let month = u32::from(quarter) * 3;
    LocalDate::from_ymd(year, month, crate::date::days_in_month(year, month))
}

/// The standings `query` asks for, as of the quarter's end (or `today`, if earlier).
pub fn standings(
    query: &StandingsQuery,
    deputies: &[Deputy],
    activities: &[Activity],
    absences: &[Absence],
    calendar: &Calendar,
    rules: &RuleBook,
    today: LocalDate,
) -> Result<Standings, ValidationError> {
    if !(1..=4).contains(&query.quarter) {
        return Err(ValidationError::new(
            "quarter",
            Problem::OutOfRange {
                min: "1".into(),
                max: "4".into(),
            },
        ));
    }
    let Some(end) = quarter_end(query.year, query.quarter) else {
        return Err(ValidationError::new(
            "year",
            Problem::OutOfRange {
                min: "1".into(),
                max: "9999".into(),
            },
        ));
    };
    let requirement = rules
        .sets()
        .iter()
        .filter(|set| set.id == query.rule_set)
        .find_map(|set| set.requirement(&query.requirement))
        .ok_or_else(|| {
            ValidationError::new(
                "requirement",
                Problem::Inconsistent {
                    detail: format!("{} has no requirement {}", query.rule_set, query.requirement),
                },
            )
        })?;
    if matches!(requirement.measure, Measure::Count { .. }) || !requirement.window.is_yearly() {
        return Err(ValidationError::new(
            "requirement",
            Problem::Inconsistent {
                detail: "standings rank a yearly point or duty-day requirement".into(),
            },
        ));
    }
    let as_of = end.min(today);
    let working = WorkingSet::build(deputies, activities, absences, calendar, rules);
    let mut outcomes = Vec::new();
    working.evaluate(as_of, &mut outcomes);
    let mut rows: Vec<StandingRow> = Vec::new();
    for outcome in outcomes {
        let slot = &working.slots()[outcome.slot as usize];
        if slot.rule_set != query.rule_set
            || slot.requirement != query.requirement
            || slot.period != Period::Year(query.year)
            || outcome.status == Status::NotApplicable
        {
            continue;
        }
        let Some(deputy) = deputies.get(outcome.deputy as usize) else {
            continue;
        };
        rows.push(StandingRow {
            rank: 0,
            deputy: deputy.id,
            name: deputy.name.to_string(),
            electoral_unit: deputy.electoral_unit.to_string(),
            score: outcome.score,
            shown: match slot.unit {
                Unit::HalfPoints => format_points(outcome.score),
                _ => outcome.score.to_string(),
            },
            counted: outcome.counted,
            band: outcome.band.and_then(|b| slot.bands.get(b as usize).cloned()),
            status: outcome.status,
        });
    }
    rows.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    let mut previous: Option<(i64, u32)> = None;
    for (index, row) in rows.iter_mut().enumerate() {
        row.rank = match previous {
            Some((score, rank)) if score == row.score => rank,
            _ => index as u32 + 1,
        };
        previous = Some((row.score, row.rank));
    }
    Ok(Standings {
        rule_set: query.rule_set.clone(),
        requirement: query.requirement.clone(),
        year: query.year,
        quarter: query.quarter,
        as_of,
        rows,
    })
}

/// The standings as CSV (UTF-8 with a header row), for staff to export.
pub fn standings_csv(standings: &Standings) -> String {
    let mut out = String::from("rank,deputy,name,electoral_unit,figure,counted_records,band,status\n");
    for row in &standings.rows {
        let cells = [
            row.rank.to_string(),
            row.deputy.to_string(),
            row.name.clone(),
            row.electoral_unit.clone(),
            row.shown.clone(),
            row.counted.to_string(),
            row.band.clone().unwrap_or_default(),
            row.status.code().to_owned(),
        ];
        let quoted: Vec<String> = cells
            .iter()
            .map(|cell| {
                if cell.contains([',', '"', '\n']) {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell.clone()
                }
            })
            .collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}
