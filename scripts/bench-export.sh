#!/usr/bin/env bash
# Benchmark of `newsdesk export` against Hugo (Debian's `hugo`) building the same site.
#
# Content: ARTICLES (10,000) articles of about 3,000 Chinese characters each (paragraphs and two
# `##` subheadings drawn from a fixed pool of sentences by a seeded PRNG, so every run makes the
# same text), 10 channels, publish times spread over 2021–2022, a source and an author each.
# It is written twice: as JSON lines for `newsdesk article import`, and as Hugo content
# (content/<channel>/<slug>.md, TOML front matter) for an equally simple Hugo site: a page per
# article (breadcrumb, title, 发布日期 meta line, body, 来源/作者, 最新<栏目> list), channel pages
# paginated by 20, a home page with the latest of every channel, a 404 page; no taxonomies; Hugo's
# default RSS and sitemap stay on (Newsdesk writes RSS, Atom, sitemaps (an index and one per
# channel) and a 404 page too).
#
# Timed, in the same run, each into an empty output folder, median of RUNS (3), alternating:
#   newsdesk --db DB export --full --out DIR      vs      hugo --quiet -d DIR   (written to disk)
# wall time and peak RSS (/usr/bin/time -v), files written by each, pages per second, ratios.
# Then the incremental export: after a full export, one article's body is edited
# (`article edit ID --body-file F`) and `export --out DIR` (not --full) is timed, median of
# INC_RUNS (9), a fresh edit before each run (and `sync`, as before every full build).
# Targets: full export at most 1/4 of Hugo's time and 1/4 of its peak memory; incremental < 50 ms.
#
# Every timed run writes into a folder of its own that no earlier run used, and nothing is deleted
# while runs are timed: on ext4 without a journal (as here), creating files is several times slower
# for a few minutes after many files were deleted (the inode allocator skips recently freed inodes,
# up to 6 minutes while their inode-table blocks are dirty). Outputs are deleted at the end (KEEP=1
# keeps them), and a run that starts within 6 minutes of such a deletion waits the rest out first.
#
#   scripts/bench-export.sh                  # ARTICLES=10000 RUNS=3 INC_RUNS=9
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-10000}
RUNS=${RUNS:-3}
INC_RUNS=${INC_RUNS:-9}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
mkdir -p "$TARGET_DIR/bench-export"
WORK=$(cd "$TARGET_DIR/bench-export" && pwd)
RUNS_DIR="$WORK/runs"
FREED="$WORK/.freed-at"
# forget DIR...: deletes many files and notes when, see above.
forget() {
    rm -rf "$@"
    sync
    date +%s >"$FREED"
}
[ -e "$RUNS_DIR" ] && forget "$RUNS_DIR"

need=()
command -v hugo >/dev/null || need+=(hugo)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "building newsdesk (release)" >&2
cargo build --release -q -p newsdesk-cli
NEWSDESK=$(cd "$TARGET_DIR/release" && pwd)/newsdesk

# ---------------------------------------------------------------------------------------------
# 1. Content: the same articles as JSON lines and as Hugo content.
# ---------------------------------------------------------------------------------------------
SITE_NAME="黔北新闻网"
SITE_URL="https://bench.example"
HUGO="$WORK/hugo"
JSONL="$WORK/articles.jsonl"
# The same text every time: made again only when this script or ARTICLES changed.
STAMP="$(sed -n '/^# 1\. Content/,/^# 2\. The Hugo site/p' "$0" | sha256sum | cut -c1-16)-$ARTICLES"
if [ "$(cat "$WORK/content.stamp" 2>/dev/null)" != "$STAMP" ] || [ ! -s "$JSONL" ]; then
echo "generating $ARTICLES articles" >&2
[ -e "$HUGO/content" ] && forget "$HUGO/content"
rm -f "$WORK/content.stamp"
python3 - "$JSONL" "$HUGO" "$ARTICLES" <<'PY'
import json, os, random, sys
from datetime import datetime, timedelta

jsonl, hugo, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(20210913)

CHANNELS = [("时政", "shizheng"), ("要闻", "yaowen"), ("县区", "xianqu"), ("经济", "jingji"),
            ("社会", "shehui"), ("文化", "wenhua"), ("教育", "jiaoyu"), ("旅游", "lvyou"),
            ("生态", "shengtai"), ("评论", "pinglun")]

SENTENCES = """
9月12日,市委书记率队深入汇川区、红花岗区部分企业和项目建设现场,调研工业经济发展和重大项目推进情况。
他强调,要坚持以高质量发展统揽全局,围绕“四新”主攻“四化”,奋力在新时代西部大开发上闯新路。
在贵州航天电器股份有限公司,他详细了解企业生产经营、技术研发和市场拓展等情况。
企业负责人介绍,今年以来公司订单饱满,上半年实现营业收入同比增长百分之二十三。
他指出,企业是经济发展的主体,要持续优化营商环境,帮助企业解决用工、融资、用地等实际困难。
各级各部门要主动靠前服务,做到有求必应、无事不扰,让企业安心经营、放心投资、专心发展。
当天上午,调研组一行还来到遵义综合保税区,实地察看园区规划建设和企业入驻情况。
据了解,该园区自封关运营以来,累计完成进出口额超过四十亿元,带动就业三千余人。
要加快补齐基础设施短板,完善产业配套,提升园区承载能力,推动更多优质项目落地见效。
会议传达学习了省委全会精神,研究部署了下一阶段经济社会发展重点工作。
会议指出,今年以来全市上下认真贯彻落实党中央和省委决策部署,经济运行总体平稳、稳中有进。
同时也要清醒看到,当前发展仍面临不少困难和挑战,稳增长、调结构、防风险任务依然艰巨。
要牢牢守住发展和生态两条底线,统筹做好疫情防控和经济社会发展各项工作。
连日来,播州区组织农技人员深入田间地头,指导群众抢抓农时开展秋收秋种。
走进枫香镇花茂村,金黄的稻田一望无际,收割机来回穿梭,处处是丰收的繁忙景象。
村党支部书记告诉记者,今年村里水稻种植面积达到一千二百亩,预计亩产可达五百五十公斤。
近年来,当地大力发展辣椒、茶叶、蔬菜等特色产业,群众收入稳步提高,日子越过越红火。
“以前靠天吃饭,现在有了合作社和订单,种多少都不愁卖。”村民王大姐笑着说。
为确保颗粒归仓,镇里统筹调配农机具八十余台,组建志愿服务队帮助劳动力不足的家庭抢收。
赤水市依托丰富的竹资源,积极推动竹产业与文化旅游深度融合,走出一条绿色发展新路。
目前,全市竹林面积达到一百三十二万亩,竹产业综合产值突破八十亿元。
在一家竹木加工企业的生产车间里,工人们正有条不紊地进行切割、打磨、包装等工序。
这些竹制品远销欧美、日韩等国家和地区,深受海外消费者青睐。
仁怀市坚持把酱香白酒产业作为首位产业,持续擦亮“中国酒都”金字招牌。
该市严格执行生产标准,加强质量监管,推动白酒产业向品牌化、集群化、高端化方向发展。
市教育局相关负责人表示,今年秋季学期全市新增公办学位一万两千余个,有效缓解了入学压力。
开学第一天,遵义市第一中学组织开展了丰富多彩的主题教育活动,引导学生扣好人生第一粒扣子。
学校还邀请老党员、老教师走进课堂,为学生讲述长征故事,传承红色基因。
在红军山烈士陵园,前来参观的游客络绎不绝,大家怀着崇敬的心情缅怀革命先烈。
遵义会议会址是全国重点文物保护单位,也是全国爱国主义教育示范基地。
近年来,景区不断创新展陈方式,运用数字技术让历史场景“活”起来,吸引了大批年轻游客。
据统计,今年国庆假期全市共接待游客五百八十六万人次,实现旅游综合收入四十五亿元。
文化和旅游部门提前谋划,推出红色研学、乡村旅游、避暑康养等十余条精品旅游线路。
为保障游客出行安全,交警部门在主要景区周边增设临时停车场,加强交通疏导。
市场监管部门加大节日期间市场检查力度,严厉打击价格欺诈、以次充好等违法行为。
赤水河是长江上游重要支流,也是全国唯一一条干流未建水坝的长江一级支流。
近年来,沿岸各地认真落实河长制,全面推进流域生态保护和综合治理。
经过持续治理,赤水河干流水质稳定保持在二类以上,水生生物多样性明显恢复。
当地还实施十年禁渔,组建护渔队伍,开展常态化巡查,守护一河清水。
生态环境部门负责人介绍,今年以来全市空气质量优良天数比例达到百分之九十八点六。
下一步,将继续深入打好蓝天、碧水、净土保卫战,推动生态环境质量持续改善。
社区工作人员挨家挨户走访,了解独居老人的生活状况,帮助他们解决实际困难。
“有了社区食堂,老人们每天都能吃上热乎饭菜,子女在外地也放心。”社区主任说。
该社区共有居民四千余户,其中六十岁以上老年人占比接近百分之二十。
今年以来,街道投入资金三百余万元,对老旧小区的管网、道路、照明等设施进行改造。
改造完成后,小区面貌焕然一新,居民的幸福感、获得感明显提升。
消防救援支队提醒广大市民,秋冬季节天干物燥,要注意用火用电安全,及时消除火灾隐患。
公安机关持续深入开展夏季治安打击整治行动,全市刑事警情同比下降百分之十五点二。
法院通过巡回审判、以案释法等方式,将法治宣传送到群众家门口。
医疗保障局介绍,全市城乡居民基本医疗保险参保率稳定在百分之九十五以上。
新建成的市妇幼保健院综合大楼正式投入使用,开放床位六百张,进一步满足了群众就医需求。
在项目建设现场,塔吊林立、机器轰鸣,工人们正抢抓晴好天气加快施工进度。
该项目总投资二十八亿元,建成后将新增年产值五十亿元,解决就业岗位两千个。
项目负责人表示,将倒排工期、挂图作战,确保项目按期建成投产。
高速公路建设持续推进,全市高速公路通车里程已突破一千五百公里,实现县县通高速。
乡村振兴部门持续巩固拓展脱贫攻坚成果,严格落实“四个不摘”要求,坚决守住不发生规模性返贫底线。
各地因地制宜发展特色种养业,培育新型农业经营主体,带动群众持续增收。
驻村第一书记扎根基层,带领群众修路建房、发展产业,赢得了乡亲们的信赖。
夜幕降临,湘江河畔灯火璀璨,市民们或散步、或跳舞,享受着惬意的城市生活。
这座历史文化名城正以开放包容的姿态,迎接八方来客,展现新时代的发展活力。
""".split()

HEADINGS = ["一、聚焦重点任务,狠抓工作落实", "二、优化营商环境,激发市场活力", "三、坚守生态底线,推动绿色发展",
            "四、增进民生福祉,提升群众幸福感", "五、传承红色基因,赓续精神血脉", "六、抓好项目建设,夯实发展基础",
            "七、巩固脱贫成果,全面推进乡村振兴", "八、加强基层治理,维护社会稳定", "九、壮大特色产业,拓宽增收渠道",
            "十、深化改革开放,增强发展动能"]
PLACES = ["汇川区", "红花岗区", "播州区", "新蒲新区", "仁怀市", "赤水市", "桐梓县", "绥阳县", "正安县", "道真县",
          "务川县", "凤冈县", "湄潭县", "余庆县", "习水县", "我市", "市委", "市政府", "市人大", "市政协"]
EVENTS = ["召开专题会议研究部署重点工作", "扎实推进秋收秋种工作", "加快推进重大项目建设", "持续优化营商环境",
          "开展安全生产大检查", "推动特色产业提质增效", "全力抓好防汛救灾工作", "举行新学期开学典礼",
          "启动红色文化旅游季", "深入开展文明城市创建", "加强赤水河流域生态保护", "推进老旧小区改造",
          "召开经济运行调度会", "开展送法进乡村活动", "举办农民丰收节活动", "推进乡村振兴示范点建设"]
SOURCES = ["遵义日报", "遵义晚报", "贵州日报", "新华社", "人民网", "遵义市融媒体中心", "天眼新闻", "多彩贵州网"]
AUTHORS = ["王媛媛", "李华", "张天明", "陈鋆", "刘晓燕", "杨帆", "赵丽", "黄志强", "周敏", "吴晓东", "徐静", "孙浩"]

def paragraph():
    return "".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 6)))

def body():
    target = rng.randint(2850, 3150)
    paras, size = [], 0
    while size < target:
        p = paragraph()
        paras.append(p)
        size += len(p)
    # Two subheadings, at about a third and two thirds of the text.
    n = len(paras)
    h = rng.sample(HEADINGS, 2)
    paras.insert(2 * n // 3, "## " + h[1])
    paras.insert(n // 3, "## " + h[0])
    return "\n\n".join(paras) + "\n"

def toml(s):
    return json.dumps(s, ensure_ascii=False)

start = datetime(2021, 1, 1)
span = 2 * 365 * 24 * 3600
os.makedirs(os.path.join(hugo, "content"), exist_ok=True)
for w, (name, slug) in enumerate(CHANNELS, 1):
    d = os.path.join(hugo, "content", slug)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "_index.md"), "w", encoding="utf-8") as f:
        f.write(f"+++\ntitle = {toml(name)}\nweight = {w}\n+++\n")

chars = 0
with open(jsonl, "w", encoding="utf-8") as out:
    for i in range(count):
        name, cslug = CHANNELS[i % len(CHANNELS)]
        title = rng.choice(PLACES) + rng.choice(EVENTS)
        slug = f"a{i:05d}"
        when = start + timedelta(seconds=rng.randrange(span))
        text = body()
        chars += len(text)
        summary = rng.choice(SENTENCES)
        source, author = rng.choice(SOURCES), rng.choice(AUTHORS)
        out.write(json.dumps({
            "title": title, "slug": slug, "channel": name, "status": "published",
            "publish_at": when.strftime("%Y-%m-%d %H:%M:%S"), "body": text, "summary": summary,
            "source": {"name": source, "author": author},
        }, ensure_ascii=False) + "\n")
        with open(os.path.join(hugo, "content", cslug, slug + ".md"), "w", encoding="utf-8") as f:
            f.write("+++\n"
                    f"title = {toml(title)}\n"
                    f"slug = {toml(slug)}\n"
                    f"date = {when.strftime('%Y-%m-%dT%H:%M:%S')}+08:00\n"
                    f"summary = {toml(summary)}\n"
                    f"source = {toml(source)}\n"
                    f"author = {toml(author)}\n"
                    "+++\n" + text)
print(f"{count} articles, {chars / max(count, 1):.0f} characters of Markdown each on average", file=sys.stderr)
PY
echo "$STAMP" >"$WORK/content.stamp"
fi

# ---------------------------------------------------------------------------------------------
# 2. The Hugo site: as simple as Newsdesk's theme, the same style sheet inlined in every page.
# ---------------------------------------------------------------------------------------------
mkdir -p "$HUGO/layouts/_default" "$HUGO/layouts/partials"
{
    printf 'baseURL = "%s/"\nlanguageCode = "zh-CN"\ntitle = "%s"\n' "$SITE_URL" "$SITE_NAME"
    cat <<'TOML'
disableKinds = ["taxonomy", "term"]
paginate = 20
# Newsdesk's feeds carry the 20 newest articles; Hugo's default is every page of the section.
rssLimit = 20
uglyURLs = true
[markup.goldmark.renderer]
unsafe = false
[permalinks]
TOML
    for s in shizheng yaowen xianqu jingji shehui wenhua jiaoyu lvyou shengtai pinglun; do
        printf '%s = "/:section/:year/:month/:slug"\n' "$s"
    done
} >"$HUGO/hugo.toml"
{
    echo '<style>'
    cat crates/newsdesk-core/theme/style.css
    echo '</style>'
} >"$HUGO/layouts/partials/style.html"
cat >"$HUGO/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
{{ block "meta" . }}{{ end }}
<link rel="alternate" type="application/rss+xml" title="{{ .Site.Title }}" href="{{ "index.xml" | relURL }}">
{{ partialCached "style.html" . }}
</head>
<body id="top">
<header class="masthead">
<a class="site-name" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav class="channels">{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</header>
<main class="page">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<p><a href="#top">返回顶部</a></p>
</footer>
</body>
</html>
HTML
cat >"$HUGO/layouts/_default/single.html" <<'HTML'
{{ define "title" }}{{ .Title }} - {{ .Site.Title }}{{ end }}
{{ define "meta" }}{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}{{ end }}
{{ define "main" }}
<nav class="breadcrumb"><a href="{{ "/" | relURL }}">返回首页</a> &gt; 您现在的位置: <a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> &gt; <a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a> &gt; 正文</nav>
<article class="article">
<header>
<h1 class="title">{{ .Title }}</h1>
<p class="meta"><span class="published">发布日期:{{ .Date.Format "2006/1/2 15:04:05" }}</span> <span class="views">浏览:<span class="view-count">0</span></span></p>
</header>
<div class="body">
{{ .Content }}
</div>
<footer class="attribution">
{{ with .Params.source }}<p class="source">来源:{{ . }}</p>{{ end }}
{{ with .Params.author }}<p class="author">作者:{{ . }}</p>{{ end }}
</footer>
</article>
<aside class="latest">
<h2>最新{{ .CurrentSection.Title }}</h2>
<ul>
{{ range first 10 .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
</aside>
{{ end }}
HTML
cat >"$HUGO/layouts/_default/list.html" <<'HTML'
{{ define "title" }}{{ .Title }}{{ if gt .Paginator.PageNumber 1 }} 第{{ .Paginator.PageNumber }}页{{ end }} - {{ .Site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumb"><a href="{{ "/" | relURL }}">返回首页</a> &gt; 您现在的位置: <a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> &gt; {{ .Title }}</nav>
<h1 class="channel-title">{{ .Title }}</h1>
<ul class="article-list">
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ with .Paginator }}{{ if gt .TotalPages 1 }}<nav class="pager">{{ if .HasPrev }}<a rel="prev" href="{{ .Prev.URL }}">上一页</a>{{ end }}<span>第 {{ .PageNumber }} / {{ .TotalPages }} 页</span>{{ if .HasNext }}<a rel="next" href="{{ .Next.URL }}">下一页</a>{{ end }}</nav>{{ end }}{{ end }}
{{ end }}
HTML
cat >"$HUGO/layouts/index.html" <<'HTML'
{{ define "main" }}
{{ range .Site.Sections }}<section class="home-channel">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>
{{ range first 10 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
</section>
{{ end }}
{{ end }}
HTML
cat >"$HUGO/layouts/404.html" <<'HTML'
{{ define "title" }}页面不存在 - {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1 class="title">页面不存在</h1>
<p>您要找的页面可能已被删除或移动。<a href="{{ "/" | relURL }}">返回首页</a></p>
{{ end }}
HTML

# ---------------------------------------------------------------------------------------------
# 3. Newsdesk's database (not timed).
# ---------------------------------------------------------------------------------------------
DB="$WORK/site.db"
echo "importing into $DB" >&2
rm -rf "$DB" "$DB-wal" "$DB-shm" "$WORK/site.media"
nd() { "$NEWSDESK" --db "$DB" "$@"; }
nd init --name "$SITE_NAME" --url "$SITE_URL" >/dev/null
for pair in 时政:shizheng 要闻:yaowen 县区:xianqu 经济:jingji 社会:shehui 文化:wenhua 教育:jiaoyu 旅游:lvyou \
    生态:shengtai 评论:pinglun; do
    nd channel add "${pair%%:*}" --slug "${pair##*:}" >/dev/null
done
nd article import --jsonl "$JSONL" >/dev/null

# ---------------------------------------------------------------------------------------------
# 4. Full builds, alternating, each into an empty folder.
# ---------------------------------------------------------------------------------------------
RESULTS="$WORK/results.txt"
: >"$RESULTS"
# run LABEL OUTDIR CMD...: one timed run into the new, empty OUTDIR; appends "LABEL seconds kB files html".
run() {
    local label=$1 dir=$2
    shift 2
    mkdir -p "$dir"
    sync
    local t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$WORK/time.$label" "$@" >/dev/null
    local t1=$EPOCHREALTIME
    local kb files html
    kb=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time.$label")
    files=$(find "$dir" -type f ! -name '.newsdesk-export.json' | wc -l)
    html=$(find "$dir" -type f -name '*.html' | wc -l)
    echo "$label $(python3 -c "print($t1 - $t0)") $kb $files $html" >>"$RESULTS"
    echo "  $label run: $(tail -1 "$RESULTS")" >&2
}
if [ -s "$FREED" ]; then
    left=$(($(cat "$FREED") + 370 - $(date +%s)))
    if [ "$left" -gt 0 ]; then
        echo "waiting ${left} s: many files were deleted here lately, which slows creating files (see above)" >&2
        sleep "$left"
    fi
fi
echo "full builds: $RUNS runs each" >&2
mkdir -p "$RUNS_DIR"
for ((i = 1; i <= RUNS; i++)); do
    run newsdesk "$RUNS_DIR/newsdesk-$i" "$NEWSDESK" --db "$DB" export --full --out "$RUNS_DIR/newsdesk-$i"
    (cd "$HUGO" && run hugo "$RUNS_DIR/hugo-$i" hugo --quiet -d "$RUNS_DIR/hugo-$i")
done

# ---------------------------------------------------------------------------------------------
# 5. Incremental export after editing one article's body.
# ---------------------------------------------------------------------------------------------
echo "incremental: $INC_RUNS runs" >&2
INC="$RUNS_DIR/incremental"
nd export --full --out "$INC" >/dev/null
# As before every full build: the disk settles first (here, the 10,000 files just written), so
# the kernel's write-back of earlier work is not timed as part of the export.
sync
# The article in the middle of 社会 by publish time: its page changes, its channel's lists do not.
ID=$(nd --json article list --channel shehui | python3 -c '
import json, sys
articles = sorted(json.load(sys.stdin), key=lambda a: (a["publish_at"], a["id"]))
print(articles[len(articles) // 2]["id"])')
nd --json article show "$ID" | python3 -c 'import json, sys; print(json.load(sys.stdin)["body"], end="")' >"$WORK/body.md"
for ((i = 1; i <= INC_RUNS; i++)); do
    { cat "$WORK/body.md"; printf '\n编辑补充说明第 %d 次:本文有更新。\n' "$i"; } >"$WORK/body-edit.md"
    nd article edit "$ID" --body-file "$WORK/body-edit.md" >/dev/null
    sync
    t0=$EPOCHREALTIME
    nd --json export --out "$INC" >"$WORK/incremental.json"
    t1=$EPOCHREALTIME
    written=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["written"])' "$WORK/incremental.json")
    echo "incremental $(python3 -c "print($t1 - $t0)") 0 $written 0" >>"$RESULTS"
    echo "  incremental run: $(tail -1 "$RESULTS")" >&2
done

# ---------------------------------------------------------------------------------------------
# 6. The table.
# ---------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$ARTICLES" "$(hugo version | cut -d' ' -f2), $(nproc) cores, $(uname -r)" <<'PY'
import statistics, sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1]):
    label, secs, kb, files, html = line.split()
    rows[label].append((float(secs), int(kb), int(files), int(html)))

def med(label, i):
    return statistics.median(r[i] for r in rows[label])

ok = lambda b: "ok" if b else "MISSED"
nd_t, hu_t = med("newsdesk", 0), med("hugo", 0)
nd_m, hu_m = med("newsdesk", 1), med("hugo", 1)
inc = med("incremental", 0)
print()
print(f"{sys.argv[2]} articles, 10 channels; full builds into an empty folder, median of {len(rows['newsdesk'])} runs")
print(f"hugo {sys.argv[3]}")
print(f"{'':22}{'wall s':>8}{'peak RSS MB':>13}{'files':>8}{'html':>8}{'files/s':>10}")
for label, name in (("newsdesk", "newsdesk export --full"), ("hugo", "hugo")):
    t, m = med(label, 0), med(label, 1)
    files, html = rows[label][-1][2], rows[label][-1][3]
    print(f"{name:22}{t:8.2f}{m / 1024:13.0f}{files:8d}{html:8d}{files / t:10.0f}")
print(f"time ratio   newsdesk/hugo {nd_t / hu_t:.3f}  (target <= 0.25: {ok(nd_t / hu_t <= 0.25)})")
print(f"memory ratio newsdesk/hugo {nd_m / hu_m:.3f}  (target <= 0.25: {ok(nd_m / hu_m <= 0.25)})")
print(f"incremental export after one body edit: median {inc * 1000:.1f} ms of {len(rows['incremental'])} runs, "
      f"{rows['incremental'][-1][2]} files written  (target < 50 ms: {ok(inc < 0.05)})")
PY

if [ -z "${KEEP:-}" ]; then
    forget "$RUNS_DIR"
else
    echo "outputs kept in $RUNS_DIR" >&2
fi
