//! Building the working form: slots, profiles and their tables, packed records and absences.

use std::collections::HashMap;

use super::{
    DeputyEntry, DeputySlot, KINDS, MAX_SERVICES, Slot, SlotTable, WorkingSet, pack_absences, pack_records,
    slot_measure,
};
use crate::activity::Activity;
use crate::attendance::Absence;
use crate::compliance::applicable;
use crate::compliance::periods::{self, Calendar, Days, Period};
use crate::deputy::{Attribute, Deputy, Level};
use crate::rules::RuleBook;

/// Whom a slot judges: the rule set's levels and attributes.
fn judges(slot: &Slot, level: Level, attributes: &[Attribute]) -> bool {
    slot.levels.contains(&level) && slot.attributes.iter().all(|a| attributes.contains(a))
}

impl WorkingSet {
    /// Builds the working form. Records and absences of deputies not in `deputies` are
    /// left out; so are records outside the calendar's terms.
    pub fn build(
        deputies: &[Deputy],
        activities: &[Activity],
        absences: &[Absence],
        calendar: &Calendar,
        rules: &RuleBook,
    ) -> Self {
        let base_day = calendar.terms.iter().map(|t| t.start.day_number()).min().unwrap_or(0);
        let last_day = calendar.terms.iter().map(|t| t.end.day_number()).max().unwrap_or(0);
        let day_count = (last_day - base_day + 1).clamp(0, i32::from(u16::MAX)) as usize;

        let mut slots = Vec::new();
        let mut kinds_of: Vec<Vec<usize>> = Vec::new();
        for term in &calendar.terms {
            // Every period of the term (all have begun by its last day).
            for period in periods::periods_of(term, term.end) {
                let first_day = periods::period_first_day(term, period);
                for rule_set in rules.in_force_on(first_day) {
                    for requirement in &rule_set.requirements {
                        if requirement.window.is_yearly() != matches!(period, Period::Year(_)) {
                            continue;
                        }
                        let bands = match requirement.points().map(|scheme| &scheme.threshold) {
                            Some(crate::rules::Threshold::Bands(bands)) => {
                                bands.iter().map(|band| band.id.clone()).collect()
                            }
                            _ => Vec::new(),
                        };
                        slots.push(Slot {
                            term: term.number,
                            period,
                            rule_set: rule_set.id.clone(),
                            requirement: requirement.id.clone(),
                            unit: requirement.unit(),
                            minimum: requirement.minimum(),
                            approved_only: requirement.approved_only,
                            bands,
                            measure: slot_measure(&requirement.measure),
                            window: periods::window_days(calendar, term, requirement.window, period),
                            min_service_percent: rule_set.min_service_percent,
                            first_day,
                            levels: rule_set.levels.clone(),
                            attributes: rule_set.attributes.clone(),
                        });
                        // The kinds that count are kept per slot for the tables below.
                        kinds_of.push(requirement.kinds.iter().map(|k| k.index()).collect::<Vec<_>>());
                    }
                }
            }
        }

        // Profiles: deputies judged by the same rule sets share a table.
        let mut profiles: Vec<(Level, Vec<Attribute>)> = Vec::new();
        let mut profile_of = Vec::with_capacity(deputies.len());
        for deputy in deputies {
            let mut attributes = deputy.attributes.clone();
            attributes.sort_unstable_by_key(|a| a.index());
            attributes.dedup();
            let key = (deputy.level, attributes);
            let index = match profiles.iter().position(|p| *p == key) {
                Some(index) => index,
                None => {
                    profiles.push(key);
                    profiles.len() - 1
                }
            };
            profile_of.push(index as u16);
        }
        let tables = profiles
            .iter()
            .map(|(level, attributes)| {
                let mine: Vec<usize> = (0..slots.len())
                    .filter(|s| judges(&slots[*s], *level, attributes))
                    .collect();
                table_for(&mine, &slots, &kinds_of, base_day, day_count)
            })
            .collect();

        let per_deputy = pack_records(deputies, activities, base_day, day_count);
        let absences_per_deputy = pack_absences(deputies, absences, base_day, day_count);
        let mut records = Vec::with_capacity(per_deputy.iter().map(Vec::len).sum());
        let mut packed_absences = Vec::new();
        let mut entries = Vec::with_capacity(deputies.len());
        let mut deputy_slots = Vec::new();
        for (((deputy, mut own), mut away), profile) in
            deputies.iter().zip(per_deputy).zip(absences_per_deputy).zip(profile_of)
        {
            own.sort_unstable_by_key(|r| r.day);
            away.sort_unstable_by_key(|a| a.day);
            let start = records.len() as u32;
            records.extend(own);
            let absences_start = packed_absences.len() as u32;
            packed_absences.extend(away);
            let slots_start = deputy_slots.len() as u32;
            let mut service = [(0, -1); MAX_SERVICES];
            for (index, term_service) in deputy.services.iter().take(MAX_SERVICES).enumerate() {
                service[index] = (
                    term_service.from.day_number() - base_day,
                    term_service.until.day_number() - base_day,
                );
            }
            for term_service in &deputy.services {
                for (index, slot) in slots.iter().enumerate() {
                    if slot.term != term_service.term || !judges(slot, deputy.level, &deputy.attributes) {
                        continue;
                    }
                    let Some(term) = calendar.term(slot.term) else { continue };
                    let span = periods::period_span(term, slot.period);
                    if span.clip(term_service.from, term_service.until).day_count() == 0 {
                        continue;
                    }
                    let served = slot
                        .window
                        .map(|w| w.clip(term_service.from, term_service.until))
                        .unwrap_or(Days::EMPTY);
                    deputy_slots.push(DeputySlot {
                        slot: index as u16,
                        applicable: slot
                            .window
                            .is_some_and(|w| applicable(&w, &served, slot.min_service_percent)),
                        served,
                        served_days: served.day_count(),
                        last_served: served.ranges().last().map_or(i32::MIN, |(_, last)| *last),
                    });
                }
            }
            entries.push(DeputyEntry {
                id: deputy.id,
                profile,
                records: start..records.len() as u32,
                absences: absences_start..packed_absences.len() as u32,
                slots: slots_start..deputy_slots.len() as u32,
                service,
            });
        }
        let mut hot = Vec::with_capacity(slots.len());
        let mut weights = vec![0; slots.len() * KINDS];
        let mut caps = vec![super::UNCAPPED; slots.len() * KINDS];
        for (index, slot) in slots.iter().enumerate() {
            let (measure, capped) = match &slot.measure {
                super::SlotMeasure::Count => (0, false),
                super::SlotMeasure::Points {
                    weights: w,
                    caps: c,
                    has_caps,
                    ..
                } => {
                    weights[index * KINDS..(index + 1) * KINDS].copy_from_slice(w);
                    caps[index * KINDS..(index + 1) * KINDS].copy_from_slice(c);
                    (super::POINTS, *has_caps)
                }
                super::SlotMeasure::DutyDays => (super::DUTY_DAYS, false),
            };
            hot.push(super::HotSlot {
                approved_only: slot.approved_only,
                measure,
                capped,
            });
        }
        let mut working = Self {
            finals: Vec::new(),
            hot,
            weights,
            caps,
            base_day,
            day_count,
            tables,
            slots,
            deputies: entries,
            deputy_slots,
            records,
            absences: packed_absences,
        };
        working.finals = working.final_outcomes();
        working
    }
}

/// The table of one profile: for each day and kind, the profile's slots whose window holds
/// the day and which count the kind.
fn table_for(mine: &[usize], slots: &[Slot], kinds_of: &[Vec<usize>], base_day: i32, day_count: usize) -> SlotTable {
    let cells = day_count * KINDS;
    let mut lists: HashMap<usize, Vec<u16>> = HashMap::new();
    for &slot in mine {
        let Some(window) = slots[slot].window else { continue };
        for (first, last) in window.ranges() {
            let from = (*first - base_day).max(0);
            let to = (*last - base_day).min(day_count as i32 - 1);
            for day in from..=to {
                for kind in &kinds_of[slot] {
                    lists.entry(day as usize * KINDS + kind).or_default().push(slot as u16);
                }
            }
        }
    }
    let mut starts = Vec::with_capacity(cells + 1);
    let mut flat = Vec::new();
    for cell in 0..cells {
        starts.push(flat.len() as u32);
        if let Some(list) = lists.get(&cell) {
            flat.extend_from_slice(list);
        }
    }
    starts.push(flat.len() as u32);
    SlotTable { starts, slots: flat }
}
