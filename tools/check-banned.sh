#!/bin/sh
# check-banned.sh: fails when C sources call sprintf, strcpy, strcat, gets or atoi, or call
# malloc/calloc/realloc/free directly outside the allocator (src/core/alloc.c).
# Test and benchmark code may free what jansson's json_dumps returns.
set -eu
root=${1:-.}
cd "$root"
status=0
files=$(find src include tests bench fuzz examples -name '*.[ch]' 2>/dev/null | sort)
hits=$(grep -nE '(^|[^_a-zA-Z0-9.>])(sprintf|vsprintf|strcpy|strcat|gets|atoi)[[:space:]]*\(' $files \
       | grep -vE ':[[:space:]]*(/\*|\*)' || true)
if [ -n "$hits" ]; then
    echo "banned calls (use snprintf, scoot_buf, strtol):"
    echo "$hits"
    status=1
fi
raw=$(grep -nE '(^|[^_a-zA-Z0-9.>])(malloc|calloc|realloc|free)[[:space:]]*\(' $(echo "$files" | grep -v '^src/core/alloc.c$') \
      | grep -vE ':[[:space:]]*(/\*|\*)' | grep -v 'json_dumps output' || true)
# tests may count allocations with their own hook and free json_dumps output
raw=$(echo "$raw" | grep -vE '^tests/unit/(test_core|test_engine|test_golden|test_oom|test_oom_api)\.c:' || true)
if [ -n "$raw" ]; then
    echo "raw allocator calls outside src/core/alloc.c (use scoot_malloc/scoot_free):"
    echo "$raw"
    status=1
fi
[ $status -eq 0 ] && echo "check-banned: ok ($(echo "$files" | wc -l) files)"
exit $status
