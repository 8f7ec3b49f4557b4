#!/usr/bin/env bash
# Repost import against GNE (GeneralNewsExtractor) and trafilatura on the test pages.
#
# Every tool gets the same HTML: the .html pages as they are, each .txt page wrapped as one
# <p> a line (no <title>, no metadata: what a copied page carries). The expected fields are
# the pages' NAME.expected.json (the seed page's: tests/fixtures/seed-article.json).
#
# Scoring rules, fixed before the first run (scripts/bench/score.py applies them):
#  - title: right when equal to the expected one after removing all whitespace; when the
#    expected title is null, right only when the tool gives none.
#  - publish date: right when the calendar day (as the tool prints it, or in Asia/Shanghai for
#    an instant) equals the expected one's; expected null: right only when the tool gives none.
#    (trafilatura prints days only, so the shared field is the day; ours is also scored on the
#    full time, to the minute.)
#  - authors: right when the set of names equals the expected set; names are split on 、 , ，
#    ; and " and ", and for Chinese names on spaces; role words (本报记者, 记者, 通讯员, By,
#    新华社记者…) are removed from every tool's output alike. Expected null: right when empty.
#  - ours only: 来源 (exact), 责任编辑 (exact), captions (the list of caption and credit, exact).
#  - a tool that raises on a page scores nothing there and is counted as an error; an error is
#    a harness bug to fix, and the counts are reported.
#  - our time: the best of five extractions of the page already in memory (release build, or
#    the build BENCH_PROFILE names).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${BENCH_VENV:-target/bench-import-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    # lxml 5.2+ moved lxml.html.clean out; trafilatura's justext still imports it.
    "$VENV/bin/pip" install -q gne trafilatura lxml_html_clean
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" scripts/bench/wrap.py crates/newsdesk-extract/tests/pages tests/fixtures "$WORK"
# BENCH_PROFILE=debug scores a debug build (a machine where release builds are not wanted); the
# fields are the same, only the time per page is not the one to quote.
PROFILE=${BENCH_PROFILE:-release}
if [ "$PROFILE" = release ]; then
    cargo build -q --release -p newsdesk-extract --example extract
else
    cargo build -q -p newsdesk-extract --example extract
    PROFILE=debug
fi
TARGET=${CARGO_TARGET_DIR:-target}
"$TARGET/$PROFILE/examples/extract" "$WORK"/*.html > "$WORK/ours.jsonl"
BENCH_PROFILE=$PROFILE "$VENV/bin/python" scripts/bench/score.py "$WORK"
