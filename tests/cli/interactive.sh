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
# the mini KB without its checklist, for the one-question-at-a-time tests; with it below
MINI="$T/mini-plain.kb"
sed '/^checklist looks/,$d' "$SRC/tests/data/mini.kb" >"$MINI"
CHECK="$SRC/tests/data/mini.kb"

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

# a checklist: leak and pain on one screen; "1" ticks the leak, and pain is answered no
printf '1\n0\n0\n\n' | "$SCOOT" assess --kb "$CHECK" --format json >"$T/json" 2>"$T/out"
st=$?
check checklist-run "exit status $st" $st
grep -q 'Have you seen any of these?' "$T/out"; check checklist-shown "no checklist question" $?
grep -q '^   2  It hurts when touched' "$T/out"; check checklist-items "items not numbered" $?
grep -q '"level":"monitor"' "$T/json" && grep -q '"id":"compress"' "$T/json"
check checklist-answers "ticked item not yes (no compress) or unticked not no (not monitor)" $?
grep -q 'Does it hurt when touched?' "$T/out"; [ $? -ne 0 ]; check checklist-once "pain asked again" $?

# a bad number, and 0 with a number, are asked again; then Enter = not sure: one at a time
printf '7\n0 2\n\ny\nn\n0\n\n\n' | "$SCOOT" assess --kb "$CHECK" --format json >"$T/json" 2>"$T/out"
grep -q "Sorry, '7' is not one of the numbers 0 to 2" "$T/out"; check checklist-range "7 not refused" $?
grep -q 'Sorry, 0 means none of them' "$T/out"; check checklist-none "0 2 not refused" $?
order=$(grep -E '^(\[important\] )?[0-9]+\. ' "$T/out" | sed 's/^\[important\] //' | uniq | tr '\n' '|')
case "$order" in
"1. Have you seen any of these?|1. Does it hurt when touched?|2. Did you see a leak?|"*) r=0 ;;
*) r=1 ;;
esac
check checklist-one-by-one "questions were: $order" $r
grep -q '"level":"urgent"' "$T/json" && grep -q '"rule":"hurts"' "$T/json"
check checklist-one-by-one-answers "pain = yes one at a time not kept" $?

# back to a checklist answers it again: none, then back, then pain
printf '0\nb\n2\n' | "$SCOOT" assess --kb "$CHECK" --format json >"$T/json" 2>"$T/out"
grep -q '"level":"urgent"' "$T/json"; check checklist-back "going back to the checklist did not let pain be ticked" $?

# the default KB: the first questions are its red flags, and a run to the end works
yes '' | head -200 | "$SCOOT" assess >"$T/out" 2>&1
st=$?
check default-run "exit status $st" $st
grep -q '^Safety questions answered "not sure"' "$T/out"; check unanswered "red flags answered 'not sure' not listed" $?

echo "interactive: $fails failed"
[ "$fails" -eq 0 ]
