//! 一键排版 as tables: each rule, and what it must leave alone.

use newsdesk_extract::tidy::{TidyContext, tidy};

fn run(body: &str) -> String {
    tidy(body, &TidyContext::default())
}

#[test]
fn each_rule_does_its_one_thing() {
    // (rule, pasted, tidied)
    let cases: &[(&str, &str, &str)] = &[
        ("indentation", "　　遵义市召开会议。\n", "遵义市召开会议。\n"),
        (
            "indentation, half-width",
            "    遵义市召开会议。\n",
            "遵义市召开会议。\n",
        ),
        ("trailing spaces", "遵义市召开会议。   \n", "遵义市召开会议。\n"),
        (
            "blank-line runs",
            "第一段。\n\n\n\n第二段。\n",
            "第一段。\n\n第二段。\n",
        ),
        ("spaces between Chinese", "遵义 市 召开 会议。\n", "遵义市召开会议。\n"),
        (
            "comma between Chinese",
            "他们勇挑重担,无私忘我。\n",
            "他们勇挑重担，无私忘我。\n",
        ),
        (
            "comma before a quote",
            "江勇说,“我们要想尽办法。”\n",
            "江勇说，“我们要想尽办法。”\n",
        ),
        (
            "semicolon and colon",
            "日报告;日调度:日督导。\n",
            "日报告；日调度：日督导。\n",
        ),
        (
            "question mark",
            "怎样才能返厂上班?他问。\n",
            "怎样才能返厂上班？他问。\n",
        ),
    ];
    for (rule, pasted, tidied) in cases {
        assert_eq!(run(pasted), *tidied, "rule: {rule}");
    }
}

#[test]
fn numbers_times_urls_and_latin_text_are_left_alone() {
    let untouched: &[(&str, &str)] = &[
        ("thousands separator", "岗位3,000个。\n"),
        ("time of day", "会议于10:20开始。\n"),
        ("URL", "详见https://example.cn/a,b?x=1:2。\n"),
        ("English sentence", "He said, \"Hello: world; fine?\"\n"),
        ("Latin beside Chinese", "Made in China,完完全全。\n"),
        ("decimal", "实现就业0.84万人。\n"),
        ("space between Latin words", "Global Times 报道。\n"),
    ];
    for (what, text) in untouched {
        assert_eq!(run(text), *text, "{what} must stay as written");
    }
}

#[test]
fn the_title_and_summary_repeated_at_the_top_are_dropped_once() {
    let body = "## 党旗下的就业人丨迎难而上勇担当\n\n摘要一句话。\n\n正文第一段。\n\n党旗下的就业人丨迎难而上勇担当\n";
    let context = TidyContext {
        title: Some("党旗下的就业人丨迎难而上勇担当"),
        summary: Some("摘要一句话。"),
    };
    assert_eq!(
        tidy(body, &context),
        "正文第一段。\n\n党旗下的就业人丨迎难而上勇担当\n",
        "only the repeats at the top go; the same words later are the article's"
    );
}

#[test]
fn tidy_is_idempotent_on_the_seed_body() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../newsdesk-core/demo/seed-article.md"
    ))
    .unwrap();
    let once = run(&seed);
    assert_ne!(once, seed, "the seed body has half-width commas between Chinese to fix");
    assert_eq!(run(&once), once, "a second tidy changes nothing");
    assert!(
        once.contains("![江勇(右三)走访福建省福清市祥兴箱包厂"),
        "the figure's alt is not broken: {}",
        &once[..0]
    );
}
