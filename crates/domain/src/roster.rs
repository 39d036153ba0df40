//! The roster (代表名册) as staff import it: deputies with their service in each term, one
//! CSV row per deputy and term (`docs/interchange.md`; a spreadsheet is turned into the same
//! rows by the server). Each row is checked against the terms, rows of one deputy against
//! each other, and the result compared with what is stored, so a preview says exactly what
//! an import would do and importing the same file twice changes nothing.

use std::collections::HashMap;

use crate::calendar::Term;
use crate::date::LocalDate;
use crate::deputy::Deputy;
use crate::ids::DeputyId;
use crate::interchange::{Format, RowError, import_lines};
use crate::lang::Lang;

/// What is wrong with a roster row beyond its cells' form, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterProblem {
    /// The term does not exist.
    NoTerm {
        /// The term named.
        term: u16,
        /// The terms that exist.
        known: String,
    },
    /// `from` lies outside the term.
    OutsideTerm {
        /// The day given.
        date: LocalDate,
        /// The term.
        term: u16,
        /// Its first day.
        start: LocalDate,
        /// Its last day.
        end: LocalDate,
    },
    /// `until` before `from`.
    EndsBeforeStart {
        /// The first day.
        from: LocalDate,
        /// The last day.
        until: LocalDate,
    },
    /// `until` after the term's end.
    AfterTermEnd {
        /// The day given.
        until: LocalDate,
        /// The term.
        term: u16,
        /// Its last day.
        end: LocalDate,
    },
    /// Service starting after the term began without `by_election`.
    NeedsByElection {
        /// The term's first day.
        start: LocalDate,
    },
    /// `by_election` on a service from the term's first day.
    ByElectionAtStart,
    /// `left_early` on a service to the term's last day.
    LeftEarlyAtEnd,
    /// Service ending before the term's end without `left_early`.
    NeedsLeftEarly {
        /// The term's last day.
        end: LocalDate,
    },
    /// A second row for the same deputy and term.
    TermTwice {
        /// The term.
        term: u16,
        /// The earlier row's line.
        line: u64,
    },
    /// A row disagreeing with an earlier row of the same deputy.
    Disagrees {
        /// The earlier row's line.
        line: u64,
    },
    /// A group that does not exist.
    UnknownGroup(String),
    /// A station that does not exist.
    UnknownStation(String),
    /// A deputy outside the account's scope.
    OutOfScope {
        /// The deputy's name.
        name: String,
        /// Their electoral unit.
        unit: String,
    },
    /// A cell that cannot be read (the reader's words, in English).
    Unreadable(String),
}

impl RosterProblem {
    /// The problem in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let pick = |hans: String, hant: String, en: String| match lang {
            Lang::ZhHans => hans,
            Lang::ZhHant => hant,
            Lang::En => en,
        };
        match self {
            Self::NoTerm { term, known } => pick(
                format!("没有第 {term} 届（已有：{known}）"),
                format!("沒有第 {term} 屆（已有：{known}）"),
                format!("there is no term {term} (known: {known})"),
            ),
            Self::OutsideTerm { date, term, start, end } => pick(
                format!("{date} 不在第 {term} 届（{start} – {end}）内"),
                format!("{date} 不在第 {term} 屆（{start} – {end}）內"),
                format!("{date} is outside term {term} ({start} – {end})"),
            ),
            Self::EndsBeforeStart { from, until } => pick(
                format!("任职结束（{until}）早于开始（{from}）"),
                format!("任職結束（{until}）早於開始（{from}）"),
                format!("service ends ({until}) before it starts ({from})"),
            ),
            Self::AfterTermEnd { until, term, end } => pick(
                format!("{until} 晚于第 {term} 届结束（{end}）"),
                format!("{until} 晚於第 {term} 屆結束（{end}）"),
                format!("{until} is after the end of term {term} ({end})"),
            ),
            Self::NeedsByElection { start } => pick(
                format!("任职开始晚于本届开始（{start}）：补选请填 by_election = true"),
                format!("任職開始晚於本屆開始（{start}）：補選請填 by_election = true"),
                format!("service starts after the term began ({start}): a by-election (补选) needs by_election = true"),
            ),
            Self::ByElectionAtStart => pick(
                "补选的任职应晚于本届开始".into(),
                "補選的任職應晚於本屆開始".into(),
                "a by-election service starts after the term began".into(),
            ),
            Self::LeftEarlyAtEnd => pick(
                "提前离任的任职应早于本届结束".into(),
                "提前離任的任職應早於本屆結束".into(),
                "a deputy who left early stops before the end of the term".into(),
            ),
            Self::NeedsLeftEarly { end } => pick(
                format!("任职结束早于本届结束（{end}）：提前离任请填 left_early = true"),
                format!("任職結束早於本屆結束（{end}）：提前離任請填 left_early = true"),
                format!("service ends before the term does ({end}): leaving early needs left_early = true"),
            ),
            Self::TermTwice { term, line } => pick(
                format!("该代表第 {term} 届已有一行（第 {line} 行）"),
                format!("該代表第 {term} 屆已有一行（第 {line} 行）"),
                format!("this deputy already has a row for term {term} (line {line})"),
            ),
            Self::Disagrees { line } => pick(
                format!("与同一代表的第 {line} 行不一致"),
                format!("與同一代表的第 {line} 行不一致"),
                format!("differs from line {line}, another row of the same deputy"),
            ),
            Self::UnknownGroup(group) => pick(
                format!("没有代表小组 {group}"),
                format!("沒有代表小組 {group}"),
                format!("there is no group {group}"),
            ),
            Self::UnknownStation(station) => pick(
                format!("没有代表家站 {station}"),
                format!("沒有代表家站 {station}"),
                format!("there is no station {station}"),
            ),
            Self::OutOfScope { name, unit } => pick(
                format!("{name}（{unit}）不在本账号的工作范围内"),
                format!("{name}（{unit}）不在本帳號的工作範圍內"),
                format!("{name} ({unit}) is outside this account's scope"),
            ),
            Self::Unreadable(detail) => pick(
                format!("无法读取：{detail}"),
                format!("無法讀取：{detail}"),
                detail.clone(),
            ),
        }
    }
}

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

/// A row's error naming its column, in `lang`.
pub fn row_error(file: &str, line: u64, column: &str, problem: &RosterProblem, lang: Lang) -> RowError {
    RowError::new(file, line, format!("column {column}: {}", problem.text(lang)))
}

/// A reader's error (English) put in `lang`, keeping its column.
fn localised(error: RowError, lang: Lang) -> RowError {
    if lang == Lang::En {
        return error;
    }
    let detail = match &error.column {
        Some(column) => error
            .reason
            .strip_prefix(&format!("column {column}: "))
            .unwrap_or(&error.reason)
            .to_owned(),
        None => error.reason.clone(),
    };
    let text = RosterProblem::Unreadable(detail).text(lang);
    let reason = match &error.column {
        Some(column) => format!("column {column}: {text}"),
        None => text,
    };
    RowError::new(&error.file, error.line, reason)
}

/// Checks one row's service against the terms, naming the column at fault.
fn check_service(deputy: &Deputy, terms: &[Term]) -> Result<(), (&'static str, RosterProblem)> {
    let Some(service) = deputy.services.first() else {
        return Err(("term", RosterProblem::Unreadable("the row has no service".into())));
    };
    check_term_service(service, terms)
}

/// Checks a deputy entered in a form (a by-election, an early leave): each service against
/// its term, each term once, and at least one service.
pub fn check_deputy(deputy: &Deputy, terms: &[Term]) -> Result<(), (&'static str, RosterProblem)> {
    if deputy.services.is_empty() {
        return Err((
            "term",
            RosterProblem::Unreadable("a deputy needs a service in a term".into()),
        ));
    }
    for (at, service) in deputy.services.iter().enumerate() {
        check_term_service(service, terms)?;
        if deputy.services[..at].iter().any(|earlier| earlier.term == service.term) {
            return Err((
                "term",
                RosterProblem::TermTwice {
                    term: service.term,
                    line: 0,
                },
            ));
        }
    }
    Ok(())
}

fn check_term_service(
    service: &crate::deputy::TermService,
    terms: &[Term],
) -> Result<(), (&'static str, RosterProblem)> {
    let Some(term) = terms.iter().find(|term| term.number == service.term) else {
        let known: Vec<String> = terms.iter().map(|term| term.number.to_string()).collect();
        return Err((
            "term",
            RosterProblem::NoTerm {
                term: service.term,
                known: known.join(", "),
            },
        ));
    };
    if service.from < term.start || service.from > term.end {
        return Err((
            "from",
            RosterProblem::OutsideTerm {
                date: service.from,
                term: term.number,
                start: term.start,
                end: term.end,
            },
        ));
    }
    if service.until < service.from {
        return Err((
            "until",
            RosterProblem::EndsBeforeStart {
                from: service.from,
                until: service.until,
            },
        ));
    }
    if service.until > term.end {
        return Err((
            "until",
            RosterProblem::AfterTermEnd {
                until: service.until,
                term: term.number,
                end: term.end,
            },
        ));
    }
    if service.from > term.start && !service.by_election {
        return Err(("by_election", RosterProblem::NeedsByElection { start: term.start }));
    }
    if service.from == term.start && service.by_election {
        return Err(("by_election", RosterProblem::ByElectionAtStart));
    }
    if service.left_early && service.until == term.end {
        return Err(("left_early", RosterProblem::LeftEarlyAtEnd));
    }
    if !service.left_early && service.until < term.end {
        return Err(("left_early", RosterProblem::NeedsLeftEarly { end: term.end }));
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
/// `terms`, its problems in `lang`. A deputy with any bad row is left out whole, so a partly
/// read deputy is never imported.
pub fn read_roster(text: &str, format: Format, file: &str, terms: &[Term], lang: Lang) -> RosterFile {
    let (rows, errors) = import_lines::<Deputy>(text, format, file);
    let mut errors: Vec<RowError> = errors.into_iter().map(|error| localised(error, lang)).collect();
    let total = (rows.len() + errors.len()) as u64;
    if rows.len() + errors.len() > MAX_ROSTER_ROWS {
        return RosterFile {
            deputies: Vec::new(),
            lines: Vec::new(),
            errors: vec![RowError::new(
                file,
                1,
                format!(
                    "{} {MAX_ROSTER_ROWS}",
                    lang.pick(
                        "文件行数超过上限，请分成几个文件：",
                        "檔案行數超過上限，請分成幾個檔案：",
                        "the file has more rows than allowed; split it:"
                    )
                ),
            )],
            rows: total,
        };
    }
    let mut merged: Vec<Deputy> = Vec::new();
    let mut first_line: HashMap<DeputyId, (usize, u64)> = HashMap::new();
    let mut term_lines: HashMap<(DeputyId, u16), u64> = HashMap::new();
    let mut refused: Vec<DeputyId> = Vec::new();
    for (line, deputy) in rows {
        if let Err((column, problem)) = check_service(&deputy, terms) {
            errors.push(row_error(file, line, column, &problem, lang));
            refused.push(deputy.id);
            continue;
        }
        let term = deputy.services[0].term;
        if let Some(earlier) = term_lines.get(&(deputy.id, term)) {
            let problem = RosterProblem::TermTwice { term, line: *earlier };
            errors.push(row_error(file, line, "term", &problem, lang));
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
                        &RosterProblem::Disagrees { line: earlier },
                        lang,
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
