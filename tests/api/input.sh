#!/bin/sh
# input.sh SCOOT_SERVER: hostile and lenient input through the API: control characters in free
# text, Unicode names, event data against docs/openapi.yaml (a clear 422 that names the field,
# nothing changed); and a damaged journal, which /healthz must report.
set -u
BIN=$1
T=$(mktemp -d)
PORT=$((30000 + $$ % 10000))
URL="http://127.0.0.1:$PORT"
export SCOOT_NOW="2026-11-20T12:00:00Z" TZ=UTC
PID=
start() { # start DB: a server on DB, waited for
    "$BIN" --listen 127.0.0.1:$PORT --db "$1" --threads 2 --access-log off >"$T/server.out" 2>"$T/server.err" &
    PID=$!
    for i in $(seq 50); do curl -s -o /dev/null "$URL/metrics" 2>/dev/null && break; sleep 0.1; done
}
stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
trap 'stop; rm -rf "$T"' EXIT
fails=0
n=0

# req NAME METHOD PATH WANT_STATUS PATTERN [BODY]
req() {
    name=$1 method=$2 path=$3 want=$4 pat=$5
    n=$((n + 1))
    if [ $# -ge 6 ]; then
        got=$(curl -s -o "$T/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' --data-binary "$6" "$URL$path")
    else
        got=$(curl -s -o "$T/body" -w '%{http_code}' -X "$method" "$URL$path")
    fi
    if [ "$got" != "$want" ] || { [ -n "$pat" ] && ! grep -Eq -- "$pat" "$T/body"; }; then
        echo "FAIL $name: $method $path -> $got (want $want)"; head -c 400 "$T/body"; echo
        echo "  wanted /$pat/"
        fails=$((fails + 1))
    fi
}
snap() { curl -s "$URL/api/v1/cats"; for c in Mimi; do curl -s "$URL/api/v1/cats/$c/events?limit=1000"; done; }
unchanged() {
    snap >"$T/before"
    req "$@"
    snap >"$T/after"
    cmp -s "$T/before" "$T/after" || { echo "FAIL $1: the data changed"; fails=$((fails + 1)); }
}

start "$T/api.db"
req healthz-ok GET /healthz 200 '"status":"ok","journal":"ok"'
req cat-add POST /api/v1/cats 201 '"name":"Mimi"' '{"name":"Mimi"}'
EV=/api/v1/cats/Mimi/events

# control characters in free text: 422 naming the field
unchanged note-esc POST $EV 422 '"field":"note".*|"message":"note: holds the control character U\+001B \(escape\)' '{"kind":"episode","data":{},"note":"a\u001b]0;pwned\u0007"}'
unchanged where-bel POST $EV 422 '"field":"data.where"' '{"kind":"episode","data":{"where":"sofa\u0007"}}'
unchanged medicine-cr POST $EV 422 'data.name: holds the control character U\+000D \(carriage return\)' '{"kind":"medicine","data":{"name":"Melox\ricam","times_per_day":1,"days":3}}'
unchanged dose-del POST $EV 422 '"field":"data.dose"' '{"kind":"medicine","data":{"name":"Meloxicam","dose":"1\u007f","times_per_day":1,"days":3}}'
unchanged clinic-c1 POST $EV 422 '"field":"data.clinic".*U\+009B|U\+009B.*"field":"data.clinic"' '{"kind":"vet_visit","data":{"clinic":"Oak\u009b2J"}}'
unchanged breed-esc POST /api/v1/cats 422 '"field":"breed"' '{"name":"Rex","breed":"a\u001bb"}'
unchanged cat-edit-breed PATCH /api/v1/cats/Mimi 422 '"field":"breed"' '{"breed":"\u001b[2J"}'
unchanged assess-text POST /api/v1/assess 422 'U\+001B' '{"cat":{"name":"a\u001bb"}}'
req note-lines POST $EV 201 '"note":"two\\nlines\\tand a tab"' '{"kind":"episode","data":{},"note":"two\nlines\tand a tab"}'
ID=$(sed 's/^{"id":\([0-9]*\).*/\1/' "$T/body")
unchanged edit-note-esc PATCH /api/v1/events/$ID 422 '"field":"note"' '{"note":"\u001b[2J"}'

# event bodies as docs/openapi.yaml has them
unchanged no-data POST $EV 422 '"field":"data".*required|required.*"field":"data"' '{"kind":"episode"}'
unchanged data-null POST $EV 422 '"field":"data"' '{"kind":"episode","data":null}'
unchanged data-array POST $EV 422 '"field":"data"' '{"kind":"episode","data":[]}'
unchanged look-text POST $EV 422 'write it as a list.*"field":"data.look"' '{"kind":"episode","data":{"look":"bloody"}}'
unchanged look-number POST $EV 422 '"field":"data.look"' '{"kind":"episode","data":{"look":3}}'
unchanged obs-no-value POST $EV 422 '"field":"data.value".*|required for an observation' '{"kind":"observation","data":{"finding":"scooting"}}'
unchanged obs-null-value POST $EV 422 '"field":"data.value"' '{"kind":"observation","data":{"finding":"scooting","value":null}}'
unchanged obs-text-value POST $EV 422 '"field":"data.value"' '{"kind":"observation","data":{"finding":"scooting","value":"yes"}}'
unchanged obs-no-finding POST $EV 422 '"field":"data.finding"' '{"kind":"observation","data":{"value":true}}'
unchanged stool-text POST $EV 422 '"field":"data.score"' '{"kind":"stool","data":{"score":"5"}}'
unchanged stool-none POST $EV 422 '"field":"data.score"' '{"kind":"stool","data":{}}'
unchanged weight-bool POST $EV 422 '"field":"data.kg"' '{"kind":"weight","data":{"kg":true}}'
unchanged care-minutes-text POST $EV 422 '"field":"data.minutes"' '{"kind":"care","data":{"care":"warm_compress","minutes":"10"}}'
unchanged dose-given-text POST $EV 422 '"field":"data.course"|"field":"data.given"' '{"kind":"dose","data":{"course":1,"given":"yes"}}'
unchanged vet-ids-text POST $EV 422 '"field":"data.diagnosis_ids"' '{"kind":"vet_visit","data":{"diagnosis_ids":"abscess"}}'
unchanged vet-recheck-done-text POST $EV 422 '"field":"data.recheck_done"' '{"kind":"vet_visit","data":{"recheck_done":"yes"}}'
unchanged kind-number POST $EV 422 '"field":"kind"' '{"kind":5,"data":{}}'
unchanged note-number POST $EV 422 '"field":"note"' '{"kind":"episode","data":{},"note":5}'
unchanged t-number POST $EV 422 '"field":"t"' '{"kind":"episode","data":{},"t":5}'
unchanged cat-name-number POST /api/v1/cats 422 '"field":"name"' '{"name":5}'
unchanged cat-age-text POST /api/v1/cats 422 '"field":"age_years"' '{"name":"Rex","age_years":"3"}'
unchanged cat-neutered-text POST /api/v1/cats 422 '"field":"neutered"' '{"name":"Rex","neutered":"yes"}'
unchanged cat-bcs-real POST /api/v1/cats 422 '"field":"body_condition_9pt"' '{"name":"Rex","body_condition_9pt":4.5}'
unchanged cat-no-name POST /api/v1/cats 422 '"field":"name"' '{"breed":"Siamese"}'
req look-list POST $EV 201 '"look":\["bloody"\]' '{"kind":"episode","data":{"look":["bloody"]}}'
req obs-value POST $EV 201 '"value":true' '{"kind":"observation","data":{"finding":"scooting","value":true}}'
# Unicode names
req uni-add POST /api/v1/cats 201 '"name":"Zoé"' '{"name":"Zo\u00e9"}'
unchanged uni-nfd POST /api/v1/cats 409 "already a cat named 'Zoé'" '{"name":"Zoe\u0301"}'
req uni-add2 POST /api/v1/cats 201 '"name":"Mïmì"' '{"name":"\u00a0Mïmì "}'
unchanged uni-fold POST /api/v1/cats 409 "already a cat named 'Mïmì'" '{"name":"MÏMÌ"}'
req uni-get GET /api/v1/cats/M%C3%8FM%C3%8C 200 '"name":"Mïmì"'
unchanged uni-nbsp POST /api/v1/cats 422 'a cat needs a name.*"field":"name"' '{"name":"\u00a0"}'
unchanged uni-rlo POST /api/v1/cats 422 'U\+202E.*"field":"name"' '{"name":"Evil\u202eoof"}'
unchanged uni-zwsp POST /api/v1/cats 422 'U\+200B.*"field":"name"' '{"name":"Ze\u200bro"}'
unchanged uni-rename PATCH /api/v1/cats/Mimi 409 "already a cat named 'Zoé'" '{"name":"ZOE\u0301"}'

# a damaged journal: bytes written into the file while no server runs. /healthz says so (503,
# pointing to scoot check) instead of 200 while the data routes fail.
req marked POST $EV 201 'ZZMARKZZ' '{"kind":"episode","data":{"where":"ZZMARKZZ"}}'
i=1
while [ $i -le 40 ]; do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "{\"kind\":\"weight\",\"data\":{\"kg\":4.$i},\"note\":\"filler $i to fill a few pages of the event table\"}" "$URL$EV"; i=$((i + 1)); done
stop
cp "$T/api.db" "$T/clean.db"
off=$(grep -boa ZZMARKZZ "$T/api.db" | head -1 | cut -d: -f1)
printf '\377' | dd of="$T/api.db" bs=1 seek=$((off + 8)) conv=notrunc 2>/dev/null
start "$T/api.db"
grep -q 'is damaged' "$T/server.err" || { echo "FAIL serve-start: no word of the damage at start"; fails=$((fails + 1)); }
req healthz-record GET /healthz 503 '"journal":"damaged".*not valid JSON.*scoot check'
req events-record GET "$EV?limit=1000" 503 'damaged'
stop
cp "$T/clean.db" "$T/api.db"
ps=$(sqlite3 "$T/api.db" 'PRAGMA page_size')
pg=$(sqlite3 "$T/api.db" "SELECT pageno FROM dbstat WHERE name = 'event' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1")
printf '\377\377\377\377' | dd of="$T/api.db" bs=1 seek=$(((pg - 1) * ps)) conv=notrunc 2>/dev/null
start "$T/api.db"
req healthz-page GET /healthz 503 '"status":"unavailable","journal":"damaged"'
req events-page GET "$EV?limit=1000" 503 'malformed'
req healthz-page-again GET /healthz 503 '"journal":"damaged"'
stop
cp "$T/clean.db" "$T/api.db"
start "$T/api.db"
req healthz-clean GET /healthz 200 '"journal":"ok"'
stop

echo "input: $n checks, $fails failed"
[ "$fails" -eq 0 ]
