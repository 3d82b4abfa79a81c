#!/bin/sh
# interactive.sh: the questionnaire driven through scripted standard input: red flags come
# first, '?' shows help, bad answers are asked again, 'b' goes back, end of input leaves
# cleanly (exit 4), and a full run ends with the answer.
# Usage: interactive.sh SCOOT SOURCE_DIR
set -u
SCOOT=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
check() { # NAME CONDITION-DESCRIPTION RESULT(0 ok)
    if [ "$3" -ne 0 ]; then echo "FAIL $1: $2"; sed 's/^/  | /' "$T/out" | tail -30; fails=$((fails + 1)); fi
}
MINI="$SRC/tests/data/mini.kb"

# mini KB order: pain (red flag), name, coat, leak, stool (ask-if leak), grimace, episodes
printf '?\nmaybe\nn\nTom\n2\ny\n9\n6\n\n3\n' | "$SCOOT" assess --kb "$MINI" >"$T/out" 2>&1
st=$?
check full-run "exit status $st" $st
first=$(grep -m1 -E '^(\[important\] )?[0-9]+\. ' "$T/out" | sed 's/^\[important\] //')
[ "$first" = "1. Does it hurt when touched?" ]; check red-flag-first "first question was: $first" $?
grep -q 'No extra help for this question' "$T/out"; check help-shown "no help text after ?" $?
grep -q 'Sorry, that answer does not fit' "$T/out"; check bad-answer "no re-ask after 'maybe'" $?
grep -q 'out of range 1..7' "$T/out"; check range "stool 9 not refused" $?
grep -q '^What to do now' "$T/out"; check result "no result printed" $?
grep -q 'Warm compress' "$T/out"; check plan "answers not used (leak=yes should give the compress)" $?
grep -q "$(printf '\033')" "$T/out"; [ $? -ne 0 ]; check no-colour "colour written to a pipe" $?

# ask-if: leak = no skips the stool question
printf 'n\n\n\nn\n\n\n' | "$SCOOT" assess --kb "$MINI" >"$T/out" 2>&1
grep -q 'Stool score' "$T/out"; [ $? -ne 0 ]; check ask-if "stool asked although leak = no" $?

# back: answer pain yes, go back, answer no -> not urgent
printf 'y\nb\nn\n\n\nn\n\n\n' | "$SCOOT" assess --kb "$MINI" --format json >"$T/json" 2>"$T/out"
grep -q '"level":"monitor"' "$T/json"; check back "going back did not undo the answer" $?

# end of input in the middle: exit 4, nothing assessed
printf 'n\n' | "$SCOOT" assess --kb "$MINI" >"$T/out" 2>&1
st=$?
[ $st -eq 4 ]; check eof-exit "exit $st, expected 4" $?
grep -q 'nothing was assessed' "$T/out"; check eof-message "no message" $?

# the default KB: the first questions are its red flags, and a run to the end works
yes '' | head -200 | "$SCOOT" assess >"$T/out" 2>&1
st=$?
check default-run "exit status $st" $st
grep -q '^Red-flag questions not answered' "$T/out"; check unanswered "unanswered red flags not listed" $?

echo "interactive: $fails failed"
[ "$fails" -eq 0 ]
