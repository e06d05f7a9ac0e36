#!/usr/bin/env bash
# Benchmarks for issue #11 (results go to docs/performance.md by hand):
#  1. exporter scrape cost: CPU time of the exporter process per /metrics scrape, replaying a
#     64-queue i40e capture (goal < 5 ms CPU per scrape);
#  2. `diagnose --fleet` over 1,000 bundles made by copying real ones with changed host names:
#     500 tarballs of a bundle this host's collector writes, 500 copies of the seed sample
#     (goal >= 20 bundles/s).
# Usage: bench/fleet.sh [NICDOCTOR_BINARY]   (default artifacts/bin/nicdoctor, the AOT build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-artifacts/bin/nicdoctor}
[ -x "$bin" ] || { echo "bench/fleet.sh: $bin: build it first (./build.sh publish)" >&2; exit 2; }
bin=$(realpath "$bin")
work=$(mktemp -d /var/tmp/nicdoctor-bench-fleet.XXXXXX)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# --- 1. scrape cost ------------------------------------------------------------------------
fix="$work/capture64"
mkdir -p "$fix"
printf 'driver: i40e\nversion: 2.13.10\nfirmware-version: 6.01 0x80003554 1.1747.0\nexpansion-rom-version: \nbus-info: 0000:3b:00.0\n' > "$fix/ethtool_-i_ens1f0"
awk 'BEGIN {
  for (s = 0; s < 5; s++) {
    printf "### nicdoctor-sample %d 2026-11-25T12:00:%02dZ\nNIC statistics:\n", s + 1, 2 * s
    # i40e prints ~90 port/VSI counters before the per-queue ones
    for (i = 0; i < 90; i++) printf "     port.stat_%d: %d\n", i, i * 1000 + s
    for (q = 0; q < 64; q++) {
      tx = 100000 + s * (50 + q); rx = 90000 + s * (40 + q)
      printf "     tx-%d.tx_packets: %d\n     tx-%d.tx_bytes: %d\n     rx-%d.rx_packets: %d\n     rx-%d.rx_bytes: %d\n", q, tx, q, tx * 80, q, rx, q, rx * 70
    }
  }
}' > "$fix/ethtool_-S_ens1f0"
port=$((20000 + RANDOM % 20000))
"$bin" exporter --from "$fix" --listen "127.0.0.1:$port" 2> "$work/exporter.log" &
pid=$!
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/metrics" -o /dev/null 2>/dev/null && break; sleep 0.1; done
scrape() { curl -fsS "http://127.0.0.1:$port/metrics" -o /dev/null; }
for _ in $(seq 50); do scrape; done # warm-up (JIT/tiering for a non-AOT binary, the stall window)
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
n=1000
t0=$(ticks); w0=$(date +%s.%N)
for _ in $(seq "$n"); do scrape; done
t1=$(ticks); w1=$(date +%s.%N)
series=$(curl -fsS "http://127.0.0.1:$port/metrics" | grep -vc '^#')
echo "exporter: $n scrapes of a 64-queue NIC ($series series per scrape)"
awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$n" -v w0="$w0" -v w1="$w1" 'BEGIN {
  printf "  exporter CPU (utime+stime): %.3f ms per scrape\n", t * 1000 / hz / n
  printf "  wall per scrape incl. curl process: %.2f ms\n", (w1 - w0) * 1000 / n }'
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

# --- 2. diagnose --fleet over 1,000 bundles -------------------------------------------------
fleet="$work/fleet"
mkdir -p "$fleet"
real=$(sh src/NicDoctor.Evidence/Collector/nicdoctor-collect.sh -n 3 -i 1 -o - 2>/dev/null)
host=$(awk '{ print $2 }' "$real/sos_commands/kernel/uname_-a")
for i in $(seq -w 1 500); do
  d="$work/stage/host-$i"
  mkdir -p "$work/stage"
  cp -r "$real" "$d"
  sed -i "s/ $host / host-$i /" "$d/sos_commands/kernel/uname_-a"
  tar -czf "$fleet/host-$i.tar.gz" -C "$work/stage" "host-$i"
  rm -rf "$d"
done
rm -rf "$real"
for i in $(seq -w 501 1000); do
  d="$fleet/sosreport-seed-$i"
  mkdir -p "$d/sos_commands/kernel"
  cp samples/i40e-queue44/* "$d/"
  echo "Linux seed-$i 3.10.0-693.el7.x86_64 #1 SMP Thu Jul 6 19:56:57 EDT 2017 x86_64 x86_64 x86_64 GNU/Linux" > "$d/sos_commands/kernel/uname_-a"
done
echo "fleet: $(ls "$fleet" | wc -l) bundles, $(du -sh "$fleet" | cut -f1)"
/usr/bin/time -f "  wall %e s, user %U s, sys %S s, peak RSS %M KB" "$bin" diagnose --fleet "$fleet" --json > "$work/summary.json" || true
rows=$(grep -c '"host":' "$work/summary.json")
problems=$(grep -c '"problemFound": true' "$work/summary.json")
echo "  rows: $rows, with a problem: $problems"
if command -v hyperfine >/dev/null; then
  hyperfine -N --runs 3 --warmup 1 -i "$bin diagnose --fleet $fleet --json"
fi
