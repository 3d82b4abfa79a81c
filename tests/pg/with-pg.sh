#!/bin/sh
# with-pg.sh COMMAND [ARG...]: runs COMMAND against a throwaway PostgreSQL cluster made for it
# from Debian's postgresql package (initdb and pg_ctl from /usr/lib/postgresql/*/bin): in a
# temporary folder, on 127.0.0.1 at a free port, trust authentication, fsync off. COMMAND sees
# SCOOT_TEST_PG_URI=postgresql://USER@127.0.0.1:PORT (append /DBNAME) and SCOOT_TEST_PSQL (a
# psql command line without a database). As root the cluster runs as the unprivileged user
# nobody (initdb refuses root). Exits 77 (ctest: skipped) only when the server binaries are
# missing.
set -u
bindir=
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then bindir=$d; break; fi
done
if [ -z "$bindir" ]; then
    echo "SKIPPED: no PostgreSQL server binaries (install postgresql)"
    exit 77
fi
psql=$(command -v psql || echo "$bindir/psql")
T=$(mktemp -d /tmp/scoot-pg-XXXXXX)
chmod 755 "$T"
as=""
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    user=nobody
    chown nobody "$T"
    as="runuser -u nobody --"
fi
run_as() { $as "$@"; }
cleanup() {
    run_as "$bindir/pg_ctl" -D "$T/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! run_as "$bindir/initdb" -D "$T/data" -U "$user" -A trust -E UTF8 --no-locale >"$T/initdb.log" 2>&1; then
    echo "with-pg: initdb failed:"; cat "$T/initdb.log"; exit 1
fi
started=0
for attempt in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if run_as "$bindir/pg_ctl" -D "$T/data" -l "$T/server.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $port -k $T -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
        started=1; break
    fi
done
if [ "$started" -ne 1 ]; then
    echo "with-pg: the PostgreSQL server did not start:"; tail -20 "$T/server.log"; exit 1
fi
export SCOOT_TEST_PG_URI="postgresql://$user@127.0.0.1:$port"
export SCOOT_TEST_PSQL="$psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $port -U $user"
echo "with-pg: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $SCOOT_TEST_PG_URI"
"$@"
