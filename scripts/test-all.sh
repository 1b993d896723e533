#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone on a fresh machine. Installs what it needs
# (the package's dev dependencies, then a real n8n 2.41.1 on Node 24 in a cache outside the
# repo), builds, lints, runs the unit and contract tests, then the end-to-end tests on real n8n.
#   SKIP_E2E=1 npm test   runs everything but the real-n8n suite.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ ! -x node_modules/.bin/jest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	step "Installing dev dependencies (npm ci)"
	npm ci --no-audit --no-fund
fi

step "Build"
npm run build

step "Lint"
npm run lint

results_dir=$(mktemp -d)
trap 'rm -rf "$results_dir"' EXIT

step "Unit and contract tests"
unit_status=0
npx jest --json --outputFile="$results_dir/unit.json" || unit_status=$?

e2e_status=0
if [ "${SKIP_E2E:-}" != "1" ]; then
	step "Real n8n (installed once into the cache, then reused)"
	bash scripts/n8n-runtime/install.sh
	step "End-to-end tests on real n8n"
	npx jest -c test/e2e/jest.config.js --json --outputFile="$results_dir/e2e.json" || e2e_status=$?
fi

node scripts/summarise-jest.js "$results_dir"/*.json
[ "$unit_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
