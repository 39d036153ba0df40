//! The engine's working form, for everyone at once: statistics pages, staff dashboards and
//! benchmarks (60,000 deputies × 1,000,000 records).
//!
//! [`WorkingSet::build`] does the expensive part once: it resolves every (period,
//! requirement) of the calendar into a numbered *slot*, tabulates for each day and kind
//! which slots a record counts towards (at most one per window type), and packs each
//! deputy's records into 4 bytes each, grouped by deputy, duplicates removed.
//! [`WorkingSet::evaluate`] then walks the records once, counting per slot, and judges each
//! slot with the same [`super::status`] function as [`super::evaluate_deputy`]. It returns
//! counts and statuses only; for the ids behind a figure, ask `evaluate_deputy`.

use std::collections::HashMap;

use crate::activity::{Activity, ActivityKind, Review};
use crate::compliance::periods::{self, Calendar, Days, Period};
use crate::compliance::{Standing, Status, applicable, status};

use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::ids::{ActivityId, DeputyId};
use crate::rules::RuleBook;

const KINDS: usize = ActivityKind::ALL.len();
const NO_SLOT: u16 = u16::MAX;
const MAX_SLOTS_PER_RECORD: usize = 4;
/// Terms of service per deputy the working form tracks (more are ignored).
const MAX_SERVICES: usize = 4;

/// One (period, requirement) of the calendar.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The term the slot belongs to.
    pub term: u16,
    /// The year or term counted.
    pub period: Period,
    /// The id of the rule set the requirement comes from.
    pub rule_set: String,
    /// The requirement's id within its rule set.
    pub requirement: String,
    /// How many records the requirement asks for.
    pub minimum: u32,
    /// Whether only approved records count.
    pub approved_only: bool,
    window: Option<Days>,
    min_service_percent: u8,
    first_day: LocalDate,
}

/// A record packed for counting: day offset, kind and review.
#[derive(Debug, Clone, Copy)]
struct PackedRecord {
    day: u16,
    kind: u8,
    /// 0 approved, 1 pending, 2 rejected.
    review: u8,
}

/// A deputy's standing in one slot, fixed by the roster.
#[derive(Debug, Clone, Copy)]
struct DeputySlot {
    slot: u16,
    applicable: bool,
    served: Days,
    served_days: i32,
    /// Day number of the last served day, `i32::MIN` when none.
    last_served: i32,
}

#[derive(Debug, Clone)]
struct DeputyEntry {
    id: DeputyId,
    records: std::ops::Range<u32>,
    slots: std::ops::Range<u32>,
    /// Service ranges as day offsets (inclusive).
    service: [(i32, i32); MAX_SERVICES],
}

/// The outcome of one deputy in one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotOutcome {
    /// The deputy's index in the working set.
    pub deputy: u32,
    /// The slot's index in [`WorkingSet::slots`].
    pub slot: u16,
    /// Records that count.
    pub counted: u32,
    /// Records that would count once approved.
    pub pending: u32,
    /// Met, on track, behind or not applicable.
    pub status: Status,
}

/// Every deputy's records packed for counting, with the calendar's slots: the fast path for statistics over the whole congress.
pub struct WorkingSet {
    base_day: i32,
    day_count: usize,
    slot_table: Vec<[u16; MAX_SLOTS_PER_RECORD]>,
    slots: Vec<Slot>,
    deputies: Vec<DeputyEntry>,
    deputy_slots: Vec<DeputySlot>,
    records: Vec<PackedRecord>,
}

impl WorkingSet {
    /// Builds the working form. Records of deputies not in `deputies` are left out.
    pub fn build(deputies: &[Deputy], activities: &[Activity], calendar: &Calendar, rules: &RuleBook) -> Self {
        let base_day = calendar.terms.iter().map(|t| t.start.day_number()).min().unwrap_or(0);
        let last_day = calendar.terms.iter().map(|t| t.end.day_number()).max().unwrap_or(0);
        let day_count = (last_day - base_day + 1).clamp(0, i32::from(u16::MAX)) as usize;

        let mut slots = Vec::new();
        let mut slot_table = vec![[NO_SLOT; MAX_SLOTS_PER_RECORD]; day_count * KINDS];
        for term in &calendar.terms {
            // Every period of the term (all have begun by its last day).
            for period in periods::periods_of(term, term.end) {
                let first_day = periods::period_first_day(term, period);
                let Some(rule_set) = rules.in_force_on(first_day) else {
                    continue;
                };
                for requirement in &rule_set.requirements {
                    if requirement.window.is_yearly() != matches!(period, Period::Year(_)) {
                        continue;
                    }
                    let window = periods::window_days(calendar, term, requirement.window, period);
                    let index = slots.len() as u16;
                    if let Some(window) = window {
                        for (first, last) in window.ranges() {
                            for day in (*first).max(base_day)..=(*last).min(last_day) {
                                let row = (day - base_day) as usize * KINDS;
                                for kind in &requirement.kinds {
                                    let cell = &mut slot_table[row + kind.index()];
                                    if let Some(free) = cell.iter_mut().find(|s| **s == NO_SLOT) {
                                        *free = index;
                                    }
                                }
                            }
                        }
                    }
                    slots.push(Slot {
                        term: term.number,
                        period,
                        rule_set: rule_set.id.clone(),
                        requirement: requirement.id.clone(),
                        minimum: requirement.minimum,
                        approved_only: requirement.approved_only,
                        window,
                        min_service_percent: rule_set.min_service_percent,
                        first_day,
                    });
                }
            }
        }

        // Each deputy's records, once per id (highest revision).
        let position: HashMap<DeputyId, usize> = deputies.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut latest: HashMap<ActivityId, &Activity> = HashMap::with_capacity(activities.len());
        for activity in activities {
            latest
                .entry(activity.id)
                .and_modify(|kept| {
                    if super::supersedes(activity, kept) {
                        *kept = activity;
                    }
                })
                .or_insert(activity);
        }
        let mut per_deputy: Vec<Vec<PackedRecord>> = vec![Vec::new(); deputies.len()];
        for activity in latest.values() {
            let offset = activity.date.day_number() - base_day;
            if offset < 0 || offset as usize >= day_count {
                continue;
            }
            let packed = PackedRecord {
                day: offset as u16,
                kind: activity.kind.index() as u8,
                review: match activity.review {
                    Review::Approved => 0,
                    Review::Pending => 1,
                    Review::Rejected { .. } => 2,
                },
            };
            for deputy in &activity.deputies {
                if let Some(index) = position.get(deputy) {
                    per_deputy[*index].push(packed);
                }
            }
        }

        let mut records = Vec::with_capacity(per_deputy.iter().map(Vec::len).sum());
        let mut entries = Vec::with_capacity(deputies.len());
        let mut deputy_slots = Vec::new();
        for (deputy, mut own) in deputies.iter().zip(per_deputy) {
            own.sort_unstable_by_key(|r| r.day);
            let start = records.len() as u32;
            records.extend(own);
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
                    if slot.term != term_service.term {
                        continue;
                    }
                    let Some(rule_set) = rules.in_force_on(slot.first_day) else {
                        continue;
                    };
                    if !rule_set.applies_to(deputy.level) {
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
                    let is_applicable = slot
                        .window
                        .is_some_and(|w| applicable(&w, &served, slot.min_service_percent));
                    deputy_slots.push(DeputySlot {
                        slot: index as u16,
                        applicable: is_applicable,
                        served,
                        served_days: served.day_count(),
                        last_served: served.ranges().last().map_or(i32::MIN, |(_, last)| *last),
                    });
                }
            }
            entries.push(DeputyEntry {
                id: deputy.id,
                records: start..records.len() as u32,
                slots: slots_start..deputy_slots.len() as u32,
                service,
            });
        }
        Self {
            base_day,
            day_count,
            slot_table,
            slots,
            deputies: entries,
            deputy_slots,
            records,
        }
    }

    /// The (period, requirement) slots, in the order results refer to them.
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// The deputy at `index` in the working set.
    pub fn deputy_id(&self, index: u32) -> Option<DeputyId> {
        self.deputies.get(index as usize).map(|d| d.id)
    }

    /// How many records the working set holds.
    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    /// Bytes held by the working form (tables, slots, deputies and records).
    pub fn memory_bytes(&self) -> usize {
        self.slot_table.len() * std::mem::size_of::<[u16; MAX_SLOTS_PER_RECORD]>()
            + self.records.len() * std::mem::size_of::<PackedRecord>()
            + self.deputies.len() * std::mem::size_of::<DeputyEntry>()
            + self.deputy_slots.len() * std::mem::size_of::<DeputySlot>()
    }

    /// Bytes per packed record (the part that grows with the number of records).
    pub const fn bytes_per_record() -> usize {
        std::mem::size_of::<PackedRecord>()
    }

    /// Evaluates every deputy as of `as_of`, writing one outcome per deputy and slot begun
    /// by then into `out` (cleared first; its capacity is reused across calls).
    pub fn evaluate(&self, as_of: LocalDate, out: &mut Vec<SlotOutcome>) {
        out.clear();
        let as_of_offset = as_of.day_number() - self.base_day;
        let mut counted = vec![0u32; self.slots.len()];
        let mut pending = vec![0u32; self.slots.len()];
        for (deputy_index, deputy) in self.deputies.iter().enumerate() {
            let own_slots = &self.deputy_slots[deputy.slots.start as usize..deputy.slots.end as usize];
            for slot in own_slots {
                counted[slot.slot as usize] = 0;
                pending[slot.slot as usize] = 0;
            }
            for record in &self.records[deputy.records.start as usize..deputy.records.end as usize] {
                let day = i32::from(record.day);
                if day > as_of_offset {
                    break;
                }
                if record.review == 2 || !deputy.service.iter().any(|(first, last)| *first <= day && day <= *last) {
                    continue;
                }
                for slot in self.slot_table[record.day as usize * KINDS + record.kind as usize] {
                    if slot == NO_SLOT {
                        break;
                    }
                    let slot = slot as usize;
                    if record.review == 0 || !self.slots[slot].approved_only {
                        counted[slot] += 1;
                    } else {
                        pending[slot] += 1;
                    }
                }
            }
            for own in own_slots {
                let slot = &self.slots[own.slot as usize];
                if slot.first_day > as_of {
                    continue;
                }
                let closed = own.last_served <= as_of.day_number();
                out.push(SlotOutcome {
                    deputy: deputy_index as u32,
                    slot: own.slot,
                    counted: counted[own.slot as usize],
                    pending: pending[own.slot as usize],
                    status: status(Standing {
                        minimum: slot.minimum,
                        counted: counted[own.slot as usize],
                        applicable: own.applicable,
                        served_days: own.served_days,
                        elapsed_days: own.served.up_to(as_of),
                        closed,
                    }),
                });
            }
        }
    }

    /// The day range the working form covers.
    pub fn covered_days(&self) -> (i32, usize) {
        (self.base_day, self.day_count)
    }
}
