#!/bin/sh
# fhir.sh SCOOT SRC: `scoot export --format fhir` of a cat with leaks, stool, weight, a pain
# score, a sign, a check with a care plan and a medicine, checked by an independent FHIR R4
# validator (fhir.mjs, the npm package fhir); the same record gives the same Bundle; errors.
set -u
S=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
if [ ! -d "$SRC/node_modules/fhir" ]; then
    echo "fhir: installing the npm packages of package.json"
    (cd "$SRC" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null) || { echo "fhir: npm ci failed" >&2; exit 1; }
fi
DB="$T/j.db"
"$S" --db "$DB" cat add Mimi --sex female --neutered yes --birth-date 2018-05-02 >/dev/null || fail "cat add"
cat >"$T/case.json" <<'JSON'
{"cat":{"age_years":6,"sex":"male","coat":"short","body_condition_9pt":5,"indoor":true},
 "findings":{"scooting":true,"swelling":false,"redness":false,"pain_on_touch":false,"rice_like_segments":false},
 "history":{"days_since_onset":0}}
JSON
"$S" --db "$DB" log leak --cat Mimi --amount smear --look brown --context rest --at '2 days ago' >/dev/null || fail "leak"
"$S" --db "$DB" log stool 3 --cat Mimi --at yesterday >/dev/null || fail "stool"
"$S" --db "$DB" log weight 4.25 --cat Mimi >/dev/null || fail "weight"
"$S" --db "$DB" log pain --cat Mimi --ears 1 --eyes 0 --muzzle 1 --whiskers - --head 0 >/dev/null || fail "pain"
"$S" --db "$DB" log seen scooting --cat Mimi >/dev/null || fail "seen"
"$S" --db "$DB" assess --cat Mimi --case "$T/case.json" >/dev/null 2>&1 || fail "assess"
"$S" --db "$DB" export --cat Mimi --format fhir -o "$T/b.json" || fail "export fhir"
node "$SRC/tests/cli/fhir.mjs" "$T/b.json" Mimi || fails=$((fails + 1))
"$S" --db "$DB" export --cat Mimi --format fhir >"$T/b2.json" || fail "export fhir to stdout"
# the same record, the same Bundle (but for the timestamp and the plan's creation time)
grep -v '"timestamp"\|"created"' "$T/b.json" >"$T/x1"
grep -v '"timestamp"\|"created"' "$T/b2.json" >"$T/x2"
cmp -s "$T/x1" "$T/x2" || fail "two exports of the same record differ"
# a cat with nothing logged: a Bundle of its Patient, still valid
"$S" --db "$DB" cat add Newby >/dev/null
"$S" --db "$DB" export --cat Newby --format fhir >"$T/n.json" || fail "export of a cat with no entries"
node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1]));process.exit(b.entry.length===1&&b.entry[0].resource.resourceType==="Patient"?0:1)' "$T/n.json" || fail "a new cat's Bundle"
# errors
"$S" --db "$DB" export --format fhir >/dev/null 2>"$T/e"; st=$?
{ [ $st = 2 ] && grep -q "which cat" "$T/e"; } || fail "fhir without --cat: exit $st, $(cat "$T/e")"
"$S" --db "$DB" export --cat Nobody --format fhir >"$T/o" 2>"$T/e"; st=$?
{ [ $st = 3 ] && grep -q "no cat named 'Nobody'" "$T/e" && [ ! -s "$T/o" ]; } || fail "unknown cat: exit $st, $(cat "$T/e")"
[ $fails = 0 ] && echo "fhir: ok" || { echo "fhir: $fails failure(s)"; exit 1; }
