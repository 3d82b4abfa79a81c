#!/bin/sh
# exports.sh LIB: the shared library exports public scoot_* functions and nothing else.
set -u
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ {print $3}' | sort)
bad=$(echo "$syms" | grep -v '^scoot_[a-z]' || true)
if [ -n "$bad" ]; then
    echo "exported but not public API:"; echo "$bad"; exit 1
fi
for want in scoot_kb_load scoot_assess scoot_result_to_json scoot_case_set_json; do
    echo "$syms" | grep -qx "$want" || { echo "missing export: $want"; exit 1; }
done
echo "exports: $(echo "$syms" | wc -l) public symbols, nothing else"
