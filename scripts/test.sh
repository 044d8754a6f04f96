#!/usr/bin/env bash
# npm test – the whole suite: Biome (lint and format), knip (unused code), schema drift check, type
# check, unit and integration tests,
# a production build and the browser tests. Integration and browser tests run on SQLite, and
# again on PostgreSQL when a server is reachable (KEYDESK_TEST_PG_URL, default the local one).
# KEYDESK_TEST_PG=1 makes PostgreSQL mandatory (CI), KEYDESK_TEST_PG=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
started=$SECONDS
step() { printf '\n\033[1m== %s\033[0m (at %ss)\n' "$1" "$((SECONDS - started))"; }

pg_url="${KEYDESK_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
pg_reachable() {
  node -e 'const pg=require("pg");const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))' "$pg_url"
}
case "${KEYDESK_TEST_PG:-}" in
  1) pg_reachable || { echo "KEYDESK_TEST_PG=1 but PostgreSQL is not reachable at $pg_url" >&2; exit 1; } ;;
  0) ;;
  *) if pg_reachable; then export KEYDESK_TEST_PG=1; else export KEYDESK_TEST_PG=0
       echo "PostgreSQL not reachable at $pg_url: running the SQLite suites only."; fi ;;
esac
export KEYDESK_TEST_PG

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Browser tests need Chromium: apt-get install chromium (or set CHROMIUM_PATH)." >&2
  exit 1
fi

step "Lint and format (Biome)"
node_modules/.bin/biome ci . --reporter=summary
step "Unused files, exports and dependencies (knip)"
node_modules/.bin/knip --no-progress
step "Schema: PostgreSQL schema derived from prisma/schema.prisma"
node scripts/derive-postgres-schema.mjs --check
step "Type check"
node_modules/.bin/tsc --noEmit
step "Unit and integration tests (Vitest)"
node_modules/.bin/vitest run
step "Production build"
node_modules/.bin/next build
step "Browser tests (Playwright, Chromium)"
node_modules/.bin/playwright test
printf '\nAll tests passed in %ss (PostgreSQL runs: %s).\n' "$((SECONDS - started))" "$([ "$KEYDESK_TEST_PG" = 1 ] && echo yes || echo no)"
