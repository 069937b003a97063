#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, type-check, lint, build, then every test.
# Idempotent; safe to run on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
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
