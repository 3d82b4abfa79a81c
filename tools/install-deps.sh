#!/bin/sh
# install-deps.sh: installs the Debian packages in tools/debian-packages.txt that are missing.
# Uses sudo when not root. Does nothing (and needs no network) when all are present.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
missing=""
for line in $(grep -v '^#' "$here/debian-packages.txt" | grep -v '^[[:space:]]*$'); do
    # "package:command": needed only when the command is missing (node and npm may come from
    # elsewhere than Debian, and Debian's npm would then conflict)
    p=${line%%:*}
    cmd=${line#*:}
    if [ "$cmd" != "$line" ] && command -v "$cmd" >/dev/null 2>&1; then
        continue
    fi
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: missing packages:$missing (no apt-get here; install them by hand)" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "install-deps: installing$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
