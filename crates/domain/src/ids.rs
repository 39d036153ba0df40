//! Identifiers of every kind of record, as distinct types so that a deputy's id can
//! never be passed where an activity's is expected.
//!
//! All are UUIDs. Records created on a device get a UUID v7 generated there (time-ordered,
//! so offline records sort by creation); the demo generator derives stable ids from its
//! seed. This crate only parses and compares ids; it never generates them.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::error::{Problem, ValidationError};

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// The id holding this UUID.
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            /// The id holding this number as a UUID (for tests and generated data).
            pub fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }
            /// The same as [`Self::from_u128`], usable in constants.
            pub const fn from_u128_const(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }
            /// The UUID inside.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
            /// Parses a UUID, naming `field` in the error.
            pub fn parse_field(text: &str, field: &str) -> Result<Self, ValidationError> {
                Uuid::parse_str(text.trim()).map(Self).map_err(|_| {
                    ValidationError::new(field, Problem::BadFormat { expected: "a UUID".into() })
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse_field(text, "id")
            }
        }
    };
}

define_id!(
    /// A deputy of any level.
    DeputyId
);
define_id!(
    /// A duty activity record.
    ActivityId
);
define_id!(
    /// A liaison group or professional group.
    GroupId
);
define_id!(
    /// A deputy station (家/站/点).
    StationId
);
define_id!(
    /// A training class.
    TrainingId
);
define_id!(
    /// A suggestion, bill, criticism or opinion.
    SuggestionId
);
define_id!(
    /// A device's copy of the app (one per browser profile), the author of a stream of mutations.
    ClientId
);
define_id!(
    /// A sign-in account (a deputy's or a staff member's).
    AccountId
);
define_id!(
    /// A public-opinion item (社情民意) gathered on a visit or at a station.
    OpinionId
);
define_id!(
    /// A handling unit (承办单位): a municipal department or a district government.
    UnitId
);
define_id!(
    /// One step of suggestion or opinion handling, made by the device that took it, so
    /// sending it twice applies it once.
    StepId
);
define_id!(
    /// A recorded absence (leave or no-show) for half a day of a meeting.
    AbsenceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_hyphenated_uuids() {
        let text = "0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f";
        let id: ActivityId = text.parse().unwrap();
        assert_eq!(id.to_string(), text);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
    }

    #[test]
    fn a_bad_id_names_the_field() {
        let error = DeputyId::parse_field("not-a-uuid", "deputies[1]").unwrap_err();
        assert_eq!(error.field, "deputies[1]");
    }
}
