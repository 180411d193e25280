#!/usr/bin/env bash
# The README's start command (`npm start`): installs what the app needs, builds it, and opens the
# desktop app where Electron's binary is installed, or browser mode (printing its URL) where not.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

require_node
# python3 runs the machine probe and, later, training; torch is optional (the app explains how to add it).
ensure_system_packages python3
ensure_node_modules
log "Building"
npm run --silent build
exec node dist/node/cli.cjs "$@"
