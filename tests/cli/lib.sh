# lib.sh: what the command-line tests share (sourced by basics.sh, journal.sh and walk.sh). The
# caller sets T (a scratch folder), fails and n (counters) and, for refused, snap (prints the
# whole journal).

# expect NAME WANT_STATUS PATTERN -- command...: the exit status, and a line matching PATTERN
# (extended regex; empty: any output) in what it printed (kept in $T/out)
expect() {
    name=$1 want=$2 pat=$3
    shift 4
    n=$((n + 1))
    "$@" >"$T/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ] || { [ -n "$pat" ] && ! grep -Eq -- "$pat" "$T/out"; }; then
        echo "FAIL $name: exit $got (want $want), output:"; sed 's/^/  | /' "$T/out" | head -20
        echo "  wanted /$pat/"
        fails=$((fails + 1))
    fi
}

# refused NAME STATUS PATTERN -- command...: like expect, and the journal must not change
refused() {
    snap >"$T/before"
    expect "$@"
    snap >"$T/after"
    if ! cmp -s "$T/before" "$T/after"; then
        echo "FAIL $1: the journal changed"; fails=$((fails + 1))
    fi
}

# absent NAME PATTERN: the last output must not match
absent() {
    if grep -Eq -- "$2" "$T/out"; then
        echo "FAIL $1: the output matches /$2/:"; sed 's/^/  | /' "$T/out" | head -20
        fails=$((fails + 1))
    fi
}
