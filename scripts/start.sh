#!/usr/bin/env bash
# The README's start command (`npm start`): installs what the app needs, builds it, and opens the
# desktop app where Electron's binary is installed, or browser mode (printing its URL) where not.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

require_node
# python3 runs the machine probe and training: Debian's CPU PyTorch makes the built-in recipe work out
# of the box; a GPU workstation adds its own CUDA build in a conda env or virtualenv (Settings finds it).
ensure_system_packages python3 python3-torch python3-torchvision python3-pil python3-numpy
ensure_node_modules
log "Building"
npm run --silent build
exec node dist/node/cli.cjs "$@"
