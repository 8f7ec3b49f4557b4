#!/usr/bin/env bash
# Push to a portal, against the plainest client: 100 articles with one photo each, 3 keywords
# each from a pool of 50, in 5 channels new to the portal, pushed by `newsdesk push --wait` to the
# local test WordPress; then, on the same portal reset to its fresh install, a sequential curl
# loop making the minimal requests for the same content and files (each term once, one media
# upload with its caption and alt, one post create). Prints total time and requests per article.
#
#   scripts/bench-push.sh [ARTICLES]        (100 unless given)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
work=$PWD/target/bench-push
export NEWSDESK_PORTAL_PORT=${NEWSDESK_BENCH_PORTAL_PORT:-18289}
portal=$work/portal
mkdir -p "$work"

cargo build --release --quiet -p newsdesk-cli
nd=$PWD/target/release/newsdesk
./scripts/test-portal.sh start "$portal" >/dev/null
./scripts/test-portal.sh reset "$portal" >/dev/null
# shellcheck disable=SC1091
. "$portal/portal.env"
url=$NEWSDESK_PORTAL_URL
pass=$NEWSDESK_PORTAL_APP_PASSWORD

# The content: distinct photos (one fixture with a different trailer each, so each has its own
# hash), bodies with a figure, keywords from a pool of 50, five channels.
db=$work/bench.db
rm -f "$db" "$db"-* "$work/bench.sync.log"
rm -rf "$work/photos" "$work/media"; mkdir -p "$work/photos"
fixture=crates/newsdesk-core/tests/fixtures/photos/plasma.jpg
"$nd" --db "$db" init --name 基准站 --url https://bench.example >/dev/null
for c in 1 2 3 4 5; do "$nd" --db "$db" channel add "基准栏目$c" --slug "bench-$c" >/dev/null; done
printf '%s\n' "$pass" | "$nd" --db "$db" target add wordpress --name bench --url "$url" \
  --user "$NEWSDESK_PORTAL_USER" --password-stdin >/dev/null
for i in $(seq 1 "$n"); do
  photo=$work/photos/p$i.jpg
  { cat "$fixture"; printf 'newsdesk-bench-%06d' "$i"; } > "$photo"
  k1=$(( (i * 7) % 50 )) k2=$(( (i * 7 + 17) % 50 )) k3=$(( (i * 7 + 33) % 50 ))
  id=$("$nd" --db "$db" --json article new --title "基准文章第${i}篇" --channel "基准栏目$(( i % 5 + 1 ))" \
        --keywords "关键词$k1,关键词$k2,关键词$k3" --summary "第${i}篇的摘要" --source-name 遵义日报 --editor 张三 \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  pid=$("$nd" --db "$db" --json photo add "$photo" --article "$id" --caption "第${i}张图的图说。陈鋆摄" --alt "第${i}张图" \
      | python3 -c 'import json,sys; v=json.load(sys.stdin); v=v[0] if isinstance(v,list) else v; print(v["id"])')
  printf '第%s篇的正文，遵义市就业局举办招聘会。\n\n![第%s张图](photo:%s)\n\n第二段。\n' "$i" "$i" "$pid" > "$work/body.md"
  "$nd" --db "$db" article edit "$id" --body-file "$work/body.md" --status published --publish-at "2021-09-13 10:00" >/dev/null
done

log=$work/bench.sync.log
before=$( [ -f "$log" ] && wc -l < "$log" || echo 0 )
start=$(date +%s.%N)
printf '%s\n' "$pass" | "$nd" --db "$db" push --wait --password-stdin >/dev/null
ours=$(python3 -c "print($(date +%s.%N) - $start)")
ours_requests=$(( $(wc -l < "$log") - before ))
posts=$(curl -s -u "$NEWSDESK_PORTAL_USER:$pass" "$url/wp-json/wp/v2/posts?per_page=1&status=any&context=edit" -D - -o /dev/null \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="x-wp-total" {print $2}')
media=$(curl -s -u "$NEWSDESK_PORTAL_USER:$pass" "$url/wp-json/wp/v2/media?per_page=1" -D - -o /dev/null \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="x-wp-total" {print $2}')
[ "$posts" = "$n" ] && [ "$media" = "$n" ] || { echo "bench-push: the portal holds $posts posts and $media media, not $n" >&2; exit 1; }

# The same content by a plain sequential curl loop on the fresh portal again. Everything that does
# not depend on an answer is made before the clock starts, and ids are read with bash's own regex,
# so the loop spends its time on the requests alone.
./scripts/test-portal.sh reset "$portal" >/dev/null
auth=(-s -u "$NEWSDESK_PORTAL_USER:$pass" -H 'Expect:')
python3 - "$n" "$work" <<'PY'
import json, sys, urllib.parse as u
n, work = int(sys.argv[1]), sys.argv[2]
for i in range(1, n + 1):
    with open(f"{work}/photos/q{i}", "w") as f:
        f.write(u.urlencode({"caption": f"第{i}张图的图说。陈鋆摄", "alt_text": f"第{i}张图"}))
    content = (f"<p>第{i}篇的正文，遵义市就业局举办招聘会。</p>\n<figure class=\"wp-block-image\"><img src=\"__SRC__\" alt=\"第{i}张图\">"
               f"<figcaption>第{i}张图的图说。陈鋆摄</figcaption></figure>\n<p>第二段。</p>\n<p>来源：遵义日报　责任编辑：张三</p>")
    post = {"title": f"基准文章第{i}篇", "content": content, "excerpt": f"第{i}篇的摘要", "status": "publish",
            "date": "2021-09-13T10:00:00", "categories": ["__CAT__"], "tags": ["__TAGS__"], "featured_media": "__MID__",
            "meta": {"source_name": "遵义日报", "responsible_editor": "张三"}}
    text = json.dumps(post, ensure_ascii=False).replace('["__CAT__"]', "[__CAT__]").replace('["__TAGS__"]', "[__TAGS__]")
    with open(f"{work}/photos/post{i}.json", "w") as f:
        f.write(text.replace('"__MID__"', "__MID__"))
PY
id_of() { [[ $1 =~ \"id\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }
start=$(date +%s.%N)
curl_requests=0
declare -A cat tag
for c in 1 2 3 4 5; do
  cat[$c]=$(id_of "$(curl "${auth[@]}" -X POST "$url/wp-json/wp/v2/categories" --data-urlencode "name=基准栏目$c")")
  curl_requests=$((curl_requests + 1))
done
for k in $(seq 0 49); do
  tag[$k]=$(id_of "$(curl "${auth[@]}" -X POST "$url/wp-json/wp/v2/tags" --data-urlencode "name=关键词$k")")
  curl_requests=$((curl_requests + 1))
done
for i in $(seq 1 "$n"); do
  k1=$(( (i * 7) % 50 )) k2=$(( (i * 7 + 17) % 50 )) k3=$(( (i * 7 + 33) % 50 ))
  resp=$(curl "${auth[@]}" -X POST -H 'Content-Type: image/jpeg' \
      -H "Content-Disposition: attachment; filename=\"p$i.jpg\"" --data-binary "@$work/photos/p$i.jpg" \
      "$url/wp-json/wp/v2/media?$(<"$work/photos/q$i")")
  mid=$(id_of "$resp")
  [[ $resp =~ \"source_url\":\"([^\"]+)\" ]] && src=${BASH_REMATCH[1]}
  post=$(<"$work/photos/post$i.json")
  post=${post//__SRC__/$src}; post=${post//__MID__/$mid}; post=${post//__CAT__/${cat[$(( i % 5 + 1 ))]}}
  post=${post//__TAGS__/${tag[$k1]},${tag[$k2]},${tag[$k3]}}
  curl "${auth[@]}" -X POST -H 'Content-Type: application/json' --data-binary "$post" "$url/wp-json/wp/v2/posts" -o /dev/null
  curl_requests=$((curl_requests + 2))
done
loop=$(python3 -c "print($(date +%s.%N) - $start)")
posts=$(curl -s -u "$NEWSDESK_PORTAL_USER:$pass" "$url/wp-json/wp/v2/posts?per_page=1" -D - -o /dev/null \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="x-wp-total" {print $2}')
[ "$posts" = "$n" ] || { echo "bench-push: the curl loop left $posts posts, not $n" >&2; exit 1; }

terms=55
echo "bench-push: $n articles, one photo each, 3 of 50 keywords, 5 new channels, to WordPress at $url"
python3 - "$ours" "$ours_requests" "$loop" "$curl_requests" "$n" "$terms" <<'PY'
import sys
ours, ours_req, loop, curl_req, n, terms = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print(f"  newsdesk push --wait: {ours:6.2f} s, {ours_req} requests ({(ours_req - terms) / n:.2f} per article beyond the {terms} terms)")
print(f"  curl loop:            {loop:6.2f} s, {curl_req} requests ({(curl_req - terms) / n:.2f} per article beyond the {terms} terms)")
print(f"  newsdesk / curl time: {ours / loop:.2f}")
PY
