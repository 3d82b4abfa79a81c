#!/bin/sh
# bench_slow.sh SCOOT_SERVER [N]: /healthz for a normal client while N (5000) slow clients
# ("slowloris": a request line, then a header line every 5 s, never the end of the headers)
# hold connections from 100 loopback addresses and reopen each one the server closes. Prints
# `name value unit` lines: /healthz p50 and p99 over BENCH_SLOW_REQUESTS (500) requests, each
# on a new connection, after the slow clients have ramped up for BENCH_SLOW_RAMP (12) seconds
# (past the server's 10 s header deadline, so that the server is closing and taking back
# connections the whole time). The target (issue 17): p99 under 100 ms at 5,000.
# SCOOT_SERVE_ARGS adds options to the server's command line.
set -eu
BIN=$1
N=${2:-5000}
DIR=$(dirname "$0")
command -v node >/dev/null || { echo "bench_slow: node is not installed (tools/install-deps.sh)"; exit 1; }
# the client side needs a descriptor per slow connection too
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
T=$(mktemp -d)
PORT=$((40000 + $$ % 10000))
# shellcheck disable=SC2086 # (SCOOT_SERVE_ARGS is a list of words)
"$BIN" --listen 127.0.0.1:$PORT --db "$T/slow.db" --access-log off ${SCOOT_SERVE_ARGS:-} >"$T/out" 2>"$T/err" &
PID=$!
DRIP=
trap 'kill $PID $DRIP 2>/dev/null; rm -rf "$T"' EXIT INT TERM HUP PIPE
for i in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
node "$DIR/slow_clients.mjs" probe $PORT 100 2000 >"$T/idle"
echo "http.slow.healthz.idle $(cat "$T/idle") ms"
node "$DIR/slow_clients.mjs" drip $PORT "$N" 100 5 >"$T/drip" 2>&1 &
DRIP=$!
sleep "${BENCH_SLOW_RAMP:-12}"
node "$DIR/slow_clients.mjs" probe $PORT "${BENCH_SLOW_REQUESTS:-500}" 2000 >"$T/probe"
echo "http.slow.healthz.c$N $(cat "$T/probe") ms ($(tail -1 "$T/drip") slow connections at the end)"
echo "http.slow.server_fds $(ls /proc/$PID/fd | wc -l) descriptors"
echo "http.slow.server_rss $(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$PID/status) MiB"
kill $DRIP 2>/dev/null || true
