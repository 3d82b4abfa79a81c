#!/bin/sh
# run.sh BUILD SECONDS: runs each libFuzzer harness for SECONDS on a copy of its seed corpus
# (new inputs stay in BUILD, the committed corpus is not touched). Fails on any finding.
set -eu
build=$1
secs=$2
here=$(cd "$(dirname "$0")" && pwd)
for f in kb case import time api http; do
    work="$build/corpus-$f"
    mkdir -p "$work"
    cp "$here/corpus/$f"/* "$work/" 2>/dev/null || true
    echo "fuzz_$f: ${secs}s"
    ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/fuzz_$f" -max_total_time="$secs" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$work" 2>"$build/fuzz_$f.log" || {
        tail -60 "$build/fuzz_$f.log"
        exit 1
    }
    grep -E 'stat::number_of_executed_units|stat::new_units_added' "$build/fuzz_$f.log" | sed "s/^/  fuzz_$f /"
done
