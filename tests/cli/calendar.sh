#!/bin/sh
# calendar.sh SCOOT: `scoot calendar` against RFC 5545, read back by an independent parser
# (Debian's python3-icalendar): CRLF line ends, content lines of at most 75 octets folded
# without cutting a UTF-8 character, TEXT escaped; the events of a care plan (a compress three
# times a day for 7 days at sensible hours), a medicine's doses and a booked recheck, each with
# an alarm; UIDs that stay the same when the file is made again later; clear errors.
set -u
S=$1
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
"$PY" -c 'import icalendar' 2>/dev/null || { echo "calendar.sh: python3-icalendar is missing (tools/install-deps.sh)"; exit 1; }

DB="$T/j.db"
# a long name with accents, so that a fold falls among multi-byte characters
CAT="Mïmì Ünïcödé-Çàt with a rather long name, and a semicolon; too"
"$S" --db "$DB" cat add "$CAT" >/dev/null || fail "cat add"
cat >"$T/case.json" <<'EOF'
{"cat":{"age_years":6,"sex":"male","coat":"short","body_condition_9pt":5,"indoor":true},
 "findings":{"scooting":true,"swelling":false,"redness":false,"pain_on_touch":false,"rice_like_segments":false},
 "history":{"days_since_onset":0}}
EOF
"$S" --db "$DB" assess --cat "$CAT" --case "$T/case.json" >/dev/null 2>&1 || fail "assess"
"$S" --db "$DB" log vet --cat "$CAT" --clinic "Oak Vets, Main St" --recheck "$(date -d '+7 days' +%F)" --at '2h ago' >/dev/null || fail "vet"
"$S" --db "$DB" log medicine --cat "$CAT" --name "Meloxicam, oral; 0.5 mg/ml" --times-per-day 2 --days 5 --dose "0.1 ml" >/dev/null || fail "medicine"

"$S" --db "$DB" calendar --cat "$CAT" -o "$T/a.ics" >"$T/said" || fail "calendar -o"
grep -q "care schedule" "$T/said" || fail "calendar -o says nothing of what it wrote: $(cat "$T/said")"
"$S" --db "$DB" calendar --cat "$CAT" >"$T/b.ics" || fail "calendar to stdout"

# the format: every line ends CRLF, at most 75 octets, continuation lines start with a space
"$PY" - "$T/a.ics" <<'EOF' || fails=$((fails + 1))
import sys
raw = open(sys.argv[1], 'rb').read()
bad = []
if not raw.endswith(b'\r\n'): bad.append('no CRLF at the end')
lines = raw.split(b'\r\n')[:-1]
for i, l in enumerate(lines):
    if b'\n' in l or b'\r' in l: bad.append(f'line {i+1}: a bare LF or CR')
    if len(l) > 75: bad.append(f'line {i+1}: {len(l)} octets')
    try: l.decode('utf-8')
    except UnicodeDecodeError: bad.append(f'line {i+1}: a UTF-8 character cut by the fold')
folded = sum(1 for l in lines if l.startswith(b' '))
if folded == 0: bad.append('no folded line (the long name should make some)')
if bad: print('FAIL format:', '; '.join(bad)); sys.exit(1)
EOF

# read back by python3-icalendar: what the events are
"$PY" - "$T/a.ics" "$CAT" <<'EOF' || fails=$((fails + 1))
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
cat = sys.argv[2]
ev = cal.walk('VEVENT')
bad = []
def rr(e): return dict(e.get('RRULE') or {})
uids = [str(e['UID']) for e in ev]
if len(set(uids)) != len(uids): bad.append('UIDs repeat')
for e in ev:
    if len(e.walk('VALARM')) != 1: bad.append(f"{e['SUMMARY']}: {len(e.walk('VALARM'))} alarms")
    if not str(e['SUMMARY']).startswith(cat + ': '): bad.append(f"summary without the cat's name: {e['SUMMARY']}")
    if 'DTSTAMP' not in e: bad.append('no DTSTAMP')
comp = [e for e in ev if 'Warm compress' in str(e['SUMMARY'])]
hours = sorted(e['DTSTART'].dt.hour for e in comp)
if hours != [8, 13, 19]: bad.append(f'compress at hours {hours}, want 8, 13 and 19')
if any(rr(e).get('COUNT') != [7] for e in comp): bad.append(f'compress repeats {[rr(e) for e in comp]}')
if any(e['DTSTART'].dt.tzinfo is not None for e in comp): bad.append('compress not at floating times')
med = [e for e in ev if 'Meloxicam, oral; 0.5 mg/ml' in str(e['SUMMARY'])]
if len(med) != 2 or sorted(e['DTSTART'].dt.hour for e in med) != [8, 20]: bad.append(f'medicine events {[str(e["SUMMARY"]) for e in med]}')
if any(rr(e).get('COUNT') != [5] for e in med): bad.append('medicine not for 5 days')
re = [e for e in ev if 'recheck' in str(e['SUMMARY'])]
if len(re) != 1: bad.append(f'{len(re)} recheck events')
else:
    r = re[0]
    if str(r.get('LOCATION')) != 'Oak Vets, Main St': bad.append(f"recheck location {r.get('LOCATION')}")
    if r['DTSTART'].dt.isoformat() != __import__('datetime').date.today().__add__(__import__('datetime').timedelta(days=7)).isoformat():
        bad.append(f"recheck on {r['DTSTART'].dt}")
    if str(r.walk('VALARM')[0]['TRIGGER'].to_ical(), 'ascii') != '-PT15H': bad.append('recheck alarm not the day before')
if bad: print('FAIL events:', '; '.join(bad)); sys.exit(1)
print(f'calendar: {len(ev)} events read back by python3-icalendar')
EOF

# stable UIDs: made again later, the same events
sleep 1
"$S" --db "$DB" calendar --cat "$CAT" >"$T/c.ics" || fail "calendar again"
grep '^UID:' "$T/a.ics" >"$T/u1"
grep '^UID:' "$T/c.ics" >"$T/u2"
cmp -s "$T/u1" "$T/u2" || fail "UIDs changed between two runs"
[ "$(grep -c '^DTSTAMP:' "$T/c.ics")" -gt 0 ] || fail "no DTSTAMP"

# a cat with nothing planned: an empty calendar, still valid
"$S" --db "$DB" cat add Newby >/dev/null
"$S" --db "$DB" calendar --cat Newby >"$T/e.ics" || fail "calendar of a cat with no plan"
"$PY" -c 'import sys, icalendar; c = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read()); sys.exit(len(c.walk("VEVENT")) != 0)' "$T/e.ics" || fail "events for a cat with no plan"

# errors
"$S" --db "$DB" calendar --cat Nobody >"$T/o" 2>"$T/e"; st=$?
{ [ $st = 3 ] && grep -q "no cat named 'Nobody'" "$T/e" && [ ! -s "$T/o" ]; } || fail "unknown cat: exit $st, $(cat "$T/e")"
"$S" --db "$DB" calendar >/dev/null 2>"$T/e"; st=$?
{ [ $st = 2 ] && grep -q "which cat" "$T/e"; } || fail "no --cat: exit $st, $(cat "$T/e")"
"$S" --db "$DB" calendar --cat Newby --format json >/dev/null 2>"$T/e"; st=$?
[ $st = 2 ] || fail "--format: exit $st"
"$S" --db "$DB" calendar --cat Newby -o "$T/no/such/dir/x.ics" >/dev/null 2>"$T/e"; st=$?
{ [ $st != 0 ] && grep -q "x.ics" "$T/e"; } || fail "unwritable file: exit $st, $(cat "$T/e")"
"$S" calendar --help | grep -q "iCalendar" || fail "calendar --help"

[ $fails = 0 ] && echo "calendar: ok" || { echo "calendar: $fails failure(s)"; exit 1; }
