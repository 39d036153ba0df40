//! Aggregates for statistics pages: per year, group and level — counts by kind, how many
//! deputies meet each requirement and what share, and the distribution of counts.

use std::collections::BTreeMap;

use crate::activity::{Activity, ActivityKind};
use crate::compliance::{Evaluation, Period, Status};

/// How many deputies stand where on one requirement in one period, and how their counts
/// are spread: `distribution[n]` deputies have exactly `n` counted records (the last
/// bucket holds `n` and more).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RequirementStats {
    /// The requirement's id.
    pub requirement: String,
    /// The period counted, when one was chosen.
    pub period: Option<Period>,
    /// Deputies the requirement applies to.
    pub held_to_it: u32,
    /// Deputies who met it.
    pub met: u32,
    /// Deputies per status code.
    pub by_status: BTreeMap<String, u32>,
    /// Deputies per number of counted records: entry n is how many counted n.
    pub distribution: Vec<u32>,
}

impl RequirementStats {
    /// Share of deputies held to the requirement who met it, in percent.
    pub fn met_percent(&self) -> f64 {
        if self.held_to_it == 0 {
            0.0
        } else {
            f64::from(self.met) * 100.0 / f64::from(self.held_to_it)
        }
    }
}

/// Number of buckets in a distribution: 0, 1, …, `DISTRIBUTION_BUCKETS - 1` or more.
pub const DISTRIBUTION_BUCKETS: usize = 11;

/// Summarises evaluations (of any selection: a group, a level, everyone) per requirement and period.
pub fn summarise<'a>(evaluations: impl IntoIterator<Item = &'a Evaluation>) -> Vec<RequirementStats> {
    let mut table: BTreeMap<(Period, String), RequirementStats> = BTreeMap::new();
    for evaluation in evaluations {
        for result in &evaluation.results {
            let stats = table
                .entry((result.period, result.requirement.clone()))
                .or_insert_with(|| RequirementStats {
                    requirement: result.requirement.clone(),
                    period: Some(result.period),
                    distribution: vec![0; DISTRIBUTION_BUCKETS],
                    ..Default::default()
                });
            *stats.by_status.entry(result.status.code().to_owned()).or_default() += 1;
            if result.status == Status::NotApplicable {
                continue;
            }
            stats.held_to_it += 1;
            if result.status == Status::Met {
                stats.met += 1;
            }
            let bucket = (result.counted as usize).min(DISTRIBUTION_BUCKETS - 1);
            stats.distribution[bucket] += 1;
        }
    }
    table.into_values().collect()
}

/// Records by kind and calendar year (each record once, however many deputies share it).
pub fn counts_by_kind_and_year<'a>(
    activities: impl IntoIterator<Item = &'a Activity>,
) -> BTreeMap<(i32, ActivityKind), u32> {
    let mut seen = std::collections::BTreeSet::new();
    let mut counts = BTreeMap::new();
    for activity in activities {
        if seen.insert(activity.id) {
            *counts.entry((activity.date.year(), activity.kind)).or_default() += 1;
        }
    }
    counts
}
