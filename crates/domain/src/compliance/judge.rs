//! The detailed path: one deputy, every requirement of every rule set judging them, every
//! period begun — with the records behind each figure and, for points, a line per record
//! and absence. The decisions it follows are listed in the module above.

use std::collections::BTreeSet;

use crate::activity::{Activity, ActivityKind, Participation, Review};
use crate::attendance::Absence;
use crate::compliance::periods::{self, Calendar, Days, Period};
use crate::compliance::{
    Evaluation, NotCounted, PointLine, PointSource, RequirementResult, Standing, Status, absences_of, applicable,
    records_of, status,
};
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::rules::{HalfPoints, Measure, Requirement, RuleBook, RuleSet};

/// Evaluates one deputy against every requirement in every period begun by `as_of`, under
/// every rule set that judges them; `absences` are the deputy's recorded absences (others'
/// are ignored).
pub fn evaluate_deputy<'a>(
    deputy: &Deputy,
    activities: impl IntoIterator<Item = &'a Activity>,
    absences: impl IntoIterator<Item = &'a Absence>,
    calendar: &Calendar,
    rules: &RuleBook,
    as_of: LocalDate,
) -> Evaluation {
    let records = records_of(deputy.id, activities, as_of);
    let absences = absences_of(deputy.id, absences, as_of);
    let mut results = Vec::new();
    for service in &deputy.services {
        let Some(term) = calendar.term(service.term) else {
            continue;
        };
        for period in periods::periods_of(term, as_of) {
            let span = periods::period_span(term, period);
            if span.clip(service.from, service.until).day_count() == 0 {
                continue;
            }
            for rule_set in rules.judging(deputy, periods::period_first_day(term, period)) {
                for requirement in &rule_set.requirements {
                    if requirement.window.is_yearly() != matches!(period, Period::Year(_)) {
                        continue;
                    }
                    let window = periods::window_days(calendar, term, requirement.window, period);
                    let served = window
                        .map(|w| w.clip(service.from, service.until))
                        .unwrap_or(Days::EMPTY);
                    let context = Context {
                        deputy,
                        rule_set,
                        requirement,
                        span,
                        window,
                        served,
                        as_of,
                    };
                    results.push(context.judge(term.number, period, &records, &absences));
                }
            }
        }
    }
    Evaluation {
        deputy: deputy.id,
        as_of,
        results,
    }
}

/// One requirement in one period, for one deputy.
struct Context<'a> {
    deputy: &'a Deputy,
    rule_set: &'a RuleSet,
    requirement: &'a Requirement,
    span: Days,
    window: Option<Days>,
    served: Days,
    as_of: LocalDate,
}

impl Context<'_> {
    /// Why a record in the period does not count, `None` if it counts; records of other
    /// kinds outside the window are not considered at all (`Err`).
    fn verdict(&self, record: &Activity) -> Result<Option<NotCounted>, ()> {
        let in_window = self.window.is_some_and(|w| w.contains(record.date));
        Ok(if !self.requirement.counts_kind(record.kind) {
            if in_window {
                Some(NotCounted::WrongKind)
            } else {
                return Err(());
            }
        } else if !in_window {
            Some(NotCounted::OutsideWindow)
        } else if !self.served.contains(record.date) {
            Some(NotCounted::OutsideService)
        } else if record.participation(self.deputy.id) == Participation::AwaitingAnswer {
            Some(NotCounted::Unconfirmed)
        } else {
            match &record.review {
                Review::Approved => None,
                Review::Pending if !self.requirement.approved_only => None,
                Review::Pending => Some(NotCounted::Pending),
                Review::Rejected { .. } => Some(NotCounted::Rejected),
            }
        })
    }

    fn judge(&self, term: u16, period: Period, records: &[&Activity], absences: &[&Absence]) -> RequirementResult {
        let requirement = self.requirement;
        let mut result = RequirementResult {
            rule_set: self.rule_set.id.clone(),
            requirement: requirement.id.clone(),
            window: requirement.window,
            term,
            period,
            first_day: self.served.first_day(),
            last_day: self.served.last_day(),
            unit: requirement.unit(),
            minimum: requirement.minimum(),
            score: 0,
            counted: 0,
            pending: 0,
            status: Status::NotApplicable,
            band: None,
            days_left: None,
            counted_ids: Vec::new(),
            not_counted: Vec::new(),
            lines: Vec::new(),
        };
        let mut counted: Vec<&Activity> = Vec::new();
        for record in records.iter().filter(|r| self.span.contains(r.date)) {
            match self.verdict(record) {
                Err(()) => {}
                Ok(None) => {
                    result.counted += 1;
                    result.counted_ids.push(record.id);
                    counted.push(record);
                }
                Ok(Some(reason)) => {
                    if reason == NotCounted::Pending {
                        result.pending += 1;
                    }
                    result.not_counted.push((record.id, reason));
                }
            }
        }
        result.score = match &requirement.measure {
            Measure::Count { .. } => i64::from(result.counted),
            Measure::DutyDays { .. } => counted.iter().map(|r| r.date).collect::<BTreeSet<_>>().len() as i64,
            Measure::Points(scheme) => {
                result.lines = self.point_lines(scheme, &counted, absences);
                let total = result.lines.last().map_or(0, |line| line.running_total);
                result.band = scheme.band_of(total).map(|band| band.id.clone());
                total
            }
        };
        let is_applicable = self
            .window
            .is_some_and(|w| applicable(&w, &self.served, self.rule_set.min_service_percent));
        let closed = self.served.last_day().is_none_or(|last| last <= self.as_of);
        result.status = status(Standing {
            minimum: result.minimum,
            score: result.score,
            applicable: is_applicable,
            served_days: self.served.day_count(),
            elapsed_days: self.served.up_to(self.as_of),
            closed,
        });
        if is_applicable && !closed {
            result.days_left = self.served.last_day().map(|last| self.as_of.days_until(last));
        }
        result
    }

    /// The explanation of a point total: counted records and the absences in the window and
    /// in service, in date order (records before absences on the same day).
    fn point_lines(
        &self,
        scheme: &crate::rules::PointScheme,
        counted: &[&Activity],
        absences: &[&Absence],
    ) -> Vec<PointLine> {
        let mut lines: Vec<PointLine> = Vec::new();
        for record in counted {
            lines.push(PointLine {
                date: record.date,
                source: PointSource::Record {
                    id: record.id,
                    kind: record.kind,
                },
                points: scheme.weight(record.kind).unwrap_or(0),
                cut_by_cap: 0,
                running_total: 0,
            });
        }
        for absence in absences {
            if !self.window.is_some_and(|w| w.contains(absence.date)) || !self.served.contains(absence.date) {
                continue;
            }
            let exempt = absence.exempt_under(&scheme.exempt_reasons);
            lines.push(PointLine {
                date: absence.date,
                source: PointSource::Absence {
                    id: absence.id,
                    category: absence.category(),
                    exempt,
                },
                points: if exempt {
                    0
                } else {
                    -scheme.deduction(absence.category())
                },
                cut_by_cap: 0,
                running_total: 0,
            });
        }
        let order = |line: &PointLine| match line.source {
            PointSource::Record { id, .. } => (line.date, 0, id.as_uuid()),
            PointSource::Absence { id, .. } => (line.date, 1, id.as_uuid()),
        };
        lines.sort_by_key(order);
        let mut earned_by_kind = [0 as HalfPoints; ActivityKind::ALL.len()];
        let mut total: HalfPoints = 0;
        for line in &mut lines {
            if let PointSource::Record { kind, .. } = line.source
                && let Some(cap) = scheme.cap(kind)
            {
                let earned = &mut earned_by_kind[kind.index()];
                let allowed = line.points.min((cap - *earned).max(0));
                line.cut_by_cap = line.points - allowed;
                line.points = allowed;
                *earned += allowed;
            }
            total += line.points;
            line.running_total = total;
        }
        lines
    }
}
