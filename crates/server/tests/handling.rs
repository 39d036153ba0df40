//! Suggestion and opinion handling over real HTTP on 127.0.0.1 with a real SQLite file:
//! a unit reads and answers only what is assigned to it, each step is taken once by its
//! id, illegal steps are refused with the domain's code, and a constituent's contact is
//! shown only to staff allowed it, with the view in the audit log.

mod common;

use common::{TestServer, client, get_signed, sign_in};
use lvzhi_domain::api::{HandlingWorkspace, OpinionStatusLine};
use lvzhi_domain::suggestion::{HandlingStage, Suggestion};
use reqwest::StatusCode;
use serde_json::{Value, json};

const SUGGESTION: &str = "01930000-0000-7000-8000-0000000051a1";
const VISIT: &str = "01930000-0000-7000-8000-00000000a0a1";
const ITEM: &str = "01930000-0000-7000-8000-00000000b0a1";

fn step_id(n: u32) -> String {
    format!("01930000-0000-7000-8000-{n:012x}")
}

async fn step(server: &TestServer, token: &str, id: &str, step_id: &str, step: Value) -> (StatusCode, Value) {
    let response = client()
        .post(server.url(&format!("/api/handling/suggestions/{id}/steps")))
        .bearer_auth(token)
        .json(&json!({"step_id": step_id, "step": step}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn opinion_step(server: &TestServer, token: &str, step_id: &str, step: Value) -> (StatusCode, Value) {
    let response = client()
        .post(server.url(&format!("/api/handling/opinions/{ITEM}/steps")))
        .bearer_auth(token)
        .json(&json!({"step_id": step_id, "step": step}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn unit_id(workspace: &HandlingWorkspace, name: &str) -> String {
    workspace
        .units
        .iter()
        .find(|u| u.name.as_str() == name)
        .unwrap_or_else(|| panic!("no unit {name}"))
        .id
        .to_string()
}

#[tokio::test]
async fn a_unit_reads_and_answers_only_its_own_assignments_and_each_step_counts_once() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let staff = sign_in(&server.base, "staff").await;
    let unit = sign_in(&server.base, "unit").await;
    let unit2 = sign_in(&server.base, "unit2").await;
    let response = client()
        .post(server.url("/api/suggestions"))
        .bearer_auth(&deputy.token)
        .json(&json!({"id": SUGGESTION, "kind": "suggestion", "title": "关于缓解社区停车难的建议", "body": "老旧小区车位不足。", "co_signers": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // A deputy does not handle suggestions.
    let refused = client()
        .get(server.url("/api/handling"))
        .bearer_auth(&deputy.token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let workspace: HandlingWorkspace = get_signed(&server.base, "/api/handling", &staff.token).await;
    assert!(workspace.suggestions.iter().any(|s| s.id.to_string() == SUGGESTION));
    let (lead, co) = (
        unit_id(&workspace, "市交通运输委"),
        unit_id(&workspace, "市住房城乡建委"),
    );
    // Not classified yet: refused with the domain's code, and a unit cannot assign.
    let assign = json!({"step": "assign", "lead": lead, "co_units": [co]});
    let (status, body) = step(&server, &staff.token, SUGGESTION, &step_id(1), assign.clone()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("flow_category_required"))
    );
    let classify = json!({"step": "classify", "category": "transport"});
    assert_eq!(
        step(&server, &staff.token, SUGGESTION, &step_id(2), classify.clone())
            .await
            .0,
        StatusCode::OK
    );
    // Sent again with the same id: taken once.
    let (_, again) = step(&server, &staff.token, SUGGESTION, &step_id(2), classify).await;
    let again: Suggestion = serde_json::from_value(again).unwrap();
    assert_eq!(again.history.iter().filter(|e| e.step == "classify").count(), 1);
    // Before assignment the unit cannot see it.
    assert_eq!(
        step(
            &server,
            &unit.token,
            SUGGESTION,
            &step_id(3),
            json!({"step": "reply", "summary": "x"})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, assigned) = step(&server, &staff.token, SUGGESTION, &step_id(4), assign).await;
    assert_eq!(status, StatusCode::OK, "{assigned}");
    let assigned: Suggestion = serde_json::from_value(assigned).unwrap();
    assert_eq!(assigned.stage, HandlingStage::Assigned);
    // The lead unit sees it; it sees nothing assigned only to other units.
    let theirs: HandlingWorkspace = get_signed(&server.base, "/api/handling", &unit.token).await;
    assert!(theirs.suggestions.iter().any(|s| s.id.to_string() == SUGGESTION));
    let lead_id = lvzhi_domain::ids::UnitId::parse_field(&lead, "lead").unwrap();
    assert!(theirs.suggestions.iter().all(|s| s.assigned_to(lead_id)));
    let foreign = workspace
        .suggestions
        .iter()
        .find(|s| s.assignment.as_ref().is_some_and(|a| !a.includes(lead_id)) && s.stage == HandlingStage::Assigned)
        .expect("a seeded suggestion assigned to another unit");
    let reply = json!({"step": "reply", "summary": "已纳入计划。", "promises": []});
    assert_eq!(
        step(
            &server,
            &unit.token,
            &foreign.id.to_string(),
            &step_id(5),
            reply.clone()
        )
        .await
        .0,
        StatusCode::NOT_FOUND,
        "another unit's assignment is not found"
    );
    // A unit takes no staff step; the co-unit gives an opinion but promises nothing.
    let (status, body) = step(
        &server,
        &unit.token,
        SUGGESTION,
        &step_id(6),
        json!({"step": "classify", "category": "urban"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("flow_not_your_step"))
    );
    let promising =
        json!({"step": "reply", "summary": "同意。", "promises": [{"action": "增设车位", "due": "2099-01-01"}]});
    let (status, body) = step(&server, &unit2.token, SUGGESTION, &step_id(7), promising).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("flow_not_your_step"))
    );
    assert_eq!(
        step(&server, &unit2.token, SUGGESTION, &step_id(8), reply.clone())
            .await
            .0,
        StatusCode::OK
    );
    let (status, replied) = step(&server, &unit.token, SUGGESTION, &step_id(9), reply).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replied["stage"], "replied");
    // The deputy's receipt goes through the same machine.
    let receipt = client()
        .post(server.url(&format!("/api/suggestions/{SUGGESTION}/reply-receipt")))
        .bearer_auth(&deputy.token)
        .json(&json!({"satisfaction": "satisfied"}))
        .send()
        .await
        .unwrap();
    assert_eq!(receipt.status(), StatusCode::OK);
    let done: Suggestion = receipt.json().await.unwrap();
    assert_eq!(done.stage, HandlingStage::Completed, "nothing was promised");
    server.stop().await;
}

#[tokio::test]
async fn an_opinion_item_is_forwarded_answered_and_its_contact_shown_only_to_allowed_staff() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let push = json!({
        "client": "01930000-0000-7000-8000-00000000c0a1",
        "mutations": [{"seq": 1, "operation": {"op": "save_activity", "base_revision": 0, "activity": {
            "id": VISIT, "kind": "constituent_visit", "date": "2026-11-20", "deputies": [me],
            "place": "青杠村", "description": "走访村民", "entered_by": {"by": "deputy", "account": deputy.account.id},
            "review": {"status": "pending"}, "revision": 0
        }}}]
    });
    let pushed = client()
        .post(server.url("/api/sync/push"))
        .bearer_auth(&deputy.token)
        .json(&push)
        .send()
        .await
        .unwrap();
    assert_eq!(pushed.status(), StatusCode::OK);
    let item = json!({"id": ITEM, "visit": VISIT, "deputy": me, "gathered_on": "2026-11-20", "content": "村口路灯坏了三个月",
        "category": "livelihood", "place": "青杠村", "urgency": "urgent", "contact": "王大爷 138 0000 0000"});
    let put = client()
        .put(server.url("/api/opinions"))
        .bearer_auth(&deputy.token)
        .json(&item)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    let staff = sign_in(&server.base, "staff").await;
    let staff2 = sign_in(&server.base, "staff2").await;
    let unit = sign_in(&server.base, "unit").await;
    let unit2 = sign_in(&server.base, "unit2").await;
    let workspace: HandlingWorkspace = get_signed(&server.base, "/api/handling", &staff.token).await;
    let view = workspace
        .opinions
        .iter()
        .find(|o| o.item.id.to_string() == ITEM)
        .unwrap();
    assert!(
        view.has_contact && view.item.contact.is_none(),
        "the list never carries the contact"
    );
    // The contact: refused to staff not allowed it and to units; shown and audited for `staff`.
    let contact_path = format!("/api/staff/opinions/{ITEM}/contact");
    for who in [&staff2, &unit] {
        let refused = client()
            .get(server.url(&contact_path))
            .bearer_auth(&who.token)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
    let shown: Value = get_signed(&server.base, &contact_path, &staff.token).await;
    assert_eq!(shown["contact"], "王大爷 138 0000 0000");
    let audit: Value = get_signed(&server.base, "/api/audit", &staff.token).await;
    assert!(audit.to_string().contains("contact_viewed"), "{audit}");
    // Forwarded to the transport unit: it sees the item (no contact), the other unit does not.
    let lead = unit_id(&workspace, "市交通运输委");
    let forward = json!({"step": "forward", "unit": lead, "note": "请核实维修"});
    assert_eq!(
        opinion_step(&server, &staff.token, &step_id(20), forward).await.0,
        StatusCode::OK
    );
    let theirs: HandlingWorkspace = get_signed(&server.base, "/api/handling", &unit.token).await;
    assert_eq!(theirs.opinions.len(), 1);
    let others: HandlingWorkspace = get_signed(&server.base, "/api/handling", &unit2.token).await;
    assert!(others.opinions.is_empty());
    let answer = json!({"step": "answer", "note": "已修复路灯"});
    assert_eq!(
        opinion_step(&server, &unit2.token, &step_id(21), answer.clone())
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        opinion_step(&server, &unit.token, &step_id(22), answer).await.0,
        StatusCode::OK
    );
    // The deputy sees where it stands.
    let statuses: Vec<OpinionStatusLine> = get_signed(&server.base, "/api/opinions/handling", &deputy.token).await;
    assert_eq!(statuses.len(), 1);
    assert_eq!(statuses[0].handling.status.code(), "answered");
    server.stop().await;
}

#[tokio::test]
async fn staff_register_a_national_deputys_suggestion_within_their_scope_only() {
    let server = TestServer::start().await;
    let staff = sign_in(&server.base, "staff").await;
    let liaison = sign_in(&server.base, "liaison").await;
    let unit = sign_in(&server.base, "unit").await;
    let workspace: lvzhi_domain::api::StaffWorkspace =
        get_signed(&server.base, "/api/staff/workspace", &staff.token).await;
    let today = lvzhi_domain::date::LocalDate::from_unix_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
    .unwrap();
    let national = workspace
        .deputies
        .iter()
        .find(|d| d.level == lvzhi_domain::deputy::Level::National && d.serving_on(today))
        .expect("a serving national deputy in the demo");
    let body = json!({"id": "01930000-0000-7000-8000-0000000051b1", "deputy": national.id, "kind": "suggestion",
        "title": "关于支持成渝地区双城经济圈建设的建议", "body": "建议国家层面加大支持力度。"});
    let post = |token: String, body: Value| {
        let server = &server;
        async move {
            client()
                .post(server.url("/api/staff/suggestions"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        post(unit.token.clone(), body.clone()).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(liaison.token.clone(), body.clone()).await.status(),
        StatusCode::NOT_FOUND,
        "a national deputy is outside the liaison office's scope"
    );
    for _ in 0..2 {
        let response = post(staff.token.clone(), body.clone()).await;
        assert_eq!(response.status(), StatusCode::OK);
        let registered: Suggestion = response.json().await.unwrap();
        assert_eq!(registered.stage, HandlingStage::Submitted);
        assert_eq!(registered.lead(), Some(national.id));
        assert_eq!(registered.history.len(), 1, "registered once, by staff");
        assert!(matches!(
            registered.history[0].by,
            lvzhi_domain::handling::Actor::Staff(_)
        ));
    }
    server.stop().await;
}
