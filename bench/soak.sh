#!/bin/sh
# soak.sh SCOOT_SERVER [SECONDS]: scoot serve on a fresh journal under mixed load (wrk with
# bench/soak.lua: reads, writes and checks, every one valid) for SECONDS (SOAK_SECONDS, default
# 600), sampling the server's resident memory (VmRSS) and open descriptors every SOAK_EVERY
# seconds (5). Prints "soak.* value unit" lines, and fails unless: resident memory is flat after
# warm-up (its growth over the second half, from the sample at half time to the largest after
# it, is under 5 percent or under 2 MiB), the descriptors are stable (the same through the second
# half, and back to where they were before the load once it stops), no answer was a 5xx or
# anything but 2xx, and wrk had no connection error. SOAK_CONNECTIONS (16) connections on
# SOAK_THREADS (2) wrk threads; SOAK_SAMPLES=FILE keeps the samples ("seconds rss_kib fds").
set -eu
BIN=$1
SECS=${2:-${SOAK_SECONDS:-600}}
EVERY=${SOAK_EVERY:-5}
CONNS=${SOAK_CONNECTIONS:-16}
WRK_THREADS=${SOAK_THREADS:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "soak: wrk is not installed (tools/install-deps.sh)"; exit 1; }
T=$(mktemp -d)
: >"$T/out" # (before the server's shell has opened it)
"$BIN" --listen 127.0.0.1:0 --db "$T/soak.db" --access-log off >"$T/out" 2>"$T/err" &
PID=$!
SAMPLER=
trap 'kill $PID $SAMPLER 2>/dev/null; rm -rf "$T"' EXIT INT TERM HUP PIPE
URL=
for i in $(seq 100); do
    URL=$(sed -n 's/^scoot is serving \(http:[^ ]*\)\/ .*/\1/p' "$T/out")
    [ -n "$URL" ] && curl -sf "$URL/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
[ -n "$URL" ] || { echo "soak: the server did not start"; cat "$T/err"; exit 1; }

# four cats with a little history: a check's care plan and a medicine course make due and
# summary do their work
post() { curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "$2" "$URL$1"; }
for c in Mimi Tom Zoe Rex; do
    post /api/v1/cats "{\"name\":\"$c\",\"age_years\":6}"
    for h in 50 30 10; do
        post "/api/v1/cats/$c/events" "{\"kind\":\"episode\",\"t\":\"${h}h ago\",\"data\":{\"amount\":\"smear\"}}"
        post "/api/v1/cats/$c/events" "{\"kind\":\"stool\",\"t\":\"${h}h ago\",\"data\":{\"score\":4}}"
    done
    post "/api/v1/cats/$c/events" '{"kind":"medicine","data":{"name":"Meloxicam","times_per_day":1,"days":5}}'
    post "/api/v1/cats/$c/assess" '{"findings":{"pain_on_touch":false,"swelling":false}}'
done

sample() { # seconds since the start, VmRSS in KiB, open descriptors
    echo "$1 $(awk '/^VmRSS/ {print $2}' /proc/$PID/status) $(ls /proc/$PID/fd | wc -l)"
}
fds_before=$(ls /proc/$PID/fd | wc -l)
( # (while the load runs: its connections are among the descriptors)
    s=0
    while [ $s -lt "$SECS" ] && kill -0 $PID 2>/dev/null; do
        sample $s >>"$T/samples"
        sleep "$EVERY"
        s=$((s + EVERY))
    done
) &
SAMPLER=$!
# (wrk's --timeout: a write waits on the disk's fsync, and this host is shared)
wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$HERE/soak.lua" "$URL" >"$T/wrk" 2>"$T/wrk.err" || true
kill $SAMPLER 2>/dev/null || true
wait $SAMPLER 2>/dev/null || true
SAMPLER=
sleep 2
fds_after=$(ls /proc/$PID/fd | wc -l)
curl -sf "$URL/healthz" >/dev/null || { echo "soak: /healthz fails after the load"; fails=1; }
[ -z "${SOAK_SAMPLES:-}" ] || cp "$T/samples" "$SOAK_SAMPLES"

grep '^soak\.' "$T/wrk" || { echo "soak: wrk printed no figures:"; cat "$T/wrk" "$T/wrk.err"; exit 1; }
sed 's/^/soak: /' "$T/wrk.err" >&2
fails=${fails:-0}
# memory: the sample at half time against the largest after it
awk -v half="$((SECS / 2))" -v before="$fds_before" -v after="$fds_after" '
    { t[NR] = $1; r[NR] = $2; f[NR] = $3 }
    END {
        for (i = 1; i <= NR; i++) if (t[i] >= half) { h = i; break }
        max = r[h]; fmin = f[h]; fmax = f[h]
        for (i = h; i <= NR; i++) {
            if (r[i] > max) max = r[i]
            if (f[i] < fmin) fmin = f[i]
            if (f[i] > fmax) fmax = f[i]
        }
        g = max - r[h]
        pct = g / r[h] * 100
        printf "soak.rss_warm %.1f MiB (at %d s, half time)\n", r[h] / 1024, t[h]
        printf "soak.rss_end %.1f MiB (at %d s; at most %.1f MiB in the second half; %.1f MiB before the load)\n",
            r[NR] / 1024, t[NR], max / 1024, r[1] / 1024
        printf "soak.rss_growth %.2f MiB (%.1f percent over the second half; limit 5 percent or 2 MiB)\n",
            g / 1024, pct
        printf "soak.fds %d descriptors under load (%d-%d over the second half; %d before the load, %d after)\n",
            f[NR], fmin, fmax, before, after
        bad = 0
        if (g >= 2048 && pct >= 5) { print "soak: FAIL resident memory grew after warm-up"; bad = 1 }
        if (fmax != fmin) { print "soak: FAIL the descriptors changed under steady load"; bad = 1 }
        if (after > before + 2) { print "soak: FAIL descriptors left open after the load"; bad = 1 }
        exit bad
    }' "$T/samples" || fails=1
awk '/^soak.5xx/ && $2 != 0 {print "soak: FAIL answers were 5xx"; bad = 1}
     /^soak.non_2xx/ && $2 != 0 {print "soak: FAIL answers were not 2xx"; bad = 1}
     /^soak.connection_errors/ && $2 != 0 {print "soak: FAIL connection errors"; bad = 1}
     END {exit bad}' "$T/wrk" || fails=1
kill -0 $PID 2>/dev/null || { echo "soak: FAIL the server exited"; fails=1; }
[ "$fails" -eq 0 ]
