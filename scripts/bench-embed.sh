#!/usr/bin/env bash
# Benchmarks `snowtenant serve` against the FastAPI + PyJWT baseline on this machine, with the baseline's own
# load.sh (same GET, same token reuse). Both servers run for the whole benchmark and are loaded in turn, in
# ROUNDS rounds of seconds/ROUNDS each (baseline, then ours), so a VM or neighbour slowing the machine down
# hits both in the same round; the ratio is the median of the rounds' ratios. Records requests/s, p50, p99
# and non-2xx per round and resident memory (VmRSS sampled every second from /proc) for both.
#
# Usage: scripts/bench-embed.sh [seconds] [connections]        (default 30 s, 64 connections)
#   ROUNDS              rounds (default 4; 1 = one block each, as before)
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
secs=${1:-30}; conns=${2:-64}; rounds=${ROUNDS:-4}
[ "$rounds" -ge 1 ] && [ $((secs / rounds)) -ge 1 ] || { echo "ROUNDS must be 1..seconds" >&2; exit 1; }
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

load() { # name base api_key round
  local line; line=$(BASE=$2 API_KEY=$3 DASHBOARD=sales_distribution "${load_pin[@]}" "$baseline/load.sh" "$((secs / rounds))" "$conns")
  echo "round $4 $1: $line" | tee -a "$out"
}

mkdir -p "$(dirname "$out")"; : >"$out"
echo "# $(date -u +%FT%TZ) $(nproc) cores, ${secs}s, ${conns} connections, pin=$pin, rounds=$rounds, our workers=${SNOWTENANT_WORKERS:-per CPU}, load avg $(cut -d' ' -f1-3 /proc/loadavg), load.sh from $baseline" | tee -a "$out"

# 1. Baseline (its own tenants.json and API key).
PORT=8900 "${server_pin[@]}" "$baseline/run.sh" >"$work/baseline.log" 2>&1 & pids+=($!); base_pid=$!

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
RUST_LOG=warn "${server_pin[@]}" "$bin" serve --package "$work/pkg" --listen 127.0.0.1:8901 >"$work/ours.log" 2>&1 & pids+=($!); ours_pid=$!

wait_up http://127.0.0.1:8900; wait_up http://127.0.0.1:8901
sample_rss "$base_pid" "$work/baseline.rss" & pids+=($!)
sample_rss "$ours_pid" "$work/snowtenant.rss" & pids+=($!)
for r in $(seq 1 "$rounds"); do
  load baseline http://127.0.0.1:8900 bench-key-jdt "$r"
  load snowtenant http://127.0.0.1:8901 "$SNOWTENANT_API_KEY_JON_DOE_TECH" "$r"
done
for name in baseline snowtenant; do echo "$name memory: $(rss_summary "$work/$name.rss")" | tee -a "$out"; done
kill -TERM "$ours_pid" "$base_pid"; wait "$ours_pid" "$base_pid" 2>/dev/null || true

python3 - "$out" <<'PY' | tee -a "$out"
import re, statistics, sys
rows = {}
ms = lambda v: float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-2]) if v.endswith("ms") else float(v[:-1]) * 1000
for line in open(sys.argv[1]):
    m = re.match(r"round (\d+) (\w+): rps=([\d.]+) p50=(\S+) p99=(\S+) non2xx=(\d+)", line)
    if m:
        rows.setdefault(m.group(2), {})[int(m.group(1))] = (float(m.group(3)), ms(m.group(4)), ms(m.group(5)), int(m.group(6)))
b, o = rows.get("baseline", {}), rows.get("snowtenant", {})
for name, r in (("baseline", b), ("snowtenant", o)):
    if r:
        v = list(r.values())
        print(f"{name}: rps median {statistics.median(x[0] for x in v):.0f}, p50 median {statistics.median(x[1] for x in v):.2f} ms, "
              f"p99 median {statistics.median(x[2] for x in v):.2f} ms (worst round {max(x[2] for x in v):.2f} ms), non2xx {sum(x[3] for x in v)}")
pairs = [o[k][0] / b[k][0] for k in sorted(b) if k in o and b[k][0] > 0]
if pairs:
    print(f"ratio: {statistics.median(pairs):.1f}x requests/s (median of {len(pairs)} rounds: {', '.join(f'{x:.1f}' for x in pairs)})")
PY
echo "summary written to $out"
