#!/bin/sh
# journal.sh: the journal commands as a user meets them: cat, log, history, summary, due,
# done, export, import, backup, assess --cat. Every bad input must fail with a clear message
# and leave the journal unchanged (compared through a full export).
# Usage: journal.sh SCOOT
set -u
SCOOT=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SCOOT_DB="$T/data/scoot.db"
export SCOOT_NOW="2026-11-20T12:00:00Z"
export TZ=UTC
fails=0
n=0

. "$(dirname "$0")/lib.sh"

snap() { "$SCOOT" export 2>/dev/null | grep -v '"exported"'; }

S=$SCOOT
expect cat-add 0 'Added Mimi' -- $S cat add Mimi --sex female --neutered yes --coat long --birth-date 2018-05-01 --weight-kg 4.2
[ -f "$SCOOT_DB" ] || { echo "FAIL db-created: $SCOOT_DB missing"; fails=$((fails + 1)); }
expect cat-add2 0 'Added Tom' -- $S cat add Tom --age-years 9 --sex male
expect cat-list 0 '^Mimi, female, neutered, age 8.5 y, coat long' -- $S cat list
expect cat-show-json 0 '"name":"Tom"' -- $S cat show tom --format json
refused cat-dup 3 "there is already a cat named 'Mimi'" -- $S cat add mimi
refused cat-bad-sex 3 'cat.sex: expected "male" or "female", found "tomcat"' -- $S cat add Rex --sex tomcat
refused cat-bad-bcs 3 'cat.body_condition_9pt: 12 is out of range 1..9' -- $S cat add Rex --body-condition-9pt 12
refused cat-unknown-field 3 'cat.colour: unknown field' -- $S cat add Rex --colour black
refused cat-future-birth 3 'is in the future' -- $S cat add Rex --birth-date 2030-01-01
refused cat-ancient-birth 3 'cat.birth_date: 1900-05-01 is more than 40 years ago' -- $S cat add Rex --birth-date 1900-05-01
refused cat-edit-unknown 3 "no cat named 'Rex'" -- $S cat edit Rex --coat short
expect cat-edit 0 'Saved Tom' -- $S cat edit Tom --coat short --breed none
refused cat-remove-no-confirm 4 'add --yes to confirm' -- sh -c "$S cat remove Tom </dev/null"

# logging
expect log-episode 0 'Logged episode for Mimi at 2026-11-20 10:00 \(entry 1\)' -- $S log episode --cat Mimi --at '2h ago' --amount smear --look brown --context fright --note 'on the sofa'
expect log-stool 0 'entry 2' -- $S log stool --cat Mimi 5 --at 'today 08:00'
expect log-weight 0 'entry 3' -- $S log weight --cat Mimi 4.3 --at yesterday
expect log-bcs 0 'entry 4' -- $S log bcs --cat Mimi 6
expect log-pain 0 'entry 5' -- $S log pain --cat Mimi --ears 1 --eyes 1 --muzzle 0 --whiskers - --head 0
expect log-seen 0 'entry 6' -- $S log seen --cat Mimi scooting
expect log-care 0 'entry 7' -- $S log care --cat Mimi warm_compress --minutes 10 --tolerated well
expect log-medicine 0 'entry 8' -- $S log medicine --cat Mimi --name Meloxicam --dose '0.5 ml' --times-per-day 1 --days 5
expect log-dose 0 'entry 9' -- $S log dose --cat Mimi 8
expect log-vet 0 'entry 10' -- $S log vet --cat Mimi --clinic 'Town Vets' --diagnosis 'impacted sacs' --treatment 'expressed both sacs' --diagnosis-ids impaction --recheck 2026-11-27
refused log-unknown-cat 3 "no cat named 'Rex'" -- $S log episode --cat Rex
refused log-no-cat 2 'which cat' -- $S log episode
refused log-unknown-kind 3 "unknown event kind 'sneeze'" -- $S log sneeze --cat Mimi
refused log-bad-score 3 'event.data.score: 9 is out of range 1..7' -- $S log stool --cat Mimi 9
refused log-bad-amount 3 'event.data.amount: expected "spot", "smear" or "puddle", found "lake"' -- $S log episode --cat Mimi --amount lake
refused log-future 3 'in the future' -- $S log weight --cat Mimi 4.2 --at '2026-11-23 12:00'
refused log-bad-time 3 '' -- $S log weight --cat Mimi 4.2 --at 'next tuesday'
refused log-bad-finding 3 'is not a finding id' -- $S log seen --cat Mimi sneezing
refused log-bad-care 3 'is not a care id' -- $S log care --cat Mimi massage
refused log-bad-dose 3 'is not the id of a medicine of this cat' -- $S log dose --cat Tom 8
refused log-edit-unknown 3 'no event with id 999' -- $S log edit 999 --note x
refused log-delete-unknown 3 'no event with id 999' -- $S log delete 999 --yes
expect log-edit 0 'Saved entry 3' -- $S log edit 3 --kg 4.25 --note 'after breakfast'
expect log-show 0 '"kg":4.25' -- $S log show 3

# history, summary
expect history 0 'episode +amount=smear look=brown context=fright  # on the sofa' -- $S history --cat Mimi
expect history-kind 0 'stool' -- $S history --cat Mimi --kind stool
expect history-json 0 '^\[\{"id":' -- $S history --cat Mimi --format json
refused history-unknown 3 "no cat named 'Rex'" -- $S history --cat Rex
expect summary 0 'Episodes per week' -- $S summary --cat Mimi

# assess from the journal; a second episode within 30 days means a vet visit
# (what the journal added, in words: never a fact id such as "episodes_last_30_days = 1")
expect assess-cat 0 '^  - Episodes of leaking, smell or scooting noted in the last 30 days: 1$' -- $S assess --cat Mimi --answer pain_on_touch=no --answer swelling=no --answer not_eating=no --answer straining=no --answer fever=no --answer lethargy=no --answer redness=no --answer startled_recently=yes
grep -q 'Saved in Mimi' "$T/out" || { echo "FAIL assess-cat: not saved"; fails=$((fails + 1)); }
sed -n "/^From Mimi's journal:/,/^\$/p" "$T/out" >"$T/added"
{ grep -q '^  - Age: ' "$T/added" && ! grep -Eq '[a-z]+_[a-z0-9_]+| = ' "$T/added"; } ||
    { echo "FAIL assess-cat: what the journal added is not in words:"; sed 's/^/  | /' "$T/added"; fails=$((fails + 1)); }
expect log-episode2 0 'Logged episode' -- $S log episode --cat Mimi --at '1h ago'
expect assess-recurrence 0 '"level":"(vet_soon|urgent)"' -- $S assess --cat Mimi --format json --answer pain_on_touch=no --answer swelling=no --answer not_eating=no
# the stored check in words: the level's label and the cause's name, not their ids
expect history-assessment-words 0 'assessment +See a vet (today|in the next day or two); most likely: [A-Z]' -- $S history --cat Mimi --kind assessment
! grep -Eq 'vet_soon|urgent|impaction|fear' "$T/out" || { echo "FAIL history-assessment-words: an id in"; sed 's/^/  | /' "$T/out"; fails=$((fails + 1)); }
expect summary-last-check-words 0 '^Last check: .*, See a vet (today|in the next day or two); most likely: [A-Z]' -- $S summary --cat Mimi
# an entry that calls for a vet says so (the KB's rule, its level's words); one that does not is quiet
expect log-pain-vet 0 'This entry calls for a vet: See a vet today' -- $S log pain --cat Tom --ears 2 --eyes 2 --muzzle 2 --whiskers 2 --head 2
grep -q "grimace score of 4 or more" "$T/out" && grep -q "'scoot assess --cat Tom'" "$T/out" ||
    { echo "FAIL log-pain-vet: no reason or no pointer to the check"; sed 's/^/  | /' "$T/out"; fails=$((fails + 1)); }
grep -q "^Grimace score 10.0 out of 10, from 5 of 5 parts of the face.$" "$T/out" ||
    { echo "FAIL log-pain-vet: the score is not shown"; fails=$((fails + 1)); }
expect log-pain-few 0 'from 1 of 5 parts of the face \(a score from so few parts is only a rough guide\)' -- $S log pain --cat Tom --ears 1 --eyes - --muzzle - --whiskers - --head -
# a weight brings nothing, and says what is still open (the pain score above)
expect log-weight-quiet 0 'Still open from earlier entries: See a vet today' -- $S log weight --cat Tom 5.1
! grep -q 'This entry calls for a vet' "$T/out" || { echo "FAIL log-weight-quiet: a weight called for a vet"; fails=$((fails + 1)); }
expect summary-concerns 0 '^The journal calls for a vet: See a vet today' -- $S summary --cat Tom
grep -Eq '^  - A grimace score of 4' "$T/out" || { echo "FAIL summary-concerns: no pain line"; sed 's/^/  | /' "$T/out"; fails=$((fails + 1)); }
# a name that is not one shell word is quoted in the pointer to the check
expect cat-add-space 0 'Added Mr Whiskers' -- $S cat add 'Mr Whiskers'
expect log-pain-space 0 "'scoot assess --cat \"Mr Whiskers\"'" -- $S log pain --cat 'Mr Whiskers' --ears 2 --eyes 2 --muzzle 2 --whiskers 2 --head 2
expect due 0 'Mimi' -- $S due
expect done-bad 3 "is not due for Mimi today" -- $S done sanitary_shave --cat Mimi
expect done-med 0 'Done: Meloxicam' -- $S done Meloxicam --cat Mimi
# a recheck a vet visit booked: refused before the visit's day; open until done, due (and
# late) from its day; a visit in between leaves it open; done once
expect cat-add-rita 0 'Added Rita' -- $S cat add Rita
refused log-visit-bad 3 'event.data.recheck: 2026-11-05 is before the day of the visit \(2026-11-11\)' -- $S log vet --cat Rita --recheck 2026-11-05 --at '2026-11-11 10:00'
expect log-visit 0 'Logged a vet visit' -- $S log vet_visit --cat Rita --clinic 'Oak Vets' --treatment 'glands emptied' --recheck 2026-11-18 --at '2026-11-11 10:00'
expect log-visit-between 0 'Logged a vet visit' -- $S log vet --cat Rita --clinic 'Vaccines' --at '2026-11-14 10:00'
expect due-recheck 0 '^Rita +recheck +Recheck with the vet at Oak Vets +booked for 2026-11-18, 2 days late$' -- $S due --cat Rita
expect summary-visit 0 '^Last vet visit: 2026-11-14 10:00, Vaccines$' -- $S summary --cat Rita
grep -q '^Recheck at Oak Vets: booked for 2026-11-18, 2 days late$' "$T/out" || { echo "FAIL summary-visit: no recheck line"; sed 's/^/  | /' "$T/out"; fails=$((fails + 1)); }
refused done-recheck-early 3 'the recheck cannot be done before the visit that booked it \(entry [0-9]+, 2026-11-11 10:00\)' -- $S done recheck --cat Rita --at '2026-11-10 09:00'
expect done-recheck 0 '^Done: the recheck for Rita, logged as a vet visit \(entry [0-9]+\)\.$' -- $S done recheck --cat Rita
expect history-recheck 0 'vet_visit +recheck_done=yes clinic=Oak Vets +# The recheck booked for 2026-11-18' -- $S history --cat Rita
expect due-recheck-gone 0 '^Nothing is due today\.$' -- $S due --cat Rita
refused done-recheck-twice 3 "'recheck' is not due for Rita: no vet visit has booked a recheck that is still open" -- $S done recheck --cat Rita
expect cat-remove-rita 0 'Removed Rita' -- $S cat remove Rita --yes

# export, import, backup
expect export-json 0 '' -- $S export --output "$T/export.json"
grep -q '"format": "scoot-journal"' "$T/export.json" || { echo "FAIL export-json: no export in the file"; fails=$((fails + 1)); }
expect export-csv 0 '^id,cat,kind,time_utc,time_local,data,note' -- $S export --format csv --cat Mimi
SCOOT_DB="$T/other.db" "$SCOOT" import "$T/export.json" >"$T/out" 2>&1 || { echo "FAIL import"; cat "$T/out"; fails=$((fails + 1)); }
SCOOT_DB="$T/other.db" "$SCOOT" export | grep -v '"exported"' >"$T/a"
snap >"$T/b"
cmp -s "$T/a" "$T/b" || { echo "FAIL import-roundtrip: exports differ"; diff "$T/a" "$T/b" | head; fails=$((fails + 1)); }
refused import-again 3 "there is already a cat named 'Mimi'" -- $S import "$T/export.json"
printf '{"format":"scoot-journal","version":1,"cats":[{"name":"Z"}],"events":[{"cat":"Z","kind":"stool","t":"2026-11-19T10:00:00Z","data":{"score":12}}]}' >"$T/bad.json"
refused import-bad 3 'bad.json: events\[0\].data.score: 12 is out of range 1..7' -- $S import "$T/bad.json"
expect backup 0 'Backed up' -- $S backup "$T/backup.db"
SCOOT_DB="$T/backup.db" "$SCOOT" export | grep -v '"exported"' >"$T/c"
cmp -s "$T/b" "$T/c" || { echo "FAIL backup: differs"; fails=$((fails + 1)); }
expect cat-remove 0 'Removed Tom' -- $S cat remove Tom --yes

# data safety: a delete off a terminal needs --yes; "--" ends the options
refused log-delete-no-confirm 4 'this deletes entry 2; add --yes to confirm' -- sh -c "echo y | $S log delete 2"
expect cat-add-dashdash 0 '^Added --yes\.$' -- $S cat add -- --yes
expect cat-list-dashdash 0 '^--yes$' -- $S cat list
absent cat-list-dashdash '^--$'
refused cat-add-dashdash-two 2 "unexpected argument '--yes'" -- $S cat add -- Rex --yes
expect cat-remove-dashdash 0 'Removed --yes' -- $S cat remove --yes -- --yes
# a command that only reads creates nothing where there is no journal (a mistyped --db)
for c in "history --cat Mimi" "due" "summary --cat Mimi" "export" "cat list" "cat show Mimi" "log show 1" "backup $T/b2.db"; do
    expect "missing-db-$c" 3 'typo/scoot.db: no journal there' -- $S $c --db "$T/typo/scoot.db"
done
# and so does one that changes what is there (only 'cat add' and 'import' start a journal)
for c in "log weight --cat Mimi 4" "cat edit Mimi --coat short" "done Meloxicam --cat Mimi"; do
    expect "missing-db-$c" 3 'typo/scoot.db: no journal there' -- $S $c --db "$T/typo/scoot.db"
done
[ ! -e "$T/typo" ] || { echo "FAIL missing-db: $T/typo was created"; fails=$((fails + 1)); }
# a journal that cannot be written (the file and its folder read-only) is still read; a write
# says why it fails (as root, permissions are not checked: run as nobody)
mkdir "$T/ro" && cp "$SCOOT_DB" "$T/ro/scoot.db" && chmod 444 "$T/ro/scoot.db" && chmod 555 "$T/ro" && chmod 755 "$T"
as_other() { if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
expect ro-cat-list 0 '^Mimi, female' -- as_other $S cat list --db "$T/ro/scoot.db"
expect ro-export 0 '"name": "Mimi"' -- as_other $S export --db "$T/ro/scoot.db"
expect ro-history 0 'weight' -- as_other $S history --cat Mimi --db "$T/ro/scoot.db"
expect ro-write 1 'readonly' -- as_other $S log weight --cat Mimi 4 --db "$T/ro/scoot.db"
[ -z "$(ls "$T/ro" | grep -v '^scoot.db$')" ] || { echo "FAIL ro: files were created beside the journal"; ls "$T/ro"; fails=$((fails + 1)); }
chmod 755 "$T/ro"
expect help-log 0 'Usage: scoot log KIND' -- $S log --help

# terminal injection: control characters are refused in free text, naming the field; what an
# older journal holds (written here behind scoot's back) is printed escaped, never raw
ESC=$(printf '\033')
BEL=$(printf '\007')
refused note-esc 3 'event.note: holds the control character U\+001B \(escape\) at character 2' -- $S log episode --cat Mimi --note "a${ESC}]0;pwned${BEL}"
refused where-bel 3 'event.data.where: holds the control character U\+0007 \(bell\)' -- $S log episode --cat Mimi --where "sofa${BEL}"
refused medicine-cr 3 'event.data.name: holds the control character U\+000D \(carriage return\)' -- $S log medicine --cat Mimi --name "$(printf 'Melox\rX')" --times-per-day 1 --days 2
refused clinic-c1 3 'event.data.clinic: holds the control character U\+009B' -- $S log vet --cat Mimi --clinic "$(printf 'Oak\302\233')"
refused breed-esc 3 'cat.breed: holds the control character U\+001B' -- $S cat add Rex --breed "a${ESC}b"
expect note-lines 0 'Logged episode' -- $S log episode --cat Mimi --note "$(printf 'two\nlines')"
expect history-lines 0 '# two\\x0alines$' -- $S history --cat Mimi
sqlite3 "$SCOOT_DB" "UPDATE event SET note = 'old' || char(27) || ']0;pwned' || char(7) || char(13) WHERE id = 1;
  UPDATE event SET data = json_set(data, '\$.name', 'Melo' || char(27) || '[2Jxicam') WHERE kind = 'medicine';
  UPDATE cat SET breed = 'Sia' || char(155) || 'mese' WHERE name = 'Mimi'"
expect history-escaped 0 '# old\\x1b\]0;pwned\\x07\\x0d$' -- $S history --cat Mimi
expect due-escaped 0 'Melo\\x1b\[2Jxicam' -- $S due --cat Mimi
expect cat-list-escaped 0 'Sia\\u009bmese' -- $S cat list
expect history-json-escaped 0 '"note":"old\\u001B\]0;pwned\\u0007\\r"' -- $S history --cat Mimi --format json
expect log-show-escaped 0 '"note":"old\\u001B' -- $S log show 1
for c in "history --cat Mimi" "due --cat Mimi" "cat list" "cat show Mimi" "summary --cat Mimi" "export" "history --cat Mimi --format json" "log show 1"; do
    n=$((n + 1))
    $S $c >"$T/out" 2>&1
    if LC_ALL=C grep -q "$(printf '[\033\007\r]')" "$T/out" || LC_ALL=C grep -q "$(printf '\302\233')" "$T/out"; then
        echo "FAIL raw-$c: a raw control character was printed"; fails=$((fails + 1))
    fi
done
# an old journal's entry stays editable where it is not touched
expect edit-old-note 0 'Saved entry 1' -- $S log edit 1 --note 'clean now'

# strict data: look is a list (the CLI makes one), an observation says what was seen
expect look-list 0 'Logged episode' -- $S log episode --cat Mimi --look bloody,pus
# (what the entry calls for is wrapped over lines: real line breaks, not escaped ones)
cp "$T/out" "$T/leak"
expect concern-lines 0 '^    treatment\.$' -- cat "$T/leak"
absent concern-no-escape '\\x0a'
expect seen-value 0 'Logged an observation' -- $S log seen --cat Mimi licking_rear
$S log show "$(echo "$(cat "$T/out")" | sed -n 's/.*entry \([0-9]*\)).*/\1/p')" >"$T/out2"
grep -q '"value":true' "$T/out2" || { echo "FAIL seen-value: no value true"; cat "$T/out2"; fails=$((fails + 1)); }

# Unicode names: one cat however "é" is written or the case is folded; nothing invisible
expect uni-add 0 'Added Zoé' -- $S cat add "$(printf 'Zo\303\251')"
refused uni-nfd 3 "there is already a cat named 'Zoé'" -- $S cat add "$(printf 'Zoe\314\201')"
expect uni-add2 0 'Added Mïmì' -- $S cat add 'Mïmì'
refused uni-fold 3 "there is already a cat named 'Mïmì'" -- $S cat add 'MÏMÌ'
expect uni-find 0 '^Mïmì$' -- $S cat show 'MÏMÌ'
refused uni-nbsp 3 'cat.name: a cat needs a name \(this one is only white space\)' -- $S cat add "$(printf '\302\240')"
refused uni-rlo 3 'cat.name: holds U\+202E, a character that changes the direction of the text' -- $S cat add "$(printf 'Evil\342\200\256oof')"
refused uni-zwsp 3 'cat.name: holds U\+200B, an invisible formatting character' -- $S cat add "$(printf 'Ze\342\200\213ro')"

echo "journal: $n checks, $fails failed"
[ "$fails" -eq 0 ]
