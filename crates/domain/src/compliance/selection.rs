//! Whom to evaluate: one deputy, a group, a level, or everyone.

use crate::deputy::{Deputy, Level};
use crate::ids::{DeputyId, GroupId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    One(DeputyId),
    /// Members of a liaison or professional group.
    Group(GroupId),
    Level(Level),
    Everyone,
}

impl Selection {
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

    pub fn pick<'a>(&self, deputies: &'a [Deputy]) -> Vec<&'a Deputy> {
        deputies.iter().filter(|deputy| self.includes(deputy)).collect()
    }
}
