//! Hand-written reading of the tagged enums that travel as JSON (`{"op": "approve", …}`):
//! each is read into a flat struct of optional fields, then checked into the enum. The JSON is
//! exactly what serde's derived, internally tagged form reads and writes (the writing stays
//! derived; `tests/wire_format.rs` fixes both by example), but a flat struct compiles to far
//! less wasm than serde's buffering of tagged content (docs/size.md).

/// The field's value, or serde's own wording for a field that is missing.
pub(crate) fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

/// The error for a tag value that names no variant.
pub(crate) fn unknown_tag(tag: &str, value: &str, expected: &[&str]) -> String {
    format!("unknown {tag} `{value}`, expected one of {}", expected.join(", "))
}
