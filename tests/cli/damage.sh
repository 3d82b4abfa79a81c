#!/bin/sh
# damage.sh SCOOT: damaged journals, made by writing bytes into a real journal file: 'scoot
# check' says what is wrong and how to recover (exit 5), 'scoot export' fails loudly naming the
# record instead of leaving it out, and a journal restored from 'scoot backup' is sound again.
# Usage: damage.sh SCOOT
set -u
SCOOT=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SCOOT_NOW="2026-11-20T12:00:00Z" TZ=UTC
export SCOOT_DB="$T/scoot.db"
fails=0
n=0
. "$(dirname "$0")/lib.sh"
S=$SCOOT

# overwrite FILE OFFSET BYTES(printf format): writes the bytes at the offset, in place
overwrite() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

expect check-missing 3 'no journal there' -- $S check
# a journal of 41 entries, one of them with a text easy to find in the file
$S cat add Mimi >/dev/null
$S cat add Tom >/dev/null
i=1
while [ $i -le 40 ]; do $S log weight --cat Mimi "4.$i" --at "$i h ago" >/dev/null; i=$((i + 1)); done
$S log episode --cat Tom --where ZZMARKZZ --at '50h ago' >/dev/null
expect check-sound 0 'is sound\.$' -- $S check
expect check-sound-quick 0 'is sound \(a quick check' -- $S check --quick
expect backup 0 'Backed up' -- $S backup "$T/backup.db"
[ ! -e "$SCOOT_DB-wal" ] || [ ! -s "$SCOOT_DB-wal" ] || { echo "FAIL setup: the log is not empty"; fails=$((fails + 1)); }

# 1. one record's stored text damaged (the file's structure is whole): SQLite cannot see it,
# scoot's own checks do
cp "$SCOOT_DB" "$T/clean.db"
off=$(grep -boa ZZMARKZZ "$SCOOT_DB" | head -1 | cut -d: -f1)
[ -n "$off" ] || { echo "FAIL setup: marker not found"; exit 1; }
overwrite "$SCOOT_DB" $((off + 8)) '\377'
expect export-damaged 5 "event 41 \(episode of cat 'Tom'\): its stored data cannot be read" -- $S export --output "$T/out.json"
grep -q "scoot check" "$T/out" || { echo "FAIL export-damaged: no pointer to scoot check"; fails=$((fails + 1)); }
expect export-csv-damaged 5 'event 41' -- $S export --format csv
expect export-other-cat 0 '"name": "Mimi"' -- $S export --cat Mimi
expect check-damaged 5 "^  - event 41 \(episode of cat 'Tom'\): its data is not valid JSON" -- $S check
for want in '^The journal .* is damaged:$' '^How to recover:$' "scoot backup FILE" "mv .*scoot.db .*scoot.db.damaged && cp FILE" \
    "scoot export --db .* --output saved.json" "sqlite3 .* .recover \| sqlite3 recovered.db"; do
    n=$((n + 1))
    grep -Eq -- "$want" "$T/out" || { echo "FAIL check-damaged: no /$want/"; fails=$((fails + 1)); }
done
expect check-damaged-quick 5 'event 41' -- $S check --quick
# recovery from the backup, as the check says
mv "$SCOOT_DB" "$SCOOT_DB.damaged" && cp "$T/backup.db" "$SCOOT_DB"
expect check-restored 0 'is sound' -- $S check
expect export-restored 0 'ZZMARKZZ' -- $S export

# 2. a page of the event table damaged: SQLite's check names it; reads fail, loudly
cp "$T/clean.db" "$SCOOT_DB"
ps=$(sqlite3 "$SCOOT_DB" 'PRAGMA page_size')
pg=$(sqlite3 "$SCOOT_DB" "SELECT pageno FROM dbstat WHERE name = 'event' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1")
[ -n "$pg" ] || { echo "FAIL setup: no leaf page of the event table"; exit 1; }
overwrite "$SCOOT_DB" $(((pg - 1) * ps)) '\377\377\377\377'
expect check-page 5 "Page $pg|malformed" -- $S check
expect check-page-quick 5 'malformed|Page' -- $S check --quick
expect export-page 5 'malformed' -- $S export --output "$T/out.json"
grep -Eq 'table event|entries' "$T/out" || { echo "FAIL export-page: the table is not named"; sed 's/^/  | /' "$T/out"; fails=$((fails + 1)); }
expect cat-list-page 0 '^Mimi$' -- $S cat list

# 3. the file's first page damaged: not a journal at all
cp "$T/clean.db" "$SCOOT_DB"
overwrite "$SCOOT_DB" 0 'XXXXXXXXXXXXXXXX'
expect check-header 5 'not a database|malformed' -- $S check
expect export-header 5 'not a database|malformed' -- $S export

echo "damage: $n checks, $fails failed"
[ "$fails" -eq 0 ]
