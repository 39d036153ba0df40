//! Connection limits and sign-in throttling, over real HTTP on 127.0.0.1: idle and trickling
//! connections are closed in bounded time while `/api/health` keeps answering; connections
//! over the cap are refused at once; wrong passwords slow down and then get 429 with
//! `Retry-After`, and the right password works after the wait; a flood of wrong passwords
//! does not slow other users' pulls.

mod common;

use std::time::{Duration, Instant};

use common::{TestServer, client};
use lvzhi_domain::sync::{PullRequest, PullResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn address(server: &TestServer) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

/// Reads until the peer closes (Ok) or `within` passes (Err); what was read is returned.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Result<Vec<u8>, Vec<u8>> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(seen);
        }
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Ok(seen),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
            Err(_) => return Err(seen),
        }
    }
}

async fn health_answers(base: &str) -> Duration {
    let started = Instant::now();
    let response = client()
        .get(format!("{base}/api/health"))
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .expect("health answers");
    assert_eq!(response.status(), 200);
    started.elapsed()
}

#[tokio::test]
async fn idle_and_trickling_connections_are_closed_while_health_answers() {
    let server = TestServer::start_with(|config| {
        config.limits.header_timeout = Duration::from_secs(2);
        config.limits.idle_timeout = Duration::from_secs(2);
        config.limits.request_timeout = Duration::from_secs(3);
    })
    .await;
    let addr = address(&server);
    let mut idle = Vec::new();
    for _ in 0..50 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    // Headers trickled a byte every 500 ms: never a whole head.
    let mut trickle_headers = Vec::new();
    for _ in 0..10 {
        trickle_headers.push(TcpStream::connect(&addr).await.unwrap());
    }
    // A body trickled a byte every 500 ms after complete headers.
    let mut trickle_bodies = Vec::new();
    for _ in 0..10 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream
            .write_all(b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
            .await
            .unwrap();
        trickle_bodies.push(stream);
    }
    let head = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let started = Instant::now();
    let mut step = 0;
    while started.elapsed() < Duration::from_secs(4) {
        for stream in &mut trickle_headers {
            let byte = [*head.get(step).unwrap_or(&b'a')];
            let _still_open = stream.write_all(&byte).await;
        }
        for stream in &mut trickle_bodies {
            let _still_open = stream.write_all(b" ").await;
        }
        step += 1;
        assert!(
            health_answers(&server.base).await < Duration::from_secs(1),
            "health answers meanwhile"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // By now (4 s, limits of 2–3 s) every one of them must be closed by the server.
    let mut open = 0;
    for stream in idle
        .iter_mut()
        .chain(trickle_headers.iter_mut())
        .chain(trickle_bodies.iter_mut())
    {
        if closed_within(stream, Duration::from_secs(2)).await.is_err() {
            open += 1;
        }
    }
    assert_eq!(open, 0, "every idle or trickling connection was closed");
    health_answers(&server.base).await;
    server.stop().await;
}

#[tokio::test]
async fn connections_over_the_cap_get_503_and_the_server_recovers() {
    let server = TestServer::start_with(|config| {
        config.limits.max_connections = 20;
        config.limits.idle_timeout = Duration::from_secs(2);
        config.limits.header_timeout = Duration::from_secs(2);
    })
    .await;
    let addr = address(&server);
    let mut held = Vec::new();
    for _ in 0..20 {
        held.push(TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut refused = 0;
    for _ in 0..10 {
        let mut extra = TcpStream::connect(&addr).await.unwrap();
        if let Ok(answer) = closed_within(&mut extra, Duration::from_secs(1)).await {
            let text = String::from_utf8_lossy(&answer);
            assert!(text.starts_with("HTTP/1.1 503"), "{text}");
            assert!(text.contains("Retry-After: 1"));
            refused += 1;
        }
    }
    assert_eq!(
        refused, 10,
        "connections over the cap are answered 503 and closed at once"
    );
    // The held connections idle out; then the server answers again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    health_answers(&server.base).await;
    drop(held);
    server.stop().await;
}

async fn try_sign_in(base: &str, password: &str) -> reqwest::Response {
    client()
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"login": "deputy", "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn wrong_passwords_slow_down_then_429_and_the_right_one_works_after_the_wait() {
    // Default limits: 5 failures forgiven per login, then 1 s, 2 s, 4 s… of waiting.
    let server = TestServer::start().await;
    let (mut unauthorized, mut throttled, mut retry_after) = (0, 0, 0u64);
    for attempt in 0..200 {
        let response = try_sign_in(&server.base, &format!("wrong-{attempt}")).await;
        match response.status().as_u16() {
            401 => unauthorized += 1,
            429 => {
                throttled += 1;
                retry_after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .expect("429 carries Retry-After in seconds");
                let body: lvzhi_domain::api::ErrorEnvelope = response.json().await.unwrap();
                assert_eq!(body.error.code, "too_many_requests");
            }
            other => panic!("unexpected status {other}"),
        }
    }
    println!("200 wrong passwords: {unauthorized} checked (401), {throttled} refused unchecked (429)");
    assert!(
        (5..=15).contains(&unauthorized),
        "{unauthorized} passwords were checked"
    );
    assert!(throttled >= 185, "{throttled}");
    // The right password during the wait is refused too…
    assert_eq!(try_sign_in(&server.base, lvzhi_seed::DEMO_PASSWORD).await.status(), 429);
    // …and works once the wait is over.
    tokio::time::sleep(Duration::from_secs(retry_after.max(1) + 1)).await;
    let response = try_sign_in(&server.base, lvzhi_seed::DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    server.stop().await;
}

#[tokio::test]
async fn a_flood_of_wrong_passwords_leaves_another_users_pulls_fast() {
    // Throttling is set out of the way so every attempt costs a real argon2 check: this is
    // about where those checks run (off the database, bounded), not about the throttle.
    let server = TestServer::start_with(|config| {
        config.limits.sign_in_free_failures = 1_000_000;
        config.limits.sign_in_free_failures_per_address = 1_000_000;
    })
    .await;
    let deputy = common::sign_in(&server.base, "deputy").await;
    let http = client();
    let pull = |cursor| {
        http.post(format!("{}/api/sync/pull", server.base))
            .bearer_auth(&deputy.token)
            .json(&PullRequest {
                cursor,
                limit: 100,
                snapshot: None,
            })
    };
    let first: PullResponse = pull(None).send().await.unwrap().json().await.unwrap();
    let mut cursor = first.cursor;
    let mut next = first;
    while next.more {
        next = pull(Some(cursor)).send().await.unwrap().json().await.unwrap();
        cursor = next.cursor;
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut attackers = Vec::new();
    for attacker in 0..4 {
        let base = server.base.clone();
        let stop = stop.clone();
        attackers.push(tokio::spawn(async move {
            let mut sent = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && sent < 2_000 {
                let _answer = client()
                    .post(format!("{base}/api/session"))
                    .json(&serde_json::json!({"login": format!("nobody-{attacker}-{sent}"), "password": "x"}))
                    .send()
                    .await;
                sent += 1;
            }
            sent
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut times = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let response = pull(Some(cursor)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let _page: PullResponse = response.json().await.unwrap();
        times.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut sent = 0;
    for attacker in attackers {
        sent += attacker.await.unwrap();
    }
    times.sort();
    let p50 = times[times.len() / 2];
    let p99 = times[times.len() * 99 / 100];
    println!("pull under a flood of {sent} wrong passwords: p50 {p50:?}, p99 {p99:?}");
    assert!(sent > 20, "the flood ran ({sent})");
    assert!(p99 < Duration::from_millis(50), "pull p99 {p99:?} under the flood");
    server.stop().await;
}
