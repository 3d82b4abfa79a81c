#!/bin/sh
# bench_http.sh SCOOT_SERVER CASE.json: wrk against POST /api/v1/assess (a realistic case; the
# full result, and the brief one that the web app asks for with ?texts=brief) and GET /healthz,
# at 64 and 256 connections, wrk beside the server on this machine. Prints `name value unit`
# lines; the healthz rate of the same run is the baseline. A second baseline shows what the
# size of an answer costs by itself: GET of the built-in web file nearest in size to each
# answer (the same response path, no work but a copy). BENCH_SECONDS (3) per wrk run,
# BENCH_ROUNDS (5) alternating rounds, medians reported.
set -eu
BIN=$1
CASE=$2
SECS=${BENCH_SECONDS:-3}
command -v wrk >/dev/null || { echo "bench_http: wrk is not installed (tools/install-deps.sh)"; exit 1; }
T=$(mktemp -d)
PORT=$((30000 + $$ % 10000))
"$BIN" --listen 127.0.0.1:$PORT --db "$T/bench.db" --access-log off >"$T/out" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM HUP PIPE
for i in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
body=$(tr -d '\n' <"$CASE" | sed 's/\\/\\\\/g; s/"/\\"/g')
cat >"$T/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "$body"
LUA
# rate and p99 (ms) of one wrk run
run() { # CONNS PATH [LUA]
    if [ $# -ge 3 ]; then s="-s $3"; else s=""; fi
    wrk -t2 -c"$1" -d"${SECS}s" --latency $s "http://127.0.0.1:$PORT$2" >"$T/wrk" 2>&1
    rate=$(awk '/Requests\/sec/ {print $2}' "$T/wrk")
    p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub("us", "", v); v = v / 1000} else if (v ~ /ms$/) {sub("ms", "", v)} else if (v ~ /s$/) {sub("s", "", v); v = v * 1000}; print v}' "$T/wrk")
    errors=$(awk '/Non-2xx/ {print $NF}' "$T/wrk")
    [ -z "$errors" ] || { echo "bench_http: $errors non-2xx answers on $2" >&2; exit 1; }
}
wrk -t2 -c64 -d2s -s "$T/post.lua" "http://127.0.0.1:$PORT/api/v1/assess" >/dev/null 2>&1 # warm
# the web file nearest in size to an answer: "PATH BYTES"
size_of() { # [QUERY]
    curl -s -o /dev/null -w '%{size_download}' -X POST -H 'Content-Type: application/json' \
        --data-binary @"$CASE" "http://127.0.0.1:$PORT/api/v1/assess$1"
}
web_dir=$(dirname "$0")/../web
nearest() { # BYTES
    find "$web_dir" -type f | while read -r f; do echo "$(wc -c <"$f") ${f#"$web_dir"}"; done |
        awk -v n="$1" '{d = $1 - n; if (d < 0) d = -d; if (best == "" || d < bd) {best = $2 " " $1; bd = d}} END {print best}'
}
full_bytes=$(size_of "")
brief_bytes=$(size_of "?texts=brief")
set -- $(nearest "$full_bytes")
static_full=$1
static_full_bytes=$2
set -- $(nearest "$brief_bytes")
static_brief=$1
static_brief_bytes=$2
echo "http.answer_bytes.full $full_bytes bytes (baseline: GET $static_full, $static_full_bytes bytes)"
echo "http.answer_bytes.brief $brief_bytes bytes (baseline: GET $static_brief, $static_brief_bytes bytes)"
# medians of alternating rounds (healthz, assess, assess brief, healthz, ...): the machine is
# shared
med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", a / b * 100}'; }
for c in 64 256; do
    : >"$T/h" ; : >"$T/a" ; : >"$T/p" ; : >"$T/b" ; : >"$T/bp" ; : >"$T/sf" ; : >"$T/sb"
    for round in $(seq "${BENCH_ROUNDS:-5}"); do
        run $c /healthz
        echo "$rate" >>"$T/h"
        run $c /api/v1/assess "$T/post.lua"
        echo "$rate" >>"$T/a"
        echo "$p99" >>"$T/p"
        run $c '/api/v1/assess?texts=brief' "$T/post.lua"
        echo "$rate" >>"$T/b"
        echo "$p99" >>"$T/bp"
        run $c "$static_full"
        echo "$rate" >>"$T/sf"
        run $c "$static_brief"
        echo "$rate" >>"$T/sb"
    done
    h=$(med <"$T/h")
    a=$(med <"$T/a")
    b=$(med <"$T/b")
    sf=$(med <"$T/sf")
    sb=$(med <"$T/sb")
    echo "http.healthz.c$c $h req_per_s"
    echo "http.assess.c$c $a req_per_s"
    echo "http.assess.c$c.p99 $(med <"$T/p") ms"
    echo "http.assess.c$c.vs_healthz $(pct "$a" "$h") percent"
    echo "http.assess_brief.c$c $b req_per_s"
    echo "http.assess_brief.c$c.p99 $(med <"$T/bp") ms"
    echo "http.assess_brief.c$c.vs_healthz $(pct "$b" "$h") percent"
    echo "http.static_like_full.c$c $sf req_per_s"
    echo "http.static_like_full.c$c.vs_healthz $(pct "$sf" "$h") percent"
    echo "http.assess.c$c.vs_static_like_full $(pct "$a" "$sf") percent"
    echo "http.static_like_brief.c$c $sb req_per_s"
    echo "http.static_like_brief.c$c.vs_healthz $(pct "$sb" "$h") percent"
    echo "http.assess_brief.c$c.vs_static_like_brief $(pct "$b" "$sb") percent"
    if [ $c -eq 256 ]; then
        echo "http.rss.c256 $(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' /proc/$PID/status) MiB"
    fi
done
