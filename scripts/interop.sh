#!/usr/bin/env bash
# Suites that need tools beyond Rust. Each installs what it needs and fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

# One build for every suite: the debug binary `cargo test` already compiled (CI runs it first), so
# CI compiles the tree once rather than again in release (docs/performance.md, "First build").
# The suites take it from SNOWTENANT_BIN instead of building their own.
cargo build -q --features full --bin snowtenant
export SNOWTENANT_BIN=$PWD/target/debug/snowtenant
# The bundled example builds end to end (the README's first command, without --release).
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
"$SNOWTENANT_BIN" build examples/platform.yaml --out "$out/dist"
test -s "$out/dist/deploy.sql"

for suite in scripts/interop-*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
echo "interop: all suites passed"
