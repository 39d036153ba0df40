//! The roster (代表名册) as staff import it: deputies with their service in each term, one
//! CSV row per deputy and term (`docs/interchange.md`; a spreadsheet is turned into the same
//! rows by the server). Each row is checked against the terms, rows of one deputy against
//! each other, and the result compared with what is stored, so a preview says exactly what
//! an import would do and importing the same file twice changes nothing.

use std::collections::HashMap;

use crate::calendar::Term;
use crate::deputy::Deputy;
use crate::ids::DeputyId;
use crate::interchange::{Format, RowError, import_lines};

/// The most rows one roster file may have (the city's 60,000 deputies, a row per term).
pub const MAX_ROSTER_ROWS: usize = 200_000;

/// A roster file read and checked: the deputies of its good rows (rows of one deputy
/// merged) and every bad row.
#[derive(Debug, Clone, Default)]
pub struct RosterFile {
    /// The deputies, in the order of their first row.
    pub deputies: Vec<Deputy>,
    /// The first line of each deputy, beside `deputies`.
    pub lines: Vec<u64>,
    /// The rows refused, in line order.
    pub errors: Vec<RowError>,
    /// How many rows the file has (good and bad), the header not counted.
    pub rows: u64,
}

fn row_error(file: &str, line: u64, column: &str, message: String) -> RowError {
    RowError::new(file, line, format!("column {column}: {message}"))
}

/// Checks one row's service against the terms, naming the column at fault.
fn check_service(deputy: &Deputy, terms: &[Term]) -> Result<(), (&'static str, String)> {
    let Some(service) = deputy.services.first() else {
        return Err(("term", "the row has no service".into()));
    };
    let Some(term) = terms.iter().find(|term| term.number == service.term) else {
        let known: Vec<String> = terms.iter().map(|term| term.number.to_string()).collect();
        return Err((
            "term",
            format!("there is no term {} (known: {})", service.term, known.join(", ")),
        ));
    };
    if service.from < term.start || service.from > term.end {
        return Err((
            "from",
            format!(
                "{} is outside term {} ({} – {})",
                service.from, term.number, term.start, term.end
            ),
        ));
    }
    if service.until < service.from {
        return Err((
            "until",
            format!("service ends ({}) before it starts ({})", service.until, service.from),
        ));
    }
    if service.until > term.end {
        return Err((
            "until",
            format!(
                "{} is after the end of term {} ({})",
                service.until, term.number, term.end
            ),
        ));
    }
    if service.from > term.start && !service.by_election {
        return Err((
            "by_election",
            format!(
                "service starts after the term began ({}): a by-election (补选) needs by_election = true",
                term.start
            ),
        ));
    }
    if service.from == term.start && service.by_election {
        return Err((
            "by_election",
            "a by-election service starts after the term began".into(),
        ));
    }
    if service.left_early && service.until == term.end {
        return Err((
            "left_early",
            "a deputy who left early stops before the end of the term".into(),
        ));
    }
    Ok(())
}

/// The first column in which two rows of the same deputy disagree about the deputy.
fn disagreement(first: &Deputy, other: &Deputy) -> Option<&'static str> {
    if first.name != other.name {
        Some("name")
    } else if first.level != other.level {
        Some("level")
    } else if first.electoral_unit != other.electoral_unit {
        Some("electoral_unit")
    } else if first.occupation != other.occupation {
        Some("occupation")
    } else if first.liaison_group != other.liaison_group {
        Some("liaison_group")
    } else if first.professional_groups != other.professional_groups {
        Some("professional_groups")
    } else if first.stations != other.stations {
        Some("stations")
    } else if first.attributes != other.attributes {
        Some("attributes")
    } else {
        None
    }
}

/// Reads a roster file (`text`, already decoded) in `format`, checking each row against
/// `terms`. A deputy with any bad row is left out whole, so a partly read deputy is never
/// imported.
pub fn read_roster(text: &str, format: Format, file: &str, terms: &[Term]) -> RosterFile {
    let (rows, mut errors) = import_lines::<Deputy>(text, format, file);
    let total = (rows.len() + errors.len()) as u64;
    if rows.len() + errors.len() > MAX_ROSTER_ROWS {
        return RosterFile {
            deputies: Vec::new(),
            lines: Vec::new(),
            errors: vec![RowError::new(
                file,
                1,
                format!("the file has more than {MAX_ROSTER_ROWS} rows; split it"),
            )],
            rows: total,
        };
    }
    let mut merged: Vec<Deputy> = Vec::new();
    let mut first_line: HashMap<DeputyId, (usize, u64)> = HashMap::new();
    let mut term_lines: HashMap<(DeputyId, u16), u64> = HashMap::new();
    let mut refused: Vec<DeputyId> = Vec::new();
    for (line, deputy) in rows {
        if let Err((column, message)) = check_service(&deputy, terms) {
            errors.push(row_error(file, line, column, message));
            refused.push(deputy.id);
            continue;
        }
        let term = deputy.services[0].term;
        if let Some(earlier) = term_lines.get(&(deputy.id, term)) {
            errors.push(row_error(
                file,
                line,
                "term",
                format!(
                    "deputy {} already has a row for term {term} (line {earlier})",
                    deputy.id
                ),
            ));
            refused.push(deputy.id);
            continue;
        }
        term_lines.insert((deputy.id, term), line);
        match first_line.get(&deputy.id) {
            Some(&(at, earlier)) => {
                if let Some(column) = disagreement(&merged[at], &deputy) {
                    errors.push(row_error(
                        file,
                        line,
                        column,
                        format!("differs from line {earlier}, another row of the same deputy"),
                    ));
                    refused.push(deputy.id);
                    continue;
                }
                merged[at].services.extend(deputy.services);
            }
            None => {
                first_line.insert(deputy.id, (merged.len(), line));
                merged.push(deputy);
            }
        }
    }
    errors.sort_by_key(|error| error.line);
    let refused: std::collections::HashSet<DeputyId> = refused.into_iter().collect();
    let mut deputies = Vec::new();
    let mut lines = Vec::new();
    for mut deputy in merged {
        if refused.contains(&deputy.id) {
            continue;
        }
        deputy.services.sort_by_key(|service| service.term);
        lines.push(first_line.get(&deputy.id).map_or(0, |(_, line)| *line));
        deputies.push(deputy);
    }
    RosterFile {
        deputies,
        lines,
        errors,
        rows: total,
    }
}

/// What importing one deputy does to the stored roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterChange {
    /// A deputy not on the roster yet.
    New(Deputy),
    /// A deputy whose stored entry changes.
    Changed(Deputy),
    /// A deputy stored exactly so already.
    Unchanged,
}

/// What `incoming` makes of the `stored` deputy: the file's services replace the stored
/// ones of the same terms; services in terms the file does not mention are kept.
pub fn plan_change(stored: Option<&Deputy>, incoming: Deputy) -> RosterChange {
    let Some(stored) = stored else {
        return RosterChange::New(incoming);
    };
    let mut next = incoming;
    for service in &stored.services {
        if next.service_in(service.term).is_none() {
            next.services.push(service.clone());
        }
    }
    next.services.sort_by_key(|service| service.term);
    if &next == stored {
        RosterChange::Unchanged
    } else {
        RosterChange::Changed(next)
    }
}

/// The letter of a spreadsheet column (0 → A, 25 → Z, 26 → AA).
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_are_as_in_a_spreadsheet() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}

/// How many files' latest preview or import found bad rows and imported nothing: the
/// console's home counts them as needing action until a clean import of the same name.
pub fn imports_needing_action(log: &[crate::api::ImportLogEntry]) -> usize {
    let mut latest: HashMap<&str, &crate::api::ImportLogEntry> = HashMap::new();
    for entry in log {
        latest
            .entry(entry.file.as_str())
            .and_modify(|kept| {
                if entry.at_millis > kept.at_millis {
                    *kept = entry;
                }
            })
            .or_insert(entry);
    }
    latest
        .values()
        .filter(|entry| entry.problems > 0 && !entry.applied)
        .count()
}

#[cfg(test)]
mod log_tests {
    use super::*;
    use crate::api::ImportLogEntry;

    fn entry(file: &str, at: i64, problems: u64, applied: bool) -> ImportLogEntry {
        ImportLogEntry {
            file: file.into(),
            at_millis: at,
            rows: 10,
            problems,
            applied,
        }
    }

    #[test]
    fn a_file_needs_action_until_its_latest_attempt_is_clean_or_imported() {
        let log = vec![
            entry("a.xlsx", 3, 0, true),
            entry("a.xlsx", 1, 3, false),
            entry("b.csv", 2, 2, false),
            entry("c.csv", 5, 1, true),
        ];
        assert_eq!(imports_needing_action(&log), 1, "only b.csv");
        assert_eq!(imports_needing_action(&log[1..2]), 1);
    }
}
