#!/usr/bin/env bash
# A PostgreSQL 15 server for the tests (Debian's postgresql-15, installed by
# scripts/test-deps.sh): its own data directory under the temp folder, on a
# loopback port, owned by the postgres system user when run as root (initdb
# refuses root). Idempotent: `start` reuses a server already running there.
#
#   scripts/services/postgres.sh start   # prints "started" when it started one, then the URL
#   scripts/services/postgres.sh stop
#   scripts/services/postgres.sh url
#
# LAUNCHWATCH_TEST_PG_PORT (default 55432) and LAUNCHWATCH_TEST_SERVICES_DIR
# (default $TMPDIR/launchwatch-test-services) choose where.
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
PORT=${LAUNCHWATCH_TEST_PG_PORT:-55432}
ROOT=${LAUNCHWATCH_TEST_SERVICES_DIR:-${TMPDIR:-/tmp}/launchwatch-test-services}
DATA=$ROOT/postgres-$PORT
USER_NAME=launchwatch
PASSWORD=launchwatch-test
URL="postgres://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/postgres"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
  [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  if running; then echo "$URL"; return; fi
  mkdir -p "$ROOT"
  chmod 1777 "$ROOT" 2>/dev/null || true
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
    local pwfile
    pwfile=$(mktemp)
    printf '%s\n' "$PASSWORD" >"$pwfile"
    chmod 644 "$pwfile"
    as_owner "$BIN/initdb" -D "$DATA" -U "$USER_NAME" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$ROOT/postgres-initdb.log" 2>&1 || {
      rm -f "$pwfile"; cat "$ROOT/postgres-initdb.log" >&2; exit 1
    }
    rm -f "$pwfile"
  fi
  # Sockets in the data directory; fsync off: a test server's data is thrown away.
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null || {
    tail -n 20 "$DATA/server.log" >&2; exit 1
  }
  echo started
  echo "$URL"
}

stop() {
  if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
