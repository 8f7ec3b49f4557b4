#!/usr/bin/env bash
# Builds the Linux packages of Newsdesk (.deb and .rpm) with the Tauri bundler (the npm package
# @tauri-apps/cli, a devDependency of ui/): the UI (tauri.conf.json's beforeBuildCommand), then the
# desktop app (with the root package's default feature custom-protocol, which serves the built UI)
# and the `newsdesk` CLI in release in one cargo run, then the packages, which install the app, its
# icons, a desktop entry registering newsdesk:// and the CLI as /usr/bin/newsdesk. Prints each
# package with its size.
# The AppImage needs tools the bundler downloads, so it is built only by the release workflow.
# A maintainer's step, not part of scripts/test.sh; scripts/package-check.sh installs the .deb.
# Honours CARGO_TARGET_DIR; the packages land in $CARGO_TARGET_DIR/release/bundle/{deb,rpm}/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "$(uname -s)" != "Linux" ]; then
  echo "package: builds the Linux packages; on $(uname -s) use the release workflow" >&2
  exit 2
fi

# The UI's npm packages bring the tauri CLI; the system packages are the build's (scripts/setup.sh
# installs those and more; here only what the bundler needs is checked).
for p in libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev build-essential pkg-config; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    echo "package: $p is missing; run ./scripts/setup.sh first" >&2
    exit 1
  fi
done
if [ ! -x ui/node_modules/.bin/tauri ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
cli="$target_dir/release/newsdesk"
bundle_dir="$target_dir/release/bundle"

# Merged over tauri.conf.json for this build: /usr/bin/newsdesk from this build's target folder
# (tauri.conf.json names target/release/newsdesk; CARGO_TARGET_DIR may be elsewhere), and the
# beforeBuildCommand run from the repository's root, where it is written for (the tauri CLI would
# run it in ui/, the folder with the package.json; `cwd` is relative to tauri.conf.json's folder).
override=$(mktemp --suffix=.json)
trap 'rm -f "$override"' EXIT
cat >"$override" <<EOF
{"build": {"beforeBuildCommand": {"script": "npm --prefix ui run build", "cwd": "."}},
 "bundle": {"linux": {"deb": {"files": {"/usr/bin/newsdesk": "$cli"}},
                      "rpm": {"files": {"/usr/bin/newsdesk": "$cli"}}}}}
EOF

echo "== package: the app, the newsdesk CLI and the .deb and .rpm (tauri build)"
rm -rf "$bundle_dir/deb" "$bundle_dir/rpm"
# Arguments after -- go to `cargo build` (the tauri CLI adds --release and the features): one cargo
# run builds the app and the CLI together (one feature resolution, so one set of dependencies), and
# the bundler then packs the app with the CLI that the file mapping above names.
ui/node_modules/.bin/tauri build --ci --verbose --bundles deb,rpm --config "$override" -- \
  --locked -p newsdesk-desktop -p newsdesk-cli
[ -x "$cli" ] || { echo "package: $cli was not built" >&2; exit 1; }

echo "== package: built"
found=0
for f in "$bundle_dir"/deb/*.deb "$bundle_dir"/rpm/*.rpm; do
  [ -f "$f" ] || continue
  found=$((found + 1))
  printf '%8s  %s\n' "$(du -h "$f" | cut -f1)" "${f#"$root"/}"
done
if [ "$found" -ne 2 ]; then
  echo "package: expected one .deb and one .rpm in $bundle_dir" >&2
  exit 1
fi
