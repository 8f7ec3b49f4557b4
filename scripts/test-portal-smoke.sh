#!/usr/bin/env bash
# shellcheck disable=SC2034  # the checks read variables inside eval strings
# Smoke check of a running test portal (scripts/test-portal.sh start) through the WordPress REST API with
# the admin's application password, as Newsdesk's push will use it: one PASS or FAIL line per step, and a
# non-zero exit if any step failed. It also checks what a client must expect (portal/README.md).
#   scripts/test-portal-smoke.sh [ENV_FILE]   (default: $NEWSDESK_PORTAL_DIR/portal.env, else target/test-portal/portal.env)
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
envfile=${1:-${NEWSDESK_PORTAL_DIR:-$repo/target/test-portal}/portal.env}
[ -f "$envfile" ] || { echo "smoke: no $envfile: run scripts/test-portal.sh start" >&2; exit 2; }
# shellcheck disable=SC1090
. "$envfile"
api=${NEWSDESK_PORTAL_REST}wp/v2
auth="$NEWSDESK_PORTAL_USER:$NEWSDESK_PORTAL_APP_PASSWORD"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run=$(date +%s)-$$
passed=0 failed=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
check() { # check NAME CONDITION-COMMAND... ; detail on failure from $why
  local name=$1; shift
  why=""
  if "$@"; then pass "$name"; else fail "$name" "${why:-HTTP $code: $(head -c 300 "$tmp/body")}"; fi
}
# req METHOD URL [curl args]: $code, the body in $tmp/body, the headers in $tmp/headers.
# 'Expect:' because PHP's built-in server never answers 100-continue (curl would wait a second).
req() {
  local method=$1 url=$2; shift 2
  code=$(curl -sS -H 'Expect:' -u "$auth" -X "$method" -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' "$@" "$url")
}
json() { req "$1" "$2" -H 'Content-Type: application/json; charset=utf-8' --data-binary "$3"; }
# j PATH: a value of the last body (a.b.0.c); arrays and objects as JSON, nothing if missing.
j() {
  php -r '$v = json_decode(file_get_contents($argv[1]), true);
    foreach ($argv[2] === "" ? [] : explode(".", $argv[2]) as $k) {
      if (!is_array($v) || !array_key_exists($k, $v)) exit(1);
      $v = $v[$k];
    }
    echo is_array($v) ? json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) : (is_bool($v) ? ($v ? "true" : "false") : $v);' \
    "$tmp/body" "$1"
}
header() { tr -d '\r' <"$tmp/headers" | sed -n "s/^$1: //Ip" | tail -1; }
is() { [ "$1" = "$2" ] || { why="expected '$2', got '$1'"; return 1; }; }
status_is() { [ "$code" = "$1" ] || { why="HTTP $code (expected $1): $(head -c 300 "$tmp/body")"; return 1; }; }
public_code() { curl -s -o /dev/null -w '%{http_code}' "$1"; }

# --- authentication
req GET "$api/users/me?context=edit"
check "application password authenticates" eval 'status_is 200 && is "$(j username)" "$NEWSDESK_PORTAL_USER"'
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -u "$NEWSDESK_PORTAL_USER:wrongwrongwrongwrongwron" "$api/users/me")
check "a wrong application password gives 401 rest_not_logged_in" eval 'status_is 401 && is "$(j code)" rest_not_logged_in'

# --- category
cat_name="本地新闻 $run"
json POST "$api/categories" "{\"name\": \"$cat_name\"}"
cat_id=$(j id)
check "create a category" eval 'status_is 201 && [ -n "$cat_id" ]'
json POST "$api/categories" "{\"name\": \"$cat_name\"}"
check "creating it again gives 400 term_exists with data.term_id" \
  eval 'status_is 400 && is "$(j code)" term_exists && is "$(j data.term_id)" "$cat_id"'

# --- post with meta, published
nd_id="nd-$run"
post_date=2026-03-05T09:30:00
post_body=$(cat <<EOF
{"title": "遵义市新闻 $run", "status": "publish", "date": "$post_date", "categories": [$cat_id],
 "content": "<p>正文第一段。</p><figure class=\"wp-block-image\"><img src=\"https://example.invalid/a.jpg\" alt=\"图\"/><figcaption>图片说明</figcaption></figure>",
 "excerpt": "摘要",
 "meta": {"source_name": "遵义日报", "source_url": "https://example.invalid/news/1.html", "source_author": "张三",
          "source_published_at": "2026-03-05T08:00:00+08:00", "responsible_editor": "李四", "newsdesk_id": "$nd_id",
          "not_registered_key": "dropped"}}
EOF
)
json POST "$api/posts" "$post_body"
post_id=$(j id)
post_link=$(j link)
created_modified_gmt=$(j modified_gmt)
check "create a published post with meta" eval 'status_is 201 && is "$(j status)" publish && [ -n "$post_id" ]'
check "date without an offset is site time (Asia/Shanghai): date_gmt is 8 hours earlier" \
  eval 'is "$(j date)" "$post_date" && is "$(j date_gmt)" 2026-03-05T01:30:00'
check "on create, modified_gmt is the given date, not the time of the request" \
  eval 'is "$created_modified_gmt" 2026-03-05T01:30:00'
check "a key not registered is dropped silently" eval '! j meta.not_registered_key >/dev/null'

req GET "$api/posts/$post_id?context=edit"
check "read back with context=edit: the six meta keys" eval 'status_is 200 &&
  is "$(j meta.source_name)" 遵义日报 && is "$(j meta.source_url)" https://example.invalid/news/1.html &&
  is "$(j meta.source_author)" 张三 && is "$(j meta.source_published_at)" 2026-03-05T08:00:00+08:00 &&
  is "$(j meta.responsible_editor)" 李四 && is "$(j meta.newsdesk_id)" "$nd_id"'
check "figure with figcaption survives in content.raw" eval 'j content.raw | grep -q "<figcaption>图片说明</figcaption>"'
check "the category is set" eval 'is "$(j categories)" "[$cat_id]"'
check "REST sends no ETag and no Last-Modified" eval '[ -z "$(header ETag)" ] && [ -z "$(header Last-Modified)" ] || { why="ETag=$(header ETag) Last-Modified=$(header Last-Modified)"; false; }'

# --- lookup by newsdesk_id
req GET "$api/posts?newsdesk_id=$nd_id&status=any&context=edit"
check "look the post up by newsdesk_id" eval 'status_is 200 && is "$(j 0.id)" "$post_id" && ! j 1 >/dev/null'
req GET "$api/posts?newsdesk_id=nd-none-$run&status=any&context=edit"
check "an unknown newsdesk_id finds nothing (the filter is applied)" eval 'status_is 200 && is "$(j "")" "[]"'

# --- public URL
check "the published post's public URL answers 200" eval 'is "$(public_code "$post_link")" 200'

# --- media: caption and alt text as query parameters of the upload itself
php -r '$i = imagecreatetruecolor(64, 48); imagefilledrectangle($i, 0, 0, 63, 47, imagecolorallocate($i, 200, 30, 30));
  imagejpeg($i, $argv[1], 80);' "$tmp/photo.jpg"
caption=$(php -r 'echo rawurlencode("图片说明：会议现场");')
alt=$(php -r 'echo rawurlencode("会议现场");')
req POST "$api/media?caption=$caption&alt_text=$alt&title=$alt&post=$post_id" -H 'Content-Type: image/jpeg' \
  -H 'Content-Disposition: attachment; filename="会议现场.jpg"' --data-binary @"$tmp/photo.jpg"
media_id=$(j id)
media_url=$(j source_url)
check "upload a JPEG with caption and alt text in one request" eval 'status_is 201 && is "$(j alt_text)" 会议现场 &&
  j caption.rendered | grep -q "图片说明：会议现场" && is "$(j post)" "$post_id" && is "$(j mime_type)" image/jpeg'
req GET "$api/media/$media_id?context=edit"
check "read the media back: caption.raw and alt_text" eval 'status_is 200 && is "$(j caption.raw)" "图片说明：会议现场" && is "$(j alt_text)" 会议现场'
check "the uploaded file is served at source_url" eval 'is "$(public_code "$media_url")" 200'
req POST "$api/media" -H 'Content-Type: image/jpeg' -H "Content-Disposition: attachment; filename*=UTF-8''a.jpg" --data-binary @"$tmp/photo.jpg"
check "Content-Disposition with only filename*= gives 400 rest_upload_invalid_disposition" \
  eval 'status_is 400 && is "$(j code)" rest_upload_invalid_disposition'

# --- conditional requests are ignored
sleep 1
json POST "$api/posts/$post_id" '{"excerpt": "新摘要"}' -H 'If-Match: "not-the-etag"' -H 'If-Unmodified-Since: Thu, 01 Jan 2015 00:00:00 GMT'
updated_modified_gmt=$(j modified_gmt)
check "If-Match and If-Unmodified-Since on an update are ignored (the update succeeds)" eval 'status_is 200 && is "$(j excerpt.raw)" 新摘要'
check "an update sets modified_gmt to now (UTC)" eval '[ "$updated_modified_gmt" \> "$created_modified_gmt" ] &&
  now=$(date -u +%s) && t=$(date -u -d "${updated_modified_gmt}Z" +%s) && [ $((now - t)) -lt 120 ] || { why="created $created_modified_gmt, updated $updated_modified_gmt"; false; }'
req GET "$api/posts/$post_id/revisions"
check "the first update of title, content or excerpt adds the first revision (create adds none)" \
  eval 'status_is 200 && j 0.excerpt.rendered | grep -q 新摘要 && ! j 1 >/dev/null'
sleep 1
json POST "$api/posts/$post_id" '{"meta": {"responsible_editor": "王五"}}'
check "a meta-only update also sets modified_gmt" eval 'status_is 200 && [ "$(j modified_gmt)" \> "$updated_modified_gmt" ] || { why="before $updated_modified_gmt, after $(j modified_gmt)"; false; }'
req GET "$api/posts/$post_id/revisions"
check "a meta-only update adds no revision" eval 'status_is 200 && ! j 1 >/dev/null'

# --- bad meta values: 400, but the post's other fields are written all the same
json POST "$api/posts/$post_id" '{"excerpt": "坏摘要", "meta": {"source_url": "www.example.invalid/1.html"}}'
check "a source_url that is not an http(s) address gives 400 rest_invalid_pattern" eval 'status_is 400 && is "$(j code)" rest_invalid_pattern'
req GET "$api/posts/$post_id?context=edit"
check "... and the rest of that update was applied nonetheless" eval 'is "$(j excerpt.raw)" 坏摘要 && is "$(j meta.source_url)" https://example.invalid/news/1.html'
json POST "$api/posts" "{\"title\": \"坏元数据 $run\", \"status\": \"publish\", \"meta\": {\"newsdesk_id\": \"$nd_id-bad\", \"source_name\": 5}}"
check "a meta value of the wrong type gives 400 rest_invalid_type" eval 'status_is 400 && is "$(j code)" rest_invalid_type'
req GET "$api/posts?search=$(php -r 'echo rawurlencode($argv[1]);' "坏元数据 $run")&status=any&context=edit"
bad_id=$(j 0.id)
check "... and yet a create with a bad meta value made a published post" eval '[ -n "$bad_id" ] && is "$(j 0.status)" publish'
[ -z "$bad_id" ] || req DELETE "$api/posts/$bad_id?force=true"

# --- withdraw: back to draft, the public URL stops answering
json POST "$api/posts/$post_id" '{"status": "draft"}'
draft_link=$(j link)
check "update the post to draft" eval 'status_is 200 && is "$(j status)" draft'
check "the withdrawn post's public URL no longer answers 200" eval 'c=$(public_code "$post_link"); [ "$c" != 200 ] || { why="HTTP $c for $post_link"; false; }'
check "a draft's link is the ?p=ID form, not the public URL" eval 'is "$draft_link" "$NEWSDESK_PORTAL_URL/?p=$post_id"'
json POST "$api/posts/$post_id" '{"status": "publish"}'
check "publishing again brings the same public URL back" eval 'status_is 200 && is "$(j link)" "$post_link" && is "$(public_code "$post_link")" 200'

# --- a scheduled post
future=$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%S)
future_body="{\"title\": \"定时发布 $run\", \"status\": \"future\", \"date_gmt\": \"$future\", \"meta\": {\"newsdesk_id\": \"$nd_id-f\"}}"
json POST "$api/posts" "$future_body"
future_id=$(j id)
future_link=$(j link)
check "create a future post with a future date" eval 'status_is 201 && is "$(j status)" future && is "$(j date_gmt)" "$future"'
check "a scheduled post's URL does not answer 200 yet" eval 'c=$(public_code "$future_link"); [ "$c" != 200 ] || { why="HTTP $c for $future_link"; false; }'
json POST "$api/posts" "{\"title\": \"将来 $run\", \"status\": \"publish\", \"date_gmt\": \"$future\"}"
check "status publish with a future date comes back as future" eval 'status_is 201 && is "$(j status)" future'
json POST "$api/posts" "{\"title\": \"过去 $run\", \"status\": \"future\", \"date_gmt\": \"2020-01-01T00:00:00\"}"
check "status future with a past date is published at once" eval 'status_is 201 && is "$(j status)" publish'

# --- the editor role can publish with its own application password
code=$(curl -sS -H 'Expect:' -u "$NEWSDESK_PORTAL_EDITOR_USER:$NEWSDESK_PORTAL_EDITOR_APP_PASSWORD" -o "$tmp/body" -w '%{http_code}' \
  -H 'Content-Type: application/json' --data-binary '{"title": "编辑发稿", "status": "publish", "meta": {"responsible_editor": "值班编辑"}}' "$api/posts")
check "the editor account publishes a post with meta" eval 'status_is 201 && is "$(j meta.responsible_editor)" 值班编辑'

# --- moving a published post's date into the future unpublishes it
json POST "$api/posts" "{\"title\": \"改期 $run\", \"status\": \"publish\"}"
moved_id=$(j id)
moved_link=$(j link)
json POST "$api/posts/$moved_id" "{\"date_gmt\": \"$future\"}"
check "a future date on a published post makes it future (its URL stops answering)" \
  eval 'status_is 200 && is "$(j status)" future && c=$(public_code "$moved_link") && [ "$c" != 200 ]'

# --- delete goes to the trash first, and status=any leaves the trash out
req DELETE "$api/posts/$future_id"
check "DELETE without force moves the post to the trash" eval 'status_is 200 && is "$(j status)" trash && is "$(j slug)" "$(j slug | sed "s/__trashed$//")__trashed"'
req GET "$api/posts?newsdesk_id=$nd_id-f&status=any&context=edit"
check "status=any does not find a trashed post" eval 'status_is 200 && is "$(j "")" "[]"'
req GET "$api/posts?newsdesk_id=$nd_id-f&status=publish,future,draft,pending,private,trash&context=edit"
check "the status list with trash finds it" eval 'status_is 200 && is "$(j 0.id)" "$future_id" && is "$(j 0.status)" trash'
req DELETE "$api/posts/$future_id?force=true"
check "DELETE with force=true removes it" eval 'status_is 200 && is "$(j deleted)" true'

# --- connecting an application through wp-admin/authorize-application.php (scripts/test-portal-authorize.sh)
auth_page="$NEWSDESK_PORTAL_URL/wp-admin/authorize-application.php?app_name=Newsdesk%20$run&app_id=2b1f2b8e-8a5c-4c55-9f3c-6f0a3c1d2e4f&success_url=newsdesk%3A%2F%2Fauth%2Fcallback"
redirect=$(AUTHORIZE_USER=$NEWSDESK_PORTAL_USER AUTHORIZE_PASSWORD=$NEWSDESK_PORTAL_PASSWORD "$repo/scripts/test-portal-authorize.sh" "$auth_page" 2>"$tmp/auth-err")
new_app=$(php -r 'parse_str(parse_url($argv[1], PHP_URL_QUERY) ?? "", $q); echo $q["password"] ?? "";' "$redirect")
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -u "$NEWSDESK_PORTAL_USER:$new_app" "$api/users/me")
check "authorize-application approves newsdesk:// and the password it hands over works" \
  eval '[ "${redirect#newsdesk://auth/callback?site_url=}" != "$redirect" ] && status_is 200 || { why="redirect: $redirect $(cat "$tmp/auth-err")"; false; }'

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
