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

# Redis for the shared rate-limit tests (lib/api/rate-limits.int.test.ts): used when it answers
# PING at KEYDESK_TEST_REDIS (default the local one); KEYDESK_TEST_REDIS_REQUIRED=1 (CI) fails
# the run without it. Each test uses a key prefix of its own.
redis_url="${KEYDESK_TEST_REDIS:-redis://127.0.0.1:6379}"
redis_reachable() {
  node -e 'const u=new URL(process.argv[1]);const s=require("net").connect(Number(u.port||6379),u.hostname);s.setTimeout(2000,()=>process.exit(1));s.on("error",()=>process.exit(1));s.on("connect",()=>s.write("PING\r\n"));s.on("data",(d)=>process.exit(String(d).startsWith("+PONG")||String(d).startsWith("-NOAUTH")?0:1))' "$redis_url"
}
if redis_reachable; then
  export KEYDESK_TEST_REDIS="$redis_url"
else
  unset KEYDESK_TEST_REDIS
  if [ "${KEYDESK_TEST_REDIS_REQUIRED:-}" = 1 ]; then echo "KEYDESK_TEST_REDIS_REQUIRED=1 but Redis does not answer at $redis_url" >&2; exit 1; fi
  echo "Redis not reachable at $redis_url: the shared rate-limit tests are skipped."
fi

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
