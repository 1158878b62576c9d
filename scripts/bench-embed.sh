#!/usr/bin/env bash
# Benchmarks `snowtenant serve` against the FastAPI + PyJWT baseline, one after the other on this machine,
# with the baseline's own load.sh (same GET, same token reuse). Records requests/s, p50, p99, non-2xx and
# resident memory (VmRSS sampled every second from /proc over the run) for both.
#
# Usage: scripts/bench-embed.sh [seconds] [connections]        (default 30 s, 64 connections)
#   EMBED_BASELINE_DIR  baseline folder (default: ../shared/bench/embed-baseline relative to the repo)
#   BENCH_OUT           where the summary goes (default: target/bench-embed.txt)
#   PIN=1|0             1 (the default on 2+ CPUs): the load generator (load.sh, so wrk) on CPU 0 and the server
#                       under test on CPU 1, for BOTH servers alike (taskset; children inherit it), so wrk does
#                       not compete with the server it measures. 0: everything shares every CPU.
#   SNOWTENANT_WORKERS  worker threads of our server (`serve --workers`); default: one per CPU
#   SNOWTENANT_BIN      our binary to run instead of building target/release/snowtenant (A/B comparisons)
# Needs: cargo, python3 (venv + pip reach PyPI for the baseline), wrk (load.sh installs it with apt-get).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-30}; conns=${2:-64}
baseline=${EMBED_BASELINE_DIR:-$repo/../shared/bench/embed-baseline}
[ -x "$baseline/run.sh" ] || { echo "baseline not found at $baseline (set EMBED_BASELINE_DIR)" >&2; exit 1; }
out=${BENCH_OUT:-$repo/target/bench-embed.txt}
pin=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
if [ "$pin" = 1 ]; then
  command -v taskset >/dev/null || { echo "PIN=1 needs taskset (util-linux)" >&2; exit 1; }
  [ "$(nproc)" -ge 2 ] || { echo "PIN=1 needs at least 2 CPUs" >&2; exit 1; }
  load_pin=(taskset -c 0); server_pin=(taskset -c 1)
else
  load_pin=(); server_pin=()
fi
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wait_up() { for _ in $(seq 1 300); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

# Samples VmRSS (kB) of a process tree every second into a file: first, max and last value show flatness.
sample_rss() {
  local root=$1 file=$2
  while kill -0 "$root" 2>/dev/null; do
    local total=0
    for p in $root $(pgrep -P "$root" || true); do
      kb=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); total=$((total + ${kb:-0}))
    done
    echo "$total" >>"$file"; sleep 1
  done
}
rss_summary() { awk 'NR==1{f=$1} {if($1>m)m=$1; l=$1} END{printf "rss_kb_first=%d rss_kb_max=%d rss_kb_last=%d samples=%d", f, m, l, NR}' "$1"; }

run_one() { # name base api_key pid
  local name=$1 base=$2 key=$3 pid=$4 rss=$work/$1.rss
  wait_up "$base"
  sample_rss "$pid" "$rss" & local sampler=$!
  local line; line=$(BASE=$base API_KEY=$key DASHBOARD=sales_distribution "${load_pin[@]}" "$baseline/load.sh" "$secs" "$conns")
  kill "$sampler" 2>/dev/null || true
  echo "$name: $line $(rss_summary "$rss")" | tee -a "$out"
}

mkdir -p "$(dirname "$out")"; : >"$out"
echo "# $(date -u +%FT%TZ) $(nproc) cores, ${secs}s, ${conns} connections, pin=$pin, our workers=${SNOWTENANT_WORKERS:-per CPU}, load avg $(cut -d' ' -f1-3 /proc/loadavg), load.sh from $baseline" | tee -a "$out"

# 1. Baseline (its own tenants.json and API key).
PORT=8900 "${server_pin[@]}" "$baseline/run.sh" >"$work/baseline.log" 2>&1 & pids+=($!)
run_one baseline http://127.0.0.1:8900 bench-key-jdt "${pids[-1]}"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# 2. Ours, release build, on the fixture package. All load comes from one IP, so the per-IP and per-tenant
#    rate limits are raised in a copy of the config (the only change).
bin=${SNOWTENANT_BIN:-}
if [ -z "$bin" ]; then (cd "$repo" && cargo build --release --quiet --features serve); bin=$repo/target/release/snowtenant; fi
mkdir -p "$work/pkg/embed"
python3 - "$repo/tests/fixtures/embed-package/embed/config.json" "$work/pkg/embed/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["limits"] = {"per_ip_per_second": 10**7, "per_ip_burst": 10**7, "per_tenant_per_second": 10**7, "per_tenant_burst": 10**7}
json.dump(c, open(sys.argv[2], "w"))
PY
# shellcheck disable=SC1091
. "$repo/tests/fixtures/embed-package/dev.env"
RUST_LOG=warn "${server_pin[@]}" "$bin" serve --package "$work/pkg" --listen 127.0.0.1:8901 >"$work/ours.log" 2>&1 & pids+=($!)
run_one snowtenant http://127.0.0.1:8901 "$SNOWTENANT_API_KEY_JON_DOE_TECH" "${pids[-1]}"
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

python3 - "$out" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+): rps=([\d.]+)", line)
    if m: rows[m.group(1)] = float(m.group(2))
if "baseline" in rows and "snowtenant" in rows and rows["baseline"] > 0:
    print(f"ratio: {rows['snowtenant'] / rows['baseline']:.1f}x requests/s")
PY
echo "summary written to $out"
