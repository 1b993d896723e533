#!/usr/bin/env bash
# `npm run demo` and `npm run demo:send -- <fixture>`, from a fresh clone: installs the dev
# dependencies if needed (npm ci), compiles scripts/demo (and the n8n harness it shares with the e2e tests, scripts/harness) into
# .demo/build, then runs it with this machine's Node. See scripts/demo/main.ts and send.ts.
#
#   bash scripts/demo.sh [--port 5678]
#   bash scripts/demo.sh send <fixture|path> [--to <example>] [--token <token>]
#   bash scripts/demo.sh screenshots        (docs/images/, needs the demo running and chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

entry=main
case "${1:-}" in
send | screenshots)
	entry=$1
	shift
	;;
esac

if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/smtp-server ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "Installing the dev dependencies (npm ci) ..." >&2
	npm ci --no-audit --no-fund --loglevel=error >&2
fi

# Compile only when a source is newer than the last build (tsc is incremental besides).
stamp=.demo/build/.tsbuildinfo
if [ ! -f "$stamp" ] || [ -n "$(find scripts/demo scripts/stand-ins scripts/harness -newer "$stamp" \( -name '*.ts' -o -name '*.json' \) | head -n 1)" ]; then
	node_modules/.bin/tsc -p scripts/demo/tsconfig.json
	touch "$stamp"
fi

exec node ".demo/build/scripts/demo/$entry.js" "$@"
