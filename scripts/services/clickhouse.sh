#!/usr/bin/env bash
# A ClickHouse server for the tests (Debian's clickhouse-server 18.16,
# installed by scripts/test-deps.sh): its own config and data directory under
# the temp folder, HTTP and native ports on loopback only. Idempotent: `start`
# reuses a server already answering there.
#
#   scripts/services/clickhouse.sh start   # prints "started" when it started one, then the URL
#   scripts/services/clickhouse.sh stop
#   scripts/services/clickhouse.sh url
#
# LAUNCHWATCH_TEST_CH_PORT (HTTP, default 58123; native is +1) and
# LAUNCHWATCH_TEST_SERVICES_DIR (default $TMPDIR/launchwatch-test-services) choose where.
set -euo pipefail

PORT=${LAUNCHWATCH_TEST_CH_PORT:-58123}
TCP_PORT=$((PORT + 1))
ROOT=${LAUNCHWATCH_TEST_SERVICES_DIR:-${TMPDIR:-/tmp}/launchwatch-test-services}
DIR=$ROOT/clickhouse-$PORT
URL="http://default@127.0.0.1:$PORT"

answering() {
  curl -sf --max-time 2 "http://127.0.0.1:$PORT/ping" >/dev/null 2>&1
}

start() {
  if answering; then echo "$URL"; return; fi
  mkdir -p "$DIR/data" "$DIR/tmp" "$DIR/logs"
  cat >"$DIR/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$DIR/logs/server.log</log><errorlog>$DIR/logs/error.log</errorlog><console>0</console></logger>
  <http_port>$PORT</http_port>
  <tcp_port>$TCP_PORT</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$DIR/data/</path>
  <tmp_path>$DIR/tmp/</tmp_path>
  <users_config>$DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
XML
  cat >"$DIR/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  if [ "$(id -u)" -eq 0 ]; then chown -R clickhouse:clickhouse "$DIR"; fi
  local runner=()
  if [ "$(id -u)" -eq 0 ]; then runner=(runuser -u clickhouse --); fi
  "${runner[@]}" clickhouse-server --config-file="$DIR/config.xml" >"$DIR/logs/stdout.log" 2>&1 &
  for _ in $(seq 1 120); do
    if answering; then echo started; echo "$URL"; return; fi
    sleep 0.5
  done
  echo "clickhouse did not answer on 127.0.0.1:$PORT within 60 s" >&2
  tail -n 20 "$DIR/logs/error.log" "$DIR/logs/stdout.log" >&2 2>/dev/null || true
  exit 1
}

stop() {
  # The server is found by its own config file's path: only this script's server has it.
  local pattern="clickhouse-server --config-file=$DIR/config.xml"
  pkill -f -- "$pattern" 2>/dev/null || return 0
  for _ in $(seq 1 60); do pgrep -f -- "$pattern" >/dev/null || return 0; sleep 0.5; done
  pkill -9 -f -- "$pattern" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
