//! Page furniture, as a table of patterns on the folded line: what is never article text
//! (breadcrumbs, 字号 大 中 小, share and print buttons, QR prompts, counters, footers), and what
//! ends the article (上一篇/下一篇, 相关推荐, "最新…" lists, 返回顶部).

use std::sync::LazyLock;

use regex::Regex;

/// What a furniture line means for the article around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// Dropped; the article goes on.
    Skip,
    /// Dropped, and nothing after it is the article's.
    End,
}

/// (pattern on the whole folded, trimmed line, meaning, what it is).
const PATTERNS: &[(&str, Furniture, &str)] = &[
    (
        r"(您现在的位置|当前位置|您的位置|所在位置|本页位置)",
        Furniture::Skip,
        "breadcrumb",
    ),
    (r"^(返回)?首页\s*(>|>>|›|»|/|→)", Furniture::Skip, "breadcrumb"),
    (
        r"^[^。，,]{1,40}(\s*(>>|>|›|»)\s*[^。，,>]{1,20}){2,}$",
        Furniture::Skip,
        "breadcrumb",
    ),
    (
        r"^[【\[]?\s*(字号|字体|字体大小)\s*:?\s*(大\s*中\s*小|[+-]|默认|T\s*T)?.{0,12}$",
        Furniture::Skip,
        "font size",
    ),
    (
        r"^[【\[]?\s*(大\s+中\s+小|放大\s*缩小|放大字体|缩小字体|A\+\s*A-?)",
        Furniture::Skip,
        "font size",
    ),
    (
        r"(打印本页|打印文章|打印稿件|【\s*打印\s*】|\[\s*打印\s*\]|关闭窗口|【\s*关闭\s*】|\[\s*关闭\s*\])",
        Furniture::Skip,
        "print/close",
    ),
    (
        r"^[【\[]?(返回|打印|关闭|收藏|纠错|邮件|收藏本页|加入收藏|我要纠错|【纠错】)[】\]]?(\s+\S{1,4}){0,6}$",
        Furniture::Skip,
        "buttons",
    ),
    (
        r"^(分享到|分享|转发到|一键分享|扫一扫|微信扫一扫|扫描二维码|扫二维码|手机扫码|用手机扫描)",
        Furniture::Skip,
        "share/QR",
    ),
    (
        r"(二维码|扫码关注|长按识别|长按二维码|点击蓝字|关注我们|点击上方|阅读原文|点个在看|点赞|在看)\S{0,20}$",
        Furniture::Skip,
        "QR/WeChat prompt",
    ),
    (
        r"^(浏览|浏览次数|点击|点击数|阅读|阅读数|访问量)\s*[:(]?\s*\d*\s*[)次]?$",
        Furniture::Skip,
        "view counter",
    ),
    (r"^\d+\s*次(阅读|浏览|点击)$", Furniture::Skip, "view counter"),
    (
        r"(版权所有|版权声明|copyright|©|\(c\)\s*\d{4}|all rights reserved|icp备|icp证|公网安备|网安备|违法和不良信息举报|举报电话|互联网新闻信息服务许可证)",
        Furniture::Skip,
        "copyright/ICP footer",
    ),
    (
        r"^(欢迎咨询|联系我们|关于我们|网站地图|设为首页|加入收藏|登录|注册|网站声明|免责声明)(\s*[|丨]\s*\S{1,6})*$",
        Furniture::Skip,
        "site links",
    ),
    (r"^第\s*[A-Z]?\d+\s*版", Furniture::Skip, "e-paper page"),
    (r"^\S{2,12}(数字报|电子报|电子版)$", Furniture::Skip, "e-paper name"),
    (r"^(时\s*间|分\s*享|评\s*论|/|\||丨|•|\\)$", Furniture::Skip, "toolbar"),
    (
        r"^(返回顶部|回到顶部|返回首页|返回列表|TOP|top)\S{0,2}$",
        Furniture::End,
        "back to top",
    ),
    (
        r"^[-•·\s]*(上一篇|下一篇|上一条|下一条|上篇|下篇|previous|next)\s*[:：]?",
        Furniture::End,
        "previous/next",
    ),
    (
        r"^[【\[]?(相关推荐|相关阅读|相关新闻|相关文章|延伸阅读|推荐阅读|热点推荐|热门推荐|热门文章|热点新闻|猜你喜欢|精彩推荐|图片新闻|为您推荐|更多精彩|编辑推荐|related)[】\]]?\s*\S{0,4}$",
        Furniture::End,
        "related list",
    ),
    (r"^最新\S{0,8}$", Furniture::End, "latest list"),
    (
        r"^(共\s*\d+\s*条评论|共有\s*\d+\s*条评论|网友评论|发表评论|我要评论|评论\s*\d*|留言|THE END|the end|END|—\s*END\s*—)$",
        Furniture::End,
        "comments",
    ),
    (
        r"^(Press .Enter. to skip to content|Skip to content|Share this|Share:?|Tweet|Email|Print)$",
        Furniture::Skip,
        "English toolbar",
    ),
    (
        r"^(\d+\s*)?(vote|votes)$|^(Article Rating|Category Tag|Notify of|Inline Feedbacks|View all comments|top of page|bottom of page)$",
        Furniture::End,
        "English comments",
    ),
];

static COMPILED: LazyLock<Vec<(Regex, Furniture, &'static str)>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|(re, what, name)| {
            (
                Regex::new(&format!("(?i){re}")).expect("furniture patterns are valid"),
                *what,
                *name,
            )
        })
        .collect()
});

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(icp备|icp证|公网安备|all rights reserved|copyright\s*(\(c\)|©)|版权所有)").expect("valid")
});

/// Whether a folded line is furniture, and which kind.
pub fn furniture(folded_line: &str) -> Option<(Furniture, &'static str)> {
    let line = folded_line.trim();
    // Articles are long; furniture is short. A long line is text even if it says 二维码,
    // except a footer, which strings its links and licences together.
    if FOOTER.is_match(line) && line.chars().count() <= 400 {
        return Some((Furniture::Skip, "copyright/ICP footer"));
    }
    if line.chars().count() > 80 {
        return None;
    }
    COMPILED
        .iter()
        .find(|(re, _, _)| re.is_match(line))
        .map(|(_, what, name)| (*what, *name))
}
