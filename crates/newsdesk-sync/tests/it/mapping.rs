//! The article → post mapping, without a server.

use chrono::{DateTime, Utc};
use newsdesk_core::article::SourceAttribution;
use newsdesk_core::publishing::{PublishingState, publishing_state};
use newsdesk_core::render::ResolvedPhoto;
use newsdesk_core::{Article, ArticleId, ErrorKind, Status};
use newsdesk_sync::mapping::{self, PortalPhotos, Terms};

fn article() -> Article {
    let at = DateTime::parse_from_rfc3339("2021-09-13T02:43:08+08:00").unwrap();
    Article {
        id: ArticleId(uuid::Uuid::from_u128(0x0190a000_0000_7000_8000_0000000000aa)),
        kicker: None,
        title: "党旗下的就业人丨迎难而上勇担当".into(),
        subtitle: None,
        slug: "dang-qi-xia".into(),
        channel: "百姓生活".into(),
        status: Status::Published,
        body: "江勇走访企业。\n\n![江勇走访](photo:abcd0123abcd0123)\n\n共渡难关 & 继续前行".into(),
        summary: Some("摘要文字".into()),
        keywords: vec!["就业".into(), "党建".into()],
        publish_at: Some(at),
        source: SourceAttribution {
            name: Some("中国劳动保障报".into()),
            url: Some("https://example.cn/a.html".into()),
            author: Some("刘薇".into()),
            published_at: Some(
                newsdesk_core::time::SourceTime::parse("2020-08-12", chrono_tz::Asia::Shanghai).unwrap(),
            ),
        },
        editor: Some("王编辑".into()),
        other_credits: Some("二审 朱晖、监制 王五".into()),
        created_at: at,
        updated_at: at,
        revision: 1,
    }
}

fn photos() -> PortalPhotos {
    let mut p = PortalPhotos::default();
    p.insert(
        "abcd0123abcd0123",
        ResolvedPhoto {
            src: "http://portal.example/wp-content/uploads/nd-abcd.jpg".into(),
            srcset: None,
            width: Some(1600),
            height: Some(1067),
            alt: "".into(),
            caption: "江勇(右三)走访福建省福清市祥兴箱包厂".into(),
            credit: Some("陈鋆摄".into()),
        },
    );
    p
}

#[test]
fn a_post_carries_every_field_with_dates_in_the_site_zone_and_gmt() {
    let a = article();
    let now: DateTime<Utc> = "2024-01-01T00:00:00Z".parse().unwrap();
    let state = publishing_state(a.status, a.publish_at, now);
    let terms = Terms {
        category: 5,
        tags: vec![7, 8],
    };
    let body = mapping::post_body(&a, chrono_tz::Asia::Shanghai, state, &terms, Some(42), &photos()).unwrap();
    assert_eq!(body["title"], a.title);
    assert_eq!(body["status"], "publish");
    assert_eq!(body["slug"], "dang-qi-xia");
    assert_eq!(body["excerpt"], "摘要文字");
    assert_eq!(
        body["date"], "2021-09-13T02:43:08+08:00",
        "site time, with its offset so no portal zone can shift it"
    );
    assert_eq!(body["date_gmt"], "2021-09-12T18:43:08");
    assert_eq!(body["categories"], serde_json::json!([5]));
    assert_eq!(body["tags"], serde_json::json!([7, 8]));
    assert_eq!(body["featured_media"], 42, "题图 is the featured image");
    let meta = &body["meta"];
    assert_eq!(meta["source_name"], "中国劳动保障报");
    assert_eq!(meta["source_url"], "https://example.cn/a.html");
    assert_eq!(meta["source_author"], "刘薇");
    assert_eq!(
        meta["source_published_at"], "2020-08-12",
        "a date-only 来源时间 stays a date"
    );
    assert_eq!(meta["responsible_editor"], "王编辑");
    assert_eq!(
        meta["other_credits"], "二审 朱晖、监制 王五",
        "pushed as 责任编辑 is: as meta, and in the footer"
    );
    assert_eq!(
        meta["newsdesk_id"],
        a.id.to_string(),
        "the id that finds the post again"
    );
}

#[test]
fn figures_point_at_the_portal_with_caption_and_credit_and_the_footer_attributes() {
    let html = mapping::content(&article(), &photos());
    assert!(
        html.contains(
            "<figure class=\"wp-block-image\"><img src=\"http://portal.example/wp-content/uploads/nd-abcd.jpg\""
        ),
        "a WordPress image block on the portal's copy: {html}"
    );
    assert!(
        html.contains(
            "<figcaption>江勇(右三)走访福建省福清市祥兴箱包厂 <span class=\"credit\">陈鋆摄</span></figcaption>"
        ),
        "caption and credit: {html}"
    );
    assert!(
        html.contains("共渡难关 &amp; 继续前行"),
        "the body is the core's render, escaped"
    );
    assert!(
        html.contains("<p class=\"source\">来源:<a href=\"https://example.cn/a.html\""),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"author\">作者:刘薇</p>") && html.contains("<p class=\"editor\">责任编辑:王编辑</p>")
    );
    assert!(
        html.contains("<p class=\"editor\">责任编辑:王编辑</p>\n<p class=\"credits\">二审 朱晖、监制 王五</p>"),
        "the other credits under the 责任编辑, as the page shows them: {html}"
    );
    let none = mapping::content(
        &Article {
            other_credits: None,
            ..article()
        },
        &photos(),
    );
    assert!(!none.contains("class=\"credits\""), "no line without them");
    assert_eq!(
        mapping::figure_ids(&article().body),
        vec!["abcd0123abcd0123".to_string()]
    );
}

#[test]
fn scheduled_goes_as_future_and_withdrawn_as_draft() {
    let a = article();
    let before: DateTime<Utc> = "2021-09-12T00:00:00Z".parse().unwrap();
    let state = publishing_state(Status::Scheduled, a.publish_at, before);
    assert!(matches!(state, PublishingState::Scheduled { .. }));
    let body = mapping::post_body(&a, chrono_tz::Asia::Shanghai, state, &Terms::default(), None, &photos()).unwrap();
    assert_eq!(body["status"], "future");
    assert_eq!(body["featured_media"], 0, "no lead photo clears the featured image");
    assert_eq!(PublishingState::Withdrawn.wordpress_status(), "draft");
}

#[test]
fn meta_the_portal_would_refuse_after_writing_is_refused_before_sending() {
    let mut a = article();
    a.source.url = Some("https://example.cn/a b.html".into());
    let e = mapping::validate_meta(&a).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Validation,
        "a 400 on meta would leave a post behind: never send it"
    );
    assert!(e.message(newsdesk_core::Lang::Zh).contains("source_url"));
    a.source.name = Some("两行\n来源".into());
    a.source.url = None;
    assert_eq!(mapping::meta(&a)["source_name"], "两行 来源", "meta is one line");
}
