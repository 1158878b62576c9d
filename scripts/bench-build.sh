#!/usr/bin/env bash
# End-to-end build of generated specs (100, 1,000, 10,000 tenants): wall time and peak memory
# of the release binary, written package included. Usage: scripts/bench-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for n in 100 1000 10000; do
  ./target/release/snowtenant init --tenants "$n" --out "$work/spec-$n.yaml"
  /usr/bin/time -f "%e %M" -o "$work/time" ./target/release/snowtenant build "$work/spec-$n.yaml" --out "$work/dist-$n" >/dev/null
  read -r secs kb < "$work/time"
  echo "tenants=$n wall_s=$secs peak_rss_mb=$((kb / 1024)) statements=$(python3 -c "import json,sys; print(json.load(open('$work/dist-$n/manifest.json'))['statements'])")"
done
