#!/usr/bin/env bash
# `snowtenant docs` in a real browser: installs Debian's chromium (apt) and playwright-core (npm),
# builds the example's site (with a plan page) and a 1,000-tenant site, opens them headless (the
# example from file://, the 1,000-tenant one from a local static host) and fails on any console
# error, page error, failed or external request, or broken link; saves screenshots. Then measures
# the 10,000-tenant site: generation time (target < 5 s) and the first page's load (target < 1 s).
# Output (screenshots, timings) in $DOCS_OUT (default target/interop-docs). Exits non-zero on any
# failure; a missed timing target fails only with STRICT_TARGETS=1.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${DOCS_OUT:-$repo/target/interop-docs}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "INTEROP FAIL: $*" >&2; exit 1; }
mkdir -p "$out"

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian)"
  apt-get update -q >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core >/dev/null \
    || fail "cannot install chromium"
fi
/usr/bin/chromium --version || fail "chromium does not start"
command -v node >/dev/null || {
  apt-get install -y -q nodejs npm >/dev/null || fail "cannot install nodejs"
}
command -v npm >/dev/null || apt-get install -y -q npm >/dev/null || fail "cannot install npm"
echo "== installing playwright-core (npm, no browser download)"
cp "$repo/scripts/interop-docs/package.json" "$repo/scripts/interop-docs/check.mjs" "$work/"
(cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent) \
  || fail "npm install playwright-core failed"

# Under scripts/interop.sh (CI) the debug binary it built comes in SNOWTENANT_BIN: the browser and
# link checks run on it, and the 10,000-tenant timings, which mean something only for a release
# build, are skipped. Standalone, the release binary is built and the timings are measured
# (speed targets are benchmarks, not pass/fail tests: STRICT_TARGETS=1 makes a miss fail).
# DOCS_TIMINGS=1 with SNOWTENANT_BIN set to a release build measures that binary.
if [ -n "${SNOWTENANT_BIN:-}" ]; then
  bin=$SNOWTENANT_BIN
  timings=${DOCS_TIMINGS:-0}
else
  bin=$repo/target/release/snowtenant
  (cd "$repo" && cargo build --release --quiet --bin snowtenant) || fail "cargo build failed"
  timings=1
fi

echo "== the example's site, with a plan page (remove a tenant)"
"$bin" build "$repo/examples/platform.yaml" --out "$work/example" >/dev/null || fail "the example does not build"
python3 - "$repo/examples/platform.yaml" "$work/smaller.yaml" <<'PY' || fail "cannot edit the example spec"
import sys
text = open(sys.argv[1]).read()
start, end = text.index("  - id: ACME_INDUSTRIES"), text.index("embed:\n")
open(sys.argv[2], "w").write(text[:start] + text[end:])
PY
"$bin" build "$work/smaller.yaml" --out "$work/smaller" >/dev/null || fail "the smaller spec does not build"
"$bin" plan "$work/example" "$work/smaller" --allow-destructive --out "$work/migration.sql" 2>/dev/null \
  || fail "snowtenant plan failed"
"$bin" docs "$work/smaller" --plan "$work/migration.sql" --out "$work/example-plan-site" >/dev/null \
  || fail "snowtenant docs --plan failed"
"$bin" docs "$work/example" --out "$work/example-site" || fail "snowtenant docs failed"
"$bin" docs "$work/example" --out "$work/example-site-again" >/dev/null
diff -r "$work/example-site" "$work/example-site-again" >/dev/null || fail "the site is not deterministic"
cp "$work/example-site/summary.md" "$out/example-summary.md"

echo "== a 1,000-tenant site"
"$bin" init --tenants 1000 --out "$work/t1000.yaml"
"$bin" build "$work/t1000.yaml" --out "$work/t1000" >/dev/null || fail "the 1,000-tenant spec does not build"
"$bin" docs "$work/t1000" --out "$work/t1000-site" || fail "snowtenant docs failed at 1,000 tenants"

if [ "$timings" = 1 ]; then
echo "== 10,000 tenants: generation time"
"$bin" init --tenants 10000 --out "$work/t10000.yaml"
"$bin" build "$work/t10000.yaml" --out "$work/t10000" >/dev/null || fail "the 10,000-tenant spec does not build"
best=
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" docs "$work/t10000" --out "$work/t10000-site" >/dev/null || fail "snowtenant docs failed at 10,000 tenants"
  secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  echo "run $run: ${secs} s"
  if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
done
files=$(find "$work/t10000-site" -type f | wc -l)
size=$(du -sh "$work/t10000-site" | cut -f1)
echo "10,000 tenants: best of 3 ${best} s, ${files} files, ${size} (load average: $(cut -d' ' -f1-3 /proc/loadavg))" \
  | tee "$out/generation.txt"

fi

echo "== headless chromium"
sites=("example=$work/example-site" "example-plan=$work/example-plan-site" "t1000=$work/t1000-site:http")
[ "$timings" = 1 ] && sites+=("t10000=$work/t10000-site")
node "$work/check.mjs" "$out" "${sites[@]}" | tee "$out/browser.jsonl" \
  || fail "the browser check failed (see above)"

if [ "$timings" = 1 ]; then
  first=$(grep '"site":"t10000","page":"index.html"' "$out/browser.jsonl" | sed 's/.*"wall":\([0-9]*\).*/\1/')
  echo "10,000 tenants: first page (index.html, file://) loaded in ${first} ms (target < 1 s)"
  echo "10,000 tenants: generated in ${best} s (target < 5 s)"
  if [ "${STRICT_TARGETS:-0}" = 1 ]; then
    awk -v a="$best" 'BEGIN { exit !(a < 5) }' || fail "10,000-tenant site took ${best} s (target < 5 s)"
    [ "$first" -lt 1000 ] || fail "the first page took ${first} ms (target < 1 s)"
  fi
else
  echo "10,000-tenant timings skipped (debug binary from SNOWTENANT_BIN; run this script alone for them)"
fi
echo "interop-docs: ok (screenshots in $out)"
