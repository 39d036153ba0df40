//! The JSON of the messages and stored values that travel between the apps, the server and
//! IndexedDB, fixed by example: whatever implements their serde (derived or written by hand
//! for size), each value reads back from exactly this JSON and writes exactly it, so data
//! stored by an older build and messages from an older app keep working.

mod support;

use lvzhi_domain::activity::{ActivityKind, EnteredBy, Review};
use lvzhi_domain::compliance::Period;
use lvzhi_domain::ids::{AccountId, ActivityId};
use lvzhi_domain::reply::ReplyTarget;
use lvzhi_domain::sync::{Change, ChangeEntry, Mutation, MutationResult, Operation, Outcome, RefusalCode};
use lvzhi_domain::text::Reason;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn reason() -> Reason {
    Reason::parse_field("缺少佐证材料", "reason").unwrap()
}

/// `value` writes `json` and reads back from it.
fn fixed<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T, json: &str) {
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        json,
        "{value:?} writes other JSON"
    );
    let read: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
    assert_eq!(read, value, "{json} reads back as another value");
}

/// `json` is refused, with an error that names `words`.
fn refused<T: DeserializeOwned + std::fmt::Debug>(json: &str, words: &str) {
    let error = serde_json::from_str::<T>(json).expect_err(json).to_string();
    assert!(error.contains(words), "{json}: {error:?} does not say {words:?}");
}

const ID: &str = "00000000-0000-0000-0000-000000000007";

#[test]
fn review_and_entered_by() {
    fixed(Review::Pending, r#"{"status":"pending"}"#);
    fixed(Review::Approved, r#"{"status":"approved"}"#);
    fixed(
        Review::Rejected { reason: reason() },
        r#"{"status":"rejected","reason":"缺少佐证材料"}"#,
    );
    fixed(
        EnteredBy::Deputy(AccountId::from_u128(7)),
        &format!(r#"{{"by":"deputy","account":"{ID}"}}"#),
    );
    fixed(
        EnteredBy::Staff(AccountId::from_u128(7)),
        &format!(r#"{{"by":"staff","account":"{ID}"}}"#),
    );
    refused::<Review>(r#"{"status":"lost"}"#, "lost");
    refused::<Review>(r#"{"status":"rejected"}"#, "reason");
    refused::<EnteredBy>(r#"{"by":"deputy"}"#, "account");
}

#[test]
fn operations_and_mutations() {
    let record = support::record(7, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending);
    let record_json = serde_json::to_string(&record).unwrap();
    fixed(
        Mutation {
            seq: 3,
            operation: Operation::SaveActivity {
                activity: record.clone(),
                base_revision: 2,
            },
        },
        &format!(r#"{{"seq":3,"operation":{{"op":"save_activity","activity":{record_json},"base_revision":2}}}}"#),
    );
    let id = ActivityId::from_u128(7);
    fixed(
        Operation::WithdrawActivity { id, base_revision: 1 },
        &format!(r#"{{"op":"withdraw_activity","id":"{ID}","base_revision":1}}"#),
    );
    fixed(Operation::Approve { id }, &format!(r#"{{"op":"approve","id":"{ID}"}}"#));
    fixed(
        Operation::Reject { id, reason: reason() },
        &format!(r#"{{"op":"reject","id":"{ID}","reason":"缺少佐证材料"}}"#),
    );
    refused::<Operation>(r#"{"op":"delete_everything"}"#, "delete_everything");
    refused::<Operation>(&format!(r#"{{"op":"approve","id":"{ID}x"}}"#), "UUID");
    refused::<Operation>(r#"{"op":"save_activity","base_revision":0}"#, "activity");
}

#[test]
fn outcomes() {
    let record = support::record(7, ActivityKind::Inspection, "2024-05-01", &[1], Review::Approved);
    let record_json = serde_json::to_string(&record).unwrap();
    let id = ActivityId::from_u128(7);
    let result = |outcome| MutationResult {
        seq: 1,
        record: id,
        outcome,
    };
    fixed(
        result(Outcome::Applied { revision: 4 }),
        &format!(r#"{{"seq":1,"record":"{ID}","outcome":{{"outcome":"applied","revision":4}}}}"#),
    );
    fixed(Outcome::Duplicate, r#"{"outcome":"duplicate"}"#);
    fixed(
        Outcome::AlreadyInEffect { revision: 2 },
        r#"{"outcome":"already_in_effect","revision":2}"#,
    );
    fixed(
        Outcome::Refused {
            reason: "no".into(),
            code: Some(RefusalCode::NotPending),
        },
        &format!(
            r#"{{"outcome":"refused","reason":"no","code":{}}}"#,
            serde_json::to_string(&RefusalCode::NotPending).unwrap()
        ),
    );
    fixed(
        Outcome::Refused {
            reason: "no".into(),
            code: None,
        },
        r#"{"outcome":"refused","reason":"no"}"#,
    );
    fixed(
        Outcome::Conflict {
            server_version: Some(record),
            reason: "changed".into(),
        },
        &format!(r#"{{"outcome":"conflict","server_version":{record_json},"reason":"changed"}}"#),
    );
    fixed(
        Outcome::Conflict {
            server_version: None,
            reason: "gone".into(),
        },
        r#"{"outcome":"conflict","server_version":null,"reason":"gone"}"#,
    );
    refused::<Outcome>(r#"{"outcome":"maybe"}"#, "maybe");
    refused::<Outcome>(r#"{"outcome":"applied"}"#, "revision");
}

#[test]
fn change_entries() {
    let record = support::record(7, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending);
    let record_json = serde_json::to_string(&record).unwrap();
    fixed(
        ChangeEntry {
            seq: 9,
            change: Change::Upsert { activity: record },
        },
        &format!(r#"{{"seq":9,"change":"upsert","activity":{record_json}}}"#),
    );
    fixed(
        ChangeEntry {
            seq: 10,
            change: Change::Tombstone {
                id: ActivityId::from_u128(7),
            },
        },
        &format!(r#"{{"seq":10,"change":"tombstone","id":"{ID}"}}"#),
    );
    refused::<ChangeEntry>(r#"{"seq":1,"change":"merge"}"#, "merge");
    refused::<ChangeEntry>(r#"{"seq":1,"change":"tombstone"}"#, "id");
}

#[test]
fn reply_targets() {
    fixed(
        ReplyTarget::Record {
            activity: ActivityId::from_u128(7),
        },
        &format!(r#"{{"on":"record","activity":"{ID}"}}"#),
    );
    fixed(
        ReplyTarget::Status {
            requirement: "speeches".into(),
            term: 6,
            period: Period::Year(2024),
        },
        &format!(
            r#"{{"on":"status","requirement":"speeches","term":6,"period":{}}}"#,
            serde_json::to_string(&Period::Year(2024)).unwrap()
        ),
    );
    refused::<ReplyTarget>(r#"{"on":"weather"}"#, "weather");
}

#[test]
fn periods() {
    fixed(Period::Year(2024), r#"{"period":"year","value":2024}"#);
    fixed(Period::Term(6), r#"{"period":"term","value":6}"#);
    refused::<Period>(r#"{"period":"decade","value":1}"#, "decade");
    refused::<Period>(r#"{"period":"term","value":70000}"#, "70000");
}
