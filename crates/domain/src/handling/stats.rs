//! Handling figures for the staff home and, aggregated, the public site: per unit and per
//! category, the on-time reply rate, the receipts given, promised actions done and overdue.

use std::collections::BTreeMap;

use super::SuggestionCategory;
use crate::date::LocalDate;
use crate::ids::UnitId;
use crate::suggestion::{Fulfilment, Satisfaction, Suggestion};

/// One line of figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandlingFigures {
    /// Suggestions assigned (as lead, for a unit).
    pub assigned: u32,
    /// Those with a first reply.
    pub replied: u32,
    /// First replies on or before the due date.
    pub replied_on_time: u32,
    /// Replies late today, with no reply yet.
    pub reply_overdue: u32,
    /// Receipts on reply letters: satisfied, basically satisfied, unsatisfied.
    pub satisfied: u32,
    /// See `satisfied`.
    pub basically_satisfied: u32,
    /// See `satisfied`.
    pub unsatisfied: u32,
    /// Promised actions.
    pub promises: u32,
    /// Promised actions done (reported done or received as done / partly done).
    pub promises_done: u32,
    /// Promised actions late today.
    pub promises_overdue: u32,
    /// Suggestions completed.
    pub completed: u32,
}

impl HandlingFigures {
    /// Per mille of first replies on time, of those replied (None before any reply).
    pub fn on_time_per_mille(&self) -> Option<u32> {
        (self.replied > 0).then(|| self.replied_on_time * 1000 / self.replied)
    }

    /// Per mille of receipts satisfied or basically satisfied.
    pub fn satisfaction_per_mille(&self) -> Option<u32> {
        let receipts = self.satisfied + self.basically_satisfied + self.unsatisfied;
        (receipts > 0).then(|| (self.satisfied + self.basically_satisfied) * 1000 / receipts)
    }

    /// Per mille of promised actions done.
    pub fn promises_done_per_mille(&self) -> Option<u32> {
        (self.promises > 0).then(|| self.promises_done * 1000 / self.promises)
    }

    fn add(&mut self, suggestion: &Suggestion, today: LocalDate) {
        let Some(assignment) = &suggestion.assignment else {
            return;
        };
        self.assigned += 1;
        if let Some(first) = suggestion.replies.iter().find(|r| r.lead) {
            self.replied += 1;
            if first.date <= assignment.due {
                self.replied_on_time += 1;
            }
        }
        if suggestion.reply_overdue(today) {
            self.reply_overdue += 1;
        }
        // Every receipt given, in every round, from the history.
        for event in suggestion.history.iter().filter(|e| e.step == "reply_receipt") {
            let code = event.detail.as_deref().unwrap_or("").split(':').next().unwrap_or("");
            match Satisfaction::parse_field(code, "satisfaction").ok() {
                Some(Satisfaction::Satisfied) => self.satisfied += 1,
                Some(Satisfaction::BasicallySatisfied) => self.basically_satisfied += 1,
                Some(Satisfaction::Unsatisfied) => self.unsatisfied += 1,
                None => {}
            }
        }
        if suggestion.history.iter().all(|e| e.step != "reply_receipt")
            && let Some(receipt) = &suggestion.reply_receipt
        {
            match receipt.satisfaction {
                Satisfaction::Satisfied => self.satisfied += 1,
                Satisfaction::BasicallySatisfied => self.basically_satisfied += 1,
                Satisfaction::Unsatisfied => self.unsatisfied += 1,
            }
        }
        for promise in &suggestion.promises {
            self.promises += 1;
            let received_done = matches!(promise.receipt, Some(Fulfilment::Done | Fulfilment::PartlyDone));
            if received_done || (promise.receipt.is_none() && promise.done_on.is_some()) {
                self.promises_done += 1;
            }
        }
        self.promises_overdue += suggestion.overdue_promises(today).len() as u32;
        if suggestion.stage == crate::suggestion::HandlingStage::Completed {
            self.completed += 1;
        }
    }
}

/// Figures per lead unit, per category and for all together.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandlingStats {
    /// By lead unit.
    pub by_unit: BTreeMap<UnitId, HandlingFigures>,
    /// By category (unclassified ones are left out).
    pub by_category: BTreeMap<SuggestionCategory, HandlingFigures>,
    /// All assigned suggestions.
    pub total: HandlingFigures,
}

/// Counts the figures of `suggestions` as of `today`.
pub fn handling_stats<'a>(suggestions: impl IntoIterator<Item = &'a Suggestion>, today: LocalDate) -> HandlingStats {
    let mut stats = HandlingStats::default();
    for suggestion in suggestions {
        let Some(assignment) = &suggestion.assignment else {
            continue;
        };
        stats.by_unit.entry(assignment.lead).or_default().add(suggestion, today);
        if let Some(category) = suggestion.category {
            stats.by_category.entry(category).or_default().add(suggestion, today);
        }
        stats.total.add(suggestion, today);
    }
    stats
}
