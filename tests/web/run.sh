#!/bin/sh
# run.sh SCOOT_BINARY [SOURCE_DIR] [OUTDIR]: the browser tests (tests/web/journey.mjs,
# owner_checks.mjs, today_vet.mjs, owner_walk.mjs, record.mjs) against
# a fresh server on a free port with an empty journal; screenshots and axe.json go to OUTDIR
# (default SOURCE_DIR/build/web-shots). SCOOT_BINARY is the `scoot` command (run as
# `scoot serve`) or the `scoot-server` program. With two arguments the second is OUTDIR.
# Installs the npm packages of package.json when missing (never a browser).
set -eu
[ $# -ge 1 ] || { echo "usage: sh tests/web/run.sh SCOOT_BINARY [SOURCE_DIR] [OUTDIR]" >&2; exit 2; }
BIN=$1
HERE=$(cd "$(dirname "$0")/../.." && pwd)
case $# in
    1) SRC=$HERE; OUT=$HERE/build/web-shots ;;
    2) SRC=$HERE; OUT=$2 ;;
    *) SRC=$2; OUT=$3 ;;
esac
case $(basename "$BIN") in
    scoot-server*) SERVE= ;;
    *) SERVE=serve ;;
esac
[ -x "$BIN" ] || { echo "web: $BIN is not an executable" >&2; exit 1; }
command -v node >/dev/null || { echo "web: node is missing (tools/install-deps.sh)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "web: /usr/bin/chromium is missing (tools/install-deps.sh)" >&2; exit 1; }
if [ ! -d "$SRC/node_modules/playwright-core" ] || [ ! -d "$SRC/node_modules/@axe-core/playwright" ] \
   || [ ! -d "$SRC/node_modules/axe-core" ]; then
    echo "web: installing the npm packages of package.json (no browser download)"
    (cd "$SRC" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null) \
        || { echo "web: npm ci failed" >&2; exit 1; }
fi
mkdir -p "$OUT"
T=$(mktemp -d)
PID=
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

# a free port: start at 18000 + pid % 1000 and step past any that answer
PORT=$((18000 + $$ % 1000))
for i in 1 2 3 4 5 6 7 8 9 10; do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
    PORT=$((PORT + 1))
done
URL=http://127.0.0.1:$PORT
SCOOT_NOW= "$BIN" $SERVE --listen 127.0.0.1:$PORT --db "$T/web.db" --access-log off >"$T/server.log" 2>&1 &
PID=$!
ok=
for i in $(seq 100); do
    if curl -sf --max-time 1 "$URL/healthz" >/dev/null 2>&1; then ok=1; break; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$ok" ]; then
    echo "web: the server did not answer $URL/healthz; its output:" >&2
    cat "$T/server.log" >&2
    exit 1
fi
cd "$SRC"
status=0
node tests/web/journey.mjs "$URL" "$OUT" || status=$?
node tests/web/owner_checks.mjs "$URL" "$OUT" || status=$?
node tests/web/today_vet.mjs "$URL" "$OUT" || status=$?
node tests/web/owner_walk.mjs "$URL" "$OUT" || status=$?
node tests/web/record.mjs "$URL" "$OUT" || status=$?
if [ "$status" -ne 0 ] && [ -s "$T/server.log" ]; then
    echo "web: server output:" >&2
    tail -n 20 "$T/server.log" >&2
fi
exit "$status"
