#!/usr/bin/env bash
# Approves an application-password request as the browser would, and prints the URL WordPress sends the
# browser to afterwards (success_url?site_url=…&user_login=…&password=…), so a test can check Newsdesk's
# "connect to portal" flow without a browser:
#   scripts/test-portal-authorize.sh 'http://127.0.0.1:18089/wp-admin/authorize-application.php?app_name=Newsdesk&success_url=newsdesk%3A%2F%2Fauth%2Fcallback'
#
# What it does, step by step, is what wp-admin/authorize-application.php and wp-admin/js/auth-app.js do:
#  1. GET wp-login.php (sets wordpress_test_cookie), POST wp-login.php with log, pwd, wp-submit,
#     redirect_to and testcookie=1: a 302 and the wordpress_logged_in_* cookie (cookie jar).
#  2. GET the authorize page with the cookies. WordPress checks success_url and reject_url here (wp_die with
#     "The Authorize Application request is not allowed." if not) and prints, among the page's scripts,
#     `var wpApiSettings = {"root":…,"nonce":"…"}` (the wp_rest nonce) and `var authApp = {"site_url":…,
#     "user_login":…,"success":…,"reject":…}`.
#  3. "Yes, I approve": POST /wp-json/wp/v2/users/me/application-passwords?_locale=user, form-encoded
#     name=APP_NAME[&app_id=UUID], with the cookies and the header X-WP-Nonce: NONCE -> 201 {"password":…}.
#  4. The browser is sent to authApp.success + ('?' or '&') + site_url=…&user_login=…&password=… (each
#     encodeURIComponent'd); this script prints that URL.
# With AUTHORIZE_MODE=form it posts the page's no-JavaScript form instead (action=authorize_application_password,
# _wpnonce, app_name, app_id, success_url, reject_url, approve) and prints the Location of the 302.
# User and password: $AUTHORIZE_USER / $AUTHORIZE_PASSWORD, else the admin of the test portal's env file
# ($NEWSDESK_PORTAL_DIR/portal.env, else target/test-portal/portal.env).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
page_url=${1:?usage: $0 URL_OF_AUTHORIZE_PAGE}
envfile=${NEWSDESK_PORTAL_DIR:-$repo/target/test-portal}/portal.env
if [ -z "${AUTHORIZE_USER:-}" ] && [ -f "$envfile" ]; then
  # shellcheck disable=SC1090
  . "$envfile"
fi
user=${AUTHORIZE_USER:-${NEWSDESK_PORTAL_USER:?no AUTHORIZE_USER and no $envfile}}
password=${AUTHORIZE_PASSWORD:-$NEWSDESK_PORTAL_PASSWORD}
mode=${AUTHORIZE_MODE:-js}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jar=$tmp/cookies
die() { echo "authorize: $*" >&2; exit 1; }
# The site's root: what comes before /wp-admin/ in the page's URL.
base=${page_url%%/wp-admin/*}
curl_() { curl -sS -H 'Expect:' -b "$jar" -c "$jar" "$@"; }

# 1. Log in.
curl_ -o /dev/null "$base/wp-login.php"
code=$(curl_ -o "$tmp/login" -w '%{http_code}' --data-urlencode "log=$user" --data-urlencode "pwd=$password" \
  --data-urlencode "wp-submit=Log In" --data-urlencode "redirect_to=$base/wp-admin/" --data-urlencode "testcookie=1" \
  "$base/wp-login.php")
[ "$code" = 302 ] && grep -q 'wordpress_logged_in_' "$jar" || die "login as $user failed (HTTP $code)"

# 2. The authorize page.
code=$(curl_ -o "$tmp/page" -w '%{http_code}' "$page_url")
wp_die_message() {
  php -r 'preg_match("#<div class=\"wp-die-message\">(.*?)</div>#s", file_get_contents($argv[1]), $m);
          echo trim(html_entity_decode(strip_tags($m[1] ?? "")));' "$1"
}
[ "$code" = 200 ] || die "authorize page: HTTP $code: $(wp_die_message "$tmp/page")"
# shellcheck disable=SC2016
read_js_var() { # read_js_var VAR KEY: a value of `var VAR = {…};` in the page
  php -r 'if (!preg_match("/var " . $argv[2] . " = (\{.*?\});/", file_get_contents($argv[1]), $m)) exit(1);
          $v = json_decode($m[1], true); if (!is_array($v) || !array_key_exists($argv[3], $v)) exit(1);
          echo (string) $v[$argv[3]];' "$tmp/page" "$1" "$2"
}
nonce=$(read_js_var wpApiSettings nonce) || die "no wpApiSettings nonce in the page"
rest_root=$(read_js_var wpApiSettings root) || die "no wpApiSettings root in the page"
success=$(read_js_var authApp success) || die "no authApp in the page"
site_url=$(read_js_var authApp site_url)
user_login=$(read_js_var authApp user_login)
form_field() { # the value attribute of a form input, as the page printed it
  php -r 'preg_match("/<input[^>]*(?:name|id)=\"" . preg_quote($argv[2], "/") . "\"[^>]*value=\"([^\"]*)\"/", file_get_contents($argv[1]), $m);
          echo html_entity_decode($m[1] ?? "", ENT_QUOTES);' "$tmp/page" "$1"
}
app_name=$(form_field app_name)
app_id=$(form_field app_id)
[ -n "$app_name" ] || die "the page has no app_name (give app_name in the URL)"

if [ "$mode" = form ]; then
  # The no-JavaScript fallback: the form as the page printed it (its hidden success_url went through esc_url).
  code=$(curl_ -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' \
    --data-urlencode "_wpnonce=$(form_field _wpnonce)" --data-urlencode "_wp_http_referer=$(form_field _wp_http_referer)" \
    --data-urlencode "action=authorize_application_password" --data-urlencode "app_id=$app_id" \
    --data-urlencode "success_url=$(form_field success_url)" --data-urlencode "reject_url=$(form_field reject_url)" \
    --data-urlencode "app_name=$app_name" --data-urlencode "approve=Yes, I approve of this connection" \
    "$base/wp-admin/authorize-application.php")
  if [ "$code" = 302 ]; then tr -d '\r' <"$tmp/headers" | sed -n 's/^Location: //Ip'; exit 0; fi
  shown=$(php -r 'preg_match("/id=\"new-application-password-value\"[^>]*value=\"([^\"]*)\"/", file_get_contents($argv[1]), $m); echo $m[1] ?? "";' "$tmp/out")
  die "the form did not redirect (HTTP $code; success_url in the form: '$(form_field success_url)'; password shown on the page: '${shown}')"
fi

# 3. Approve, as auth-app.js does through wp.apiRequest.
args=(--data-urlencode "name=$app_name")
[ -z "$app_id" ] || args+=(--data-urlencode "app_id=$app_id")
code=$(curl_ -o "$tmp/created" -w '%{http_code}' -H "X-WP-Nonce: $nonce" "${args[@]}" \
  "${rest_root}wp/v2/users/me/application-passwords?_locale=user")
[ "$code" = 201 ] || die "creating the application password: HTTP $code: $(head -c 300 "$tmp/created")"
new_password=$(php -r 'echo json_decode(file_get_contents($argv[1]), true)["password"];' "$tmp/created")

# 4. Where the browser goes next.
[ -n "$success" ] || { echo "authorize: no success_url: the page shows the password instead" >&2; echo "$new_password"; exit 0; }
enc() { php -r 'echo rawurlencode($argv[1]);' "$1"; }   # what encodeURIComponent gives for these values
case "$success" in *\?*) sep='&' ;; *) sep='?' ;; esac
echo "${success}${sep}site_url=$(enc "$site_url")&user_login=$(enc "$user_login")&password=$(enc "$new_password")"
