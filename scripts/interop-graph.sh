#!/usr/bin/env bash
# The audit's role/object graph renders: builds the example package, writes its graph as Graphviz DOT
# with `snowtenant graph --format dot`, and runs `dot -Tsvg` on it (Debian package graphviz, installed
# here when missing). Also checks the Mermaid output is non-empty. Exits non-zero on any failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "INTEROP FAIL: $*" >&2; exit 1; }

if ! command -v dot >/dev/null; then
  echo "== installing graphviz"
  if ! apt-get install -y -q graphviz >/dev/null 2>&1; then
    apt-get update -q >/dev/null || fail "apt-get update failed"
    apt-get install -y -q graphviz >/dev/null || fail "cannot install graphviz"
  fi
fi
command -v dot >/dev/null || fail "graphviz's dot is not on PATH after installing"

echo "== build and graph the example"
# scripts/interop.sh builds the release binary first; standalone, build the debug one.
bin=$repo/target/release/snowtenant
if [ ! -x "$bin" ]; then
  (cd "$repo" && cargo build --quiet --features full --bin snowtenant) || fail "cargo build failed"
  bin=$repo/target/debug/snowtenant
fi
"$bin" build "$repo/examples/platform.yaml" --out "$work/dist" >/dev/null || fail "the example does not build"
"$bin" graph "$work/dist" --format dot > "$work/graph.dot" || fail "snowtenant graph --format dot failed"
"$bin" graph "$work/dist" --format mermaid > "$work/graph.mmd" || fail "snowtenant graph --format mermaid failed"
grep -q '^flowchart LR' "$work/graph.mmd" || fail "the Mermaid graph has no flowchart header"

echo "== dot -Tsvg"
dot -Tsvg "$work/graph.dot" -o "$work/graph.svg" 2> "$work/dot.err" || { cat "$work/dot.err" >&2; fail "dot rejected the graph"; }
[ ! -s "$work/dot.err" ] || { cat "$work/dot.err" >&2; fail "dot warned about the graph"; }
grep -q '<svg' "$work/graph.svg" || fail "dot produced no SVG"
for tenant in JON_DOE_TECH ACME_INDUSTRIES; do
  grep -q "tenant $tenant" "$work/graph.svg" || fail "the SVG has no cluster for tenant $tenant"
done
echo "interop-graph: ok ($(wc -c < "$work/graph.svg") bytes of SVG)"
