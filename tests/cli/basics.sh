#!/bin/sh
# basics.sh: the scoot command as a user and a program meet it: help, version, exit codes,
# kb check / show, assess --case / --answer / --format, and clear errors for bad input.
# Usage: basics.sh SCOOT SOURCE_DIR
set -u
SCOOT=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
n=0

. "$(dirname "$0")/lib.sh"

expect help 0 'Usage: scoot COMMAND' -- "$SCOOT" --help
expect no-args 2 'Usage: scoot COMMAND' -- "$SCOOT"
expect version 0 '^scoot [0-9]+\.[0-9]+\.[0-9]+ \(knowledge base feline_anal_sac ' -- "$SCOOT" --version
expect unknown-command 2 "unknown command 'frob'" -- "$SCOOT" frob
expect assess-help 0 'Usage: scoot assess' -- "$SCOOT" assess --help
expect kb-help 0 'Usage: scoot kb check' -- "$SCOOT" kb --help
expect assess-bad-option 2 "Try 'scoot assess --help'" -- "$SCOOT" assess --frob
expect assess-bad-format 2 'format must be text or json' -- "$SCOOT" assess --answer scooting=yes --format xml

# kb check
expect kb-check-default 0 'ok \(feline_anal_sac' -- "$SCOOT" kb check "$SRC/kb/feline-anal-sac.kb"
expect kb-check-mini 0 'mini.kb: ok \(mini 1\)' -- "$SCOOT" kb check "$SRC/tests/data/mini.kb"
sed 's/when episodes >= 2/when episods >= 2/; s/sources S2$/sources S9/' "$SRC/tests/data/mini.kb" >"$T/bad.kb"
expect kb-check-bad 3 "bad.kb:[0-9]+:[0-9]+: unknown fact or define 'episods'" -- "$SCOOT" kb check "$T/bad.kb"
expect kb-check-bad-all 3 "unknown source tag 'S9'" -- "$SCOOT" kb check "$T/bad.kb"
expect kb-check-missing 1 'nope.kb: cannot open' -- "$SCOOT" kb check "$T/nope.kb"
expect kb-show 0 'Questions, in the order they are asked' -- "$SCOOT" kb show
expect kb-show-json 0 '^\{"id":"feline_anal_sac"' -- "$SCOOT" kb show --format json
expect kb-show-other 0 '^Mini test KB' -- "$SCOOT" kb show --kb "$SRC/tests/data/mini.kb"
expect kb-show-bad-kb 3 'the knowledge base has errors' -- "$SCOOT" kb show --kb "$T/bad.kb"

# assess, non-interactive
cat >"$T/case.json" <<'JSON'
{"cat": {"age_years": 4, "sex": "female", "coat": "short"},
 "findings": {"discharge_seen": true, "startled_recently": true, "swelling": false,
              "pain_on_touch": false, "not_eating": false},
 "history": {"episodes_last_30_days": 1}}
JSON
expect case-json 0 '"triage":\{"level":"monitor"' -- "$SCOOT" assess --case "$T/case.json" --format json
expect case-json-brief 0 '^\{"kb":\{"id":"feline_anal_sac","version":"[^"]*"\},"texts":"brief","triage":\{"level":"monitor","reasons"' -- "$SCOOT" assess --case "$T/case.json" --format json --texts brief
expect case-texts-bad 2 'texts must be full or brief, not .short.' -- "$SCOOT" assess --case "$T/case.json" --format json --texts short
expect case-texts-needs-json 2 'texts goes with --format json' -- "$SCOOT" assess --case "$T/case.json" --texts brief
expect case-text 0 '^What to do now' -- "$SCOOT" assess --case "$T/case.json"
# an urgent answer starts with the KB's steps to take at once (its level's 'now')
expect urgent-right-away 0 '^  - Call ahead: ' -- "$SCOOT" assess --answer fever=yes
grep -q '^Right away:$' "$T/out" || { echo "FAIL urgent-right-away: no 'Right away:'"; fails=$((fails + 1)); }
expect case-stdin 0 '"level":"monitor"' -- sh -c "\"$SCOOT\" assess --case - --format json <\"$T/case.json\""
expect case-answer-overrides 0 '"level":"urgent"' -- "$SCOOT" assess --case "$T/case.json" --answer pain_on_touch=yes --format json
expect answers-only 0 '"level":"(vet_soon|urgent)"' -- "$SCOOT" assess --answer discharge_seen=yes --answer discharge_repeated=yes --format json
expect text-no-colour-when-piped 0 '' -- sh -c "\"$SCOOT\" assess --case \"$T/case.json\" | grep -q \"\$(printf '\\033')\" && exit 1 || exit 0"

# bad cases and answers: exit 3, message names the field, nothing printed on stdout
printf '{"findings": {"scooting": "yes"}}' >"$T/c1.json"
expect case-wrong-type 3 'c1.json: findings.scooting: expected true or false, found "yes"' -- "$SCOOT" assess --case "$T/c1.json"
printf '{"findings": {"grimace_score": 11}}' >"$T/c2.json"
expect case-out-of-range 3 'c2.json: findings.grimace_score: 11 is out of range 0..10' -- "$SCOOT" assess --case "$T/c2.json"
printf '{"findings": {"sneezing": true}}' >"$T/c3.json"
expect case-unknown-id 3 'c3.json: findings.sneezing: unknown id' -- "$SCOOT" assess --case "$T/c3.json"
printf '{"findings": {"scooting": true,\n  }' >"$T/c4.json"
expect case-not-json 3 'c4.json:[0-9]+:[0-9]+: not valid JSON' -- "$SCOOT" assess --case "$T/c4.json"
expect case-missing 1 'nope.json: cannot open' -- "$SCOOT" assess --case "$T/nope.json"
expect answer-unknown 3 'sneezing: unknown id' -- "$SCOOT" assess --answer sneezing=yes
expect answer-bad-value 3 'scooting: expected yes, no or unknown, found "often"' -- "$SCOOT" assess --answer scooting=often
expect answer-no-equals 2 "expected ID=VALUE" -- "$SCOOT" assess --answer scooting
expect stdin-conflict 2 'standard input' -- "$SCOOT" assess --case - --interactive

# the JSON on stdout is exactly one document, nothing else
"$SCOOT" assess --case "$T/case.json" --format json >"$T/r.json" 2>"$T/err"
n=$((n + 1))
if [ -s "$T/err" ] || [ "$(head -c 1 "$T/r.json")" != "{" ] || [ "$(wc -l <"$T/r.json")" -ne 1 ]; then
    echo "FAIL json-clean: stderr or stdout not clean"; fails=$((fails + 1))
fi

echo "$n checks, $fails failed"
[ "$fails" -eq 0 ]
