#!/usr/bin/env bash
# `npm test`: the static checks (types, the public API report, ESLint and Prettier) run beside jest, with
# one jest worker per core (jest's default leaves one core idle), so the machine is busy all the way.
# The type check is incremental (scripts/typecheck.sh): `npm ci` checked everything once, so here tsc
# checks only what changed. About 50-60 s on 2 cores, as busy as the machine is (jest alone: 35-42 s). The checks' output is printed after jest's;
# the command fails when either part fails. Arguments go to jest.
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
(npm run -s typecheck && npm run -s api && npm run -s lint) >"$log" 2>&1 &
checks=$!
npx jest --maxWorkers=100% "$@"
jest_rc=$?
wait "$checks"
checks_rc=$?
echo "== static checks (npm run typecheck, api, lint)"
cat "$log"
rm -f "$log"
if [ "$checks_rc" -ne 0 ] || [ "$jest_rc" -ne 0 ]; then
  echo "npm test: FAILED (static checks exit $checks_rc, jest exit $jest_rc)" >&2
  exit 1
fi
echo "npm test: static checks and jest passed"
