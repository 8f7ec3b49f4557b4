//! Captions and their credits, split by the newsroom's conventions (…陈鋆摄, 新华社记者 李明 摄, …).

use newsdesk_core::media::split_caption;

#[test]
fn captions_split_from_their_credits_by_newsroom_conventions() {
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。陈鋆摄",
            "江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。",
            Some("陈鋆摄"),
            Some("陈鋆"),
        ),
        (
            "游客参观遵义会议会址。(记者 张三 摄)",
            "游客参观遵义会议会址。",
            Some("记者 张三 摄"),
            Some("张三"),
        ),
        (
            "游客参观遵义会议会址。（记者张三 摄）",
            "游客参观遵义会议会址。",
            Some("记者张三 摄"),
            Some("张三"),
        ),
        (
            "游客参观遵义会议会址 记者张三/摄",
            "游客参观遵义会议会址",
            Some("记者张三/摄"),
            Some("张三"),
        ),
        (
            "游客参观遵义会议会址。记者张三／摄",
            "游客参观遵义会议会址。",
            Some("记者张三／摄"),
            Some("张三"),
        ),
        (
            "湄江两岸秋色正浓。图/新华社",
            "湄江两岸秋色正浓。",
            Some("图/新华社"),
            Some("新华社"),
        ),
        (
            "湄江两岸秋色正浓。 图／李四",
            "湄江两岸秋色正浓。",
            Some("图／李四"),
            Some("李四"),
        ),
        (
            "民警在街头执勤。遵义市公安局 供图",
            "民警在街头执勤。",
            Some("遵义市公安局 供图"),
            Some("遵义市公安局"),
        ),
        (
            "民警在街头执勤。王五供图",
            "民警在街头执勤。",
            Some("王五供图"),
            Some("王五"),
        ),
        (
            "遵义夜景。图片来源:视觉中国",
            "遵义夜景。",
            Some("图片来源:视觉中国"),
            Some("视觉中国"),
        ),
        (
            "遵义夜景。图片来源：视觉中国",
            "遵义夜景。",
            Some("图片来源：视觉中国"),
            Some("视觉中国"),
        ),
        (
            "9月13日,游客在遵义会议会址参观。新华社记者 李明 摄",
            "9月13日,游客在遵义会议会址参观。",
            Some("新华社记者 李明 摄"),
            Some("李明"),
        ),
        (
            "Tourists visit the Zunyi Conference site. Photo: Li Ming",
            "Tourists visit the Zunyi Conference site.",
            Some("Photo: Li Ming"),
            Some("Li Ming"),
        ),
        (
            "Tourists visit the Zunyi Conference site. Photo by J. Smith",
            "Tourists visit the Zunyi Conference site.",
            Some("Photo by J. Smith"),
            Some("J. Smith"),
        ),
        (
            "Tourists visit the Zunyi Conference site on Sept. 13, 2021. (Xinhua/Li Ming)",
            "Tourists visit the Zunyi Conference site on Sept. 13, 2021.",
            Some("Xinhua/Li Ming"),
            Some("Li Ming"),
        ),
        (
            "游客参观会址（新华社／李明）",
            "游客参观会址",
            Some("新华社／李明"),
            Some("李明"),
        ),
        (
            "两位记者合作。(记者 张三、李四 摄)",
            "两位记者合作。",
            Some("记者 张三、李四 摄"),
            Some("张三、李四"),
        ),
        ("今天天气很好 陈鋆摄", "今天天气很好", Some("陈鋆摄"), Some("陈鋆")),
        // No credit: the caption stays whole, however much it looks like one.
        ("江勇(右三)走访群众", "江勇(右三)走访群众", None, None),
        ("列车往返于遵义/贵阳", "列车往返于遵义/贵阳", None, None),
        ("走访群众陈鋆摄", "走访群众陈鋆摄", None, None),
        ("", "", None, None),
    ];
    for (text, caption, credit, photographer) in cases {
        let parts = split_caption(text);
        assert_eq!(parts.caption, *caption, "caption of {text:?}");
        assert_eq!(parts.credit.as_deref(), *credit, "credit of {text:?}");
        assert_eq!(parts.photographer.as_deref(), *photographer, "photographer of {text:?}");
    }
    assert_eq!(newsdesk_core::media::photographer_of("陈鋆摄").as_deref(), Some("陈鋆"));
    assert_eq!(
        newsdesk_core::media::photographer_of("(Xinhua/Li Ming)").as_deref(),
        Some("Li Ming")
    );
    assert_eq!(
        newsdesk_core::media::photographer_of("王小明").as_deref(),
        Some("王小明")
    );
}
