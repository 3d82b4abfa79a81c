#!/bin/sh
# cli.sh SCOOT CASES: the hostile command lines of CASES (tests/hostile/cli.txt) against a
# journal made by its set-up lines. Every case must end with its exit status and print a line
# matching its pattern (lib.sh's expect), and change nothing: neither the journal (sqlite3
# .dump) nor any other file in the scratch folder (names, sizes and checksums).
#
# A case is one line:  NAME | STATUS | PATTERN | COMMAND
# PATTERN is an extended regular expression (empty: any output); COMMAND is run by sh -c with
# $S (the scoot binary), $T (the scratch folder, which holds the journal $T/scoot.db and the
# files the set-up made), standard input from /dev/null, and $NOBODY (a prefix that runs a command as another user when the
# tests run as root, so that a file without read permission cannot be read; else empty). A
# line starting with "+" is set-up: it may change the journal. '#' starts a comment line.
set -u
SCOOT=$1
CASES=$2
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"
export SCOOT_DB="$T/scoot.db" SCOOT_NOW="2026-11-20T12:00:00Z" TZ=UTC NO_COLOR=1
export S="$SCOOT" T
NOBODY=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
export NOBODY
fails=0
n=0
. "$(dirname "$0")/../cli/lib.sh"

# the journal, and every other file of the scratch folder but lib.sh's own
snap() {
    sqlite3 "$SCOOT_DB" .dump 2>&1
    (cd "$T" && find . ! -name out ! -name before ! -name after ! -name 'scoot.db*' | sort |
        while read -r f; do
            if [ -f "$f" ] && [ -r "$f" ]; then echo "$f $(cksum <"$f")"; else echo "$f"; fi
        done)
}

hostile=0
while IFS= read -r line <&3; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%% | *}
    rest=${line#* | }
    want=${rest%% | *}
    rest=${rest#* | }
    case $rest in
    '| '*) pat='' cmd=${rest#'| '} ;; # (an empty pattern: "NAME | 0 | | COMMAND")
    *' | '*) pat=${rest%% | *} cmd=${rest#* | } ;;
    *) echo "FAIL $CASES: cannot read: $line"; fails=$((fails + 1)); continue ;;
    esac
    case $name in
    +*) expect "${name#+}" "$want" "$pat" -- sh -c "exec 3<&- </dev/null; $cmd" ;;
    *)
        hostile=$((hostile + 1))
        refused "$name" "$want" "$pat" -- sh -c "exec 3<&- </dev/null; $cmd"
        ;;
    esac
done 3<"$CASES"

echo "hostile cli: $hostile hostile command lines, $n checks, $fails failed"
[ "$fails" -eq 0 ]
