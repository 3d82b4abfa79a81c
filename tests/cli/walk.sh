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

. "$(dirname "$0")/lib.sh"

DB="$T/walk.db"
snap() { "$SCOOT" export --db "$DB" 2>/dev/null | grep -v '"exported"'; }

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
expect db-both 3 "other.db: no journal there" -- $S --db "$DB" history --db "$T/other.db" --cat Mimi
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

# ---- 3. the home care of a check ends with its plan's days, or at a vet visit after the check
cat >"$T/case.json" <<'JSON'
{"findings": {"discharge_seen": true, "discharge_repeated": true, "scooting": true,
              "pain_on_touch": false, "swelling": false, "not_eating": false, "straining": false,
              "fever": false, "lethargy": false, "redness": false},
 "history": {"episodes_last_30_days": 2}}
JSON
export SCOOT_NOW="2026-12-01T09:00:00Z"
expect cat-add-rita 0 'Added Rita' -- $S --db "$DB" cat add Rita
expect check-rita 0 'Saved in Rita' -- $S --db "$DB" assess --cat Rita --case "$T/case.json"
grep -q 'Warm compress' "$T/out" || { echo "FAIL check-rita: no warm compress in the plan"; fails=$((fails + 1)); }
export SCOOT_NOW="2026-12-03T09:00:00Z"
expect due-plan 0 '^Rita +warm_compress +Warm compress +3 more today, 6 missed before$' -- $S --db "$DB" due --cat Rita
grep -Eq '^Rita +clean_area ' "$T/out" || { echo "FAIL due-plan: no cleaning"; fails=$((fails + 1)); }
export SCOOT_NOW="2026-12-04T10:00:00Z"
expect visit-rita 0 'Logged a vet visit for Rita' -- $S --db "$DB" log vet --cat Rita --clinic 'Oak Vets' --treatment 'glands emptied' --recheck 2026-12-12
expect medicine-rita 0 'Logged medicine for Rita' -- $S --db "$DB" log medicine --cat Rita --name Clavamox --dose '1 tablet' --times-per-day 2 --days 7
# from the visit on, the vet's plan: the medicine, then the recheck; not the old compress
expect due-after-visit 0 '^Rita +Clavamox +Clavamox 1 tablet +2 more today$' -- $S --db "$DB" due --cat Rita
absent due-after-visit 'warm_compress|clean_area|missed'
export SCOOT_NOW="2026-12-05T10:00:00Z"
expect due-next-day 0 '^Rita +Clavamox ' -- $S --db "$DB" due --cat Rita
absent due-next-day 'warm_compress|clean_area'
expect summary-after-visit 0 '^Recheck at Oak Vets: booked for 2026-12-12, in 7 days$' -- $S --db "$DB" summary --cat Rita
absent summary-after-visit 'Warm compress|Clean the area'
refused done-old-plan 3 "'warm_compress' is not due for Rita today: the care planned at the check of 2026-12-01 ended with the vet visit of 2026-12-04 \(due: Clavamox\)" -- $S --db "$DB" done warm_compress --cat Rita
export SCOOT_NOW="2026-12-12T10:00:00Z"
expect due-recheck 0 '^Rita +recheck +Recheck with the vet at Oak Vets +booked for 2026-12-12, today$' -- $S --db "$DB" due --cat Rita
absent due-recheck 'warm_compress|clean_area|Clavamox'
# without a visit, the plan ends after its days: the compress's 7, the cleaning with it
expect cat-add-tom 0 'Added Tom' -- $S --db "$DB" cat add Tom
export SCOOT_NOW="2026-12-01T09:00:00Z"
expect check-tom 0 'Saved in Tom' -- $S --db "$DB" assess --cat Tom --case "$T/case.json"
export SCOOT_NOW="2026-12-07T20:00:00Z"
expect due-last-day 0 '^Tom +clean_area ' -- $S --db "$DB" due --cat Tom
export SCOOT_NOW="2026-12-08T09:00:00Z"
expect due-plan-over 0 '^Nothing is due today\.$' -- $S --db "$DB" due --cat Tom
refused done-plan-over 3 "'clean_area' is not due for Tom today: the care planned at the check of 2026-12-01 ended after its 7 days" -- $S --db "$DB" done clean_area --cat Tom

echo "walk: $n checks, $fails failed"
[ "$fails" -eq 0 ]
