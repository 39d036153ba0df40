//! No personal data on the public site, proven by a crawl over real HTTP on 127.0.0.1: the
//! test plants, through the real API, every kind of thing that must never be public — a
//! record's place and description naming a constituent, a constituent's contact on an
//! opinion item, a pending record, a rejected record with the reviewer's internal note, an
//! unpublished suggestion — and one thing that must be (a right-of-reply note beside its
//! record). It then follows every link of every public page in three languages and fetches
//! every open-data answer and download, and fails on any planted secret, on anything shaped
//! like a mobile number or an ID number, and on an answer without ETag and Cache-Control.
//! The checker itself is shown to fail on a page with a contact added.

mod common;

use std::collections::{BTreeSet, VecDeque};

use common::{TestServer, client, sign_in};
use lvzhi_domain::api::SignedIn;
use reqwest::StatusCode;
use serde_json::{Value, json};

const APPROVED: &str = "01930000-0000-7000-8000-00000000e001";
const PENDING: &str = "01930000-0000-7000-8000-00000000e002";
const REJECTED: &str = "01930000-0000-7000-8000-00000000e003";
const VISIT: &str = "01930000-0000-7000-8000-00000000e004";
const OPINION: &str = "01930000-0000-7000-8000-00000000e005";
const UNPUBLISHED: &str = "01930000-0000-7000-8000-00000000e006";

/// What must never be public.
const SECRETS: [&str; 9] = [
    "秘密地点甲一号",
    "张三丰",
    "13912345678",
    "李四娘",
    "13800001111",
    "民意内容丁四号",
    "内部备注丙三号",
    "未公开建议戊五号",
    "110101199003071234",
];
/// A right-of-reply note that must stand beside its record.
const NOTE: &str = "代表说明己六号";

async fn push(server: &TestServer, who: &SignedIn, client_id: &str, seq: u64, operation: Value) {
    let response = client()
        .post(server.url("/api/sync/push"))
        .bearer_auth(&who.token)
        .json(&json!({"client": client_id, "mutations": [{"seq": seq, "operation": operation}]}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status == StatusCode::OK && text.contains("applied"), "{status} {text}");
}

fn record(id: &str, kind: &str, deputy: &str, date: &str) -> Value {
    json!({"id": id, "kind": kind, "date": date, "deputies": [deputy],
        "place": "秘密地点甲一号",
        "description": "走访张三丰（13912345678，身份证 110101199003071234）",
        "review": {"status": "pending"}, "revision": 0, "entered_by": {"by": "deputy", "account": deputy}})
}

/// Plants the secrets and the note through the API, as a deputy and two staff would.
async fn plant(server: &TestServer) -> String {
    let deputy = sign_in(&server.base, "deputy").await;
    let staff = sign_in(&server.base, "staff").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let today = lvzhi_server::db::today().to_string();
    let mine = "01930000-0000-7000-8000-0000000ec001";
    let office = "01930000-0000-7000-8000-0000000ec002";
    for (seq, id, kind) in [
        (1, APPROVED, "inspection"),
        (2, PENDING, "thematic_research"),
        (3, REJECTED, "inspection"),
        (4, VISIT, "constituent_visit"),
    ] {
        let operation = json!({"op": "save_activity", "activity": record(id, kind, &me, &today), "base_revision": 0});
        push(server, &deputy, mine, seq, operation).await;
    }
    push(server, &staff, office, 1, json!({"op": "approve", "id": APPROVED})).await;
    push(server, &staff, office, 2, json!({"op": "approve", "id": VISIT})).await;
    push(
        server,
        &staff,
        office,
        3,
        json!({"op": "reject", "id": REJECTED, "reason": "insufficient: 内部备注丙三号"}),
    )
    .await;
    let opinion = json!({"id": OPINION, "visit": VISIT, "deputy": me, "gathered_on": today, "content": "民意内容丁四号",
        "category": "livelihood", "place": "秘密地点甲一号", "urgency": "urgent", "contact": "李四娘 13800001111"});
    let response = client()
        .put(server.url("/api/opinions"))
        .bearer_auth(&deputy.token)
        .json(&opinion)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let suggestion =
        json!({"id": UNPUBLISHED, "kind": "suggestion", "title": "未公开建议戊五号", "body": "未公开建议戊五号的内容"});
    let response = client()
        .post(server.url("/api/suggestions"))
        .bearer_auth(&deputy.token)
        .json(&suggestion)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let note = json!({"target": {"on": "record", "activity": APPROVED}, "text": NOTE, "written_on": today});
    let response = client()
        .put(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .json(&note)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    me
}

/// Digits `len` long starting with `first` (one of `firsts`), with no letter, digit or
/// hyphen either side: a mobile number (11 digits from 13–19) or an ID number (18).
fn number_shaped(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let boundary = |b: u8| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b':');
    let mut start = 0;
    while start < bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && !boundary(bytes[start - 1])) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || (end - start == 17 && bytes[end] == b'X')) {
            end += 1;
        }
        let run = &text[start..end];
        let closed = end == bytes.len() || boundary(bytes[end]);
        let mobile = run.len() == 11 && run.starts_with('1') && (b'3'..=b'9').contains(&run.as_bytes()[1]);
        if closed && (mobile || run.len() == 18) {
            return Some(run.to_owned());
        }
        start = end.max(start + 1);
    }
    None
}

/// Everything wrong with one public answer.
fn problems(path: &str, body: &str, forbidden: &[String]) -> Vec<String> {
    let mut found: Vec<String> = forbidden
        .iter()
        .filter(|secret| body.contains(secret.as_str()))
        .map(|secret| format!("{path}: contains {secret:?}"))
        .collect();
    if let Some(number) = number_shaped(body) {
        found.push(format!(
            "{path}: contains a number shaped like a phone or ID number: {number}"
        ));
    }
    found
}

/// The same-site links of a page that a crawler should follow.
fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|link| link.replace("&amp;", "&"))
        .map(|link| link.split('#').next().unwrap_or("").to_owned())
        .filter(|link| link.starts_with('/') && !link.starts_with("//"))
        .filter(|link| !link.starts_with("/me/") && !link.starts_with("/staff/"))
        .collect()
}

#[tokio::test]
async fn the_public_site_and_open_data_carry_no_personal_data() {
    let server = TestServer::start().await;
    let me = plant(&server).await;
    let forbidden: Vec<String> = SECRETS
        .iter()
        .map(|s| (*s).to_owned())
        .chain([PENDING, REJECTED, UNPUBLISHED, OPINION].map(str::to_owned))
        .collect();
    let mut queue: VecDeque<String> = ["/", "/zh-hant/", "/en/", "/sitemap.xml", "/api/public/v1/openapi.json"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    // Every open-data answer, also the ones no page links to.
    for path in ["deputies", "stations", "suggestions", "statistics"] {
        queue.push_back(format!("/api/public/v1/{path}"));
    }
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut all_problems = Vec::new();
    let mut fetched = 0;
    let mut profile_with_note = false;
    while let Some(path) = queue.pop_front() {
        assert!(fetched < 20_000, "the crawl is bounded");
        fetched += 1;
        let response = client().get(server.url(&path)).send().await.unwrap();
        let status = response.status();
        assert!(status == StatusCode::OK, "{path}: {status}");
        let is_public_answer = path != "/sitemap.xml";
        if is_public_answer {
            assert!(response.headers().contains_key("etag"), "{path} has an ETag");
            let cache = response.headers()["cache-control"].to_str().unwrap().to_owned();
            assert!(cache.starts_with("public"), "{path}: {cache}");
        }
        let body = response.text().await.unwrap();
        all_problems.extend(problems(&path, &body, &forbidden));
        if path == format!("/deputies/{me}") {
            profile_with_note = body.contains(APPROVED) || body.contains(NOTE);
            assert!(body.contains(NOTE), "the note stands beside its record on the profile");
        }
        // The sitemap lists every page: follow its <loc>s too; the lists name every
        // deputy's and suggestion's own JSON answer.
        let found: Vec<String> = if path == "/api/public/v1/deputies" || path == "/api/public/v1/suggestions" {
            let list: Vec<Value> = serde_json::from_str(&body).unwrap();
            list.iter()
                .map(|item| format!("{path}/{}", item["id"].as_str().unwrap()))
                .collect()
        } else if path == "/sitemap.xml" {
            body.split("<loc>")
                .skip(1)
                .filter_map(|rest| rest.split("</loc>").next())
                .filter_map(|loc| loc.strip_prefix(&server.base).map(str::to_owned))
                .collect()
        } else {
            links(&body)
        };
        for link in found {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    assert!(profile_with_note, "the planting deputy's profile was crawled");
    for must in [
        format!("/deputies/{me}"),
        format!("/en/deputies/{me}/print"),
        format!("/api/public/v1/deputies/{me}"),
        "/api/public/v1/activities.csv".to_owned(),
        "/api/public/v1/standings.csv".to_owned(),
        "/api/public/v1/suggestions.csv".to_owned(),
        "/zh-hant/statistics".to_owned(),
    ] {
        assert!(seen.contains(&must), "the crawl reached {must}");
    }
    assert!(fetched > 500, "the crawl read the whole site ({fetched} answers)");
    println!("crawled {fetched} public answers");
    assert!(
        all_problems.is_empty(),
        "{} problems:\n{}",
        all_problems.len(),
        all_problems.join("\n")
    );
    // The approved record itself is public (kind, date), its free text is not.
    let activities = client()
        .get(server.url("/api/public/v1/activities.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(activities.contains(APPROVED) && !activities.contains(PENDING));
    server.stop().await;
}

#[tokio::test]
async fn the_checker_fails_when_a_contact_is_added_to_a_public_answer() {
    let server = TestServer::start().await;
    let me = plant(&server).await;
    let path = format!("/deputies/{me}");
    let page = client()
        .get(server.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let forbidden: Vec<String> = SECRETS.iter().map(|s| (*s).to_owned()).collect();
    assert!(problems(&path, &page, &forbidden).is_empty());
    // The same page with the constituent's contact added, as a careless template would.
    let leaked = page.replace("</main>", "<p>联系人：李四娘 13800001111</p></main>");
    let found = problems(&path, &leaked, &forbidden);
    assert!(found.iter().any(|p| p.contains("李四娘")), "{found:?}");
    // A number of the right shape is caught even when nobody planted it.
    assert!(number_shaped("电话13698765432。").is_some());
    assert!(number_shaped("id 0193-130000000001 x").is_none());
    server.stop().await;
}

#[tokio::test]
async fn a_change_reaches_the_public_answers_within_seconds() {
    let server = TestServer::start().await;
    let deputy = sign_in(&server.base, "deputy").await;
    let me = deputy.account.deputy.unwrap().to_string();
    let path = format!("/api/public/v1/deputies/{me}");
    let profile: Value = client()
        .get(server.url(&path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let record = profile["activities"][0]["id"]
        .as_str()
        .expect("an approved record")
        .to_owned();
    let today = lvzhi_server::db::today().to_string();
    let note = json!({"target": {"on": "record", "activity": record}, "text": "公开说明庚七号", "written_on": today});
    let response = client()
        .put(server.url("/api/replies"))
        .bearer_auth(&deputy.token)
        .json(&note)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let started = std::time::Instant::now();
    loop {
        let asked = std::time::Instant::now();
        let body = client()
            .get(server.url(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // Answered from the snapshot at hand while a new one is built.
        assert!(
            asked.elapsed() < std::time::Duration::from_millis(500),
            "{:?}",
            asked.elapsed()
        );
        if body.contains("公开说明庚七号") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the note is public within seconds"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    server.stop().await;
}
