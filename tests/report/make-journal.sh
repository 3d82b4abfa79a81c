#!/bin/sh
# make-journal.sh SCOOT DB: the journal of the report's golden tests, built through the scoot
# command with the clock fixed (SCOOT_NOW) and every entry timed relative to it: Mimi, with
# twelve weeks of leaks, stool, weight, pain scores, care, a medicine course, two vet visits,
# a check and notes; Tom, with no entries at all.
set -eu
S=$1
DB=$2
export SCOOT_NOW="2026-11-20T12:00:00Z" TZ=UTC
rm -f "$DB"
s() { "$S" --db "$DB" "$@" >/dev/null; }
s cat add Mimi --birth-date 2017-03-02 --sex female --neutered yes --coat long --breed 'Maine Coon' --weight-kg 5.9 --body-condition-9pt 7
s cat add Tom
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# twelve weeks back: weight and stool every week, a pain score every other week
for w in 12 11 10 9 8 7 6 5 4 3 2 1; do
    d=$((w * 7))
    kg=$(echo "5.4 + (12 - $w) * 0.05" | bc)
    s log weight --cat Mimi "$kg" --at "$d days ago"
    sc=$(( w > 8 ? 4 : w > 4 ? 5 : 6 ))
    s log stool --cat Mimi "$sc" --at "$((d - 1)) days ago"
    if [ $((w % 2)) -eq 0 ]; then
        s log pain --cat Mimi --ears $(( w < 5 ? 1 : 0 )) --eyes $(( w < 3 ? 1 : 0 )) --muzzle 0 --whiskers 0 --head 0 --at "$((d - 2)) days ago"
    fi
done
s log episode --cat Mimi --at '80 days ago' --amount spot --look brown --context fright --where 'the carrier' --note 'at the vet for vaccines'
s log episode --cat Mimi --at '50 days ago' --amount smear --look brown --context rest --where 'her bed'
s log episode --cat Mimi --at '30 days ago' --amount smear --look grey --context rest --where 'the sofa'
s log vet --cat Mimi --at '28 days ago' --clinic 'Town Vets' --found 'both sacs full' --diagnosis 'impacted anal sacs' --treatment 'expressed both sacs' --diagnosis-ids impaction
s log episode --cat Mimi --at '16 days ago' --amount smear --look yellow --context after_stool --where 'litter box edge'
s log seen --cat Mimi scooting --at '15 days ago'
s log seen --cat Mimi licking_rear --at '12 days ago'
s log episode --cat Mimi --at '9 days ago' --amount puddle --look yellow --context rest --where 'the duvet' --note 'strong fishy smell all evening'
s log seen --cat Mimi scooting --at '6 days ago'
s log medicine --cat Mimi --at '8 days ago' --name 'Meloxicam' --dose '0.1 ml' --times-per-day 1 --days 5
for k in 8 7 5 4; do
    s log dose --cat Mimi $(( $("$S" --db "$DB" history --cat Mimi --kind medicine --format json | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1) )) --at "$k days ago"
done
cat >"$T/case.json" <<'C'
{"findings":{"scooting":true,"licking_rear":true,"swelling":false,"redness":false,"pain_on_touch":false,"odor":true,"discharge_seen":true}}
C
# the check, three days ago
SCOOT_NOW="2026-11-17T12:00:00Z" "$S" --db "$DB" assess --cat Mimi --case "$T/case.json" >/dev/null
for d in 17 18 19; do
    s log care --cat Mimi warm_compress --minutes 10 --tolerated well --at "2026-11-$d 08:00"
    [ $d -ne 18 ] && s log care --cat Mimi warm_compress --minutes 8 --tolerated fair --at "2026-11-$d 19:00"
done
s log episode --cat Mimi --at '1 day ago' --amount spot --look brown --context fright --where 'by the door' --note 'the doorbell rang'
echo ok
