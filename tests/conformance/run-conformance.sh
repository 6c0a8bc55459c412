#!/bin/sh
# run-conformance.sh NODE NPM CEL2JSON RUNNER PREFIX VERSION
# Install @bufbuild/cel-spec@VERSION into PREFIX (the build directory) if
# it is not there yet, convert its cases, run them.
set -eu
node=$1 npm=$2 conv=$3 runner=$4 prefix=$5 version=$6
if [ "$node" = MISSING ] || [ "$npm" = MISSING ]; then
  echo "cel-conformance: node and npm are required to fetch the CEL conformance suite" >&2
  echo "cel-conformance: install them, or configure with -Dconformance=false to skip explicitly" >&2
  exit 1
fi
pkg="$prefix/node_modules/@bufbuild/cel-spec/package.json"
if [ ! -f "$pkg" ] || ! grep -q "\"version\": \"$version\"" "$pkg"; then
  mkdir -p "$prefix"
  "$npm" install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error \
    "@bufbuild/cel-spec@$version" >&2
fi
"$node" "$conv" "$prefix/node_modules" "$prefix/cases.jsonl"
exec "$runner" "$prefix/cases.jsonl"
