#!/usr/bin/env bash
# The README's test command (`npm test`), also what CI runs through .ci/run: installs everything the
# tests need on a fresh Debian/Ubuntu machine, then runs lint, typecheck, unit, integration and
# end-to-end tests, and ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

require_node
# chromium: the e2e browser; python3 + torch: the machine probe and real CPU training runs;
# the lab is tested with real clients: OpenSSH (+ sshpass for its password prompt), the AWS CLI, boto3,
# rclone, and Ansible's netapp.ontap modules (in Debian's ansible package; they need python3-requests).
ensure_system_packages chromium python3 python3-torch python3-torchvision python3-pil python3-numpy \
  openssh-client sshpass awscli python3-boto3 rclone ansible python3-requests || exit 1
ensure_node_modules || { echo "summary: 0 passed, 1 failed (npm install failed)"; exit 1; }

rm -rf .reports && mkdir -p .reports
failed_stages=()
stage() {
  local name=$1
  shift
  log "$name"
  "$@" || failed_stages+=("$name")
}

stage lint npm run --silent lint
stage typecheck npm run --silent typecheck
stage build npm run --silent build
stage "unit + integration (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json
stage "end-to-end (playwright)" env WORKBENCH_REPORTS=1 npx playwright test

node scripts/summarize-tests.mjs .reports/vitest.json .reports/e2e.json "${failed_stages[@]}"
