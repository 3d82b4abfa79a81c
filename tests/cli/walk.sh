#!/bin/sh
# walk.sh: what issue 16 ("the owner's walk") found, as the owner meets it on the command line:
# the global options before the command (scoot --db FILE history ...), the kind names of
# history --kind (those of log, with "did you mean" for a misspelling), and the home care of a
# check that ends with its plan's days or at a later vet visit, after which the vet's recheck
# and medicines are what is due. Bad input fails with a clear message and changes nothing.
# Usage: walk.sh SCOOT
set -u
SCOOT=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# (no $SCOOT_DB: every journal here is named with --db, before or after the command)
unset SCOOT_DB
export XDG_DATA_HOME="$T/xdg"
export TZ=UTC
fails=0
n=0

expect() { # NAME WANT_STATUS PATTERN -- command...
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

# absent NAME PATTERN: the last output must not match
absent() {
    if grep -Eq -- "$2" "$T/out"; then
        echo "FAIL $1: the output matches /$2/:"; sed 's/^/  | /' "$T/out" | head -20
        fails=$((fails + 1))
    fi
}

DB="$T/walk.db"
snap() { "$SCOOT" export --db "$DB" 2>/dev/null | grep -v '"exported"'; }

# refused NAME STATUS PATTERN -- command...: like expect, and the journal must not change
refused() {
    snap >"$T/before"
    expect "$@"
    snap >"$T/after"
    if ! cmp -s "$T/before" "$T/after"; then
        echo "FAIL $1: the journal changed"; fails=$((fails + 1))
    fi
}

S=$SCOOT
export SCOOT_NOW="2026-12-01T09:00:00Z"

# ---- 1. --db (and --kb) before the command work as after it
expect global-help 0 '^       scoot \[--db PATH\] \[--kb FILE\] COMMAND' -- $S --help
grep -Eq -- '^  --db PATH ' "$T/out" || { echo "FAIL global-help: --db is not described"; fails=$((fails + 1)); }
expect cat-add-before 0 'Added Mimi' -- $S --db "$DB" cat add Mimi --coat short
[ -f "$DB" ] && [ ! -e "$T/xdg/scoot/scoot.db" ] || { echo "FAIL cat-add-before: not written to --db"; fails=$((fails + 1)); }
expect log-before 0 'Logged stool for Mimi' -- $S --db="$DB" log stool --cat Mimi 3
expect history-before 0 'stool +score=3' -- $S --db "$DB" history --cat Mimi
cp "$T/out" "$T/hist-before"
expect history-after 0 'stool +score=3' -- $S history --db "$DB" --cat Mimi
cmp -s "$T/out" "$T/hist-before" || { echo "FAIL history-before: differs from --db after the command"; fails=$((fails + 1)); }
expect due-before 0 'Nothing is due today' -- $S --db "$DB" due
expect export-before 0 '"name": "Mimi"' -- $S --db "$DB" export
# the option after the command wins
expect db-both 3 "no cat named 'Mimi'" -- $S --db "$DB" history --db "$T/other.db" --cat Mimi
expect kb-before 0 '^Mini test KB' -- $S --kb "$(dirname "$0")/../data/mini.kb" kb show
refused db-no-value 2 '^scoot: --db needs a value' -- $S --db
refused db-twice 2 'scoot: --db is given twice before the command' -- $S --db "$DB" --db "$DB" due
refused db-no-command 2 'which command\?' -- $S --db "$DB"
refused db-not-for-kb 2 "scoot: --db is not for 'kb'" -- $S --db "$DB" kb show
refused kb-not-for-check 2 "scoot: --kb is not for 'kb check'" -- $S --kb x.kb kb check x.kb
refused unknown-global 2 "scoot: unknown option '--frob' before the command" -- $S --frob --db "$DB" due
[ ! -e "$T/xdg/scoot/scoot.db" ] || { echo "FAIL default-untouched: the default journal was opened"; fails=$((fails + 1)); }

# ---- 2. history --kind takes the kind names of log; a bad one is bad input (3), with the closest
expect log-leak 0 'Logged leak for Mimi' -- $S log leak --cat Mimi --db "$DB" --amount smear
expect log-vet 0 'Logged a vet visit for Mimi' -- $S log vet --cat Mimi --db "$DB" --clinic Oak
expect log-seen 0 'Logged an observation for Mimi' -- $S log seen --cat Mimi --db "$DB" scooting
for k in leak episode vet vet_visit seen observation stool; do
    expect "history-kind-$k" 0 '' -- $S history --db "$DB" --cat Mimi --kind $k
    absent "history-kind-$k" 'No entries'
done
expect history-kind-leak-only 0 'episode +amount=smear' -- $S history --db "$DB" --cat Mimi --kind leak
absent history-kind-leak-only 'stool|vet_visit|observation'
expect history-kind-vet-only 0 'vet_visit +clinic=Oak' -- $S history --db "$DB" --cat Mimi --kind vet
absent history-kind-vet-only 'episode|stool'
expect history-kind-none 0 "No entries of that kind for Mimi yet" -- $S history --db "$DB" --cat Mimi --kind assessment
refused history-kind-typo 3 "^scoot history --kind: unknown event kind 'laek'; did you mean 'leak'\?$" -- $S history --db "$DB" --cat Mimi --kind laek
grep -q 'the kinds are episode (or leak), seen' "$T/out" || { echo "FAIL history-kind-typo: the kinds are not listed"; fails=$((fails + 1)); }
refused history-kind-typo2 3 "did you mean 'vet_visit'\?" -- $S history --db "$DB" --cat Mimi --kind vet_vist
refused history-kind-far 3 "^scoot history --kind: unknown event kind 'sneeze'$" -- $S history --db "$DB" --cat Mimi --kind sneeze
refused log-kind-typo 3 "^scoot log: unknown event kind 'laek'; did you mean 'leak'\?$" -- $S log laek --cat Mimi --db "$DB"
refused log-kind-typo-sub 3 "did you mean 'show'\?" -- $S log shwo 3 --db "$DB"
refused log-kind-assessment 3 "an assessment is not logged by hand" -- $S log assessment --cat Mimi --db "$DB"

echo "walk: $n checks, $fails failed"
[ "$fails" -eq 0 ]
