//! The roster reader (`lvzhi_domain::roster`) as staff imports run it: every bad row named
//! by line and column, rows of one deputy merged and checked against each other, by-election
//! and early-leave services, stored services of other terms kept, and attendance lists read
//! by id or name.

use lvzhi_domain::calendar::Term;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::interchange::Format;
use lvzhi_domain::lang::Lang;
use lvzhi_domain::organisation::read_attendance;
use lvzhi_domain::roster::{RosterChange, plan_change, read_roster};

const HEADER: &str = "id,name,level,electoral_unit,occupation,term,from,until,by_election,left_early,liaison_group,professional_groups,stations,attributes";

fn terms() -> Vec<Term> {
    vec![
        Term::new(5, "2018-01-01".parse().unwrap(), "2022-12-31".parse().unwrap()).unwrap(),
        Term::new(6, "2023-01-01".parse().unwrap(), "2027-12-31".parse().unwrap()).unwrap(),
    ]
}

fn row(id: u32, name: &str, term: u16, from: &str, until: &str, by_election: bool, left_early: bool) -> String {
    format!(
        "01930000-0000-7000-8000-{id:012},{name},municipal,渝中区,,{term},{from},{until},{by_election},{left_early},,,,"
    )
}

fn file(rows: &[String]) -> String {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text
}

fn problems(text: &str) -> Vec<(u64, Option<String>)> {
    read_roster(text, Format::Csv, "roster.csv", &terms(), Lang::En)
        .errors
        .into_iter()
        .map(|e| (e.line, e.column))
        .collect()
}

#[test]
fn each_bad_row_is_named_by_line_and_column() {
    let text = file(&[
        row(1, "甲", 6, "2023-01-01", "2027-12-31", false, false),
        row(2, "乙", 7, "2023-01-01", "2027-12-31", false, false),
        row(3, "丙", 6, "2024-03-01", "2027-12-31", false, false),
        row(4, "丁", 6, "2023-01-01", "2026-06-30", false, true),
        row(5, "戊", 6, "2023-01-01", "2028-01-31", false, false),
        row(6, "己", 6, "2023-01-01", "2027-12-31", false, true),
        row(7, "庚", 6, "2023-01-01", "2022-12-31", false, false),
        row(8, "辛", 6, "2023-13-01", "2027-12-31", false, false),
        row(9, "壬", 6, "2023-01-01", "2026-06-30", false, false),
    ]);
    assert_eq!(
        problems(&text),
        vec![
            (3, Some("term".into())),
            (4, Some("by_election".into())),
            (6, Some("until".into())),
            (7, Some("left_early".into())),
            (8, Some("until".into())),
            (9, Some("from".into())),
            (10, Some("left_early".into())),
        ]
    );
    // The same with CRLF line ends.
    assert_eq!(problems(&text.replace('\n', "\r\n")), problems(&text));
    let roster = read_roster(&text, Format::Csv, "roster.csv", &terms(), Lang::En);
    assert_eq!(roster.rows, 9);
    assert_eq!(roster.deputies.len(), 2, "甲 and 丁 (who left early)");
    assert_eq!(roster.lines, vec![2, 5]);
}

#[test]
fn rows_of_one_deputy_merge_and_must_agree() {
    let by_election = row(1, "甲", 6, "2025-06-18", "2027-12-31", true, false);
    let merged = file(&[
        row(1, "甲", 5, "2018-01-01", "2022-12-31", false, false),
        by_election.clone(),
    ]);
    let roster = read_roster(&merged, Format::Csv, "roster.csv", &terms(), Lang::En);
    assert!(roster.errors.is_empty(), "{:?}", roster.errors);
    assert_eq!(roster.deputies.len(), 1);
    assert_eq!(roster.deputies[0].services.len(), 2);
    assert!(roster.deputies[0].services[1].by_election);

    let renamed = file(&[
        row(1, "甲", 5, "2018-01-01", "2022-12-31", false, false),
        row(1, "甲乙", 6, "2023-01-01", "2027-12-31", false, false),
    ]);
    assert_eq!(problems(&renamed), vec![(3, Some("name".into()))]);
    let twice = file(&[by_election.clone(), by_election]);
    assert_eq!(problems(&twice), vec![(3, Some("term".into()))]);
    // A deputy with a refused row is left out whole.
    assert!(
        read_roster(&renamed, Format::Csv, "roster.csv", &terms(), Lang::En)
            .deputies
            .is_empty()
    );
}

#[test]
fn an_import_replaces_the_terms_it_names_and_keeps_the_others() {
    let stored = read_roster(
        &file(&[
            row(1, "甲", 5, "2018-01-01", "2022-12-31", false, false),
            row(1, "甲", 6, "2023-01-01", "2027-12-31", false, false),
        ]),
        Format::Csv,
        "a.csv",
        &terms(),
        Lang::En,
    )
    .deputies
    .remove(0);
    let same_term_six = read_roster(
        &file(&[row(1, "甲", 6, "2023-01-01", "2027-12-31", false, false)]),
        Format::Csv,
        "b.csv",
        &terms(),
        Lang::En,
    )
    .deputies
    .remove(0);
    assert_eq!(
        plan_change(Some(&stored), same_term_six.clone()),
        RosterChange::Unchanged
    );
    let left: Deputy = read_roster(
        &file(&[row(1, "甲", 6, "2023-01-01", "2026-09-30", false, true)]),
        Format::Csv,
        "c.csv",
        &terms(),
        Lang::En,
    )
    .deputies
    .remove(0);
    match plan_change(Some(&stored), left) {
        RosterChange::Changed(next) => {
            assert_eq!(next.services.len(), 2, "term 5 kept");
            assert!(next.services[1].left_early);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(plan_change(None, same_term_six), RosterChange::New(_)));
}

#[test]
fn an_attendance_list_is_read_by_id_or_name_and_guesses_nothing() {
    let roster = read_roster(
        &file(&[
            row(1, "张伟", 6, "2023-01-01", "2027-12-31", false, false),
            row(2, "王芳", 6, "2023-01-01", "2027-12-31", false, false),
            row(3, "王芳", 6, "2023-01-01", "2027-12-31", false, false),
        ]),
        Format::Csv,
        "a.csv",
        &terms(),
        Lang::En,
    );
    let text = "姓名,单位\n张伟,渝中区\n01930000-0000-7000-8000-000000000003\n王芳\n李四\n张伟\n";
    let list = read_attendance(text, &roster.deputies);
    assert_eq!(list.found, vec![roster.deputies[0].id, roster.deputies[2].id]);
    assert_eq!(
        list.unresolved,
        vec![(4, "王芳".to_owned(), true), (5, "李四".to_owned(), false)]
    );
}

#[test]
fn pasted_absences_are_read_with_one_id_per_slot() {
    use lvzhi_domain::attendance::{AbsenceLineProblem, HalfDay, Meeting, read_absences, slot_id};
    let roster = read_roster(
        &file(&[
            row(1, "张伟", 6, "2023-01-01", "2027-12-31", false, false),
            row(2, "王芳", 6, "2023-01-01", "2027-12-31", false, false),
        ]),
        Format::Csv,
        "a.csv",
        &terms(),
        Lang::En,
    );
    let text = "代表,会议,日期,半天,类别,事由,准假\n\
                张伟,annual_session,2026-01-20,morning,leave,illness,true\n\
                王芳,standing_committee,2026-03-02,afternoon,absent\n\
                王芳,standing_committee,2026-03-02,evening,absent\n\
                李四,annual_session,2026-01-20,morning,leave\n\
                张伟,annual_session,2026-01-21,morning,absent,personal\n";
    let (absences, problems) = read_absences(text, &roster.deputies);
    assert_eq!(absences.len(), 2);
    assert!(absences[0].approved);
    assert_eq!(
        absences[0].id,
        slot_id(
            roster.deputies[0].id,
            Meeting::AnnualSession,
            "2026-01-20".parse().unwrap(),
            HalfDay::Morning
        ),
        "the same slot always has the same id"
    );
    assert_ne!(absences[0].id, absences[1].id);
    assert_eq!(absences[0].id.as_uuid().get_version_num(), 8);
    let lines: Vec<usize> = problems.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![4, 5, 6]);
    assert!(matches!(&problems[0].1, AbsenceLineProblem::Field(e) if e.field == "half"));
    assert!(matches!(
        &problems[1].1,
        AbsenceLineProblem::Deputy { several: false, .. }
    ));
    assert!(matches!(&problems[2].1, AbsenceLineProblem::Field(e) if e.field == "reason"));
}

#[test]
fn problems_are_worded_in_the_users_language() {
    let text = file(&[
        row(1, "甲", 7, "2023-01-01", "2027-12-31", false, false),
        "01930000-0000-7000-8000-000000000002,乙,municpal,渝中区,,6,2023-01-01,2027-12-31,false,false,,,,".into(),
    ]);
    let words = |lang| {
        read_roster(&text, Format::Csv, "roster.csv", &terms(), lang)
            .errors
            .into_iter()
            .map(|e| e.reason)
            .collect::<Vec<_>>()
    };
    let hans = words(Lang::ZhHans);
    assert!(hans[0].starts_with("column term: 没有第 7 届"), "{hans:?}");
    assert!(
        hans[1].starts_with("column level: 无法读取：") && hans[1].contains("municpal"),
        "{hans:?}"
    );
    assert!(words(Lang::ZhHant)[0].contains("沒有第 7 屆"));
    assert!(words(Lang::En)[0].contains("there is no term 7"));
}
