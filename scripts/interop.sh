#!/usr/bin/env bash
# Suites that need tools beyond Rust. Each installs what it needs and fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -q
# The bundled example builds end to end with the release binary (the README's first command).
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
./target/release/snowtenant build examples/platform.yaml --out "$out/dist"
test -s "$out/dist/deploy.sql"

for suite in scripts/interop-*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
echo "interop: all suites passed"
