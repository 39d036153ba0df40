//! The deputy's side of a suggestion: submit, then the two receipts ("two evaluations").

use lvzhi_domain::date::LocalDate;
use lvzhi_domain::ids::{DeputyId, SuggestionId};
use lvzhi_domain::suggestion::{
    FlowError, Fulfilment, HandlingStage, Promise, ReplyLetter, Satisfaction, Suggestion, SuggestionKind,
};
use lvzhi_domain::text::{Description, Reason, Title};

fn day(text: &str) -> LocalDate {
    text.parse().unwrap()
}

fn replied(promises: usize) -> Suggestion {
    let mut s = Suggestion::draft(
        SuggestionId::from_u128(1),
        SuggestionKind::Suggestion,
        Title::parse_field("关于增设公交线路的建议", "title").unwrap(),
        Description::parse_field("建议增设公交线路。", "body").unwrap(),
        vec![DeputyId::from_u128(7), DeputyId::from_u128(8)],
    );
    s.submitted_on = Some(day("2026-03-01"));
    s.stage = HandlingStage::Replied;
    s.handling_units = vec![Title::parse_field("市交通局", "unit").unwrap()];
    s.replies = vec![ReplyLetter {
        unit: Title::parse_field("市交通局", "unit").unwrap(),
        date: day("2026-05-01"),
        summary: Description::parse_field("已纳入计划。", "summary").unwrap(),
        unit_id: None,
        round: 1,
        lead: true,
    }];
    s.promises = (0..promises)
        .map(|n| Promise {
            action: Title::parse_field(&format!("承诺事项{n}"), "action").unwrap(),
            due: None,
            receipt: None,
            owner: None,
            done_on: None,
            progress: None,
        })
        .collect();
    s.revision = 3;
    s
}

#[test]
fn unsatisfied_needs_a_reason_and_sends_it_back_for_another_round() {
    let mut s = replied(1);
    assert_eq!(
        s.give_reply_receipt(Satisfaction::Unsatisfied, None, day("2026-05-10")),
        Err(FlowError::ReasonRequired)
    );
    assert_eq!(s.stage, HandlingStage::Replied, "nothing changed");
    let reason = Reason::parse_field("没有时间表", "reason").unwrap();
    s.give_reply_receipt(Satisfaction::Unsatisfied, Some(reason), day("2026-05-10"))
        .unwrap();
    assert_eq!((s.stage, s.rounds, s.revision), (HandlingStage::Reopened, 2, 4));
}

#[test]
fn satisfied_moves_to_the_promises_and_their_receipts_complete_or_reopen_it() {
    let mut s = replied(2);
    s.give_reply_receipt(Satisfaction::BasicallySatisfied, None, day("2026-05-10"))
        .unwrap();
    assert_eq!(s.stage, HandlingStage::InProgress);
    s.give_promise_receipt(0, Fulfilment::Done, day("2026-06-01")).unwrap();
    assert_eq!(s.stage, HandlingStage::InProgress, "one promise still open");
    assert_eq!(
        s.give_promise_receipt(5, Fulfilment::Done, day("2026-06-01")),
        Err(FlowError::UnknownPromise { index: 5 })
    );
    s.give_promise_receipt(1, Fulfilment::PartlyDone, day("2026-06-01"))
        .unwrap();
    assert_eq!(s.stage, HandlingStage::Completed);

    let mut s = replied(2);
    s.give_reply_receipt(Satisfaction::Satisfied, None, day("2026-05-10"))
        .unwrap();
    s.give_promise_receipt(0, Fulfilment::Done, day("2026-06-01")).unwrap();
    s.give_promise_receipt(1, Fulfilment::NotDone, day("2026-06-01"))
        .unwrap();
    assert_eq!((s.stage, s.rounds), (HandlingStage::Reopened, 2));
}

#[test]
fn steps_out_of_order_and_other_deputies_are_refused() {
    let mut s = replied(0);
    assert!(matches!(
        s.give_promise_receipt(0, Fulfilment::Done, day("2026-06-01")),
        Err(FlowError::WrongStage { .. })
    ));
    s.give_reply_receipt(Satisfaction::Satisfied, None, day("2026-05-10"))
        .unwrap();
    assert_eq!(s.stage, HandlingStage::Completed, "nothing promised: done");
    assert!(
        s.give_reply_receipt(Satisfaction::Satisfied, None, day("2026-05-11"))
            .is_err()
    );
    assert_eq!(s.check_lead(DeputyId::from_u128(8)), Err(FlowError::NotTheLeadDeputy));
    assert_eq!(s.check_lead(DeputyId::from_u128(7)), Ok(()));
    let mut draft = replied(0);
    draft.stage = HandlingStage::Draft;
    draft.submit(day("2026-06-01")).unwrap();
    assert_eq!(
        (draft.stage, draft.submitted_on),
        (HandlingStage::Submitted, Some(day("2026-06-01")))
    );
}
