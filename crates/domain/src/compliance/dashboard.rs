//! The staff dashboard: everyone's compliance for one period (a year or a term), under every
//! rule set in force, as a table of deputies × requirements computed from the fast path's
//! outcomes; filtered by level, group, electoral unit, a name search and a status, sorted,
//! with each column's denominators; exported as CSV.
//!
//! The outcomes are computed once per data change ([`super::fast::WorkingSet::evaluate`]); a
//! filter change only re-reads them here.

use crate::compliance::fast::{SlotOutcome, WorkingSet};
use crate::compliance::{Period, Status};
use crate::deputy::{Deputy, Level};
use crate::ids::GroupId;
use crate::lang::Lang;
use crate::rules::Unit;

/// How the table is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    /// By name.
    #[default]
    Name,
    /// By a column's figure, lowest first (who is behind comes first).
    Column(usize),
}

/// What the staff member chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardFilter {
    /// The year or term shown.
    pub period: Option<Period>,
    /// Only deputies of this level.
    pub level: Option<Level>,
    /// Only deputies of this group.
    pub group: Option<GroupId>,
    /// Only deputies elected by this unit.
    pub electoral_unit: Option<String>,
    /// Part of a name (empty: everyone).
    pub search: String,
    /// Only deputies with this status on some column.
    pub status: Option<Status>,
    /// The order.
    pub sort: SortBy,
}

/// A column: one requirement of one rule set in the chosen period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The slot's index in the working set.
    pub slot: u16,
    /// The rule set's id.
    pub rule_set: String,
    /// The requirement's id.
    pub requirement: String,
    /// What the figure is in.
    pub unit: Unit,
    /// The figure asked for.
    pub minimum: i64,
    /// Deputies held to it (the denominator), and how many are met, at risk, not met.
    pub held: u32,
    /// Met.
    pub met: u32,
    /// At risk.
    pub at_risk: u32,
    /// Not met.
    pub not_met: u32,
}

/// A row: a deputy (index into the deputies given) and their outcome per column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index into the deputies.
    pub deputy: usize,
    /// Per column, the outcome (`None`: the requirement does not apply).
    pub cells: Vec<Option<SlotOutcome>>,
}

/// The table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// The columns, in the working set's order.
    pub columns: Vec<Column>,
    /// The rows passing the filter, sorted.
    pub rows: Vec<Row>,
}

/// The periods begun by the evaluation date (those with outcomes), newest first: the years,
/// then the terms.
pub fn periods(working: &WorkingSet, outcomes: &[SlotOutcome]) -> Vec<Period> {
    let mut begun = vec![false; working.slots().len()];
    for outcome in outcomes {
        if let Some(flag) = begun.get_mut(outcome.slot as usize) {
            *flag = true;
        }
    }
    let mut periods: Vec<Period> = working
        .slots()
        .iter()
        .zip(&begun)
        .filter(|(_, begun)| **begun)
        .map(|(slot, _)| slot.period)
        .collect();
    periods.sort_by_key(|p| match *p {
        Period::Year(year) => (1, year),
        Period::Term(term) => (0, i32::from(term)),
    });
    periods.dedup();
    periods.reverse();
    periods
}

fn passes(deputy: &Deputy, filter: &DashboardFilter) -> bool {
    filter.level.is_none_or(|level| deputy.level == level)
        && filter
            .group
            .is_none_or(|group| deputy.liaison_group == Some(group) || deputy.professional_groups.contains(&group))
        && filter
            .electoral_unit
            .as_deref()
            .is_none_or(|unit| deputy.electoral_unit.as_str() == unit)
        && (filter.search.trim().is_empty() || deputy.name.as_str().contains(filter.search.trim()))
}

/// The table for `filter`: `outcomes` is the working set's evaluation, `deputies` the roster
/// (rows index into it; the working set's deputies are found by id).
pub fn dashboard(
    working: &WorkingSet,
    outcomes: &[SlotOutcome],
    deputies: &[Deputy],
    filter: &DashboardFilter,
) -> Dashboard {
    let Some(period) = filter.period.or_else(|| periods(working, outcomes).into_iter().next()) else {
        return Dashboard::default();
    };
    let mut columns: Vec<Column> = Vec::new();
    let mut column_of = vec![None; working.slots().len()];
    for (index, slot) in working.slots().iter().enumerate() {
        if slot.period == period {
            column_of[index] = Some(columns.len());
            columns.push(Column {
                slot: index as u16,
                rule_set: slot.rule_set.clone(),
                requirement: slot.requirement.clone(),
                unit: slot.unit,
                minimum: slot.minimum,
                held: 0,
                met: 0,
                at_risk: 0,
                not_met: 0,
            });
        }
    }
    let position: std::collections::HashMap<crate::ids::DeputyId, usize> = deputies
        .iter()
        .enumerate()
        .map(|(index, deputy)| (deputy.id, index))
        .collect();
    let mut cells: Vec<Vec<Option<SlotOutcome>>> = vec![Vec::new(); deputies.len()];
    for outcome in outcomes {
        let row = working
            .deputy_id(outcome.deputy)
            .and_then(|id| position.get(&id).copied());
        let (Some(column), Some(row)) = (
            column_of.get(outcome.slot as usize).copied().flatten(),
            row.and_then(|row| cells.get_mut(row)),
        ) else {
            continue;
        };
        if outcome.status == Status::NotApplicable {
            continue;
        }
        if row.is_empty() {
            row.resize(columns.len(), None);
        }
        row[column] = Some(*outcome);
    }
    let mut rows = Vec::new();
    for (index, deputy) in deputies.iter().enumerate() {
        let row = std::mem::take(&mut cells[index]);
        if row.is_empty() || !passes(deputy, filter) {
            continue;
        }
        if filter
            .status
            .is_some_and(|wanted| !row.iter().flatten().any(|cell| cell.status == wanted))
        {
            continue;
        }
        for (column, cell) in columns.iter_mut().zip(&row) {
            if let Some(cell) = cell {
                column.held += 1;
                match cell.status {
                    Status::Met => column.met += 1,
                    Status::AtRisk => column.at_risk += 1,
                    Status::NotMet => column.not_met += 1,
                    Status::InProgress | Status::NotApplicable => {}
                }
            }
        }
        rows.push(Row {
            deputy: index,
            cells: row,
        });
    }
    match filter.sort {
        SortBy::Name => rows.sort_by(|a, b| deputies[a.deputy].name.as_str().cmp(deputies[b.deputy].name.as_str())),
        SortBy::Column(column) => rows.sort_by_key(|row| {
            (
                row.cells.get(column).copied().flatten().map_or(i64::MAX, |c| c.score),
                deputies[row.deputy].name.as_str().to_owned(),
            )
        }),
    }
    Dashboard { columns, rows }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The table as text cells for a file: the header row, then a row per deputy (id, name,
/// level, electoral unit, then per column its figure and its status, in `lang`).
pub fn dashboard_cells(table: &Dashboard, deputies: &[Deputy], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::labels::Label;
    let mut header: Vec<String> = ["deputy_id", "name", "level", "electoral_unit"]
        .map(str::to_owned)
        .to_vec();
    for column in &table.columns {
        header.push(format!(
            "{}/{} (≥ {})",
            column.rule_set,
            column.requirement,
            crate::labels::figure(column.unit, column.minimum, lang)
        ));
        header.push(format!("{}/{} status", column.rule_set, column.requirement));
    }
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let deputy = &deputies[row.deputy];
            let mut cells = vec![
                deputy.id.to_string(),
                deputy.name.as_str().to_owned(),
                deputy.level.label(lang).to_owned(),
                deputy.electoral_unit.as_str().to_owned(),
            ];
            for (column, cell) in table.columns.iter().zip(&row.cells) {
                match cell {
                    Some(cell) => {
                        cells.push(crate::labels::figure(column.unit, cell.score, lang));
                        cells.push(cell.status.label(lang).to_owned());
                    }
                    None => cells.extend([String::new(), String::new()]),
                }
            }
            cells
        })
        .collect();
    (header, rows)
}

/// The table as CSV (UTF-8), the as-of date on the first line, then [`dashboard_cells`].
pub fn dashboard_csv(table: &Dashboard, deputies: &[Deputy], as_of: crate::date::LocalDate, lang: Lang) -> String {
    let (header, rows) = dashboard_cells(table, deputies, lang);
    let mut out = format!("# as of {as_of}\n");
    for line in std::iter::once(&header).chain(&rows) {
        let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
