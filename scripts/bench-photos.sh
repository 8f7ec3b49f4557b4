#!/usr/bin/env bash
# Benchmark of `newsdesk photo add` against libvips' vipsthumbnail on one 24-megapixel JPEG.
#
# Both make the same three renditions (long edge 1600, 800, 240 px, JPEG quality 82): ours in one
# process (hash, store the original, decode once at a reduced DCT scale, resize, encode), vips
# as three vipsthumbnail runs (it makes one size per run). Reports the median wall time of
# several runs (hyperfine), the ratio, the peak RSS of each (/usr/bin/time -v) and the file sizes.
# Targets: at most half of vipsthumbnail's time, under 100 MB peak, each rendition at most 110 %
# of vipsthumbnail's size.
#
#   scripts/bench-photos.sh            # RUNS=7 by default
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-7}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
WORK="$TARGET_DIR/bench-photos"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

need=()
command -v convert >/dev/null || need+=(imagemagick)
command -v vipsthumbnail >/dev/null || need+=(libvips-tools)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release -q -p newsdesk-cli
NEWSDESK=$(cd "$TARGET_DIR/release" && pwd)/newsdesk

# A photographic-looking 6000×4000 JPEG (fractal plasma, softened, with sensor-like noise), made
# the same way every time; kept out of git (6 MB) and cached here.
PHOTO="$WORK/photo-24mp.jpg"
if [ ! -s "$PHOTO" ]; then
    echo "generating $PHOTO (about 30 s)" >&2
    convert -seed 4 -size 6000x4000 plasma:fractal -blur 0x2 -attenuate 0.4 +noise Gaussian \
        -quality 90 -sampling-factor 2x2 "$PHOTO.tmp.jpg"
    mv "$PHOTO.tmp.jpg" "$PHOTO"
fi

# Each of our runs gets a fresh database and media folder, or the second run would find the
# photo already stored and do nothing.
OURS="$WORK/ours"
VIPS="$WORK/vips"
fresh_site="rm -rf '$OURS' && mkdir -p '$OURS' && '$NEWSDESK' --db '$OURS/site.db' init --name bench --url https://bench.example >/dev/null"
ours_cmd="'$NEWSDESK' --db '$OURS/site.db' photo add '$PHOTO'"
vips_cmd="for s in 1600 800 240; do vipsthumbnail '$PHOTO' -s \$s -o '$VIPS/'\"\$s\".jpg[Q=82,strip]; done"
mkdir -p "$VIPS"

hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$WORK/times.json" \
    --command-name "newsdesk photo add" --prepare "$fresh_site" "$ours_cmd" \
    --command-name "vipsthumbnail x3" --prepare "rm -f '$VIPS'/*.jpg" "$vips_cmd" >&2

# Peak memory: ours is one process; vips's is the largest of its three processes.
peak_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
eval "$fresh_site"
ours_kb=$(peak_kb "$NEWSDESK" --db "$OURS/site.db" --json photo add "$PHOTO")
vips_kb=0
for s in 1600 800 240; do
    kb=$(peak_kb vipsthumbnail "$PHOTO" -s "$s" -o "$VIPS/$s.jpg[Q=82,strip]")
    [ "$kb" -gt "$vips_kb" ] && vips_kb=$kb
done

python3 - "$WORK/times.json" "$ours_kb" "$vips_kb" "$OURS" "$VIPS" <<'PY'
import glob, json, os, sys

times, ours_kb, vips_kb, ours_dir, vips_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
results = {r["command"]: r for r in json.load(open(times))["results"]}
ours, vips = results["newsdesk photo add"], results["vipsthumbnail x3"]
ratio = ours["median"] / vips["median"]
ok = lambda b: "ok" if b else "MISSED"
print(f"photo: 6000x4000 JPEG, {os.path.getsize(glob.glob(os.path.join(os.path.dirname(ours_dir), 'photo-24mp.jpg'))[0]) / 1e6:.1f} MB; {len(ours['times'])} runs each")
print(f"wall time (median)  newsdesk {ours['median'] * 1000:7.0f} ms   vipsthumbnail x3 {vips['median'] * 1000:7.0f} ms")
print(f"ratio               {ratio:.2f}  (target <= 0.50: {ok(ratio <= 0.5)})")
print(f"peak RSS            newsdesk {ours_kb / 1024:7.1f} MB   vipsthumbnail    {vips_kb / 1024:7.1f} MB  (target < 100 MB: {ok(ours_kb < 100 * 1024)})")
for edge in (1600, 800, 240):
    mine = glob.glob(os.path.join(ours_dir, "site.media", "renditions", "*", f"*-{edge}q82.jpg"))[0]
    theirs = os.path.join(vips_dir, f"{edge}.jpg")
    a, b = os.path.getsize(mine), os.path.getsize(theirs)
    print(f"rendition {edge:>4} px  newsdesk {a:8d} B   vipsthumbnail {b:8d} B   {a / b:6.1%}  (target <= 110%: {ok(a <= 1.1 * b)})")
PY
