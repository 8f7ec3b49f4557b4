#!/usr/bin/env bash
# Checks the .deb that scripts/package.sh built on this machine: installs it with dpkg -i (apt-get
# install -f brings its dependencies), checks the installed files (the app's binary, /usr/bin/newsdesk,
# the desktop entry registering x-scheme-handler/newsdesk, the icons), launches the installed app under
# Xvfb with a throwaway HOME and waits for its window 编辑台 (it must stay up), runs the installed
# `newsdesk` CLI, then removes the package again (dpkg -r). Prints the packages' sizes.
# Needs root (dpkg) and a Debian-like system; a maintainer's step, not part of scripts/test.sh.
# Usage: scripts/package-check.sh [PATH.deb]   (default: the .deb in $CARGO_TARGET_DIR/release/bundle/deb/)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "package-check: $*" >&2; exit 1; }
step() { echo "== package-check: $*"; }

[ "$(id -u)" -eq 0 ] || die "needs root (dpkg -i / dpkg -r)"
command -v dpkg >/dev/null || die "needs dpkg (a Debian-like system)"

if [ $# -ge 1 ]; then
  deb=$1
else
  target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  debs=("$target_dir"/release/bundle/deb/*.deb)
  [ -f "${debs[0]}" ] || die "no .deb in $target_dir/release/bundle/deb: run scripts/package.sh first"
  [ ${#debs[@]} -eq 1 ] || die "more than one .deb in $target_dir/release/bundle/deb: name one"
  deb=${debs[0]}
fi
[ -f "$deb" ] || die "$deb: no such file"
pkg=$(dpkg-deb -f "$deb" Package)

# The tools of the check itself (a display, a session bus, window queries).
tools=(xvfb xauth dbus xdotool x11-utils)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing the check's tools: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  die "package $pkg is already installed; remove it first (dpkg -r $pkg) so the check can install and remove its own"
fi

step "package $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Architecture Installed-Size Depends
sizes=("$deb")
for rpm in "$(dirname "$deb")"/../rpm/*.rpm; do [ -f "$rpm" ] && sizes+=("$rpm"); done
for f in "${sizes[@]}"; do
  printf '   size: %s bytes (%s)  %s\n' "$(stat -c %s "$f")" "$(du -h "$f" | cut -f1)" "$(basename "$f")"
done

work=$(mktemp -d)
app_pid="" xvfb_pid="" installed=""
cleanup() {
  if [ -n "$app_pid" ]; then kill -- "-$app_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  if [ -n "$installed" ]; then
    echo "== package-check: removing $pkg (dpkg -r)"
    dpkg -r "$pkg" >/dev/null || echo "package-check: dpkg -r $pkg failed" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step "dpkg -i"
installed=1
if ! dpkg -i "$deb"; then
  echo "package-check: dpkg -i left dependencies missing; apt-get install -f"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq --no-install-recommends >/dev/null
fi
dpkg-query -W -f='${Status}' "$pkg" | grep -q "install ok installed" || die "$pkg is not installed after dpkg -i"

step "installed files"
dpkg -L "$pkg" | grep -E '^/usr/(bin|share/applications|share/icons)/.+\.?' | grep -v '/$' | sed 's/^/   /'
desktop=$(dpkg -L "$pkg" | grep -E '^/usr/share/applications/.+\.desktop$' | head -n1)
if [ -z "$desktop" ] || [ ! -f "$desktop" ]; then die "no desktop entry in /usr/share/applications"; fi
echo "   desktop entry $desktop:"
sed 's/^/     /' "$desktop"
grep -qE '^MimeType=(.*;)?x-scheme-handler/newsdesk(;|$)' "$desktop" \
  || die "$desktop does not register x-scheme-handler/newsdesk"
exec_line=$(grep -m1 '^Exec=' "$desktop" | cut -d= -f2-)
app_bin=${exec_line%% *}
case "$app_bin" in /*) ;; *) app_bin=$(command -v "$app_bin" || true) ;; esac
if [ -z "$app_bin" ] || [ ! -x "$app_bin" ]; then die "the desktop entry's Exec ($exec_line) is no installed program"; fi
echo "   the app: $app_bin"
[ -x /usr/bin/newsdesk ] || die "/usr/bin/newsdesk is not installed"
echo "   the CLI: /usr/bin/newsdesk"
icon=$(grep -m1 '^Icon=' "$desktop" | cut -d= -f2-)
icons=$(dpkg -L "$pkg" | grep -E "^/usr/share/icons/hicolor/[^/]+/apps/$icon\.png$" || true)
[ -n "$icons" ] || die "no icon $icon.png under /usr/share/icons/hicolor"
echo "   icons ($icon): $(echo "$icons" | tr '\n' ' ')"
if [ -f /usr/share/applications/mimeinfo.cache ]; then
  if grep -q "^x-scheme-handler/newsdesk=.*$(basename "$desktop")" /usr/share/applications/mimeinfo.cache; then
    echo "   mimeinfo.cache: x-scheme-handler/newsdesk → $(basename "$desktop")"
  else
    echo "   mimeinfo.cache has no x-scheme-handler/newsdesk line (update-desktop-database did not run)"
  fi
fi

step "newsdesk --help (installed)"
/usr/bin/newsdesk --help | sed 's/^/   /' | head -n 40
NEWSDESK_DB="$work/cli.db" /usr/bin/newsdesk demo >/dev/null
echo "   newsdesk demo into a scratch database, then article list:"
NEWSDESK_DB="$work/cli.db" /usr/bin/newsdesk article list | sed 's/^/   /' | head -n 5

step "launch the installed app under Xvfb (throwaway HOME)"
display=""
for n in $(seq 120 199); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=$n; break; fi
done
[ -n "$display" ] || die "no free X display"
Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.2; done
[ -e "/tmp/.X11-unix/X$display" ] || die "Xvfb did not start"
home="$work/home"
mkdir -p "$home"
# Its own session bus (single instance and the deep link live there), as the e2e harness does.
# C.UTF-8 is there on every Debian system (under a locale the C library lacks, GTK falls back to
# plain C and the window's Chinese title does not reach WM_NAME, where xdotool looks).
env -i PATH=/usr/bin:/bin DISPLAY=":$display" HOME="$home" LANG=C.UTF-8 \
  XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home" \
  NO_AT_BRIDGE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 \
  setsid dbus-run-session -- "$app_bin" >"$work/app.log" 2>&1 &
# A process group of its own: the app, its WebKit processes, the bus and what the bus started
# (the accessibility bus) all end with it.
app_pid=$!
window=""
for _ in $(seq 1 60); do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; die "the app exited during startup"; }
  window=$(DISPLAY=":$display" xdotool search --onlyvisible --name '编辑台' 2>/dev/null | head -n1 || true)
  [ -n "$window" ] && break
  sleep 0.5
done
[ -n "$window" ] || { cat "$work/app.log" >&2; die "no window named 编辑台 appeared within 30 s"; }
echo "   window $window: \"$(DISPLAY=":$display" xdotool getwindowname "$window")\""
DISPLAY=":$display" xwininfo -id "$window" | grep -E 'Width|Height|Map State' | sed 's/^ */   /'
sleep 5
kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; die "the app exited within 5 s of opening its window"; }
echo "   still running 5 s after its window opened"
[ -f "$home/data/cn.newsdesk.desktop/newsdesk.db" ] && echo "   it created its database in the throwaway HOME (data/cn.newsdesk.desktop/newsdesk.db)"
if [ -n "${PACKAGE_CHECK_SCREENSHOT:-}" ] && command -v import >/dev/null; then
  DISPLAY=":$display" import -window root "$PACKAGE_CHECK_SCREENSHOT" && echo "   screenshot: $PACKAGE_CHECK_SCREENSHOT"
fi
kill -- "-$app_pid" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
sleep 1
if pgrep -g "$app_pid" >/dev/null; then
  kill -KILL -- "-$app_pid" 2>/dev/null || true
  sleep 1
fi
if pgrep -g "$app_pid" >/dev/null; then die "processes of the app's group are left: $(pgrep -g "$app_pid" | tr '\n' ' ')"; fi
echo "   stopped: the app, its WebKit processes and its session bus are gone"
app_pid=""

step "dpkg -r $pkg"
dpkg -r "$pkg" >/dev/null
installed=""
if [ -e /usr/bin/newsdesk ] || [ -e "$app_bin" ] || [ -e "$desktop" ]; then die "files left after dpkg -r"; fi
echo "   removed: $app_bin, /usr/bin/newsdesk and $desktop are gone"
echo "package-check: OK"
