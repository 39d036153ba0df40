//! How deputies stand on one requirement in one period, for the public: held and met, the
//! distribution of figures, and breakdowns by level, district and liaison group — every
//! table protected by [`super::disclosure`], and the figures the tables share (held, met,
//! not yet met) hidden in all of them or in none, so that one table cannot be solved with
//! another's totals.

use std::collections::BTreeMap;

use crate::compliance::Status;
use crate::public::disclosure::{Cell, protect_list_with, protect_with};
use crate::public::model::{BreakdownRow, Bucket};

/// One deputy held to the requirement: the figure, the band (point systems), the status,
/// and the rows of each breakdown they fall in.
#[derive(Debug, Clone)]
pub struct Held {
    /// The figure reached.
    pub score: i64,
    /// The band's position, highest first, for point systems with bands.
    pub band: Option<u8>,
    /// Where they stand.
    pub status: Status,
    /// (key, label) of their level, district and liaison group.
    pub rows: [(String, String); 3],
}

/// The protected figures of one requirement.
pub struct Protected {
    /// Held.
    pub held: Cell,
    /// Met.
    pub met: Cell,
    /// The distribution, lowest first.
    pub distribution: Vec<Bucket>,
    /// By level, district, group.
    pub breakdowns: [Vec<BreakdownRow>; 3],
}

/// The distribution's buckets: each figure below the minimum, then "reached" (for
/// records); below and reached (points, days); or the bands, lowest first.
fn buckets(held: &[Held], minimum: i64, bands: &[String], by_record: bool) -> (Vec<String>, Vec<u32>, Option<usize>) {
    if !bands.is_empty() {
        let mut counts = vec![0u32; bands.len() + 1];
        for deputy in held {
            // Highest first in the slot; lowest first here, "no band" lowest of all.
            let at = deputy
                .band
                .map_or(0, |b| bands.len() - usize::from(b).min(bands.len() - 1));
            counts[at] += 1;
        }
        let mut labels = vec!["-".to_owned()];
        labels.extend(bands.iter().rev().cloned());
        return (labels, counts, None);
    }
    let steps = if by_record { minimum.clamp(1, 12) } else { 1 };
    let mut labels: Vec<String> = if by_record {
        (0..steps).map(|v| v.to_string()).collect()
    } else {
        vec![format!("<{minimum}")]
    };
    labels.push(format!("≥{minimum}"));
    let mut counts = vec![0u32; labels.len()];
    for deputy in held {
        let at = if deputy.score >= minimum {
            labels.len() - 1
        } else if by_record {
            (deputy.score.max(0) as usize).min(labels.len() - 2)
        } else {
            0
        };
        counts[at] += 1;
    }
    let reached = labels.len() - 1;
    (labels, counts, Some(reached))
}

/// The three breakdowns' rows: (key, label) and per row [met, not yet].
fn breakdown_counts(held: &[Held], which: usize) -> Vec<((String, String), [u32; 2])> {
    let mut rows: BTreeMap<(String, String), [u32; 2]> = BTreeMap::new();
    for deputy in held {
        let row = rows.entry(deputy.rows[which].clone()).or_default();
        row[usize::from(deputy.status != Status::Met)] += 1;
    }
    rows.into_iter().collect()
}

/// Protects one requirement's tables together.
pub fn protect_requirement(held: &[Held], minimum: i64, bands: &[String], by_record: bool) -> Protected {
    let (labels, counts, reached) = buckets(held, minimum, bands, by_record);
    let tables: Vec<Vec<((String, String), [u32; 2])>> = (0..3).map(|w| breakdown_counts(held, w)).collect();
    // Which shared figures are hidden everywhere: held, met, not yet.
    let mut hidden = [false; 3];
    for _ in 0..8 {
        let mut now = hidden;
        let (dist, total) = distribution(&counts, reached, hidden);
        now[0] |= total.value().is_none();
        if let Some(reached) = reached {
            now[1] |= dist[reached].value().is_none();
        }
        for table in &tables {
            let protected = breakdown(table, hidden);
            now[0] |= protected.total.value().is_none();
            now[1] |= protected.column_totals[0].value().is_none();
            now[2] |= protected.column_totals[1].value().is_none();
        }
        // held = met + not yet: one hidden alone is the difference of the other two.
        if now.iter().filter(|h| **h).count() == 1 {
            if now[0] || now[2] {
                now[1] = true;
            } else {
                now[2] = true;
            }
        }
        if now == hidden {
            break;
        }
        hidden = now;
    }
    let (dist, total) = distribution(&counts, reached, hidden);
    let breakdowns = [0, 1, 2].map(|w| {
        let table = &tables[w];
        let protected = breakdown(table, hidden);
        table
            .iter()
            .enumerate()
            .map(|(i, ((key, label), _))| BreakdownRow {
                key: key.clone(),
                label: label.clone(),
                held: protected.row_totals[i],
                met: protected.cells[i][0],
                not_yet: protected.cells[i][1],
            })
            .collect()
    });
    let met = if hidden[1] {
        hidden_cell(held.iter().filter(|d| d.status == Status::Met).count() as u32)
    } else {
        Cell::Shown(held.iter().filter(|d| d.status == Status::Met).count() as u32)
    };
    Protected {
        held: total,
        met,
        distribution: labels
            .into_iter()
            .zip(dist)
            .map(|(label, deputies)| Bucket {
                label,
                title: None,
                deputies,
            })
            .collect(),
        breakdowns,
    }
}

fn hidden_cell(value: u32) -> Cell {
    if value < super::disclosure::MIN_DEPUTIES {
        Cell::Small
    } else {
        Cell::Withheld
    }
}

fn distribution(counts: &[u32], reached: Option<usize>, hidden: [bool; 3]) -> (Vec<Cell>, Cell) {
    let forced: Vec<usize> = reached.filter(|_| hidden[1]).into_iter().collect();
    protect_list_with(counts, &forced, hidden[0])
}

fn breakdown(table: &[((String, String), [u32; 2])], hidden: [bool; 3]) -> super::disclosure::Protected {
    let counts: Vec<Vec<u32>> = table.iter().map(|(_, c)| c.to_vec()).collect();
    let rows = counts.len();
    let mut forced = Vec::new();
    if hidden[0] {
        forced.push((rows, 2));
    }
    if hidden[1] {
        forced.push((rows, 0));
    }
    if hidden[2] {
        forced.push((rows, 1));
    }
    protect_with(&counts, 2, &forced)
}
