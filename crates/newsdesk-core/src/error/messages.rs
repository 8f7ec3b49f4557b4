//! Every message the core shows a person, in both languages, as one table.
//!
//! A row is a template in Chinese and in English with `{name}` holes; [`fill`] puts the
//! values in. Values that come from input go through [`echo`] first, so a message is always
//! one printable line however hostile the input (a terminal reading the CLI's stderr never sees
//! a raw escape sequence). Chinese rows use full-width punctuation, as Chinese text does.

use crate::lang::Lang;

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// The key of a row of [`MESSAGES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Msg { $($key),* }

        /// `(key, zh-CN, en)` for every message.
        pub(crate) const MESSAGES: &[(Msg, &str, &str)] = &[$((Msg::$key, $zh, $en)),*];
    };
}

messages! {
    NotFound =>
        "找不到{what}「{id}」：它可能已被删除，请刷新列表。",
        "No {what} “{id}”: it may have been deleted; refresh the list.";
    SchemaTooNew =>
        "这个数据库由更新版本的编辑台创建（结构版本 {found}，本版本支持到 {supported}），未作任何修改。请升级编辑台后再打开。",
        "This database was written by a newer Newsdesk (schema {found}; this one knows up to {supported}). It was left untouched: upgrade Newsdesk to open it.";
    NoSite =>
        "数据库里还没有站点：请先运行 `newsdesk init --name 站名 --url 网址`，或 `newsdesk demo`。",
        "The database has no site yet: run `newsdesk init --name NAME --url URL` or `newsdesk demo` first.";
    Import =>
        "第 {line} 行：{message}（未导入任何文章）",
        "line {line}: {message} (nothing was imported)";
    Database =>
        "数据库读写失败：{detail}。请检查磁盘空间和文件权限后重试。",
        "The database could not be read or written: {detail}. Check disk space and file permissions, then try again.";
    Damaged =>
        "{what}「{id}」的记录已损坏，无法读取（{problem}）。其他文章不受影响；请从修订历史恢复，或用备份重新导入这一篇。",
        "The stored {what} “{id}” is damaged and cannot be read ({problem}). Nothing else is affected; restore it from its history or import it again from a backup.";
    Template =>
        "模板 {name} 第 {line} 行有错误：{detail}。请修改模板文件后重试。",
        "The template {name} has an error at line {line}: {detail}. Fix the template file and try again.";
    Io =>
        "无法读写文件 {path}：{detail}",
        "Cannot read or write {path}: {detail}";
    IoMissing =>
        "找不到 {path}：它可能已被移走或删除。请选择现有的文件或文件夹（{detail}）。",
        "{path} does not exist: it may have been moved or deleted. Choose one that exists ({detail}).";
    IoDenied =>
        "没有权限读写 {path}。请选择你有权写入的位置，或检查它的权限（{detail}）。",
        "No permission to read or write {path}. Choose a place you may write to, or check its permissions ({detail}).";
    IoNotFolder =>
        "{path} 上面的某一级是文件而不是文件夹。请选择一个文件夹（{detail}）。",
        "A folder on the way to {path} is a file. Choose a folder ({detail}).";
    IoExists =>
        "{path} 已经存在：它是文件而这里需要文件夹，或是别的程序的文件。请换一个名字或位置（{detail}）。",
        "{path} already exists: a file where a folder is needed, or another program's file. Choose another name or place ({detail}).";
    IoIsFolder =>
        "{path} 是文件夹，这里需要一个文件。请选择一个文件（{detail}）。",
        "{path} is a folder where a file is needed. Choose a file ({detail}).";
    IoNotText =>
        "{path} 不是 UTF-8 编码的文本。请在编辑器里把它另存为 UTF-8 后重试（{detail}）。",
        "{path} is not UTF-8 text. Save it as UTF-8 in a text editor and try again ({detail}).";
    IoDiskFull =>
        "磁盘已满，无法写入 {path}。请腾出空间后重试（{detail}）。",
        "The disk is full: {path} could not be written. Free some space and try again ({detail}).";
    IoReadOnly =>
        "{path} 所在的位置是只读的。请选择另一个位置（{detail}）。",
        "{path} is on a read-only disk. Choose another place ({detail}).";
    TitleRequired => "标题不能为空：已发布和定时发布的文章需要标题。草稿可以先不写标题。", "The title is required to publish or schedule an article; a draft may go without one for now.";
    SiteNameRequired => "站点名称不能为空。", "The site name is required.";
    ChannelNameRequired => "栏目名称不能为空。", "The channel name is required.";
    SourceAfterPublish =>
        "来源时间（{source}）晚于发布日期（{publish}）：转载不能早于原文，请检查两个时间。",
        "The source time ({source}) is after the publish time ({publish}): a repost cannot precede its original; check both times.";
    Url =>
        "{field}不是有效的网址：「{value}」。请填写以 http:// 或 https:// 开头的完整网址。",
        "The {field} is not a valid URL: “{value}”. Enter a full address starting with http:// or https://.";
    UnknownChannel =>
        "没有名为「{value}」的栏目。请先在设置里添加栏目（或 `newsdesk channel add {value}`）。",
        "There is no channel “{value}”. Add it first in Settings (or `newsdesk channel add {value}`).";
    ThemeFolderMissing =>
        "主题文件夹「{value}」不存在（是否移动或改名了？）。请在设置里重新选择主题文件夹，或改用内置主题。",
        "The theme folder “{value}” is not there (moved or renamed?). Choose it again in Settings, or use the built-in theme.";
    NoChannel =>
        "网站还没有栏目，文章无处可放。请先在设置里添加一个栏目（或 `newsdesk channel add 栏目名`）。",
        "The site has no channels yet, so the article has nowhere to go. Add one first in Settings (or `newsdesk channel add NAME`).";
    ArticleId =>
        "「{value}」不是文章编号：编号形如 0192e4c5-7a3b-7cde-8f01-23456789abcd，可用 `newsdesk article list` 查看。",
        "“{value}” is not an article id: ids look like 0192e4c5-7a3b-7cde-8f01-23456789abcd; see `newsdesk article list`.";
    ChannelNotEmpty =>
        "栏目「{value}」还有 {n} 篇文章：请选择把它们移到哪个栏目（另一个栏目），文章不会丢失。",
        "The channel “{value}” still has {n} articles: choose another channel to move them to; none is lost.";
    ChannelExists =>
        "栏目「{value}」已经存在（名称和别名都不能重复）。",
        "The channel “{value}” already exists (names and slugs must be unique).";
    SlugClash =>
        "网址别名「{value}」已被另一篇文章使用，请换一个。",
        "The slug “{value}” is already used by another article; choose another.";
    Slug =>
        "网址别名「{value}」无效：只能使用小写字母、数字和连字符，且不能以连字符开头或结尾。",
        "The slug “{value}” is invalid: use lowercase letters, digits and hyphens, not starting or ending with a hyphen.";
    SlugSuggested =>
        "网址别名「{value}」无效：只能使用小写字母、数字和连字符，且不能以连字符开头或结尾，例如「{near}」。",
        "The slug “{value}” is invalid: use lowercase letters, digits and hyphens, not starting or ending with a hyphen, such as “{near}”.";
    SlugTooLong =>
        "网址别名太长：{n} 个字符，上限 {limit} 个（它是导出页面的文件名）。请缩短后重试。",
        "The slug is too long: {n} characters, more than the {limit} it may have (it names the exported page's file). Shorten it and try again.";
    SlugReserved =>
        "网址别名「{value}」是 Windows 的设备名，导出的页面在 Windows 上无法保存。请换一个，例如「{value}-1」。",
        "The slug “{value}” is a Windows device name: the exported page could not be saved on Windows. Choose another, such as “{value}-1”.";
    Time =>
        "无法识别时间「{value}」：请使用 2021/9/13 2:43:08、2021-09-13 02:43、2020-08-12 或 2021年9月13日 这样的写法，并确认日期存在。",
        "Cannot read the time “{value}”: write it like 2021/9/13 2:43:08, 2021-09-13 02:43, 2020-08-12 or 2021年9月13日, and check that the date exists.";
    TimeSkipped =>
        "「{value}」在 {zone} 并不存在：那天夜里时钟拨快，跳过了这段时间。请写一个稍晚的时间（例如晚一小时）。",
        "“{value}” does not exist in {zone}: the clocks jump forward that night and skip it. Write a later time (an hour later, say).";
    TimeOutOfRange =>
        "时间「{value}」超出范围：发布日期和来源时间须在 {first} 年至 {last} 年之间，请检查年份。",
        "The time “{value}” is out of range: publish and source times must fall between the years {first} and {last}; check the year.";
    TimeZone =>
        "未知的时区「{value}」：请使用 IANA 时区名，如 Asia/Shanghai。",
        "Unknown time zone “{value}”: use an IANA name such as Asia/Shanghai.";
    Status =>
        "未知的状态「{value}」：可用的有 draft、ready、scheduled、published、withdrawn。",
        "Unknown status “{value}”: use draft, ready, scheduled, published or withdrawn.";
    ScheduledWithoutTime => "定时发布的文章需要发布日期。", "A scheduled article needs a publish time.";
    NothingToUndo =>
        "这次恢复已无法撤销：恢复之后文章又有了新的修改。如需回到之前的内容，请在修订历史里选择那一版恢复。",
        "This restore can no longer be undone: the article changed after it. To go back, pick that revision in the history and restore it.";
    UrlPattern =>
        "网址规则「{value}」无效：必须是以 .html 结尾的相对路径，含 {{slug}} 或 {{id}}，且不能含 .. 或以 / 开头。",
        "The URL pattern “{value}” is invalid: it must be a relative path ending in .html that contains {{slug}} or {{id}}, without .. or a leading /.";
    Json => "JSON 格式错误：{value}", "Malformed JSON: {value}";
    BodyTooLarge =>
        "正文有 {size} MB，超过上限 {limit} MB，未保存。请把它拆成几篇文章，或删去粘贴进来的多余内容。",
        "The body is {size} MB, more than the limit of {limit} MB, and was not saved. Split it into several articles or remove what was pasted by mistake.";
    PhotoEmpty =>
        "图片 {file} 是空文件（0 字节），未导入。请重新导出或下载这张图片。",
        "The photo {file} is empty (0 bytes) and was not imported. Export or download it again.";
    PhotoNotAnImage =>
        "{file} 不是 JPEG、PNG、WebP 或 GIF 图片（无论扩展名是什么），未导入。请选择图片文件。",
        "{file} is not a JPEG, PNG, WebP or GIF image, whatever its name says; nothing was imported. Choose an image file.";
    PhotoTooManyPixels =>
        "图片 {file} 声称有 {width}×{height} 像素，超过上限 {limit} 百万像素，未导入。请先缩小图片再导入。",
        "The photo {file} claims {width}×{height} pixels, more than the limit of {limit} megapixels; nothing was imported. Scale it down first.";
    PhotoFileTooLarge =>
        "图片 {file} 有 {size} MB，超过上限 {limit} MB，未导入。请先压缩或缩小图片。",
        "The photo {file} is {size} MB, more than the limit of {limit} MB; nothing was imported. Compress or scale it down first.";
    PhotoTruncated =>
        "图片 {file} 不完整（文件提前结束，可能没有下载或拷贝完），未导入。请重新获取原图。",
        "The photo {file} is incomplete (the file ends early, perhaps an unfinished download or copy); nothing was imported. Get the original again.";
    PhotoDamaged =>
        "图片 {file} 已损坏（{detail}），未导入。请重新获取原图。",
        "The photo {file} is damaged ({detail}); nothing was imported. Get the original again.";
    PhotoUnsupported =>
        "暂不支持图片 {file} 的格式（{detail}），未导入。请另存为普通 JPEG 或 PNG 后再导入。",
        "The photo {file} uses a variant Newsdesk cannot read ({detail}); nothing was imported. Save it as a plain JPEG or PNG and try again.";
    Network =>
        "无法连接门户 {url}：{detail}。文章留在待发送队列里，网络恢复后会自动发送。",
        "Cannot reach the portal {url}: {detail}. The articles stay in the queue and go out when the portal answers again.";
    Auth =>
        "门户「{target}」不接受保存的用户名或应用密码（{detail}），向它的发送已暂停。请重新授权，或用 `newsdesk target add` 重新输入应用密码。",
        "The portal “{target}” refused the stored user name or application password ({detail}); sending to it is paused. Authorize again, or enter the application password again with `newsdesk target add`.";
    Keychain =>
        "无法在系统钥匙串中保存或读取「{target}」的应用密码（{detail}）。没有钥匙串的服务器上，请用 `--password-stdin` 从标准输入提供密码。",
        "Cannot store or read the application password of “{target}” in the OS keychain ({detail}). On a server without a keychain, give the password on standard input with `--password-stdin`.";
    NoKeychainNoStdin =>
        "{url} 的应用密码不在系统钥匙串里，这台机器也没有可用的钥匙串。请用 `--password-stdin` 从标准输入提供密码。",
        "The application password for {url} is not in an OS keychain, and this machine has none available. Give it on standard input with `--password-stdin`.";
    CredentialsRefused =>
        "门户 {url} 不接受用户「{user}」和这个应用密码。请检查用户名，并在门户的「用户 → 个人资料 → 应用密码」里新建一个应用密码。",
        "The portal {url} refused the user “{user}” with this application password. Check the user name, and create a new application password under Users → Profile → Application Passwords on the portal.";
    AuthorizationRejected =>
        "门户 {url} 的授权页面上选择了不授权，未添加任何内容。如需连接，请再点一次「在浏览器中授权」并选择同意。",
        "The authorization was declined on the portal {url}; nothing was added. To connect, choose “Authorize in browser” again and approve.";
    AuthorizationUnasked =>
        "收到了来自 {url} 的授权回调，但编辑台没有发起过这次授权，已忽略。请在设置的「发布目标」里重新点「在浏览器中授权」。",
        "An authorization callback from {url} arrived that Newsdesk did not ask for; it was ignored. Choose “Authorize in browser” under Settings → Targets again.";
    NoRestApi =>
        "{url} 没有 WordPress REST 接口（/wp-json/ 没有正确应答）。请检查网址，并确认门户是 WordPress 4.7 以上且未关闭 REST 接口。",
        "{url} has no WordPress REST API (/wp-json/ does not answer as one). Check the address, and that the portal runs WordPress 4.7 or later with the REST API on.";
    NoApplicationPasswords =>
        "{url} 不支持应用密码：需要 WordPress 5.6 以上、使用 HTTPS，且没有插件关闭应用密码。请联系门户管理员。",
        "{url} does not offer application passwords: it needs WordPress 5.6 or later, HTTPS, and no plugin switching them off. Ask the portal's administrator.";
    MissingCapability =>
        "门户 {url} 的用户「{user}」没有 {capability} 权限，无法推送文章。请让管理员把该用户设为编辑（Editor）角色。",
        "The user “{user}” on {url} lacks the {capability} capability needed to push articles. Ask the administrator to give the account the Editor role.";
    RemoteRefused =>
        "门户 {url} 拒绝了请求（HTTP {status}{why}）。",
        "The portal {url} refused the request (HTTP {status}{why}).";
    PageUnreachable =>
        "无法打开网页 {url}：{detail}。请检查网址和网络连接后重试，或在浏览器中把网页另存为文件再导入。",
        "Cannot open the page {url}: {detail}. Check the address and the network connection and try again, or save the page from a browser and import the file.";
    PageRefused =>
        "网页 {url} 无法读取：网站回答 HTTP {status}。请检查网址，或在浏览器中把网页另存为文件再导入。",
        "The page {url} could not be read: the site answered HTTP {status}. Check the address, or save the page from a browser and import the file.";
    PageTooLarge =>
        "网页 {url} 太大（{bytes} 字节），未读取。",
        "The page {url} is too large ({bytes} bytes); it was not read.";
    RemoteUnreadable =>
        "门户 {url} 的应答无法读取（{detail}）。请确认网址指向 WordPress 门户。",
        "The answer of the portal {url} cannot be read ({detail}). Check that the address is a WordPress portal.";
    TargetExists =>
        "发布目标「{value}」已经存在，请换一个名称，或先删除旧的。",
        "The target “{value}” already exists; choose another name or remove the old one first.";
    TargetName =>
        "发布目标名称「{value}」无效：不能为空，也不能含换行等控制字符。",
        "The target name “{value}” is invalid: it must not be empty or contain control characters.";
    SiteFileExists =>
        "文件「{value}」已经存在：新站点不会覆盖已有文件。请换一个文件名，或用「打开站点…」打开它。",
        "The file “{value}” already exists: a new site never overwrites a file. Choose another file name, or open it with Open Site….";
    NotASite =>
        "「{value}」不是编辑台的站点文件，未作任何修改。请选择以 .db 结尾、由编辑台创建的文件。",
        "“{value}” is not a Newsdesk site file; it was left untouched. Choose a .db file that Newsdesk made.";
    Meta =>
        "字段 {key} 的值「{value}」门户不会接受，未发送。请改正后再推送。",
        "The portal would refuse the value “{value}” of {key}; nothing was sent. Correct it and push again.";
    UpdateUnsavedWork =>
        "有未保存的修改，保存后再安装。",
        "There are unsaved changes: save them, then install the update.";
    UpdateNothingOffered =>
        "没有可安装的更新：请先在「帮助 → 检查更新…」里检查更新。",
        "There is no update to install: check for one first under Help → Check for Updates….";
    UpdateUnreachable =>
        "无法检查更新：{detail}。请检查网络连接后，在「帮助 → 检查更新…」里重试。",
        "Cannot check for updates: {detail}. Check the network connection, then try again under Help → Check for Updates….";
    UpdateBadSignature =>
        "更新包的签名与本应用信任的公钥不符（{detail}），已丢弃，未安装。更新源可能被篡改或配置有误，请联系维护者，或从官网下载安装包。",
        "The update's signature does not match the key this app trusts ({detail}); the package was discarded and nothing was installed. The update channel may be tampered with or misconfigured: tell the maintainers, or download the installer from the website.";
    UpdateDownload =>
        "更新包下载失败：{detail}。未安装任何内容，请稍后重试。",
        "The update could not be downloaded: {detail}. Nothing was installed; try again later.";
    UpdateInstall =>
        "更新包已通过签名验证，但安装失败：{detail}。当前版本未受影响，请用官网的安装包手动更新。",
        "The update passed its signature check but could not be installed: {detail}. This version is unharmed; update by hand with the installer from the website.";
    PhotoSettings =>
        "图片尺寸设置无效：{detail}。请在设置里改正后重试。",
        "The photo size settings are invalid: {detail}. Correct them in Settings and try again.";
    PhotoFilesMissing =>
        "照片「{file}」的文件不在媒体文件夹里了，无法使用。请重新导入这张照片，或把它从文章中删去。",
        "The files of the photo “{file}” are no longer in the media folder, so it cannot be used. Import the photo again, or remove it from the article.";
}

/// The template of `msg` in `lang` with its holes filled; a hole without a value stays as it is
/// (a test makes sure none does).
pub(crate) fn fill(msg: Msg, lang: Lang, values: &[(&str, &str)]) -> String {
    let (_, zh, en) = MESSAGES
        .iter()
        .find(|(m, _, _)| *m == msg)
        .expect("every key has a row: the macro makes both");
    let template = lang.pick(zh, en);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let name = &tail[1..end];
            match values.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// How many characters of an input a message repeats.
const ECHO_CHARS: usize = 80;

/// An input as a message may repeat it: control characters (and the invisible ones that
/// reorder or break lines) written as escapes (`\n`, `\u{1b}`), and cut to [`ECHO_CHARS`].
pub fn echo(input: &str) -> String {
    echo_cut(input, ECHO_CHARS)
}

/// [`echo`], cut after `max` characters.
pub fn echo_cut(input: &str, max: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max.saturating_mul(4)));
    for (n, c) in input.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible_layout(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Characters that print nothing yet move or reorder the text around them: zero-width ones,
/// line and paragraph separators, the bidirectional controls, the byte-order mark.
fn is_invisible_layout(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(template: &str) -> Vec<String> {
        let t = template.replace("{{", "").replace("}}", "");
        let mut names: Vec<String> = t
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_holes() {
        for (key, zh, en) in MESSAGES {
            assert!(
                !zh.trim().is_empty() && !en.trim().is_empty(),
                "{key:?} needs both languages"
            );
            assert_eq!(
                holes(zh),
                holes(en),
                "{key:?}: both languages must fill the same values"
            );
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key:?}: the zh-CN row must be Chinese"
            );
        }
    }

    #[test]
    fn chinese_messages_use_full_width_punctuation() {
        for (key, zh, _) in MESSAGES {
            // Half-width punctuation is allowed only inside `code`, in URLs (http://) and in
            // times written as editors type them (2:43:08).
            let outside_code: String = zh.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            let chars: Vec<char> = outside_code.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1).copied();
                let ok = match c {
                    ':' => {
                        next == Some('/')
                            || (prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()))
                    }
                    ',' | ';' | '(' | ')' | '!' | '?' => false,
                    _ => true,
                };
                assert!(ok, "{key:?}: half-width {c:?} in a Chinese sentence: {zh}");
            }
        }
    }

    #[test]
    fn fill_puts_every_value_in_and_keeps_literal_braces() {
        let s = fill(Msg::UrlPattern, Lang::En, &[("value", "x")]);
        assert!(s.contains("“x”") && s.contains("{slug}") && s.contains("{id}"), "{s}");
        let s = fill(Msg::NotFound, Lang::Zh, &[("what", "文章"), ("id", "abc")]);
        assert_eq!(s, "找不到文章「abc」：它可能已被删除，请刷新列表。");
    }

    #[test]
    fn echo_makes_one_printable_line_of_any_input() {
        for input in [
            "a\nb",
            "a\r\nb",
            "\u{1b}[2J\u{1b}[H",
            "\u{7}bell",
            "del\u{7f}",
            "x\u{2028}y",
            "\u{202e}evil",
            "\u{85}nel",
        ] {
            let e = echo(input);
            assert!(
                !e.chars().any(|c| c.is_control() || is_invisible_layout(c)),
                "{input:?} must be escaped, got {e:?}"
            );
        }
        assert_eq!(echo("a\nb\u{1b}"), "a\\nb\\u{1b}");
        let long = "长".repeat(500);
        assert_eq!(
            echo(&long).chars().count(),
            ECHO_CHARS + 1,
            "long input is cut with an ellipsis"
        );
    }
}
