#!/usr/bin/env bash
# `npm test`: the type check and the public API check run beside jest, with one jest worker per core
# (jest's default leaves one core idle), so the machine is busy all the way. The type check is
# incremental (scripts/typecheck.sh): `npm ci` checked everything once, so here tsc checks only what
# changed. About 45-55 s on 2 cores, as busy as the machine is (jest alone: 43-46 s). The checks' output
# is printed after jest's; the command fails when either part fails. Arguments go to jest.
# ESLint and Prettier are `npm run lint`, which CI (.ci/run) runs as a step of its own: on 2 cores they
# took about 28 s of CPU beside jest's 85, which kept `npm test` from its minute in a clean clone.
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
(npm run -s typecheck && npm run -s api) >"$log" 2>&1 &
checks=$!
npx jest --maxWorkers=100% "$@"
jest_rc=$?
wait "$checks"
checks_rc=$?
echo "== static checks (npm run typecheck, api)"
cat "$log"
rm -f "$log"
if [ "$checks_rc" -ne 0 ] || [ "$jest_rc" -ne 0 ]; then
  echo "npm test: FAILED (static checks exit $checks_rc, jest exit $jest_rc)" >&2
  exit 1
fi
echo "npm test: static checks and jest passed"
