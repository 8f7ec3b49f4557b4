//! Encodings and bad input: GBK and Big5 with and without a declared charset, binary files,
//! empty pages; and the date forms portals print.

use newsdesk_core::Lang;
use newsdesk_extract::{ExtractError, Input, Warning, extract};

use super::{now, zone};

const PAGE: &str = "遵义市启动秋季森林防火专项行动\n来源:遵义日报 作者:张建华 发布时间:2021年9月13日 10:20\n　　9月12日,遵义市召开秋季森林防火工作会议,启动专项行动。\n";

fn encode(enc: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "the test text is representable in {}", enc.name());
    bytes.into_owned()
}

#[test]
fn gbk_and_big5_files_without_a_charset_are_read_from_their_bytes() {
    let traditional = newsdesk_core::chinese::to_simplified("x"); // the table loads
    assert_eq!(traditional, "x");
    for (enc, text, title) in [
        (encoding_rs::GBK, PAGE.to_string(), "遵义市启动秋季森林防火专项行动"),
        (
            encoding_rs::BIG5,
            "遵義市啟動秋季森林防火專項行動\n來源:遵義日報 作者:張建華 發布時間:2021年9月13日 10:20\n　　9月12日,遵義市召開秋季森林防火工作會議,啟動專項行動。\n".to_string(),
            "遵義市啟動秋季森林防火專項行動",
        ),
    ] {
        let bytes = encode(enc, &text);
        let e = extract(Input::File { name: "page.txt", bytes: &bytes }, zone(), now()).unwrap();
        assert_eq!(e.title.unwrap().value, title, "{} read from the bytes", enc.name());
        assert!(
            e.warnings.iter().any(|w| matches!(w, Warning::EncodingGuessed(_))),
            "a guessed encoding is said so"
        );
    }
}

#[test]
fn a_declared_charset_wins() {
    let html = format!(
        "<html><head><meta charset=\"gbk\"></head><body><h1>标题在此</h1><p>{}</p></body></html>",
        "正文。".repeat(5)
    );
    let bytes = encode(encoding_rs::GBK, &html);
    let e = extract(
        Input::File {
            name: "a.htm",
            bytes: &bytes,
        },
        zone(),
        now(),
    )
    .unwrap();
    assert_eq!(e.title.unwrap().value, "标题在此");
    assert!(
        !e.warnings.iter().any(|w| matches!(w, Warning::EncodingGuessed(_))),
        "declared, not guessed"
    );
}

#[test]
fn bad_input_is_refused_with_one_line() {
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    let err = extract(
        Input::File {
            name: "photo.html",
            bytes: &png,
        },
        zone(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err, ExtractError::Binary);
    assert!(!err.message(Lang::Zh).contains('\n') && err.message(Lang::Zh).contains("未导入"));
    let err = extract(
        Input::File {
            name: "empty.html",
            bytes: b"<html><body> <script>x()</script></body></html>",
        },
        zone(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err, ExtractError::Empty, "a page with no text");
    let err = extract(
        Input::File {
            name: "x.html",
            bytes: b"<meta charset=\"klingon-8\"><p>x</p>",
        },
        zone(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err, ExtractError::UnknownEncoding("klingon-8".into()));
    assert!(
        err.message(Lang::En).contains("klingon-8"),
        "the message names the label"
    );
}

#[test]
fn the_date_forms_portals_print() {
    // (written, read in Asia/Shanghai with now = 2026-12-01)
    let cases: &[(&str, &str)] = &[
        ("2021年9月13日 10:20", "2021-09-13T10:20:00+08:00"),
        ("2021/9/13 2:43:08", "2021-09-13T02:43:08+08:00"),
        ("2021-09-13", "2021-09-13"),
        ("09-13 10:20", "2026-09-13T10:20:00+08:00"),
        ("12-25 10:20", "2025-12-25T10:20:00+08:00"),
        ("08.02.2016 22:15", "2016-02-08T22:15:00+08:00"),
        ("September 28, 2020", "2020-09-28"),
        ("Mon, Sep 28, 2020 @ 8:40 PM", "2020-09-28T20:40:00+08:00"),
        ("Sep 28, 2020 12:05 AM", "2020-09-28T00:05:00+08:00"),
        ("２０２１年９月１３日　１０：２０", "2021-09-13T10:20:00+08:00"),
        ("2021年09月24日08:32", "2021-09-24T08:32:00+08:00"),
    ];
    for (written, read) in cases {
        let text = format!("标题\n发布时间:{written}\n正文第一段，足够长的一句话。\n");
        let e = extract(Input::Text(&text), zone(), now()).unwrap();
        assert_eq!(
            e.publish_at.map(|f| f.value.to_string()).as_deref(),
            Some(*read),
            "{written}"
        );
    }
    // The labels e-papers, CMSs and government pages print, with a colon or in 【】.
    let labelled: &[(&str, &str)] = &[
        ("刊发日期:2018-09-14 阅读次数:12", "2018-09-14"),
        ("发稿时间：2021-09-13 10:20", "2021-09-13T10:20:00+08:00"),
        ("【作者】市档案馆 【发布时间】2019-12-31 【点击率】1322次", "2019-12-31"),
        ("[来源] 遵义日报 [日期] 2021-09-13", "2021-09-13"),
        // A document's 成文日期 yields to the page's 发布日期, wherever it stands.
        ("成文日期：2019-12-20 发布日期：2019-12-31", "2019-12-31"),
        ("【成文日期】2019-12-20", "2019-12-20"),
    ];
    for (line, read) in labelled {
        let text = format!("标题\n{line}\n正文第一段，足够长的一句话。\n");
        let e = extract(Input::Text(&text), zone(), now()).unwrap();
        assert_eq!(
            e.publish_at.map(|f| f.value.to_string()).as_deref(),
            Some(*read),
            "{line}"
        );
        assert!(
            !e.body.contains("日期") && !e.body.contains("时间"),
            "{line}: the line is attribution, not body"
        );
    }
    // A word in brackets is not a label: 【成文日期】 holds no 日期 of its own to misread.
    let e = extract(
        Input::Text("标题\n【会议日期】2019-12-20 全市召开大会。\n正文第一段，足够长的一句话。\n"),
        zone(),
        now(),
    )
    .unwrap();
    assert!(e.publish_at.is_none(), "{:?}", e.publish_at);
    let e = extract(Input::Text("标题\n发布时间:1899-01-01\n正文。\n"), zone(), now()).unwrap();
    assert!(
        e.publish_at.is_none(),
        "before 1901 is outside the core's range: no time rather than a wrong one"
    );
}

#[test]
fn the_markup_says_when_a_page_was_published_when_its_text_does_not() {
    // (the page's head or markup, read in Asia/Shanghai)
    let cases: &[(&str, &str)] = &[
        (
            r#"<meta property="article:published_time" content="2021-09-12T18:43:08Z">"#,
            "2021-09-13T02:43:08+08:00",
        ),
        (
            r#"<meta name="PubDate" content="2021-09-13 10:20">"#,
            "2021-09-13T10:20:00+08:00",
        ),
        (r#"<meta name="publish_date" content="2021-09-13">"#, "2021-09-13"),
        (
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2021-09-13T10:20:00+08:00"}]}</script>"#,
            "2021-09-13T10:20:00+08:00",
        ),
        (
            r#"<meta itemprop="datePublished" content="2021-09-13T10:20:00">"#,
            "2021-09-13T10:20:00+08:00",
        ),
        (
            r#"<article><time datetime="2021-09-13">昨天</time></article>"#,
            "2021-09-13",
        ),
    ];
    for (markup, read) in cases {
        let html = format!(
            "<html><head>{markup}</head><body><h1>遵义新建三座桥梁</h1><p>遵义市今年新建三座桥梁，方便两岸群众出行。</p></body></html>"
        );
        let e = extract(Input::Html(&html), zone(), now()).unwrap();
        assert_eq!(
            e.publish_at.map(|f| f.value.to_string()).as_deref(),
            Some(*read),
            "{markup}"
        );
    }
    // The text's own 发布时间 comes first; a <time> of the sidebar is not the article's.
    let html = r#"<html><head><meta name="PubDate" content="2020-01-01"></head><body><h1>标题</h1>
        <p>发布时间：2021-09-13 10:20</p><p>正文第一段，足够长的一句话。</p></body></html>"#;
    let e = extract(Input::Html(html), zone(), now()).unwrap();
    assert_eq!(
        e.publish_at.map(|f| f.value.to_string()).as_deref(),
        Some("2021-09-13T10:20:00+08:00")
    );
    let html = r#"<html><body><h1>标题</h1><p>正文第一段，足够长的一句话。</p><aside><time datetime="2020-01-01">最新</time></aside></body></html>"#;
    assert!(extract(Input::Html(html), zone(), now()).unwrap().publish_at.is_none());
}

#[test]
fn the_day_in_a_page_address() {
    use newsdesk_extract::dates::date_in_address;
    let cases: &[(&str, Option<&str>)] = &[
        (
            "http://www.muzhuzai.net/qznews/2019/0508/575889.html",
            Some("2019-05-08"),
        ),
        (
            "http://szb.jsw.com.cn/ZJRB/PC/content/202306/27/content_257893.html",
            Some("2023-06-27"),
        ),
        (
            "https://m.kellyidema.com/zjcx/wmcj/wmcz/201802/t20180223_2858994.shtml",
            Some("2018-02-23"),
        ),
        (
            "https://paper.cuduwang.com/Html/2018-09-14/32018.html",
            Some("2018-09-14"),
        ),
        ("https://www.example.cn/news/2021/09/13/bridge.html", Some("2021-09-13")),
        // No day, an id that only looks like one, a day to come, a day in the query or the host.
        ("https://www.kepuhunan.org.cn/sxcz/20017099.shtml", None),
        ("http://www.zsdag.cn/view?id=20191231", None),
        ("https://www.example.cn/news/2027/0101/1.html", None),
        ("https://20210913.example.cn/news/1.html", None),
    ];
    for (url, day) in cases {
        assert_eq!(
            date_in_address(url, zone(), now()).map(|d| d.to_string()).as_deref(),
            *day,
            "{url}"
        );
    }
}

#[test]
fn by_in_a_sentence_is_not_a_byline() {
    let text = "Floods recede in Guizhou\nBy Sunday, the water had fallen by two metres.\nOfficials said roads would reopen.\n";
    let e = extract(Input::Text(text), zone(), now()).unwrap();
    assert!(e.authors.is_empty(), "By Sunday is no author: {:?}", e.author());
    assert!(
        e.body.contains("By Sunday, the water"),
        "and the sentence stays in the body"
    );
}

#[test]
fn an_empty_label_is_left_out_and_said_so() {
    let text = "播州区举办农民丰收节\n来源: 作者: 发布时间:2021-09-23\n　　9月23日，播州区丰收节在鸭溪镇举行。\n";
    let e = extract(Input::Text(text), zone(), now()).unwrap();
    assert!(
        e.source_name.is_none() && e.authors.is_empty(),
        "来源: with nothing after it is no source"
    );
    let empty: Vec<_> = e
        .warnings
        .iter()
        .filter(|w| matches!(w, Warning::EmptyLabel(_)))
        .collect();
    assert_eq!(empty.len(), 2, "one warning per empty label: {:?}", e.warnings);
    assert_eq!(
        e.publish_at.unwrap().value.to_string(),
        "2021-09-23",
        "the next label still reads"
    );
}

#[test]
fn any_cut_of_any_test_page_reads_without_a_panic() {
    // Spans and folding slice by byte offsets: cutting pages mid-character, mid-label and
    // mid-date is where an off-by-one would panic.
    for entry in std::fs::read_dir(super::pages_dir()).unwrap() {
        let path = entry.unwrap().path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_string();
        if ext != "txt" && ext != "html" {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            // GBK and Big5 pages: cut the bytes themselves.
            for cut in (1..bytes.len()).step_by(37) {
                let _ = extract(
                    Input::File {
                        name: &format!("x.{ext}"),
                        bytes: &bytes[..cut],
                    },
                    zone(),
                    now(),
                );
            }
            continue;
        };
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(23).collect();
        for &cut in &boundaries {
            let piece = &text[..cut];
            let _ = extract(Input::Text(piece), zone(), now());
            let _ = extract(Input::Html(piece), zone(), now());
            let _ = extract(Input::Text(&text[cut..]), zone(), now());
        }
    }
}

/// Found by probing: a page of 20,000 nested elements took 20 s to parse and then overflowed the
/// stack, which aborts the whole app. It imports; the levels below the cap lose their tags only.
#[test]
fn a_page_nested_twenty_thousand_deep_imports_its_text() {
    let html = format!(
        "<html><head><title>深层页面</title></head><body>{}<h1>深层页面</h1><p>{}</p>{}</body></html>",
        "<div>".repeat(20_000),
        "正文在最深处。".repeat(5),
        "</div>".repeat(20_000)
    );
    let e = extract(Input::Html(&html), zone(), now()).unwrap();
    assert!(
        e.body.contains("正文在最深处。"),
        "the deepest text is the body: {}",
        e.body
    );
}

/// Found by probing: a 116 MB text file took two minutes and 3 GB to read, for a body far over
/// the article limit anyway. Too large a page is refused at once, with its size and the limit.
#[test]
fn a_page_too_large_to_be_an_article_is_refused_before_reading() {
    let html = format!("<html><body><p>{}</p></body></html>", "正文".repeat(6 * 1024 * 1024));
    // Not `expect_err`: an accepted page would print its 37 MB of fields.
    let Err(err) = extract(Input::Html(&html), zone(), now()) else {
        panic!("too large a page is refused")
    };
    assert!(
        matches!(
            err,
            ExtractError::TooLarge {
                limit: newsdesk_extract::MAX_PAGE_BYTES,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.message(Lang::Zh),
        "页面有 37 MB，超过可导入的上限 32 MB，未导入。请只选中并复制文章部分，或把网页另存为“仅 HTML”后再试。"
    );
    let text = "正文。\n".repeat(1_100_000);
    let file = Input::File {
        name: "稿件.txt",
        bytes: text.as_bytes(),
    };
    let Err(err) = extract(file, zone(), now()) else {
        panic!("too large a text is refused")
    };
    assert!(
        matches!(
            err,
            ExtractError::TooLarge {
                limit: newsdesk_extract::MAX_TEXT_BYTES,
                ..
            }
        ),
        "plain text has the lower limit, twice the body's: {err:?}"
    );
    assert!(
        err.message(Lang::En)
            .starts_with("The page is 11 MB, more than the 10 MB"),
        "{}",
        err.message(Lang::En)
    );
}

/// Found by probing: `发布时间：2021年2月30日` was dropped in silence, leaving only "no publish
/// time was found". The editor is told the page's time names no real day.
#[test]
fn a_labelled_time_that_does_not_exist_is_said_so() {
    let text = "市区新开三条公交线路\n来源：遵义日报\n发布时间：2021年2月30日 10:20\n　　记者从市交通局获悉，三条公交线路今起开通。\n";
    let e = extract(Input::Text(text), zone(), now()).unwrap();
    assert!(e.publish_at.is_none(), "no time is guessed from an impossible date");
    assert!(
        e.warnings
            .contains(&Warning::TimeUnreadable("2021年2月30日 10:20".into())),
        "{:?}",
        e.warnings
    );
    let ok = extract(Input::Text(&text.replace("2月30日", "2月28日")), zone(), now()).unwrap();
    assert!(
        !ok.warnings.iter().any(|w| matches!(w, Warning::TimeUnreadable(_))),
        "a real date gives no such warning: {:?}",
        ok.warnings
    );
}
