#!/usr/bin/env bash
# System packages the tests need, from Debian: the real Prometheus and amtool
# (prometheus-alertmanager) that test/alertmanager-api.test.ts drives, and
# Chromium, which test/e2e/ drives with playwright-core (no browser download);
# PostgreSQL 15 and ClickHouse 18.16, the scale-out backends, which
# scripts/services/ starts on loopback for the tests (test/services.ts).
# Idempotent and quiet: installs only what is missing, nothing when all is there.
# The packages' services are never started (a policy-rc.d denies starts while
# installing), so no system Prometheus is left listening on 9090.
set -euo pipefail

PACKAGES=()
command -v prometheus >/dev/null 2>&1 || PACKAGES+=(prometheus)
command -v amtool >/dev/null 2>&1 || PACKAGES+=(prometheus-alertmanager)
[ -x /usr/bin/chromium ] || PACKAGES+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || PACKAGES+=(postgresql-15)
command -v clickhouse-server >/dev/null 2>&1 || PACKAGES+=(clickhouse-server)

if [ "${#PACKAGES[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "test-deps: need root (or sudo) to install: ${PACKAGES[*]}" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

LOG=$(mktemp)
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=false
cleanup() {
  rm -f "$LOG"
  if [ "$OWN_POLICY" = true ]; then "${SUDO[@]}" rm -f "$POLICY"; fi
}
trap cleanup EXIT

# Deny service starts during the install unless a policy already exists (containers often have one).
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# launchwatch scripts/test-deps.sh: no service starts while installing test packages.\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  OWN_POLICY=true
fi

echo "test-deps: installing ${PACKAGES[*]} from Debian"
# apt's chatter goes to a log that is shown only when a step fails.
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    cat "$LOG" >&2
    return 1
  fi
}
apt_install() {
  quiet "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}"
}
# The package lists are refreshed only when a package has no candidate, or the install fails on stale lists.
needs_update=false
for package in "${PACKAGES[@]}"; do
  if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then needs_update=true; fi
done
if [ "$needs_update" = true ]; then quiet "${SUDO[@]}" apt-get update -q; fi
if ! apt_install 2>/dev/null; then
  quiet "${SUDO[@]}" apt-get update -q
  apt_install
fi

command -v prometheus >/dev/null && command -v amtool >/dev/null && [ -x /usr/bin/chromium ]
[ -x /usr/lib/postgresql/15/bin/initdb ] && command -v clickhouse-server >/dev/null
echo "test-deps: $(prometheus --version 2>&1 | head -n 1)"
echo "test-deps: $(amtool --version 2>&1 | head -n 1)"
echo "test-deps: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
echo "test-deps: $(/usr/lib/postgresql/15/bin/postgres --version 2>&1 | head -n 1)"
echo "test-deps: $(clickhouse-client --version 2>&1 | head -n 1)"
