#!/bin/sh
# valgrind.sh BUILD SOURCE [unit|cli|all|quick]: valgrind's memcheck over the unit tests (each
# cmocka executable) and the command-line tests (tests/cli/*.sh and tests/hostile/cli.sh, with
# every run of scoot under memcheck); quick: the unit tests that take seconds (not test_engine,
# test_journal, test_oom), for make test. Clean means no memory error and no definite leak in
# any run: --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite, the
# suppressions of tools/valgrind.supp (third-party noise only, each commented). Prints one line
# per test and the reports of the runs that were not clean; exits 1 if any. VALGRIND_JOBS (2)
# tests at once.
# BUILD's scoot must be linked dynamically (-DSCOOT_STATIC_CLI=OFF; make valgrind does it).
set -u
if [ "${1:-}" = --one ]; then # (internal) --one DIR KIND:NAME: one test, for the job pool
    T=$2
    . "$T/env"
    shift 2
else
    BUILD=$(cd "$1" && pwd)
    SRC=$(cd "$2" && pwd)
    WHAT=${3:-all}
fi
JOBS=${VALGRIND_JOBS:-2}
# (--track-origins=yes, which says where an uninitialised value came from, doubles the time:
# give it in VALGRIND_OPTS to look into a finding)
VG="valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
--show-leak-kinds=definite --num-callers=30 --suppressions=$SRC/tools/valgrind.supp"

# run NAME COMMAND...: one test, its output kept; "ok" or "FAIL" with the last lines
run() {
    name=$1
    shift
    start=$(date +%s)
    if "$@" >"$T/$name.out" 2>&1; then st=ok; else st=FAIL; fi
    echo "$st $name ($(($(date +%s) - start)) s)" >"$T/$name.status"
    if [ $st = FAIL ]; then tail -30 "$T/$name.out" | sed 's/^/  | /' >>"$T/$name.status"; fi
}

if [ "${T:-}" ] && [ $# -eq 1 ]; then
    case $1 in
    unit:*) n=${1#unit:}; cd "$BUILD/tests" && run "$n" $VG --log-file="$T/logs/$n.log" -q "./$n" ;;
    cli:hostile) run hostile sh "$SRC/tests/hostile/cli.sh" "$T/scoot" "$SRC/tests/hostile/cli.txt" ;;
    cli:basics | cli:interactive) n=${1#cli:}; run "$n" sh "$SRC/tests/cli/$n.sh" "$T/scoot" "$SRC" ;;
    cli:*) n=${1#cli:}; run "$n" sh "$SRC/tests/cli/$n.sh" "$T/scoot" ;;
    esac
    exit 0
fi

command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed (tools/install-deps.sh)"; exit 1; }
# memcheck replaces malloc only in a C library it loads: a statically linked scoot (the
# default where the static libraries exist) would hide every block and report glibc's start-up
# (the unit tests are always linked dynamically)
if { [ "$WHAT" = cli ] || [ "$WHAT" = all ]; } && ! readelf -l "$BUILD/scoot" | grep -q INTERP; then
    echo "valgrind.sh: $BUILD/scoot is linked statically; configure BUILD with -DSCOOT_STATIC_CLI=OFF (make valgrind does)"
    exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
mkdir -m 1777 "$T/logs" # (journal.sh runs scoot as another user too)
printf 'BUILD=%s\nSRC=%s\n' "$BUILD" "$SRC" >"$T/env"

# scoot under memcheck, for the command-line tests: each run writes its report to logs/
cat >"$T/scoot" <<EOS
#!/bin/sh
exec $VG --log-file=$T/logs/cli.%p.log -q $BUILD/scoot "\$@"
EOS
chmod 755 "$T/scoot"

# the longest first, so that the pool ends together
tests=""
if [ "$WHAT" = cli ] || [ "$WHAT" = all ]; then
    tests="cli:hostile cli:journal"
fi
if [ "$WHAT" = unit ] || [ "$WHAT" = all ] || [ "$WHAT" = quick ]; then
    for t in $(sed -n 's/^scoot_unit(\(test_[a-z_]*\))$/\1/p' "$SRC/tests/CMakeLists.txt"); do
        case $WHAT:$t in
        quick:test_engine | quick:test_journal | quick:test_oom) ;; # (minutes under memcheck)
        *) tests="$tests unit:$t" ;;
        esac
    done
fi
if [ "$WHAT" = cli ] || [ "$WHAT" = all ]; then
    tests="$tests cli:basics cli:walk cli:damage cli:interactive"
fi
[ "$tests" ] || { echo "usage: valgrind.sh BUILD SOURCE [unit|cli|all|quick]"; exit 2; }
start=$(date +%s)
printf '%s\n' $tests | xargs -P "$JOBS" -n 1 sh "$0" --one "$T"
cat "$T"/*.status
fails=$(cat "$T"/*.status | grep -c '^FAIL')
# a report that is not empty is a finding, whatever the exit status its test expected
bad=0
for f in "$T"/logs/*.log; do
    [ -s "$f" ] || continue
    bad=$((bad + 1))
    [ $bad -le 5 ] && { echo "memcheck: $(basename "$f"):"; head -60 "$f" | sed 's/^/  | /'; }
done
runs=$(ls "$T"/logs | wc -l)
echo "valgrind: $(echo $tests | wc -w) tests, $runs runs under memcheck, $fails tests failed, $bad reports with findings, $(($(date +%s) - start)) s"
[ "$fails" -eq 0 ] && [ "$bad" -eq 0 ]
