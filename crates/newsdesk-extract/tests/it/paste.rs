//! The editor's plain paste: lines become paragraphs, HTML keeps its structure and loses its styles.

use newsdesk_extract::paste::paste_as_markdown;

#[test]
fn lines_copied_from_a_news_page_become_paragraphs_without_their_indent() {
    let copied = "　　在全国就业领域，他是一名普通的工作者。\r\n　　奋战多日后，问题得到解决。\n\n　　“提供就业服务，是为了让百姓收获幸福感。”";
    assert_eq!(
        paste_as_markdown(None, copied),
        "在全国就业领域，他是一名普通的工作者。\n\n奋战多日后，问题得到解决。\n\n“提供就业服务，是为了让百姓收获幸福感。”"
    );
}

#[test]
fn a_paste_without_a_line_break_goes_in_as_it_is() {
    assert_eq!(paste_as_markdown(None, "  遵义 "), "  遵义 ", "a word keeps its spaces");
    assert_eq!(
        paste_as_markdown(
            Some("<meta charset='utf-8'><span style=\"color:red\">遵义</span>"),
            "遵义"
        ),
        "遵义",
        "a word copied from a page is the word"
    );
}

#[test]
fn html_from_a_browser_keeps_paragraphs_headings_lists_and_links() {
    let html = r#"<meta charset="utf-8"><h2 style="font-size:20px">为农民工排忧解难</h2><p style="text-indent:2em">江勇走访<a href="https://example.cn/a">企业</a>。</p><ul><li>早餐</li><li>午餐</li></ul>"#;
    let md = paste_as_markdown(Some(html), "为农民工排忧解难\n江勇走访企业。\n早餐\n午餐");
    assert_eq!(
        md,
        "## 为农民工排忧解难\n\n江勇走访[企业](https://example.cn/a)。\n\n- 早餐\n- 午餐"
    );
}

#[test]
fn word_html_loses_its_styles_and_office_markup() {
    let html = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body><p class="MsoNormal" style="mso-line-height-rule:exactly"><span lang="ZH-CN" style="font-family:宋体">第一段。<o:p></o:p></span></p><p class="MsoNormal"><b><span style="font-family:黑体">第二段加粗。</span></b></p></body></html>"#;
    let md = paste_as_markdown(Some(html), "第一段。\n第二段加粗。");
    assert_eq!(md, "第一段。\n\n**第二段加粗。**");
    assert!(!md.contains("Mso") && !md.contains("font-family"), "no styles: {md}");
}

#[test]
fn a_wechat_article_keeps_its_paragraphs_and_images() {
    let html = r#"<section style="margin:0"><section><p style="text-align:justify"><span style="font-size:15px">　　遵义市今天发布通知。</span></p><p><img data-src="https://mmbiz.qpic.cn/a.jpg" src="https://mmbiz.qpic.cn/a.jpg" alt="图片"></p><p><span>　　第二段。</span></p></section></section>"#;
    let md = paste_as_markdown(Some(html), "遵义市今天发布通知。\n第二段。");
    assert!(md.starts_with("遵义市今天发布通知。\n\n"), "{md}");
    assert!(
        md.contains("](https://mmbiz.qpic.cn/a.jpg)"),
        "the image stays, as a figure: {md}"
    );
    assert!(md.ends_with("第二段。"), "{md}");
}

/// Found by probing: HTML nested 20,000 deep overflowed the stack of the conversion (which the
/// paste, the repost import and the portal pull share) and aborted the app.
#[test]
fn html_nested_twenty_thousand_deep_keeps_its_text() {
    let html = format!(
        "{}引文{}",
        "<blockquote>".repeat(20_000),
        "</blockquote>".repeat(20_000)
    );
    let md = paste_as_markdown(Some(&html), "引文");
    assert!(md.ends_with("引文"), "the text is kept: {md}");
    assert!(
        md.matches('>').count() <= newsdesk_core::nesting::MAX_NESTING,
        "the quote levels below the cap are gone: {md}"
    );
}

/// HTML over the import limit is not converted (minutes in the window); its text goes in, and the
/// save then says whether the body is too large.
#[test]
fn a_paste_of_huge_html_goes_in_as_its_text() {
    let html = "<p><b>加粗</b></p>".repeat(newsdesk_extract::MAX_PAGE_BYTES / 10);
    assert_eq!(paste_as_markdown(Some(&html), "第一行\n第二行"), "第一行\n\n第二行");
}
