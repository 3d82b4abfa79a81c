#!/bin/sh
# check-layers.sh SOURCE_DIR BUILD_DIR: the layers of ARCHITECTURE.md hold.
#   core < kb < engine < store < render < front ends (cli, server)
# A file may include, and an object file may call, only its own layer and those below it; the
# two front ends use neither each other's files nor each other's functions; and no two object
# files need each other, directly or round a longer circle. Includes are read from the
# sources; calls from the symbols of the object files the build made (nm), so a call through
# a header declared in the wrong place is still seen where it lands.
set -eu
[ $# -eq 2 ] || { echo "usage: sh tools/check-layers.sh SOURCE_DIR BUILD_DIR" >&2; exit 2; }
SRC=$1
BUILD=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
command -v nm >/dev/null || { echo "check-layers: nm is missing (binutils)" >&2; exit 1; }

# layer of a source path (src/LAYER/...) or of a public header (scoot/NAME.h)
layer_awk='
function rank(l) {
    if (l == "core") return 1; if (l == "kb") return 2; if (l == "engine") return 3;
    if (l == "store") return 4; if (l == "render") return 5;
    if (l == "cli" || l == "server") return 6;
    return 0
}
function header_layer(h) {
    if (h ~ /^scoot\/(alloc|buf|error|time)\.h$/) return "core"
    if (h == "scoot/kb.h") return "kb"
    if (h == "scoot/engine.h") return "engine"
    if (h == "scoot/journal.h") return "store"
    if (h == "scoot/render.h") return "render"
    if (h == "scoot/scoot.h") return "all"
    return ""
}'

# ---- includes
fails=0
find "$SRC/src" -name '*.[ch]' | sort >"$T/files"
while read -r f; do
    rel=${f#"$SRC"/}
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' |
        awk -v file="$rel" "$layer_awk"'
        {
            line = $1; inc = $2
            split(file, p, "/"); mine = p[2]
            dir = file; sub(/\/[^\/]*$/, "", dir)
            if (inc ~ /^scoot\//) {
                theirs = header_layer(inc)
                if (theirs == "") next
            } else {
                path = dir "/" inc
                # resolve ../ once or twice
                while (path ~ /[^\/]+\/\.\.\//) sub(/[^\/]+\/\.\.\//, "", path)
                split(path, q, "/"); theirs = q[2]
                if (q[1] != "src" || rank(theirs) == 0) next
            }
            if (theirs == "all") {
                if (rank(mine) < 6)
                    printf "%s:%s: includes scoot/scoot.h (the whole API): only a front end may\n", file, line
                next
            }
            if (rank(theirs) > rank(mine))
                printf "%s:%s: layer %s includes \"%s\" of layer %s, which is above it\n", file, line, mine, inc, theirs
            else if (rank(mine) == 6 && theirs != mine && rank(theirs) == 6)
                printf "%s:%s: front end %s includes \"%s\" of front end %s\n", file, line, mine, inc, theirs
        }'
done <"$T/files" >"$T/includes"

# ---- calls: every object file the build makes of src/, by layer: those its compile commands
# name (objects left over from an earlier layout of the build are not read), else all there are
if [ -f "$BUILD/compile_commands.json" ]; then
    sed -n 's/^ *"command": ".* -o \([^ ]*\.o\) .*/\1/p' "$BUILD/compile_commands.json" |
        grep '/src/' | sed "s|^|$BUILD/|" | while read -r o; do [ ! -f "$o" ] || echo "$o"; done | sort -u >"$T/objects"
else
    find "$BUILD/CMakeFiles" -path '*/src/*' -name '*.o' | sort >"$T/objects"
fi
[ -s "$T/objects" ] || { echo "check-layers: no object files under $BUILD/CMakeFiles (build first)" >&2; exit 1; }
while read -r o; do
    name=${o#*/src/}
    name=src/${name%.o}
    # (an object whose source has gone is a leftover of an earlier build; the same source
    # built into two programs is one file here)
    [ -f "$SRC/$name" ] || continue
    name=${name%.c}
    nm "$o" | awk -v f="$name" '$2 ~ /^[TDBRC]$/ { print "D", f, $3 } $1 == "U" { print "U", f, $2 }'
done <"$T/objects" | sort -u >"$T/syms"
awk "$layer_awk"'
    $1 == "D" { def[$3] = $2; next }
    { use[++n] = $2; sym[n] = $3 }
    END {
        for (i = 1; i <= n; i++) {
            d = def[sym[i]]
            if (d == "" || d == use[i]) continue
            split(use[i], a, "/"); split(d, b, "/")
            if (rank(b[2]) > rank(a[2]))
                printf "%s calls %s() of %s: layer %s calls layer %s, which is above it\n", use[i], sym[i], d, a[2], b[2]
            else if (rank(a[2]) == 6 && a[2] != b[2] && rank(b[2]) == 6)
                printf "%s calls %s() of %s: front end %s calls front end %s\n", use[i], sym[i], d, a[2], b[2]
            print use[i], d > "'"$T"'/edges"
        }
    }' "$T/syms" | sort -u >"$T/calls"
touch "$T/edges"
sort -u "$T/edges" -o "$T/edges"
# ---- circles: files that need each other (tsort names a loop's files on stderr)
(cd "$T" && tsort edges >/dev/null 2>loops) || true

# only the store knows a database's client library (SQLite, libpq)
(cd "$SRC" && grep -rn --include='*.c' --include='*.h' -E '#include <(libpq-fe|sqlite3)\.h>' src include |
    grep -v '^src/store/' | sed 's/$/: a database client library outside src\/store/') >>"$T/includes" || true
n_inc=$(wc -l <"$T/includes")
n_call=$(wc -l <"$T/calls")
n_loop=$(grep -c -v 'input contains a loop' "$T/loops" || true)
if [ "$n_inc" -gt 0 ]; then cat "$T/includes"; fi
if [ "$n_call" -gt 0 ]; then cat "$T/calls"; fi
if [ "$n_loop" -gt 0 ]; then
    echo "object files that need each other (a circle):"
    sed 's/^tsort: edges: input contains a loop:/  a circle of:/; s/^tsort: /    /' "$T/loops"
fi
fails=$((n_inc + n_call + n_loop))
if [ "$fails" -gt 0 ]; then
    echo "check-layers: $n_inc include(s) and $n_call call(s) against the layers, $n_loop file(s) in circles (see ARCHITECTURE.md)"
    exit 1
fi
echo "check-layers: ok ($(wc -l <"$T/files") source files, $(wc -l <"$T/objects") object files, $(wc -l <"$T/edges") calls between files)"
