#!/usr/bin/env bash
# Installs everything the build and the tests need on a Debian or Ubuntu machine, then builds the UI.
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev build-essential pkg-config
           xvfb webkit2gtk-driver fonts-wqy-microhei xauth
           # The sync tests' Secret Service: a keyring daemon in a private D-Bus session, read back by secret-tool.
           gnome-keyring dbus libsecret-tools
           # The end-to-end repost step owns the X clipboard (text/html), as a browser's copy would.
           xclip curl
           # It also answers the GTK folder chooser of the export (WebDriver cannot reach it).
           xdotool)
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(uname -s)" != "Linux" ]; then
    echo "setup: on $(uname -s) install the Tauri prerequisites by hand: https://tauri.app/start/prerequisites/" >&2
  else
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    echo "setup: installing system packages: ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# The sync tests' WordPress (Debian's wordpress, MariaDB, PHP); the tests start it themselves.
if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd ./scripts/test-portal.sh install
fi

if [ -f ui/package.json ]; then
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    (cd ui && npm ci --no-audit --no-fund)
  fi
  (cd ui && npm run build --silent)
fi
