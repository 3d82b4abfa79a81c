#!/bin/sh
# install.sh BUILD SOURCE: `cmake --install` into a temporary prefix, then build
# examples/embed.c against it with pkg-config, shared and static, and run both.
set -eu
build=$1
src=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cmake --install "$build" --prefix "$T/prefix" >/dev/null
pc=$(find "$T/prefix" -name scoot.pc)
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir scoot)
cc "$src/examples/embed.c" $(pkg-config --cflags --libs scoot) -Wl,-rpath,"$libdir" -o "$T/embed"
out=$("$T/embed")
[ "$out" = "vet_soon impaction" ] || { echo "shared: unexpected output: $out"; exit 1; }
cc "$src/examples/embed.c" $(pkg-config --static --cflags --libs scoot) -static -o "$T/embed-static"
out=$("$T/embed-static")
[ "$out" = "vet_soon impaction" ] || { echo "static: unexpected output: $out"; exit 1; }
[ -f "$T/prefix/share/man/man1/scoot.1" ] || { echo "man page not installed"; exit 1; }
echo "install: headers, libraries, pkg-config, man page; embed.c runs shared and static"
