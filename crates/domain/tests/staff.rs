//! Table tests of what staff work with: scopes, the review queue's filter and order, the
//! reviewer who entered a record, rejection reasons, and the history lines a push writes.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

use lvzhi_domain::activity::ActivityKind::*;
use lvzhi_domain::activity::{EnteredBy, Review};
use lvzhi_domain::api::Role;
use lvzhi_domain::deputy::{Deputy, Level};
use lvzhi_domain::ids::{AccountId, ActivityId, ClientId, DeputyId, GroupId};
use lvzhi_domain::labels::rejection_text;
use lvzhi_domain::lang::Lang;
use lvzhi_domain::staff::{
    HistoryAction, HistoryEntry, QueueFilter, RejectReason, StaffScope, may_review, rejection, review_queue, same_day,
};
use lvzhi_domain::sync::server::{Actor, Decision, SyncStore, decide, process_push};
use lvzhi_domain::sync::{Mutation, Operation, Outcome, PushRequest, RefusalCode};
use lvzhi_domain::text::Title;
use std::collections::BTreeMap;
use support::*;

fn unit(name: &str) -> Title {
    Title::parse_field(name, "unit").unwrap()
}

fn in_group(number: u128, group: u128) -> Deputy {
    let mut deputy = deputy(number, "2023-01-01", "2027-12-31");
    deputy.electoral_unit = unit("江北区");
    deputy.liaison_group = Some(GroupId::from_u128(group));
    deputy
}

#[test]
fn a_scope_covers_its_units_and_groups_and_an_empty_one_covers_everyone() {
    let yuzhong = deputy(1, "2023-01-01", "2027-12-31");
    let jiangbei = in_group(2, 70);
    let mut professional = in_group(3, 71);
    professional.professional_groups = vec![GroupId::from_u128(80)];
    assert!(StaffScope::everyone().covers(&yuzhong) && StaffScope::everyone().covers(&jiangbei));
    let by_unit = StaffScope {
        electoral_units: vec![unit("渝中区")],
        groups: vec![],
    };
    assert!(by_unit.covers(&yuzhong) && !by_unit.covers(&jiangbei) && !by_unit.is_everyone());
    let by_group = StaffScope {
        electoral_units: vec![],
        groups: vec![GroupId::from_u128(70), GroupId::from_u128(80)],
    };
    assert!(!by_group.covers(&yuzhong) && by_group.covers(&jiangbei) && by_group.covers(&professional));
}

#[test]
fn the_queue_holds_pending_records_the_reviewer_did_not_enter_filtered_and_oldest_first() {
    let me = AccountId::from_u128(900);
    let deputies = [deputy(1, "2023-01-01", "2027-12-31"), in_group(2, 70)];
    let mut by_me = record(10, Inspection, "2024-03-01", &[1], Review::Pending);
    by_me.entered_by = EnteredBy::Staff(me);
    let mut by_colleague = record(11, ThematicResearch, "2024-03-02", &[2], Review::Pending);
    by_colleague.entered_by = EnteredBy::Staff(AccountId::from_u128(901));
    let records = vec![
        record(12, Inspection, "2024-05-01", &[1], Review::Pending),
        record(13, Inspection, "2024-01-01", &[1], Review::Approved),
        record(14, ConstituentVisit, "2024-02-01", &[2], Review::Pending),
        by_me,
        by_colleague,
        record(15, Inspection, "2024-04-01", &[1], rejected("不符")),
    ];
    let find = |id: DeputyId| deputies.iter().find(|d| d.id == id);
    let ids = |filter: &QueueFilter| -> Vec<u128> {
        review_queue(&records, filter, me, find)
            .iter()
            .map(|a| a.id.as_uuid().as_u128())
            .collect()
    };
    assert_eq!(
        ids(&QueueFilter::default()),
        [14, 11, 12],
        "by date; not approved, rejected or my own entry"
    );
    assert!(!may_review(me, &records[3]) && may_review(me, &records[4]));
    assert_eq!(
        ids(&QueueFilter {
            kind: Some(Inspection),
            ..Default::default()
        }),
        [12]
    );
    assert_eq!(
        ids(&QueueFilter {
            group: Some(GroupId::from_u128(70)),
            ..Default::default()
        }),
        [14, 11]
    );
    assert_eq!(
        ids(&QueueFilter {
            entered_by_staff: Some(true),
            ..Default::default()
        }),
        [11]
    );
    assert_eq!(
        ids(&QueueFilter {
            entered_by_staff: Some(false),
            ..Default::default()
        }),
        [14, 12]
    );
    assert_eq!(
        ids(&QueueFilter {
            from: Some(date("2024-03-01")),
            to: Some(date("2024-04-30")),
            ..Default::default()
        }),
        [11]
    );
    assert_eq!(
        ids(&QueueFilter {
            level: Some(Level::District),
            ..Default::default()
        }),
        Vec::<u128>::new()
    );
    let twin = record(16, ConstituentVisit, "2024-05-01", &[1], Review::Approved);
    let all: Vec<_> = records.iter().chain([&twin]).cloned().collect();
    let same: Vec<u128> = same_day(&records[0], &all)
        .iter()
        .map(|a| a.id.as_uuid().as_u128())
        .collect();
    assert_eq!(same, [16], "the deputy's other record that day");
}

#[test]
fn a_rejection_is_a_standard_reason_free_text_or_both_and_reads_in_each_language() {
    let both = rejection(Some(RejectReason::Duplicate), " 与3月2日记录重复 ").unwrap();
    assert_eq!(both.as_str(), "duplicate: 与3月2日记录重复");
    assert_eq!(
        rejection_text(both.as_str(), Lang::ZhHans),
        "重复登记：与3月2日记录重复"
    );
    assert_eq!(rejection_text("wrong_date", Lang::En), "Wrong date");
    assert_eq!(
        rejection_text("材料不完整", Lang::En),
        "材料不完整",
        "free text stays as written"
    );
    assert_eq!(rejection(None, "  ").unwrap_err().field, "reason");
    assert!(rejection(None, &"长".repeat(501)).is_err());
}

#[derive(Default)]
struct Store {
    records: BTreeMap<ActivityId, lvzhi_domain::activity::Activity>,
    deputies: Vec<Deputy>,
    history: Vec<HistoryEntry>,
    last: u64,
}

impl SyncStore for Store {
    type Error = std::convert::Infallible;
    fn last_applied(&mut self, _: ClientId) -> Result<u64, Self::Error> {
        Ok(self.last)
    }
    fn set_last_applied(&mut self, _: ClientId, seq: u64) -> Result<(), Self::Error> {
        self.last = seq;
        Ok(())
    }
    fn activity(&mut self, id: ActivityId) -> Result<Option<lvzhi_domain::activity::Activity>, Self::Error> {
        Ok(self.records.get(&id).cloned())
    }
    fn save_activity(&mut self, activity: &lvzhi_domain::activity::Activity) -> Result<(), Self::Error> {
        self.records.insert(activity.id, activity.clone());
        Ok(())
    }
    fn delete_activity(&mut self, id: ActivityId) -> Result<(), Self::Error> {
        self.records.remove(&id);
        Ok(())
    }
    fn deputy(&mut self, id: DeputyId) -> Result<Option<Deputy>, Self::Error> {
        Ok(self.deputies.iter().find(|d| d.id == id).cloned())
    }
    fn append_history(&mut self, entry: &HistoryEntry) -> Result<(), Self::Error> {
        self.history.push(entry.clone());
        Ok(())
    }
}

fn staff(account: u128, scope: StaffScope) -> Actor {
    Actor {
        account: AccountId::from_u128(account),
        role: Role::Staff,
        deputy: None,
        scope,
    }
}

fn push_one(store: &mut Store, actor: &Actor, operation: Operation) -> Outcome {
    let seq = store.last + 1;
    let request = PushRequest {
        client: ClientId::from_u128(1),
        mutations: vec![Mutation { seq, operation }],
    };
    let Ok(response) = process_push(store, actor, &request, date("2026-12-01"));
    response.results[0].outcome.clone()
}

#[test]
fn staff_entries_wait_for_another_reviewer_scopes_are_enforced_and_each_effect_writes_one_history_line() {
    let mut store = Store {
        deputies: vec![deputy(1, "2023-01-01", "2027-12-31"), in_group(2, 70)],
        ..Default::default()
    };
    let office = staff(900, StaffScope::everyone());
    let second = staff(901, StaffScope::everyone());
    let liaison = staff(
        902,
        StaffScope {
            electoral_units: vec![unit("江北区")],
            groups: vec![],
        },
    );
    let mut entry = record(10, Inspection, "2026-11-01", &[1], Review::Approved);
    entry.revision = 0;
    let save = |activity: &lvzhi_domain::activity::Activity, base_revision| Operation::SaveActivity {
        activity: activity.clone(),
        base_revision,
    };
    assert_eq!(
        push_one(&mut store, &office, save(&entry, 0)),
        Outcome::Applied { revision: 1 }
    );
    let stored = store.records[&entry.id].clone();
    assert_eq!(
        stored.review,
        Review::Pending,
        "a staff entry is not approved by its author"
    );
    assert_eq!(stored.entered_by, EnteredBy::Staff(AccountId::from_u128(900)));
    assert_eq!(
        decide(
            &office,
            &Operation::Approve { id: entry.id },
            Some(&stored),
            date("2026-12-01")
        ),
        Decision::Refuse(RefusalCode::OwnEntry)
    );
    let refused = push_one(&mut store, &office, Operation::Approve { id: entry.id });
    assert!(matches!(
        refused,
        Outcome::Refused {
            code: Some(RefusalCode::OwnEntry),
            ..
        }
    ));
    // The liaison office of 江北区 cannot touch a 渝中区 deputy's record, nor enter one.
    let refused = push_one(&mut store, &liaison, Operation::Approve { id: entry.id });
    assert!(matches!(
        refused,
        Outcome::Refused {
            code: Some(RefusalCode::OutOfScope),
            ..
        }
    ));
    let mut elsewhere = record(11, Inspection, "2026-11-02", &[1], Review::Pending);
    elsewhere.revision = 0;
    let refused = push_one(&mut store, &liaison, save(&elsewhere, 0));
    assert!(matches!(
        refused,
        Outcome::Refused {
            code: Some(RefusalCode::OutOfScope),
            ..
        }
    ));
    let mut own_district = record(12, Inspection, "2026-11-02", &[2], Review::Pending);
    own_district.revision = 0;
    assert_eq!(
        push_one(&mut store, &liaison, save(&own_district, 0)),
        Outcome::Applied { revision: 1 }
    );
    assert_eq!(
        push_one(&mut store, &second, Operation::Approve { id: entry.id }),
        Outcome::Applied { revision: 2 }
    );
    let actions: Vec<(HistoryAction, u128, u32)> = store
        .history
        .iter()
        .map(|h| (h.action, h.by.as_uuid().as_u128(), h.revision))
        .collect();
    assert_eq!(
        actions,
        [
            (HistoryAction::Entered, 900, 1),
            (HistoryAction::Entered, 902, 1),
            (HistoryAction::Approved, 901, 2)
        ],
        "refusals leave no line"
    );
}

mod dashboard {
    //! The staff dashboard over the fast path: columns of the chosen period, denominators,
    //! filters, sort and CSV.
    use super::support::*;
    use lvzhi_domain::activity::ActivityKind::*;
    use lvzhi_domain::compliance::dashboard::{DashboardFilter, SortBy, dashboard, dashboard_csv, periods};
    use lvzhi_domain::compliance::fast::WorkingSet;
    use lvzhi_domain::compliance::{Period, Status};
    use lvzhi_domain::lang::Lang;
    use lvzhi_domain::rules::RuleBook;
    use lvzhi_domain::text::PersonName;

    #[test]
    fn the_table_counts_who_meets_each_requirement_and_filters_without_rejudging() {
        let mut keen = deputy(1, "2018-01-01", "2022-12-31");
        keen.name = PersonName::parse_field("甲代表", "name").unwrap();
        let mut idle = deputy(2, "2018-01-01", "2022-12-31");
        idle.name = PersonName::parse_field("乙代表", "name").unwrap();
        let mut elsewhere = district_deputy(3);
        elsewhere.name = PersonName::parse_field("丙代表", "name").unwrap();
        let deputies = vec![idle.clone(), keen.clone(), elsewhere];
        let mut records = Vec::new();
        for (n, day) in ["2019-01-21", "2019-01-22", "2019-01-23"].iter().enumerate() {
            records.push(approved(100 + n as u128, SessionSpeech, day, 1));
        }
        for (n, day) in ["2019-03-01", "2019-04-01", "2019-05-01", "2019-06-01"]
            .iter()
            .enumerate()
        {
            records.push(approved(200 + n as u128, Inspection, day, 1));
        }
        records.push(approved(300, Suggestion, "2019-02-01", 1));
        let book = RuleBook::new(vec![bundled("chongqing-341311"), bundled("example-district-points")]).unwrap();
        let working = WorkingSet::build(&deputies, &records, &[], &calendar(), &book);
        let mut outcomes = Vec::new();
        working.evaluate(date("2019-12-31"), &mut outcomes);
        let begun = periods(&working, &outcomes);
        assert_eq!(
            begun[0],
            Period::Year(2019),
            "the newest year begun comes first: {begun:?}"
        );
        assert!(!begun.contains(&Period::Year(2020)), "years not begun are not offered");

        let year = DashboardFilter {
            period: Some(Period::Year(2019)),
            ..Default::default()
        };
        let table = dashboard(&working, &outcomes, &deputies, &year);
        assert_eq!(table.rows.len(), 3);
        let names: Vec<&str> = table.rows.iter().map(|r| deputies[r.deputy].name.as_str()).collect();
        assert_eq!(names, ["丙代表", "乙代表", "甲代表"], "by name");
        let speeches = table
            .columns
            .iter()
            .position(|c| c.requirement == "session_speeches")
            .expect("the speeches column");
        let column = &table.columns[speeches];
        assert_eq!(
            (column.held, column.met, column.not_met),
            (2, 1, 1),
            "the year is closed: one met, one not"
        );
        // The district deputy has no 341 311 cells; the municipal ones no points cells.
        let district_row = table.rows.iter().find(|r| r.deputy == 2).unwrap();
        assert!(district_row.cells[speeches].is_none());

        let municipal_not_met = DashboardFilter {
            level: Some(lvzhi_domain::deputy::Level::Municipal),
            status: Some(Status::NotMet),
            ..year.clone()
        };
        let table = dashboard(&working, &outcomes, &deputies, &municipal_not_met);
        assert_eq!(
            table.rows.iter().map(|r| r.deputy).collect::<Vec<_>>(),
            [0],
            "only 乙代表 falls short"
        );
        assert_eq!(table.columns[speeches].held, 1, "denominators follow the filter");
        let searched = dashboard(
            &working,
            &outcomes,
            &deputies,
            &DashboardFilter {
                search: "甲".into(),
                ..year.clone()
            },
        );
        assert_eq!(searched.rows.len(), 1);
        let by_speeches = dashboard(
            &working,
            &outcomes,
            &deputies,
            &DashboardFilter {
                sort: SortBy::Column(speeches),
                ..year.clone()
            },
        );
        assert_eq!(by_speeches.rows[0].deputy, 0, "lowest first");

        let csv = dashboard_csv(&searched, &deputies, date("2019-12-31"), Lang::En);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "# as of 2019-12-31");
        assert!(
            lines[1].starts_with("deputy_id,name,level,electoral_unit,chongqing-341311/"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains("甲代表") && lines[2].contains("Met"), "{}", lines[2]);
        assert_eq!(lines.len(), 3);
    }
}
