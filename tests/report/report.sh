#!/bin/sh
# report.sh SCOOT SOURCE_DIR [--update]: `scoot report` against golden files. The journal is
# built by make-journal.sh (the clock fixed); the PDF's text through `pdftotext -layout` must
# equal tests/report/golden/*.txt, and its pages through `pdftoppm -r 50 -png` must match
# the golden PNGs within a small pixel tolerance (pngdiff.py); the same inputs give the same
# bytes; a cat with years of history still fits on two pages; a cat with no entries gets a
# report; HTML is one self-contained page; errors are clear. --update rewrites the goldens.
set -u
S=$1
SRC=$2
UPDATE=${3:-}
G="$SRC/tests/report/golden"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SCOOT_NOW="2026-11-20T12:00:00Z" TZ=UTC
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
for tool in pdftotext pdftoppm pdfinfo; do
    command -v $tool >/dev/null || { echo "report.sh: $tool is missing (poppler-utils: tools/install-deps.sh)"; exit 1; }
done
DB="$T/j.db"
sh "$SRC/tests/report/make-journal.sh" "$S" "$DB" >/dev/null || { echo "FAIL make-journal"; exit 1; }
r() { "$S" --db "$DB" report "$@"; }

# golden: text and pages
golden() { # NAME ARGS...: the report made with ARGS against golden NAME
    name=$1
    shift
    r "$@" -o "$T/$name.pdf" >/dev/null || { fail "$name: report $*"; return; }
    pdftotext -layout "$T/$name.pdf" "$T/$name.txt"
    rm -f "$T/$name"-*.png
    pdftoppm -r 50 -png "$T/$name.pdf" "$T/$name"
    if [ "$UPDATE" = "--update" ]; then
        mkdir -p "$G"
        cp "$T/$name.txt" "$G/$name.txt"
        rm -f "$G/$name"-*.png
        cp "$T/$name"-*.png "$G/"
        return
    fi
    diff -u "$G/$name.txt" "$T/$name.txt" >"$T/diff" || { fail "$name: text differs from $G/$name.txt:"; head -40 "$T/diff"; }
    n_have=$(ls "$T/$name"-*.png | wc -l)
    n_want=$(ls "$G/$name"-*.png | wc -l)
    [ "$n_have" -eq "$n_want" ] || fail "$name: $n_have pages, golden has $n_want"
    for png in "$G/$name"-*.png; do
        b=$(basename "$png")
        [ -f "$T/$b" ] && { python3 "$SRC/tests/report/pngdiff.py" "$png" "$T/$b" || fail "$name: page $b"; }
    done
}
golden mimi-a4 --cat Mimi
golden mimi-letter --cat mimi --paper letter
golden tom-a4 --cat Tom
[ "$UPDATE" = "--update" ] && { echo "goldens written to $G"; exit 0; }

# byte-stable: the same inputs give the same bytes (the dates in the PDF are the clock's)
r --cat Mimi >"$T/a.pdf" && r --cat Mimi >"$T/b.pdf" && cmp -s "$T/a.pdf" "$T/b.pdf" || fail "two PDFs of the same journal differ"
pdfinfo "$T/a.pdf" | grep -q 'CreationDate: *Fri Nov 20 12:00:00 2026' || fail "the PDF's date is not the report's now: $(pdfinfo "$T/a.pdf" | grep Date)"
pdffonts "$T/a.pdf" | grep -q 'DejaVuSans.*yes *yes' || fail "DejaVu Sans is not embedded: $(pdffonts "$T/a.pdf")"
r --cat Mimi --format html >"$T/a.html" && r --cat Mimi --format html >"$T/b.html" && cmp -s "$T/a.html" "$T/b.html" || fail "two HTML reports differ"

# HTML: one self-contained page: style inline, the chart inline SVG, nothing fetched
grep -q '<style>' "$T/a.html" || fail "html: no inline style"
grep -q '<svg' "$T/a.html" || fail "html: no inline SVG chart"
grep -Eq '<script|<link|src="|href="(http|//)' "$T/a.html" && fail "html: refers to something outside the page"
grep -q 'Could blocked (impacted) anal glands be behind Mimi' "$T/a.html" || fail "html: no question for the vet"
grep -q 'Are the anal glands full or blocked now' "$T/a.html" || fail "html: no question from the KB's ask_vet"
grep -q '@page{size:A4' "$T/a.html" || fail "html: no A4 print size"

# a cat with a lot of history: two pages at most, lists trimmed with "and N more"
python3 "$SRC/tests/report/big-journal.py" 800 >"$T/big.json"
"$S" --db "$DB" import "$T/big.json" >/dev/null || fail "import the big journal"
r --cat Rufus --since '2025-01-01' -o "$T/big.pdf" >/dev/null || fail "report on Rufus"
pages=$(pdfinfo "$T/big.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -le 2 ] || fail "Rufus: $pages pages"
pdftotext -layout "$T/big.pdf" - | grep -q 'and [0-9]* more leaks' || fail "Rufus: the leaks are not trimmed with 'and N more'"

# errors
expect() { # NAME STATUS PATTERN -- ARGS...
    name=$1 want=$2 pat=$3
    shift 4
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" -eq "$want" ] || { fail "$name: exit $got, wanted $want: $(cat "$T/err")"; return; }
    [ -z "$pat" ] || grep -q -- "$pat" "$T/err" "$T/out" || fail "$name: no '$pat' in: $(cat "$T/err")"
}
expect help 0 'Usage: scoot report' -- "$S" report --help
expect no-cat 3 "no cat named 'Rex'" -- "$S" --db "$DB" report --cat Rex
expect which-cat 2 'which cat' -- "$S" --db "$DB" report
expect bad-format 2 "unknown --format 'docx'" -- "$S" --db "$DB" report --cat Mimi --format docx
expect bad-paper 2 "unknown --paper 'a5'" -- "$S" --db "$DB" report --cat Mimi --paper a5
expect future 3 '--since: 2027-01-01 is in the future' -- "$S" --db "$DB" report --cat Mimi --since 2027-01-01
expect unreadable 3 '--since: ' -- "$S" --db "$DB" report --cat Mimi --since 'the day before'
expect order 3 'wrong order' -- "$S" --db "$DB" report --cat Mimi --since 2026-11-01 --until 2026-10-01
expect until-future 3 '--until: ' -- "$S" --db "$DB" report --cat Mimi --until 2027-02-01
expect unknown-option 2 "unknown option '--pages'" -- "$S" --db "$DB" report --cat Mimi --pages 3
expect no-journal 3 '' -- "$S" --db "$T/none.db" report --cat Mimi
[ -f "$T/none.db" ] && fail "report created a journal"

[ "$fails" -eq 0 ] && echo "report: all passed"
exit "$fails"
