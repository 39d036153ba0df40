//! The public site as the server renders it, over real HTTP on 127.0.0.1: complete HTML in
//! three languages with no script, its own strict CSP, robots.txt and the sitemap, the
//! public "not found" page, and the deputy's old addresses sent on under /me/.

mod common;

use common::{TestServer, client};
use reqwest::StatusCode;

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_home_page_is_whole_html_in_each_language_with_no_script() {
    let server = TestServer::start().await;
    for (path, lang, title) in [
        ("/", "zh-Hans", "履职 · 人大代表履职服务与公开监督"),
        ("/zh-hant/", "zh-Hant", "履職 · 人大代表履職服務與公開監督"),
        (
            "/en/",
            "en",
            "Lüzhi · People's Congress deputies' duties, registered and public",
        ),
    ] {
        let response = client().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.starts_with("default-src 'none'") && csp.contains("style-src 'sha256-"),
            "{csp}"
        );
        assert!(!csp.contains("script-src") && !csp.contains("unsafe-inline"), "{csp}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        assert!(html.contains(&format!("<title>{title}</title>")), "{path}: {html}");
        assert!(!html.contains("<script"), "{path} runs no script");
        assert!(
            html.contains("href=\"/me/signin\"") && html.contains("href=\"/staff/signin\""),
            "{path}"
        );
        for alternate in ["/", "/zh-hant/", "/en/"] {
            assert!(
                html.contains(&format!(
                    "hreflang=\"{}\" href=\"{}{alternate}\"",
                    lang_of(alternate),
                    server.base
                )),
                "{path} links {alternate} as an alternate"
            );
        }
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{}{path}\">", server.base)),
            "{path}"
        );
        assert!(html.contains("property=\"og:title\""), "link previews get a title");
    }
    server.stop().await;
}

fn lang_of(path: &str) -> &'static str {
    match path {
        "/zh-hant/" => "zh-Hant",
        "/en/" => "en",
        _ => "zh-Hans",
    }
}

#[tokio::test]
async fn robots_and_the_sitemap_name_the_public_pages_only() {
    let server = TestServer::start_with(|config| config.public_origin = Some("https://lvzhi.example.cn".into())).await;
    let robots = client().get(server.url("/robots.txt")).send().await.unwrap();
    assert_eq!(robots.status(), StatusCode::OK);
    assert!(
        robots.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = robots.text().await.unwrap();
    for line in [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /me/",
        "Disallow: /staff/",
        "Sitemap: https://lvzhi.example.cn/sitemap.xml",
    ] {
        assert!(text.lines().any(|l| l == line), "robots.txt has {line:?}: {text}");
    }
    let sitemap = client().get(server.url("/sitemap.xml")).send().await.unwrap();
    assert_eq!(sitemap.status(), StatusCode::OK);
    let xml = sitemap.text().await.unwrap();
    for home in ["/", "/zh-hant/", "/en/"] {
        assert!(
            xml.contains(&format!("<loc>https://lvzhi.example.cn{home}</loc>")),
            "{xml}"
        );
    }
    assert!(!xml.contains("/me/") && !xml.contains("/staff/"));
    server.stop().await;
}

#[tokio::test]
async fn a_forged_host_never_reaches_the_links() {
    let server = TestServer::start().await;
    let response = client()
        .get(server.url("/en/"))
        .header("host", "evil.example\"><script>alert(1)</script>")
        .send()
        .await
        .unwrap();
    let html = response.text().await.unwrap();
    assert!(!html.contains("evil.example") && !html.contains("<script"), "{html}");
    server.stop().await;
}

#[tokio::test]
async fn unknown_addresses_get_the_public_not_found_page() {
    let server = TestServer::start().await;
    for (path, lang) in [("/no/such/page", "zh-Hans"), ("/en/no-such-page", "en")] {
        let response = client().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}: {html}");
        assert!(html.contains("name=\"robots\" content=\"noindex\""));
    }
    server.stop().await;
}

#[tokio::test]
async fn the_deputys_old_addresses_are_sent_on_under_me() {
    let server = TestServer::start().await;
    for (old, new) in [
        ("/signin", "/me/signin"),
        (
            "/records/0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f/edit",
            "/me/records/0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f/edit",
        ),
        ("/compliance?year=2026", "/me/compliance?year=2026"),
        ("/en", "/en/"),
    ] {
        let response = no_redirects().get(server.url(old)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{old}");
        assert_eq!(response.headers()["location"], new, "{old}");
    }
    server.stop().await;
}
