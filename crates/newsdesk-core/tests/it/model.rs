//! The article model's rules: validation messages and slugs.

use newsdesk_core::error::{Error, Invalid};
use newsdesk_core::{ArticlePatch, Lang, Status, slug};

use super::support::{id, patch, site_db, t};

fn invalid(e: Error) -> Invalid {
    match e {
        Error::Invalid(i) => i,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn validation_messages_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let mut n = 0;
    let mut attempt = |p: ArticlePatch| {
        n += 1;
        invalid(db.create_article(id(n), &p, t(0)).unwrap_err())
    };

    let e = attempt(ArticlePatch {
        status: Some(Status::Published),
        ..patch("  ")
    });
    assert_eq!(e, Invalid::TitleRequired, "what readers get has a title");
    assert_eq!(
        e.message(Lang::Zh),
        "标题不能为空：已发布和定时发布的文章需要标题。草稿可以先不写标题。"
    );

    let e = attempt(ArticlePatch {
        publish_at: Some("2021-09-13 08:00".into()),
        source_time: Some("2021-09-14".into()),
        ..patch("转载")
    });
    assert!(matches!(e, Invalid::SourceAfterPublish { .. }));
    assert_eq!(
        e.message(Lang::Zh),
        "来源时间（2021-09-14）晚于发布日期（2021/9/13 8:00:00）：转载不能早于原文，请检查两个时间。"
    );

    let e = attempt(ArticlePatch {
        source_url: Some("javascript:alert(1)".into()),
        ..patch("网址")
    });
    assert!(matches!(
        e,
        Invalid::Url {
            field: "source.url",
            ..
        }
    ));
    assert!(
        e.message(Lang::En).contains("http://"),
        "the message says what a good URL looks like"
    );

    let e = attempt(ArticlePatch {
        channel: Some("体育".into()),
        ..patch("栏目")
    });
    assert_eq!(e, Invalid::UnknownChannel("体育".into()));
    assert!(e.message(Lang::Zh).contains("newsdesk channel add 体育"));

    let e = attempt(ArticlePatch {
        publish_at: Some("2021-02-29 10:00".into()),
        ..patch("不存在的日期")
    });
    assert_eq!(e, Invalid::Time("2021-02-29 10:00".into()), "2021 is no leap year");

    let e = attempt(ArticlePatch {
        status: Some(newsdesk_core::Status::Scheduled),
        ..patch("定时")
    });
    assert_eq!(e, Invalid::ScheduledWithoutTime);

    let e = attempt(ArticlePatch {
        slug: Some("Bad Slug!".into()),
        ..patch("别名")
    });
    assert_eq!(e, Invalid::Slug("Bad Slug!".into()));
}

#[test]
fn a_body_read_from_a_stream_stops_past_the_limit_and_says_so() {
    use newsdesk_core::article::{MAX_BODY_BYTES, read_body};
    // 就 is three bytes, so the cut one byte past the limit falls inside a character: that
    // must still read as too large, not as "not UTF-8".
    let huge = "就".repeat(MAX_BODY_BYTES / 3 + 10);
    let e = read_body(huge.as_bytes(), "<stdin>").unwrap_err();
    assert!(matches!(e, Error::Invalid(Invalid::BodyTooLarge { .. })), "{e:?}");
    assert_eq!(read_body("第一段。".as_bytes(), "<stdin>").unwrap(), "第一段。");
    let e = read_body(&[0xbe, 0xcd][..], "<stdin>").unwrap_err();
    assert!(e.message(Lang::En).contains("is not UTF-8 text"), "{e:?}");
}

#[test]
fn each_bad_slug_is_told_its_own_reason() {
    let message = |s: &str| match slug::validate(s) {
        Err(e @ Error::Invalid(_)) => e.message(Lang::En),
        other => panic!("{s} should be refused: {other:?}"),
    };
    // Good letters, only too many: before, this said to use lowercase letters.
    let long = "a".repeat(slug::MAX_OWN_LEN + 1);
    let m = message(&long);
    assert!(
        m.contains("too long: 201 characters") && !m.contains("lowercase"),
        "{m}"
    );
    assert!(
        slug::validate(&"a".repeat(slug::MAX_OWN_LEN)).is_ok(),
        "the limit itself is allowed"
    );
    let m = message("con");
    assert!(m.contains("Windows device name") && m.contains("“con-1”"), "{m}");
    let m = message("Bad Slug!");
    assert!(m.contains("such as “bad-slug”"), "a near slug is offered: {m}");
    let m = message("新闻");
    assert!(
        m.contains("use lowercase letters") && !m.contains("such as"),
        "nothing near to offer: {m}"
    );
}

#[test]
fn a_date_only_source_time_on_the_publish_day_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    // 00:30 on 9/13 in Shanghai is still 9/12 in UTC: the comparison must be by the site's calendar.
    let a = db
        .create_article(
            id(1),
            &ArticlePatch {
                publish_at: Some("2021-09-13 00:30".into()),
                source_time: Some("2021年9月13日".into()),
                ..patch("同日转载")
            },
            t(0),
        )
        .unwrap();
    assert_eq!(a.source.published_at.unwrap().to_string(), "2021-09-13");
    assert_eq!(
        newsdesk_core::time::rfc3339(&a.publish_at.unwrap()),
        "2021-09-13T00:30:00+08:00"
    );
}

#[test]
fn slug_clashes_are_refused_for_chosen_slugs_and_numbered_for_generated_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("重庆银行"), t(0)).unwrap();
    let b = db.create_article(id(2), &patch("重庆银行"), t(1)).unwrap();
    let c = db.create_article(id(3), &patch("重庆·银行"), t(2)).unwrap();
    assert_eq!(a.slug, "chong-qing-yin-hang");
    assert_eq!(b.slug, "chong-qing-yin-hang-2");
    assert_eq!(c.slug, "chong-qing-yin-hang-3");
    let e = db
        .create_article(
            id(4),
            &ArticlePatch {
                slug: Some("chong-qing-yin-hang".into()),
                ..patch("另一篇")
            },
            t(3),
        )
        .unwrap_err();
    assert_eq!(invalid(e), Invalid::SlugClash("chong-qing-yin-hang".into()));
    // Stable once it is out: a new title does not move a published article's URL.
    db.save_article(
        a.id,
        &ArticlePatch {
            status: Some(newsdesk_core::Status::Published),
            publish_at: Some("2021-09-13 10:00".into()),
            ..ArticlePatch::default()
        },
        newsdesk_core::SaveKind::Checkpoint,
        t(4),
    )
    .unwrap();
    let a2 = db
        .save_article(
            a.id,
            &patch("重庆银行行长谈就业"),
            newsdesk_core::SaveKind::Checkpoint,
            t(4),
        )
        .unwrap();
    assert_eq!(a2.slug, a.slug, "the slug stays when the title changes");
    // An empty slug asks for a fresh one from the current title.
    let a3 = db
        .save_article(
            a.id,
            &ArticlePatch {
                slug: Some(String::new()),
                ..ArticlePatch::default()
            },
            newsdesk_core::SaveKind::Checkpoint,
            t(5),
        )
        .unwrap();
    assert_eq!(a3.slug, "chong-qing-yin-hang-hang-zhang-tan-jiu-ye");
}

#[test]
fn slugs_from_titles() {
    let cases = [
        (
            "党旗下的就业人丨迎难而上勇担当",
            "dang-qi-xia-de-jiu-ye-ren-ying-nan-er-shang-yong-dan-dang",
        ),
        ("重庆", "chong-qing"),
        ("银行", "yin-hang"),
        ("重庆银行行长", "chong-qing-yin-hang-hang-zhang"),
        ("重要会议", "zhong-yao-hui-yi"),
        ("长大成人", "zhang-da-cheng-ren"),
        ("长江大桥", "chang-jiang-da-qiao"),
        ("音乐节", "yin-yue-jie"),
        ("快乐", "kuai-le"),
        ("朝阳区", "chao-yang-qu"),
        ("遵义会议会址", "zun-yi-hui-yi-hui-zhi"),
        ("iPhone 15 发布", "iphone-15-fa-bu"),
        ("2024年遵义GDP增长5.5%", "2024-nian-zun-yi-gdp-zeng-zhang-5-5"),
        ("COVID-19 疫苗", "covid-19-yi-miao"),
        ("Hello, World!", "hello-world"),
        ("“双减”政策落地", "shuang-jian-zheng-ce-luo-di"),
        ("《沪遵劳务协作》签约", "hu-zun-lao-wu-xie-zuo-qian-yue"),
        ("  前后空格  ", "qian-hou-kong-ge"),
        ("！！！", "article"),
        ("", "article"),
        ("Ｆｕｌｌ宽度", "full-kuan-du"),
    ];
    let mut wrong = Vec::new();
    for (title, want) in cases {
        let got = slug::from_title(title);
        if got != want {
            wrong.push(format!("{title:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "slugs differ:\n{}", wrong.join("\n"));
}

#[test]
fn long_titles_are_cut_at_a_syllable_boundary() {
    let title = "遵义市人社局与相关部门协同开发遵义市外出务工人员新冠肺炎防控查询平台实施不见面摸排底数";
    let s = slug::from_title(title);
    assert!(s.len() <= slug::MAX_LEN, "{s} is within the cap");
    assert!(!s.ends_with('-'));
    assert_eq!(
        s, "zun-yi-shi-ren-she-ju-yu-xiang-guan-bu-men-xie-tong-kai-fa",
        "cut after a whole syllable"
    );
    let numbered = slug::numbered(&s, 12);
    assert!(
        numbered.len() <= slug::MAX_LEN && numbered.ends_with("-12"),
        "{numbered}"
    );
}

#[test]
fn an_untitled_draft_keeps_saving_its_other_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("起草中"), t(0)).unwrap();
    let saved = db
        .save_article(
            a.id,
            &ArticlePatch {
                title: Some(String::new()),
                body: Some("正文照常保存。".into()),
                ..ArticlePatch::default()
            },
            newsdesk_core::SaveKind::Autosave,
            t(1),
        )
        .expect("a draft without a title still saves");
    assert_eq!(
        saved.body, "正文照常保存。",
        "the body was not blocked by the empty title"
    );
    let refused = db.save_article(
        a.id,
        &ArticlePatch {
            status: Some(Status::Published),
            ..ArticlePatch::default()
        },
        newsdesk_core::SaveKind::Checkpoint,
        t(2),
    );
    assert!(
        matches!(refused, Err(Error::Invalid(Invalid::TitleRequired))),
        "publishing it without a title is refused: {refused:?}"
    );
}

#[test]
fn an_article_without_a_channel_goes_to_the_first_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.reorder_channels(&["时政要闻".into(), "百姓生活".into()]).unwrap();
    for channel in [None, Some("  ".to_string())] {
        let made = db
            .create_article(
                id(1 + u128::from(channel.is_some())),
                &ArticlePatch {
                    channel: channel.clone(),
                    ..patch("无栏目")
                },
                t(0),
            )
            .unwrap();
        assert_eq!(
            made.channel, "时政要闻",
            "no channel ({channel:?}) is the first in navigation order, as the window's 新建 does"
        );
    }

    let bare = tempfile::tempdir().unwrap();
    let mut empty = newsdesk_core::Db::open(&bare.path().join("site.db")).unwrap();
    empty
        .init_site(&newsdesk_core::Site::new("空站", "https://example.cn", "Asia/Shanghai").unwrap())
        .unwrap();
    let e = invalid(
        empty
            .create_article(
                id(9),
                &ArticlePatch {
                    channel: None,
                    ..patch("无处可放")
                },
                t(0),
            )
            .unwrap_err(),
    );
    assert_eq!(e, Invalid::NoChannel, "a site without channels says so");
    assert!(
        e.message(Lang::Zh).contains("添加一个栏目"),
        "the message says what to do: {}",
        e.message(Lang::Zh)
    );
}
