#!/bin/sh
# run.sh SCOOT_SERVER SOURCE OUTDIR: the browser journey (tests/web/journey.mjs) against a fresh
# server; installs the npm packages of package.json (never a browser) when missing.
set -eu
BIN=$1
SRC=$2
OUT=$3
command -v node >/dev/null && [ -x /usr/bin/chromium ] || { echo "web: node or /usr/bin/chromium missing (tools/install-deps.sh)"; exit 1; }
if [ ! -d "$SRC/node_modules/playwright-core" ] || [ ! -d "$SRC/node_modules/@axe-core/playwright" ]; then
    (cd "$SRC" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
mkdir -p "$OUT"
T=$(mktemp -d)
PORT=$((18000 + $$ % 1000))
SCOOT_NOW= "$BIN" --listen 127.0.0.1:$PORT --db "$T/web.db" --access-log off >"$T/out" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM HUP PIPE
for i in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
cd "$SRC" && node tests/web/journey.mjs "http://127.0.0.1:$PORT" "$OUT"
