//! Closed sets of choices (levels, activity kinds, statuses…) with stable snake_case codes
//! used in files, JSON and rule sets. [`define_choice!`] gives each enum its list of
//! variants, its code and a parser whose error lists the allowed codes.

/// Declares a `Copy` enum whose variants have stable text codes.
#[macro_export]
macro_rules! define_choice {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        // Written by hand rather than derived: the JSON is the code as a string either way,
        // and one string read shared by every choice is much less wasm than a derived
        // visitor per enum (docs/size.md).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <String as serde::Deserialize>::deserialize(deserializer)?;
                Self::parse_field(&code, stringify!($name))
                    .map_err(|error| <D::Error as serde::de::Error>::custom(format_args!("{code:?} is unknown: {error}")))
            }
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in files and JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code, naming `field` in the error.
            pub fn parse_field(text: &str, field: &str) -> Result<Self, $crate::error::ValidationError> {
                match text.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::error::ValidationError::new(
                        field,
                        $crate::error::Problem::UnknownChoice {
                            allowed: Self::ALL.iter().map(|c| c.code().to_owned()).collect(),
                        },
                    )),
                }
            }

            /// Position in [`Self::ALL`], handy for dense arrays indexed by variant.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::ValidationError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse_field(text, stringify!($name))
            }
        }
    };
}
