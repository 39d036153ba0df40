//! Approved activities by kind, broken down by level of congress, electoral unit
//! (district) and liaison group, each row with its deputies serving as the denominator —
//! a count protected like every other count of deputies ([`super::disclosure`]). A record
//! with deputies in two rows counts once in each. Also the one place that says which
//! row of each breakdown a deputy falls in, shared with the requirement tables.

use std::collections::{BTreeMap, HashMap};

use crate::activity::{Activity, ActivityKind, Participation, Review};
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::ids::{DeputyId, GroupId};
use crate::organisation::{Group, GroupKind};
use crate::public::disclosure::protect_list;
use crate::public::model::FiguresOf;

/// (key, label) of the deputy's row in each breakdown: level, district, liaison group
/// (`none` for deputies in no liaison group).
pub fn rows_of(deputy: &Deputy, group_of: &HashMap<GroupId, &Group>) -> [(String, String); 3] {
    let group = deputy
        .liaison_group
        .and_then(|g| group_of.get(&g))
        .filter(|g| g.kind == GroupKind::Liaison)
        .map_or(("none".to_owned(), "-".to_owned()), |g| {
            (g.id.to_string(), g.name.as_str().to_owned())
        });
    [
        (deputy.level.code().to_owned(), deputy.level.code().to_owned()),
        (
            deputy.electoral_unit.as_str().to_owned(),
            deputy.electoral_unit.as_str().to_owned(),
        ),
        group,
    ]
}

/// One breakdown's rows while counting: deputies serving and records per kind.
#[derive(Default)]
struct Counting {
    deputies: u32,
    kinds: Vec<u32>,
}

/// The three breakdowns of approved activities between `first` and `last`.
pub fn activity_breakdowns(
    deputies: &[Deputy],
    activities: &[Activity],
    (first, last): (LocalDate, LocalDate),
    group_of: &HashMap<GroupId, &Group>,
) -> [Vec<FiguresOf>; 3] {
    let serving: HashMap<DeputyId, [(String, String); 3]> = deputies
        .iter()
        .filter(|d| d.services.iter().any(|s| s.from <= last && first <= s.until))
        .map(|d| (d.id, rows_of(d, group_of)))
        .collect();
    let mut tables: [BTreeMap<(String, String), Counting>; 3] = Default::default();
    let new_row = || Counting {
        deputies: 0,
        kinds: vec![0; ActivityKind::ALL.len()],
    };
    for rows in serving.values() {
        for (table, row) in tables.iter_mut().zip(rows) {
            table.entry(row.clone()).or_insert_with(new_row).deputies += 1;
        }
    }
    for activity in activities
        .iter()
        .filter(|a| a.review == Review::Approved && first <= a.date && a.date <= last)
    {
        for (which, table) in tables.iter_mut().enumerate() {
            let mut rows: Vec<&(String, String)> = activity
                .deputies
                .iter()
                .filter(|d| activity.participation(**d) == Participation::Counts)
                .filter_map(|d| serving.get(d))
                .map(|rows| &rows[which])
                .collect();
            rows.sort_unstable();
            rows.dedup();
            for row in rows {
                if let Some(counting) = table.get_mut(row) {
                    counting.kinds[activity.kind.index()] += 1;
                }
            }
        }
    }
    tables.map(|table| {
        let mut rows: Vec<((String, String), Counting)> = table.into_iter().collect();
        // Levels in their own order (national first), the others by name.
        rows.sort_by_key(|((key, label), _)| {
            let level = key.parse::<crate::deputy::Level>().map_or(usize::MAX, |l| l.index());
            (level, key == "none", label.clone())
        });
        let (cells, _) = protect_list(&rows.iter().map(|(_, c)| c.deputies).collect::<Vec<_>>());
        rows.into_iter()
            .zip(cells)
            .map(|(((key, label), counting), deputies)| FiguresOf {
                key,
                label,
                deputies,
                activities: ActivityKind::ALL
                    .iter()
                    .map(|kind| (kind.code().to_owned(), counting.kinds[kind.index()]))
                    .collect(),
            })
            .collect()
    })
}
