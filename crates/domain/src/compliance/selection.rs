//! Whom to evaluate: one deputy, a group, a level, or everyone.

use crate::deputy::{Deputy, Level};
use crate::ids::{DeputyId, GroupId};

/// Which deputies a statistic or a list covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// One deputy.
    One(DeputyId),
    /// Members of a liaison or professional group.
    Group(GroupId),
    /// Every deputy of one level.
    Level(Level),
    /// Every deputy.
    Everyone,
}

impl Selection {
    /// Whether `deputy` is covered.
    pub fn includes(&self, deputy: &Deputy) -> bool {
        match self {
            Selection::One(id) => deputy.id == *id,
            Selection::Group(group) => {
                deputy.liaison_group == Some(*group) || deputy.professional_groups.contains(group)
            }
            Selection::Level(level) => deputy.level == *level,
            Selection::Everyone => true,
        }
    }

    /// The covered deputies, in the order given.
    pub fn pick<'a>(&self, deputies: &'a [Deputy]) -> Vec<&'a Deputy> {
        deputies.iter().filter(|deputy| self.includes(deputy)).collect()
    }
}
