//! The engine's working form, for everyone at once: statistics pages, staff dashboards,
//! quarterly standings and benchmarks (60,000 deputies × 1,000,000 records).
//!
//! [`WorkingSet::build`] does the expensive part once: it resolves every (period,
//! requirement) of every rule set into a numbered *slot*; groups deputies by *profile*
//! (level and attributes, which decide the rule sets that judge them); tabulates per
//! profile, day and kind which slots a record counts towards; and packs each deputy's
//! records into 4 bytes each (grouped by deputy, duplicates removed, unconfirmed and
//! declined joint records left out) and their absences into 4 bytes each.
//! [`WorkingSet::evaluate`] then walks each deputy's records once — counting, adding
//! capped points, counting distinct days — subtracts deductions for absences, and judges
//! each slot with the same [`super::status`] function as [`super::evaluate_deputy`]. It
//! returns figures and statuses only; for the records behind a figure, ask `evaluate_deputy`.

use std::collections::HashMap;

use crate::activity::{Activity, ActivityKind, Participation, Review};
use crate::attendance::{Absence, AbsenceCategory, LeaveReason};
use crate::compliance::periods::{Days, Period};
use crate::compliance::{Standing, Status, status};
use crate::date::LocalDate;
use crate::deputy::{Attribute, Deputy, Level};
use crate::ids::DeputyId;
use crate::rules::{HalfPoints, Measure, Threshold, Unit};

const KINDS: usize = ActivityKind::ALL.len();
const CATEGORIES: usize = AbsenceCategory::ALL.len();
/// Terms of service per deputy the working form tracks (more are ignored).
const MAX_SERVICES: usize = 4;
/// Stands for "no cap" in a slot's cap table.
const UNCAPPED: HalfPoints = HalfPoints::MAX;
/// [`HotSlot::measure`] of a point slot.
const POINTS: u8 = 1;
/// [`HotSlot::measure`] of a duty-day slot.
const DUTY_DAYS: u8 = 2;

/// What a slot adds up.
#[derive(Debug, Clone)]
enum SlotMeasure {
    Count,
    Points {
        weights: [HalfPoints; KINDS],
        caps: [HalfPoints; KINDS],
        has_caps: bool,
        deductions: [HalfPoints; CATEGORIES],
        /// Bit per [`LeaveReason`] index: approved leave for it is not deducted.
        exempt_mask: u8,
        /// Lower bounds of the bands, highest first (`None` for the bottom band).
        bands: Vec<Option<HalfPoints>>,
    },
    DutyDays,
}

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
    /// What the figures are in.
    pub unit: Unit,
    /// The figure the requirement asks for.
    pub minimum: i64,
    /// Whether only approved records count.
    pub approved_only: bool,
    /// The band ids of a point requirement with bands, highest first.
    pub bands: Vec<String>,
    measure: SlotMeasure,
    window: Option<Days>,
    min_service_percent: u8,
    first_day: LocalDate,
    levels: Vec<Level>,
    attributes: Vec<Attribute>,
}

/// What the inner loop reads of a slot, packed together (the slot itself is large).
#[derive(Debug, Clone, Copy)]
struct HotSlot {
    approved_only: bool,
    /// 0 count, 1 points, 2 duty days.
    measure: u8,
    /// Whether some kind is capped (points only).
    capped: bool,
}

/// A record packed for counting: day offset, kind and review.
#[derive(Debug, Clone, Copy)]
struct PackedRecord {
    day: u16,
    kind: u8,
    /// 0 approved, 1 pending, 2 rejected.
    review: u8,
}

/// An absence packed for deduction: day offset, category and the reason bit of approved leave.
#[derive(Debug, Clone, Copy)]
struct PackedAbsence {
    day: u16,
    category: u8,
    /// The reason's bit when it is approved leave (exemptible), else 0.
    leave_bit: u8,
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
    profile: u16,
    records: std::ops::Range<u32>,
    absences: std::ops::Range<u32>,
    slots: std::ops::Range<u32>,
    /// Service ranges as day offsets (inclusive).
    service: [(i32, i32); MAX_SERVICES],
}

/// Per profile, day and kind: the slots a record counts towards (a compressed table).
struct SlotTable {
    starts: Vec<u32>,
    slots: Vec<u16>,
}

impl SlotTable {
    fn cell(&self, cell: usize) -> &[u16] {
        &self.slots[self.starts[cell] as usize..self.starts[cell + 1] as usize]
    }
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
    /// The figure: records counted, points total (half points) or duty days.
    pub score: i64,
    /// For bands: the position of the band in [`Slot::bands`].
    pub band: Option<u8>,
    /// Met, on track, behind or not applicable.
    pub status: Status,
}

/// Every deputy's records packed for counting, with the calendar's slots: the fast path
/// for statistics over the whole congress.
pub struct WorkingSet {
    /// Each deputy slot's outcome once closed (see [`WorkingSet::final_outcomes`]).
    finals: Vec<SlotOutcome>,
    hot: Vec<HotSlot>,
    /// Per slot and kind: points a record earns (half points) and the cap (`UNCAPPED`).
    weights: Vec<HalfPoints>,
    caps: Vec<HalfPoints>,
    base_day: i32,
    day_count: usize,
    tables: Vec<SlotTable>,
    slots: Vec<Slot>,
    deputies: Vec<DeputyEntry>,
    deputy_slots: Vec<DeputySlot>,
    records: Vec<PackedRecord>,
    absences: Vec<PackedAbsence>,
}

mod build;

impl WorkingSet {
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
        self.tables
            .iter()
            .map(|t| t.starts.len() * 4 + t.slots.len() * 2)
            .sum::<usize>()
            + self.records.len() * std::mem::size_of::<PackedRecord>()
            + self.absences.len() * std::mem::size_of::<PackedAbsence>()
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
        self.evaluate_with(as_of, out, Some(&self.finals));
    }

    /// The outcome of every deputy slot once all its days have passed, in `deputy_slots`
    /// order: a closed slot's outcome never changes with the evaluation date.
    fn final_outcomes(&self) -> Vec<SlotOutcome> {
        let last = self.base_day + self.day_count as i32;
        let mut out = Vec::with_capacity(self.deputy_slots.len());
        if let Some(after_everything) = LocalDate::from_day_number(last) {
            self.evaluate_with(after_everything, &mut out, None);
        }
        out
    }

    /// Evaluates as of `as_of`. With `finals`, a slot closed by then takes its final
    /// outcome and a deputy's records are walked only from the first day of a slot still
    /// open; without, everything is computed.
    fn evaluate_with(&self, as_of: LocalDate, out: &mut Vec<SlotOutcome>, finals: Option<&[SlotOutcome]>) {
        out.clear();
        let finals = finals.filter(|finals| finals.len() == self.deputy_slots.len());
        let as_of_offset = as_of.day_number() - self.base_day;
        let is_closed = |own: &DeputySlot| own.last_served <= as_of.day_number();
        let slot_count = self.slots.len();
        let mut counted = vec![0u32; slot_count];
        let mut pending = vec![0u32; slot_count];
        let mut score = vec![0 as HalfPoints; slot_count];
        let mut last_day = vec![-1i32; slot_count];
        let mut earned = vec![0 as HalfPoints; slot_count * KINDS];
        for (deputy_index, deputy) in self.deputies.iter().enumerate() {
            let own_slots = &self.deputy_slots[deputy.slots.start as usize..deputy.slots.end as usize];
            for own in own_slots {
                let at = own.slot as usize;
                counted[at] = 0;
                pending[at] = 0;
                score[at] = 0;
                last_day[at] = -1;
                if self.hot[at].capped {
                    earned[at * KINDS..(at + 1) * KINDS].fill(0);
                }
            }
            // With final outcomes at hand, only slots still open need the records, from the
            // first day of the earliest of them.
            let walk_from = match finals {
                None => i32::MIN,
                Some(_) => own_slots
                    .iter()
                    .filter(|own| !is_closed(own) && self.slots[own.slot as usize].first_day <= as_of)
                    .filter_map(|own| own.served.ranges().first().map(|(first, _)| first - self.base_day))
                    .min()
                    .unwrap_or(i32::MAX),
            };
            let table = &self.tables[deputy.profile as usize];
            let own_records = &self.records[deputy.records.start as usize..deputy.records.end as usize];
            let start = if walk_from == i32::MIN {
                0
            } else {
                own_records.partition_point(|record| i32::from(record.day) < walk_from)
            };
            for record in &own_records[start..] {
                let day = i32::from(record.day);
                if day > as_of_offset {
                    break;
                }
                if record.review == 2 || !deputy.service.iter().any(|(first, last)| *first <= day && day <= *last) {
                    continue;
                }
                let kind = record.kind as usize;
                for &slot in table.cell(record.day as usize * KINDS + kind) {
                    let at = slot as usize;
                    let hot = self.hot[at];
                    if record.review == 1 && hot.approved_only {
                        pending[at] += 1;
                        continue;
                    }
                    counted[at] += 1;
                    match hot.measure {
                        POINTS => {
                            let cell = at * KINDS + kind;
                            let mut points = self.weights[cell];
                            if hot.capped && self.caps[cell] != UNCAPPED {
                                let used = &mut earned[cell];
                                points = points.min((self.caps[cell] - *used).max(0));
                                *used += points;
                            }
                            score[at] += points;
                        }
                        DUTY_DAYS => {
                            if last_day[at] != day {
                                last_day[at] = day;
                                score[at] += 1;
                            }
                        }
                        _ => {}
                    }
                }
            }
            for absence in &self.absences[deputy.absences.start as usize..deputy.absences.end as usize] {
                let day = i32::from(absence.day);
                if day > as_of_offset {
                    break;
                }
                let date_number = day + self.base_day;
                for own in own_slots {
                    let info = &self.slots[own.slot as usize];
                    if let SlotMeasure::Points {
                        deductions,
                        exempt_mask,
                        ..
                    } = &info.measure
                        && own.served.contains_day(date_number)
                        && absence.leave_bit & exempt_mask == 0
                    {
                        score[own.slot as usize] -= deductions[absence.category as usize];
                    }
                }
            }
            for (position, own) in own_slots.iter().enumerate() {
                let at = own.slot as usize;
                let slot = &self.slots[at];
                if slot.first_day > as_of {
                    continue;
                }
                if let Some(finals) = finals
                    && is_closed(own)
                {
                    let mut outcome = finals[deputy.slots.start as usize + position];
                    outcome.deputy = deputy_index as u32;
                    out.push(outcome);
                    continue;
                }
                let figure = match slot.measure {
                    SlotMeasure::Count => i64::from(counted[at]),
                    _ => score[at],
                };
                let band = match &slot.measure {
                    SlotMeasure::Points { bands, .. } if !bands.is_empty() => bands
                        .iter()
                        .position(|from| from.is_none_or(|from| figure >= from))
                        .map(|index| index as u8),
                    _ => None,
                };
                out.push(SlotOutcome {
                    deputy: deputy_index as u32,
                    slot: own.slot,
                    counted: counted[at],
                    pending: pending[at],
                    score: figure,
                    band,
                    status: status(Standing {
                        minimum: slot.minimum,
                        score: figure,
                        applicable: own.applicable,
                        served_days: own.served_days,
                        elapsed_days: own.served.up_to(as_of),
                        closed: own.last_served <= as_of.day_number(),
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

/// The bit of a leave reason in a slot's exempt mask.
fn reason_bit(reason: LeaveReason) -> u8 {
    1 << reason.index()
}

/// The measure of a slot from its requirement.
fn slot_measure(measure: &Measure) -> SlotMeasure {
    match measure {
        Measure::Count { .. } => SlotMeasure::Count,
        Measure::DutyDays { .. } => SlotMeasure::DutyDays,
        Measure::Points(scheme) => {
            let mut weights = [0; KINDS];
            for (kind, weight) in &scheme.weights {
                weights[kind.index()] = *weight;
            }
            let mut caps = [UNCAPPED; KINDS];
            for (kind, cap) in &scheme.caps {
                caps[kind.index()] = *cap;
            }
            let mut deductions = [0; CATEGORIES];
            for category in AbsenceCategory::ALL {
                deductions[category.index()] = scheme.deduction(*category);
            }
            SlotMeasure::Points {
                weights,
                caps,
                has_caps: !scheme.caps.is_empty(),
                deductions,
                exempt_mask: scheme
                    .exempt_reasons
                    .iter()
                    .map(|r| reason_bit(*r))
                    .fold(0, |a, b| a | b),
                bands: match &scheme.threshold {
                    Threshold::Minimum(_) => Vec::new(),
                    Threshold::Bands(bands) => bands.iter().map(|band| band.from).collect(),
                },
            }
        }
    }
}

/// Packs `activities` per deputy (latest revision of each id; only records that count for
/// the deputy or wait for review — unconfirmed and declined joint records are left out).
fn pack_records(
    deputies: &[Deputy],
    activities: &[Activity],
    base_day: i32,
    day_count: usize,
) -> Vec<Vec<PackedRecord>> {
    let position: HashMap<DeputyId, usize> = deputies.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let latest = super::latest_by_id(activities, |a: &Activity| a.id, super::supersedes);
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
            if let Some(index) = position.get(deputy)
                && activity.participation(*deputy) == Participation::Counts
            {
                per_deputy[*index].push(packed);
            }
        }
    }
    per_deputy
}

/// Packs absences per deputy (latest revision of each id).
fn pack_absences(
    deputies: &[Deputy],
    absences: &[Absence],
    base_day: i32,
    day_count: usize,
) -> Vec<Vec<PackedAbsence>> {
    let position: HashMap<DeputyId, usize> = deputies.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let latest = super::latest_by_id(absences, |a: &Absence| a.id, super::absence_supersedes);
    let mut per_deputy: Vec<Vec<PackedAbsence>> = vec![Vec::new(); deputies.len()];
    for absence in latest.values() {
        let offset = absence.date.day_number() - base_day;
        let Some(index) = position.get(&absence.deputy) else {
            continue;
        };
        if offset < 0 || offset as usize >= day_count {
            continue;
        }
        let exemptible = absence.kind == crate::attendance::AbsenceKind::Leave && absence.approved;
        per_deputy[*index].push(PackedAbsence {
            day: offset as u16,
            category: absence.category().index() as u8,
            leave_bit: match absence.reason {
                Some(reason) if exemptible => reason_bit(reason),
                _ => 0,
            },
        });
    }
    per_deputy
}
