//! The rule book: every rule set and its versions, and which are in force for a period.

use std::collections::BTreeSet;

use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::error::{Problem, ValidationError};
use crate::rules::RuleSet;

/// Rule sets over time, several at once, with the optional ones staff turned on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleBook {
    /// Ordered by id, then by the date each version takes effect.
    sets: Vec<RuleSet>,
    enabled: BTreeSet<String>,
}

impl RuleBook {
    /// A rule book of these rule sets (versions of one id may not share a date). Optional
    /// sets stay off; see [`Self::with_enabled`].
    pub fn new(mut sets: Vec<RuleSet>) -> Result<Self, ValidationError> {
        // Equal (id, date) pairs are refused below, so the order of ties does not matter.
        sets.sort_unstable_by(|a, b| (&a.id, a.effective_from).cmp(&(&b.id, b.effective_from)));
        for pair in sets.windows(2) {
            if pair[0].id == pair[1].id && pair[0].effective_from == pair[1].effective_from {
                return Err(ValidationError::new(
                    "effective_from",
                    Problem::Inconsistent {
                        detail: format!(
                            "two versions of {} both take effect on {}",
                            pair[0].id, pair[0].effective_from
                        ),
                    },
                ));
            }
        }
        Ok(Self {
            sets,
            enabled: BTreeSet::new(),
        })
    }

    /// Rules made of one rule set (on, even if optional).
    pub fn single(set: RuleSet) -> Self {
        let enabled = BTreeSet::from([set.id.clone()]);
        Self {
            sets: vec![set],
            enabled,
        }
    }

    /// The same book with these optional rule sets turned on (unknown ids are ignored).
    pub fn with_enabled<'a>(mut self, ids: impl IntoIterator<Item = &'a String>) -> Self {
        self.enabled.extend(ids.into_iter().cloned());
        self
    }

    /// Whether a rule set judges anyone: mandatory, or optional and turned on.
    pub fn is_on(&self, set: &RuleSet) -> bool {
        !set.optional || self.enabled.contains(&set.id)
    }

    /// The rule sets in force on `date`: for each id that is on, the latest version that
    /// took effect on or before it.
    pub fn in_force_on(&self, date: LocalDate) -> Vec<&RuleSet> {
        let mut in_force: Vec<&RuleSet> = Vec::new();
        for set in &self.sets {
            if set.effective_from > date || !self.is_on(set) {
                continue;
            }
            match in_force.last_mut() {
                // Sorted by id then date: a later version of the same id replaces it.
                Some(last) if last.id == set.id => *last = set,
                _ => in_force.push(set),
            }
        }
        in_force
    }

    /// The rule sets in force on `date` that judge `deputy`.
    pub fn judging(&self, deputy: &Deputy, date: LocalDate) -> Vec<&RuleSet> {
        let mut sets = self.in_force_on(date);
        sets.retain(|set| set.judges(deputy));
        sets
    }

    /// Every version of every rule set, by id then date.
    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }

    /// The optional rule sets turned on.
    pub fn enabled(&self) -> &BTreeSet<String> {
        &self.enabled
    }
}
