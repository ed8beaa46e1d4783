#!/usr/bin/env bash
# The consumer test: the packed package, in projects as a user has them (test/consumers/<name>/).
#
#   bash scripts/consumer-test.sh [fixture...]     # all fixtures when none is named
#   UPDATE_SNAPSHOTS=1 bash scripts/consumer-test.sh  # rewrites the fixtures' jest snapshots (review them)
#
# `npm pack` builds the tarball as `npm publish` would. Each fixture is copied to a temporary folder,
# installed from its own lockfile (`npm ci`), given the tarball (`npm install --no-save`, the way
# `npm install cdk8s-batch` adds it), and then used as the README says: type-checked with
# skipLibCheck off, synthesized with `cdk8s synth` (also with `-o`), its manifests validated with
# `npx cdk8s-batch validate`, and tested with jest snapshots (`--ci`: a missing snapshot fails). A
# failing app must print its ValidationError alone and exit 1. Then the README's and docs/' TypeScript
# examples run in the cdk8s-init-app project (see below). Any failure stops the run, non-zero.
# Needs the npm registry (and nothing else).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
umask 022

work=$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-batch-consumers.XXXXXX")
trap 'rm -rf "$work"' EXIT
npm_quiet=(--no-audit --no-fund --loglevel=error)

fail() {
  echo "consumer test FAILED: $*" >&2
  exit 1
}

started=$SECONDS
echo "== npm pack"
npm pack --pack-destination "$work" "${npm_quiet[@]}" >"$work/pack.log" 2>&1 || {
  cat "$work/pack.log" >&2
  fail "npm pack"
}
tarball=$(ls "$work"/cdk8s-batch-*.tgz)
version=$(node -p "require('./package.json').version")
echo "   $(basename "$tarball"): $(tar -tzf "$tarball" | wc -l) files, $(wc -c <"$tarball") bytes ($((SECONDS - started)) s)"

fixtures=("$@")
if [ ${#fixtures[@]} -eq 0 ]; then
  for dir in test/consumers/*/; do fixtures+=("$(basename "$dir")"); done
fi

for name in "${fixtures[@]}"; do
  src=$root/test/consumers/$name
  [ -f "$src/package.json" ] || fail "no fixture test/consumers/$name"
  fixture_started=$SECONDS
  echo "== $name"
  dir=$work/$name
  mkdir "$dir"
  (cd "$src" && tar --exclude=node_modules --exclude=dist -cf - .) | (cd "$dir" && tar -xf -)
  cd "$dir"

  echo "   npm ci, then the tarball"
  npm ci "${npm_quiet[@]}" >install.log 2>&1 || { cat install.log >&2; fail "$name: npm ci"; }
  npm install --no-save "${npm_quiet[@]}" "$tarball" >>install.log 2>&1 || {
    cat install.log >&2
    fail "$name: npm install $tarball"
  }
  [ "$(node -p "require('cdk8s-batch/package.json').version")" = "$version" ] ||
    fail "$name: cdk8s-batch is not the packed version"

  echo "   tsc --noEmit --skipLibCheck false"
  npx tsc --noEmit --skipLibCheck false || fail "$name: type errors"

  echo "   cdk8s synth"
  npx cdk8s synth --no-check-upgrade >synth.log 2>&1 || { cat synth.log >&2; fail "$name: cdk8s synth"; }
  ls dist/*.k8s.yaml >/dev/null 2>&1 || fail "$name: cdk8s synth wrote no manifests to dist/"
  [ -f dist/Kustomization ] || fail "$name: no dist/Kustomization"
  [ "$(stat -c %a dist)" = 755 ] || fail "$name: dist/ has mode $(stat -c %a dist), expected 755 (umask 022)"
  npx cdk8s synth --no-check-upgrade -o out >synth-o.log 2>&1 || { cat synth-o.log >&2; fail "$name: cdk8s synth -o out"; }
  diff -r dist out >/dev/null || fail "$name: cdk8s synth -o out wrote other manifests than dist/"

  echo "   npx cdk8s-batch validate dist"
  npx cdk8s-batch validate dist >validate.log 2>&1 || { cat validate.log >&2; fail "$name: cdk8s-batch validate"; }

  echo "   a ValidationError: its message alone, exit code 1"
  set +e
  node -e "
    const { Chart } = require('cdk8s');
    const { BatchJob, synthToDirectory } = require('cdk8s-batch');
    synthToDirectory((app) => {
      new BatchJob(new Chart(app, 'reports'), 'pi', { name: 'Pi_Job', containers: [{ image: 'perl:5.34.0' }] });
    }, { outdir: 'bad' });
  " 2>bad.err
  code=$?
  set -e
  [ "$code" = 1 ] || fail "$name: a ValidationError exited $code, expected 1"
  expected="invalid BatchJob at 'reports/pi' (1 problem):"
  [ "$(head -n 1 bad.err)" = "$expected" ] || { cat bad.err >&2; fail "$name: the error does not start with: $expected"; }
  if grep -q '^ *at ' bad.err; then cat bad.err >&2; fail "$name: the error has a stack trace"; fi
  [ ! -e bad ] || fail "$name: a failed synth wrote bad/"

  echo "   jest"
  if [ "${UPDATE_SNAPSHOTS:-}" = 1 ]; then
    npx jest --ci=false -u
    rm -rf "$src/__snapshots__" && cp -r __snapshots__ "$src/"
  else
    npx jest --ci || fail "$name: jest"
  fi

  cd "$root"
  echo "   $name passed in $((SECONDS - fixture_started)) s"
done
# The TypeScript examples of the README and docs/ (scripts/doc-examples.ts completes the snippets), in the
# projects installed above: type-checked with each one's strict tsconfig (skipLibCheck off); in cdk8s-init-app
# run (a test file with the project's jest), their manifests validated at each example's target version and
# read back by kubectl.
if [ -d "$work/cdk8s-init-app/node_modules/cdk8s-batch" ]; then
  examples_started=$SECONDS
  echo "== docs examples (type-checked in every project, run in cdk8s-init-app)"
  dir=$work/cdk8s-init-app
  examples=$dir/docs-examples
  npx tsx scripts/doc-examples.ts "$examples" "$dir/node_modules" >/dev/null || fail "docs examples: scripts/doc-examples.ts"
  # Type-checked in every project installed above (its own tsconfig: moduleResolution node16, cdk8s 2.68, ...).
  for project in "${fixtures[@]}"; do
    [ -d "$work/$project/node_modules/cdk8s-batch" ] || continue
    checked=$work/$project/docs-examples
    [ "$checked" = "$examples" ] || { mkdir -p "$checked" && cp "$examples"/*.ts "$checked/"; }
    echo '{ "extends": "../tsconfig.json", "include": ["*.ts"] }' >"$checked/tsconfig.json"
    echo "   $project: tsc --noEmit --skipLibCheck false ($(wc -l <"$examples/examples.txt") examples)"
    (cd "$work/$project" && npx tsc --noEmit --skipLibCheck false -p docs-examples/tsconfig.json) ||
      fail "docs examples: type errors in $project"
  done
  command -v kubectl >/dev/null || fail "docs examples: kubectl is not on the PATH (.ci/run installs it)"
  while read -r name version kind source; do
    if [ "$kind" = test ]; then
      # A test file shown in the docs: run by the project's jest (its first run writes the snapshots).
      (cd "$dir" && npx jest --ci=false --roots "$examples" --testMatch "**/$name.ts") >"$examples/$name.log" 2>&1 || {
        cat "$examples/$name.log" >&2
        fail "docs examples: $name ($source): jest"
      }
      echo "   $name ($source): jest passed"
      continue
    fi
    run=$dir/docs-examples-run/$name
    mkdir -p "$run"
    (cd "$run" && node -r ts-node/register/transpile-only "$examples/$name.ts" >run.log 2>&1) || {
      cat "$run/run.log" >&2
      fail "docs examples: $name ($source) failed"
    }
    [ -d "$run/dist" ] || continue # defaults or values only: nothing synthesized
    manifests=$(find "$run/dist" -name '*.k8s.yaml' -size +0 | sort)
    [ -n "$manifests" ] || continue
    (cd "$dir" && npx cdk8s-batch validate "$run/dist" --kube-version "$version") >"$run/validate.log" 2>&1 || {
      cat "$run/validate.log" >&2
      fail "docs examples: $name ($source): cdk8s-batch validate --kube-version $version"
    }
    for manifest in $manifests; do
      KUBECONFIG=/dev/null kubectl annotate --local -f "$manifest" read-back=yes -o json >/dev/null 2>"$run/kubectl.log" || {
        cat "$run/kubectl.log" >&2
        fail "docs examples: $name ($source): kubectl cannot read $manifest"
      }
    done
    echo "   $name ($source, Kubernetes $version): $(tail -n 1 "$run/validate.log")"
  done <"$examples/examples.txt"
  echo "   docs examples passed in $((SECONDS - examples_started)) s"
else
  echo "== docs examples: skipped (they run in the cdk8s-init-app project)"
fi
echo "== consumer test passed: ${fixtures[*]} ($((SECONDS - started)) s)"
