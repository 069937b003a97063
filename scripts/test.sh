#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, type-check, lint, build, then every test.
# Idempotent; safe to run on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

lock_hash() { sha256sum package-lock.json | cut -d' ' -f1; }
lock_before=$(lock_hash)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# The committed lock must be the one npm resolves: a lock that misses a platform's optional packages
# (DuckDB's bindings for darwin, win32, linux-arm64, musl) makes `npm ci` there install no binding.
if [ "$(lock_hash)" != "$lock_before" ]; then
  echo "test: installing changed package-lock.json; commit the lock npm wrote (git diff package-lock.json)," >&2
  echo "test: resolved with every platform's optional dependencies (npm install --package-lock-only)" >&2
  exit 1
fi
# Prometheus and amtool from Debian, for the Alertmanager API tests.
bash scripts/test-deps.sh
echo "== type-check"
npx tsc -p tsconfig.check.json
echo "== lint"
npx eslint .
echo "== build"
npx tsc -p tsconfig.build.json
echo "== tests"
npx vitest run
