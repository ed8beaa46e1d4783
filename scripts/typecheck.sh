#!/usr/bin/env bash
# `npm run typecheck`: tsc over the whole project (lib, cli, apps, test, scripts, bench), writing the
# declaration files `npm run api` reads to build/. Incremental: `npm run build` (and so `npm ci`) checks
# everything once and records it in build/typecheck.tsbuildinfo; after that, tsc checks again only what
# changed (about 3 s when nothing did, instead of 10).
set -euo pipefail
cd "$(dirname "$0")/.."
info=build/typecheck.tsbuildinfo
# tsc writes only the outputs of changed files: a declaration file deleted since would stay missing.
if [ ! -f build/lib/index.d.ts ] || [ ! -f build/lib/testing.d.ts ]; then rm -f "$info"; fi
exec node_modules/.bin/tsc -p tsconfig.json --emitDeclarationOnly --outDir build --incremental --tsBuildInfoFile "$info"
