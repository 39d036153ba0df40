//! The handling state machine as the server applies it (`Suggestion::apply`): every legal
//! step from each stage, the illegal ones refused with their code and nothing changed,
//! and a property test that no sequence of steps completes a suggestion whose last receipt
//! was unsatisfied.

use lvzhi_domain::date::LocalDate;
use lvzhi_domain::handling::{
    Actor, HandlingRules, HandlingStep, HandlingUnit, NewMilestone, NewPromise, StepContext, SuggestionCategory,
    UnitKind,
};
use lvzhi_domain::ids::{AccountId, DeputyId, SuggestionId, UnitId};
use lvzhi_domain::suggestion::{Fulfilment, HandlingStage, Satisfaction, Suggestion, SuggestionKind};
use lvzhi_domain::text::{Description, Reason, Title};

const LEAD: UnitId = UnitId::from_u128_const(0x70);
const CO: UnitId = UnitId::from_u128_const(0x71);
const OTHER: UnitId = UnitId::from_u128_const(0x72);
const STAFF: Actor = Actor::Staff(AccountId::from_u128_const(5));
const DEPUTY: DeputyId = DeputyId::from_u128_const(7);

fn day(text: &str) -> LocalDate {
    text.parse().unwrap()
}

fn units() -> Vec<HandlingUnit> {
    [(LEAD, "市交通运输委"), (CO, "市住房城乡建委"), (OTHER, "市教委")]
        .into_iter()
        .map(|(id, name)| HandlingUnit {
            id,
            name: Title::parse_field(name, "name").unwrap(),
            kind: UnitKind::Department,
        })
        .collect()
}

fn submitted() -> Suggestion {
    let mut s = Suggestion::draft(
        SuggestionId::from_u128(1),
        SuggestionKind::Suggestion,
        Title::parse_field("关于缓解社区停车难的建议", "title").unwrap(),
        Description::parse_field("老旧小区车位不足。", "body").unwrap(),
        vec![DEPUTY],
    );
    s.submit(day("2026-03-01")).unwrap();
    s
}

fn text(t: &str) -> Description {
    Description::parse_field(t, "t").unwrap()
}

fn reason(t: &str) -> Reason {
    Reason::parse_field(t, "reason").unwrap()
}

struct World {
    rules: HandlingRules,
    units: Vec<HandlingUnit>,
    today: LocalDate,
}

impl World {
    fn new() -> Self {
        Self {
            rules: HandlingRules::standard(),
            units: units(),
            today: day("2026-03-10"),
        }
    }

    fn step(&self, s: &mut Suggestion, step: HandlingStep, actor: Actor) -> Result<(), &'static str> {
        let context = StepContext {
            today: self.today,
            rules: &self.rules,
            units: &self.units,
        };
        let before = s.clone();
        let result = s.apply(step, actor, context).map_err(|e| e.code());
        if result.is_err() {
            assert_eq!(*s, before, "a refused step changes nothing");
        }
        result
    }
}

fn assign() -> HandlingStep {
    HandlingStep::Assign {
        lead: LEAD,
        co_units: vec![CO],
        due: None,
    }
}

fn reply(promises: usize, due: &str) -> HandlingStep {
    HandlingStep::Reply {
        summary: text("已纳入计划。"),
        promises: (0..promises)
            .map(|n| NewPromise {
                action: Title::parse_field(&format!("事项{n}"), "a").unwrap(),
                due: day(due),
                owner: Some(if n == 1 { CO } else { LEAD }),
            })
            .collect(),
    }
}

fn classified(world: &World) -> Suggestion {
    let mut s = submitted();
    world
        .step(
            &mut s,
            HandlingStep::Classify {
                category: SuggestionCategory::Transport,
            },
            STAFF,
        )
        .unwrap();
    s
}

#[test]
fn the_whole_life_of_a_suggestion_across_three_roles() {
    let mut world = World::new();
    let mut s = classified(&world);
    world.step(&mut s, assign(), STAFF).unwrap();
    assert_eq!(s.stage, HandlingStage::Assigned);
    let assignment = s.assignment.clone().unwrap();
    assert_eq!(assignment.due, day("2026-06-10"), "3 months by default");
    assert_eq!(s.handling_units.len(), 2);
    // The co-unit gives its opinion without moving the stage; the lead replies with two promises.
    world.step(&mut s, reply(0, "2026-04-01"), Actor::Unit(CO)).unwrap();
    assert_eq!(s.stage, HandlingStage::Assigned);
    world.step(&mut s, reply(2, "2026-04-01"), Actor::Unit(LEAD)).unwrap();
    assert_eq!(s.stage, HandlingStage::Replied);
    assert_eq!(s.promises.len(), 2);
    // Unsatisfied, with a reason: it reopens for round 2.
    world
        .step(
            &mut s,
            HandlingStep::ReplyReceipt {
                satisfaction: Satisfaction::Unsatisfied,
                reason: Some(reason("没有时间表")),
            },
            Actor::Deputy(DEPUTY),
        )
        .unwrap();
    assert_eq!((s.stage, s.rounds), (HandlingStage::Reopened, 2));
    world.step(&mut s, reply(2, "2026-04-01"), Actor::Unit(LEAD)).unwrap();
    world
        .step(
            &mut s,
            HandlingStep::ReplyReceipt {
                satisfaction: Satisfaction::Satisfied,
                reason: None,
            },
            Actor::Deputy(DEPUTY),
        )
        .unwrap();
    assert_eq!(s.stage, HandlingStage::InProgress);
    // Time passes: the co-unit's promise is overdue, and flagged.
    world.today = day("2026-04-05");
    assert_eq!(s.overdue_promises(world.today), vec![0, 1]);
    world
        .step(
            &mut s,
            HandlingStep::ReportPromise {
                index: 1,
                note: text("已完成"),
                done: true,
            },
            Actor::Unit(CO),
        )
        .unwrap();
    assert_eq!(s.overdue_promises(world.today), vec![0]);
    // Only the owner (or the lead) reports on a promise.
    assert_eq!(
        world.step(
            &mut s,
            HandlingStep::ReportPromise {
                index: 0,
                note: text("x"),
                done: true
            },
            Actor::Unit(CO)
        ),
        Err("flow_not_assigned")
    );
    world
        .step(
            &mut s,
            HandlingStep::ReportPromise {
                index: 0,
                note: text("已完成"),
                done: true,
            },
            Actor::Unit(LEAD),
        )
        .unwrap();
    for index in 0..2 {
        world
            .step(
                &mut s,
                HandlingStep::PromiseReceipt {
                    index,
                    fulfilment: Fulfilment::Done,
                },
                Actor::Deputy(DEPUTY),
            )
            .unwrap();
    }
    assert_eq!(s.stage, HandlingStage::Completed);
    let title = s.title.clone();
    world
        .step(
            &mut s,
            HandlingStep::Publish {
                title,
                body: text("车位不足。"),
                handling: text("已增设车位。"),
            },
            STAFF,
        )
        .unwrap();
    assert!(s.published);
    let steps: Vec<&str> = s.history.iter().map(|e| e.step.as_str()).collect();
    assert_eq!(
        steps,
        [
            "submit",
            "classify",
            "assign",
            "reply",
            "reply",
            "reply_receipt",
            "reply",
            "reply_receipt",
            "report_promise",
            "report_promise",
            "promise_receipt",
            "promise_receipt",
            "publish"
        ]
    );
    assert_eq!(s.history[6].round, 2, "every round is kept");
}

#[test]
fn each_step_is_refused_outside_its_stage_and_role() {
    let world = World::new();
    let mut s = submitted();
    // Intake: classify first, only staff assign, the lead is not a co-unit, units must exist.
    assert_eq!(world.step(&mut s, assign(), STAFF), Err("flow_category_required"));
    let mut s = classified(&world);
    assert_eq!(
        world.step(&mut s, assign(), Actor::Unit(LEAD)),
        Err("flow_not_your_step")
    );
    let twice = HandlingStep::Assign {
        lead: LEAD,
        co_units: vec![LEAD],
        due: None,
    };
    assert_eq!(world.step(&mut s, twice, STAFF), Err("flow_unit_twice"));
    let unknown = HandlingStep::Assign {
        lead: UnitId::from_u128(0x99),
        co_units: vec![],
        due: None,
    };
    assert_eq!(world.step(&mut s, unknown, STAFF), Err("flow_not_assigned"));
    let late = HandlingStep::Assign {
        lead: LEAD,
        co_units: vec![],
        due: Some(day("2026-07-01")),
    };
    assert_eq!(
        world.step(&mut s, late, STAFF),
        Err("flow_due_out_of_range"),
        "past 3 months needs an extension"
    );
    assert_eq!(
        world.step(&mut s, reply(0, "2026-04-01"), Actor::Unit(LEAD)),
        Err("flow_wrong_stage")
    );
    // Return at intake, then nothing more.
    let mut returned = s.clone();
    world
        .step(
            &mut returned,
            HandlingStep::Return {
                reason: reason("不属于本级职权"),
            },
            STAFF,
        )
        .unwrap();
    assert_eq!(returned.stage, HandlingStage::Returned);
    assert_eq!(world.step(&mut returned, assign(), STAFF), Err("flow_wrong_stage"));
    // Assigned: extend up to 6 months, with a reason; a unit not assigned cannot reply.
    world.step(&mut s, assign(), STAFF).unwrap();
    let extend = |due: &str| HandlingStep::Extend {
        due: day(due),
        reason: reason("涉及多部门"),
    };
    assert_eq!(
        world.step(&mut s, extend("2026-09-11"), STAFF),
        Err("flow_due_out_of_range")
    );
    world.step(&mut s, extend("2026-09-10"), STAFF).unwrap();
    assert_eq!(
        world.step(&mut s, reply(0, "2026-04-01"), Actor::Unit(OTHER)),
        Err("flow_not_assigned")
    );
    assert_eq!(
        world.step(&mut s, reply(1, "2026-04-01"), Actor::Unit(CO)),
        Err("flow_not_your_step")
    );
    assert_eq!(
        world.step(&mut s, reply(0, "2026-04-01"), STAFF),
        Err("flow_not_your_step")
    );
    assert_eq!(
        world.step(&mut s, reply(1, "2025-01-01"), Actor::Unit(LEAD)),
        Err("flow_due_out_of_range")
    );
    // Receipts only from the lead deputy, at Replied.
    let satisfied = HandlingStep::ReplyReceipt {
        satisfaction: Satisfaction::Satisfied,
        reason: None,
    };
    assert_eq!(
        world.step(&mut s, satisfied.clone(), Actor::Deputy(DEPUTY)),
        Err("flow_wrong_stage")
    );
    world.step(&mut s, reply(1, "2026-04-01"), Actor::Unit(LEAD)).unwrap();
    assert_eq!(world.step(&mut s, satisfied.clone(), STAFF), Err("flow_not_your_step"));
    assert_eq!(
        world.step(&mut s, satisfied.clone(), Actor::Deputy(DeputyId::from_u128(8))),
        Err("flow_not_lead_deputy")
    );
    let unsatisfied = HandlingStep::ReplyReceipt {
        satisfaction: Satisfaction::Unsatisfied,
        reason: None,
    };
    assert_eq!(
        world.step(&mut s, unsatisfied, Actor::Deputy(DEPUTY)),
        Err("flow_reason_required")
    );
    // Staff may ask the unit to answer again.
    let mut again = s.clone();
    world
        .step(
            &mut again,
            HandlingStep::AskAgain {
                reason: reason("答复不完整"),
            },
            STAFF,
        )
        .unwrap();
    assert_eq!((again.stage, again.rounds), (HandlingStage::Reopened, 2));
    // An overdue promise reopens only once it is overdue.
    world.step(&mut s, satisfied, Actor::Deputy(DEPUTY)).unwrap();
    assert_eq!(
        world.step(&mut s, HandlingStep::ReopenOverdue { index: 0 }, STAFF),
        Err("flow_not_overdue")
    );
    let mut later = World::new();
    later.today = day("2026-04-02");
    later
        .step(&mut s, HandlingStep::ReopenOverdue { index: 0 }, STAFF)
        .unwrap();
    assert_eq!(s.stage, HandlingStage::Reopened);
    // Publication: no personal data, not twice; withdraw only what is published.
    let leaky = HandlingStep::Publish {
        title: s.title.clone(),
        body: text("请联系13812345678"),
        handling: text("办理中"),
    };
    assert_eq!(world.step(&mut s, leaky, STAFF), Err("flow_personal_data"));
    assert_eq!(
        world.step(&mut s, HandlingStep::Unpublish { reason: reason("x") }, STAFF),
        Err("flow_publication")
    );
    // Key supervision once, milestones in order; links never to itself.
    let supervise = HandlingStep::Supervise {
        leader: Title::parse_field("副主任 李明", "l").unwrap(),
        milestones: vec![NewMilestone {
            title: Title::parse_field("制定方案", "m").unwrap(),
            due: day("2026-05-01"),
        }],
    };
    world.step(&mut s, supervise.clone(), STAFF).unwrap();
    assert_eq!(world.step(&mut s, supervise, STAFF), Err("flow_supervision"));
    world
        .step(&mut s, HandlingStep::MilestoneReached { index: 0 }, STAFF)
        .unwrap();
    assert_eq!(s.supervision.as_ref().unwrap().reached(), (1, 1));
    let itself = HandlingStep::LinkEarlier { earlier: s.id };
    assert_eq!(world.step(&mut s, itself, STAFF), Err("flow_bad_link"));
}

#[cfg(not(target_arch = "wasm32"))]
mod property {
    use proptest::prelude::*;

    use super::*;

    fn any_step() -> impl Strategy<Value = (HandlingStep, Actor)> {
        let actor = prop_oneof![
            Just(STAFF),
            Just(Actor::Unit(LEAD)),
            Just(Actor::Unit(CO)),
            Just(Actor::Deputy(DEPUTY))
        ];
        let step = prop_oneof![
            Just(HandlingStep::Classify {
                category: SuggestionCategory::Urban
            }),
            Just(assign()),
            (0usize..3).prop_map(|n| reply(n, "2026-04-01")),
            Just(HandlingStep::AskAgain {
                reason: reason("再答复")
            }),
            (0usize..3, any::<bool>()).prop_map(|(index, done)| HandlingStep::ReportPromise {
                index,
                note: text("进展"),
                done
            }),
            (0usize..3).prop_map(|index| HandlingStep::ReopenOverdue { index }),
            prop_oneof![
                Just(Satisfaction::Satisfied),
                Just(Satisfaction::BasicallySatisfied),
                Just(Satisfaction::Unsatisfied)
            ]
            .prop_map(|satisfaction| HandlingStep::ReplyReceipt {
                satisfaction,
                reason: Some(reason("理由"))
            }),
            (
                0usize..3,
                prop_oneof![
                    Just(Fulfilment::Done),
                    Just(Fulfilment::PartlyDone),
                    Just(Fulfilment::NotDone)
                ]
            )
                .prop_map(|(index, fulfilment)| HandlingStep::PromiseReceipt { index, fulfilment }),
            Just(HandlingStep::Return {
                reason: reason("退回")
            }),
        ];
        (step, actor)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// However steps come, by whomever, a completed suggestion's last receipts are positive.
        #[test]
        fn no_sequence_completes_a_suggestion_with_an_unsatisfied_last_receipt(
            steps in proptest::collection::vec((any_step(), 0i32..40), 1..60)
        ) {
            let mut world = World::new();
            let mut s = submitted();
            for ((step, actor), days) in steps {
                world.today = world.today.add_days(days).unwrap();
                if world.step(&mut s, step, actor).is_err() {
                    continue;
                }
                if s.stage == HandlingStage::Completed {
                    let last = s.history.iter().rev().find(|e| e.step == "reply_receipt");
                    let detail = last.and_then(|e| e.detail.clone()).unwrap_or_default();
                    prop_assert!(!detail.starts_with("unsatisfied"), "completed after {detail}");
                    prop_assert!(s.reply_receipt.as_ref().is_some_and(|r| r.satisfaction != Satisfaction::Unsatisfied));
                    prop_assert!(s.promises.iter().all(|p| p.receipt.is_some_and(|f| f != Fulfilment::NotDone)));
                    break;
                }
            }
        }
    }
}
