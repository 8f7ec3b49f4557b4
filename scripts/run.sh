#!/usr/bin/env bash
# Launches the Newsdesk desktop app. The first launch creates the demo site 我爱遵义 in the app's
# database (newsdesk.db in the OS data folder; NEWSDESK_DB=/path/to/file.db opens another).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec cargo run --release -p newsdesk-desktop
