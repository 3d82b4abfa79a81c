#!/bin/sh
# interactive.sh: the questionnaire driven through scripted standard input: the engine's order
# (what could change the level first), '?' shows help, bad answers are asked again, 'b' goes
# back, 'a' gives the answer now, the settled level is said, end of input leaves cleanly
# (exit 4), and a full run ends with the answer.
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

# mini KB, the engine's order: what could change the level first (pain, a red flag, then the
# grimace score: the urgent rule; episodes: the vet-soon rule), then what sharpens the causes
# (leak, then stool, which follows leak); the name and coat change nothing and are not asked
printf '?\nmaybe\nn\n\n0\ny\n9\n6\n' | "$SCOOT" assess --kb "$MINI" >"$T/out" 2>&1
st=$?
check full-run "exit status $st" $st
first=$(grep -m1 -E '^(\[important\] )?[0-9]+\. ' "$T/out" | sed 's/^\[important\] //')
[ "$first" = "1. Does it hurt when touched?" ]; check red-flag-first "first question was: $first" $?
order=$(grep -E '^(\[important\] )?[0-9]+\. ' "$T/out" | sed 's/^\[important\] //' | uniq | tr '\n' '|')
[ "$order" = "1. Does it hurt when touched?|2. Grimace score?|3. Episodes in 30 days?|4. Did you see a leak?|5. Stool score?|" ]
check engine-order "questions were: $order" $?
grep -q 'What is your cat called' "$T/out"; [ $? -ne 0 ]; check not-asked "the name (which changes nothing) was asked" $?
grep -q 'More answers will not change how urgent this is' "$T/out"; check settled "no word that the level is settled" $?
grep -q 'No extra help for this question' "$T/out"; check help-shown "no help text after ?" $?
grep -q 'Sorry, that answer does not fit' "$T/out"; check bad-answer "no re-ask after 'maybe'" $?
grep -q 'out of range 1..7' "$T/out"; check range "stool 9 not refused" $?
grep -q '^What to do now' "$T/out"; check result "no result printed" $?
grep -q 'Warm compress' "$T/out"; check plan "answers not used (leak=yes should give the compress)" $?
grep -q "$(printf '\033')" "$T/out"; [ $? -ne 0 ]; check no-colour "colour written to a pipe" $?

# a = the answer now: after the first answer, nothing more is asked
printf 'n\na\n' | "$SCOOT" assess --kb "$MINI" >"$T/out" 2>&1
st=$?
check answer-now "exit status $st" $st
grep -qE '^[0-9]+\. Episodes in 30 days' "$T/out"; [ $? -ne 0 ]; check answer-now-stops "asked on after a" $?
grep -q '^Still unanswered, and could change how urgent this is' "$T/out"; check answer-now-open "open questions not listed" $?

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
grep -q '^Safety questions answered "not sure"' "$T/out"; check unanswered "red flags answered 'not sure' not listed" $?

echo "interactive: $fails failed"
[ "$fails" -eq 0 ]
