//! A fetched page completed by its address, without a server: the address as 原文链接 and its
//! day as the publish date when the page gives neither, the figures made absolute.

use newsdesk_extract::{Input, Warning, extract};
use newsdesk_sync::repost::{at_address, credited_figures};

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-12-01T00:00:00Z".parse().unwrap()
}

const ZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

#[test]
fn the_address_fills_what_the_page_leaves_out_and_nothing_it_says() {
    let page = r#"<html><body><h1>湄江镇新建便民服务站</h1>
        <p>今年以来，湄江镇在12个村新建便民服务站，群众办事不出村。</p>
        <figure><img src="../img/a.jpg"><figcaption>村民在服务站办理业务。李华摄</figcaption></figure></body></html>"#;
    let url = "http://www.example.cn/xw/202403/t20240318_81234.html";
    let mut e = extract(Input::Html(page), ZONE, now()).unwrap();
    assert!(e.publish_at.is_none() && e.warnings.contains(&Warning::NoPublishTime));
    at_address(&mut e, url, ZONE, now());
    assert_eq!(
        e.publish_at.as_ref().map(|f| f.value.to_string()).as_deref(),
        Some("2024-03-18")
    );
    assert!(e.publish_at.as_ref().unwrap().confidence < 0.6, "a guess, shown as one");
    assert!(
        !e.warnings.contains(&Warning::NoPublishTime),
        "the warning goes with the guess"
    );
    assert_eq!(e.source_url.as_ref().map(|f| f.value.as_str()), Some(url));
    assert!(
        credited_figures(&e).contains("![村民在服务站办理业务。李华摄](http://www.example.cn/xw/img/a.jpg)"),
        "the figure absolute, its credit back in place: {}",
        credited_figures(&e)
    );

    // What the page says stands.
    let page = r#"<html><body><h1>标题</h1><p>来源：遵义日报 原文链接：https://zunyi.example/a.html 发布时间：2021-09-13 10:20</p>
        <p>正文第一段，足够长的一句话。</p></body></html>"#;
    let mut e = extract(Input::Html(page), ZONE, now()).unwrap();
    at_address(&mut e, url, ZONE, now());
    assert_eq!(
        e.publish_at.as_ref().map(|f| f.value.to_string()).as_deref(),
        Some("2021-09-13T10:20:00+08:00")
    );
    assert_eq!(
        e.source_url.as_ref().map(|f| f.value.as_str()),
        Some("https://zunyi.example/a.html")
    );
}
