#!/usr/bin/env bash
# Builds the package and packs it as `npm publish` would, into a folder of its own.
#
#   bash scripts/pack.sh [destination folder]      # or: npm run pack:tarball
#
# Default destination: a new temporary folder. The last line on stdout is the tarball's absolute
# path; build output goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${1:-$(mktemp -d "${TMPDIR:-/tmp}/n8n-nodes-redox-pack.XXXXXX")}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

cd "$root"
npm run build >&2
file=$(npm pack --pack-destination "$dest" --json --loglevel=error |
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].filename))')
printf '%s\n' "$dest/$file"
