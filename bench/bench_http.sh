#!/bin/sh
# bench_http.sh SCOOT_SERVER CASE.json: wrk against POST /api/v1/assess (a realistic case; the
# full result, and the brief one that the web app asks for with ?texts=brief) and GET /healthz,
# at 64 and 256 connections, wrk beside the server on this machine. Prints `name value unit`
# lines; the healthz rate of the same run is the baseline. A second baseline shows what the
# size of an answer costs by itself: GET of the built-in web file nearest in size to each
# answer (the same response path, no work but a copy). BENCH_SECONDS (2) per wrk run,
# BENCH_ROUNDS (7) rounds.
set -eu
BIN=$1
CASE=$2
SECS=${BENCH_SECONDS:-2}
command -v wrk >/dev/null || { echo "bench_http: wrk is not installed (tools/install-deps.sh)"; exit 1; }
T=$(mktemp -d)
PORT=$((30000 + $$ % 10000))
# (wrk opens up to 256 connections from one address: no cap per client here)
"$BIN" --listen 127.0.0.1:$PORT --db "$T/bench.db" --access-log off --max-per-client 0 >"$T/out" 2>&1 &
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
    # a run that lost connections says so (the medians are meant to outvote it)
    sock=$(awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' "$T/wrk")
    [ -z "$sock" ] || echo "bench_http: wrk socket errors on $2 at $1 connections: $sock" >&2
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
# Rounds of healthz, assess, assess brief, the two size baselines, healthz again: the rates are
# medians over rounds, and each share is the median over rounds of that round's ratio (against
# the mean of the round's two healthz runs), with its range. The machine is shared and its load
# drifts; a ratio within one round cancels most of the drift.
med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# a run far below the round's healthz: the server stopped answering for a while (named, so that
# the median hides nothing)
stalled() { # PATH
    awk -v r="$rate" -v h="$h1" 'BEGIN {exit !(r < h / 10)}' &&
        echo "bench_http: $1 at $c connections ran at $rate req/s against $h1 for /healthz: a stall" >&2 || true
}
share() { # FILE: "median percent (min–max)"
    sort -n "$1" | awk '{v[NR] = $1} END {printf "%.0f percent (%.0f-%.0f over %d rounds)", v[int((NR + 1) / 2)], v[1], v[NR], NR}'
}
for c in 64 256; do
    for f in h a p b bp sf sb ah bh sfh sbh asf bsb; do : >"$T/$f"; done
    for round in $(seq "${BENCH_ROUNDS:-7}"); do
        run $c /healthz
        h1=$rate
        run $c /api/v1/assess "$T/post.lua"
        a=$rate
        stalled "/api/v1/assess"
        echo "$p99" >>"$T/p"
        run $c '/api/v1/assess?texts=brief' "$T/post.lua"
        b=$rate
        stalled '/api/v1/assess?texts=brief'
        echo "$p99" >>"$T/bp"
        run $c "$static_full"
        sf=$rate
        stalled "$static_full"
        run $c "$static_brief"
        sb=$rate
        stalled "$static_brief"
        run $c /healthz
        h=$(awk -v x="$h1" -v y="$rate" 'BEGIN {print (x + y) / 2}')
        echo "$h" >>"$T/h"; echo "$a" >>"$T/a"; echo "$b" >>"$T/b"; echo "$sf" >>"$T/sf"; echo "$sb" >>"$T/sb"
        awk -v a="$a" -v b="$b" -v sf="$sf" -v sb="$sb" -v h="$h" -v t="$T" 'BEGIN {
            print a / h * 100 >>(t "/ah"); print b / h * 100 >>(t "/bh")
            print sf / h * 100 >>(t "/sfh"); print sb / h * 100 >>(t "/sbh")
            print a / sf * 100 >>(t "/asf"); print b / sb * 100 >>(t "/bsb") }'
    done
    echo "http.healthz.c$c $(med <"$T/h") req_per_s"
    echo "http.assess.c$c $(med <"$T/a") req_per_s"
    echo "http.assess.c$c.p99 $(med <"$T/p") ms"
    echo "http.assess.c$c.vs_healthz $(share "$T/ah")"
    echo "http.assess_brief.c$c $(med <"$T/b") req_per_s"
    echo "http.assess_brief.c$c.p99 $(med <"$T/bp") ms"
    echo "http.assess_brief.c$c.vs_healthz $(share "$T/bh")"
    echo "http.static_like_full.c$c $(med <"$T/sf") req_per_s"
    echo "http.static_like_full.c$c.vs_healthz $(share "$T/sfh")"
    echo "http.assess.c$c.vs_static_like_full $(share "$T/asf")"
    echo "http.static_like_brief.c$c $(med <"$T/sb") req_per_s"
    echo "http.static_like_brief.c$c.vs_healthz $(share "$T/sbh")"
    echo "http.assess_brief.c$c.vs_static_like_brief $(share "$T/bsb")"
    if [ $c -eq 256 ]; then
        echo "http.rss.c256 $(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' /proc/$PID/status) MiB"
    fi
done
