#!/usr/bin/env bash
# Benchmark for issue #7: one full per-queue statistics sample through nicdoctor's SIOCETHTOOL
# path vs one `ethtool -S` process on the same interface. Goal: ioctl >= 20x faster.
# Usage: bench/nic-stats.sh [IF]   (default eth0; results go to docs/performance.md by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
export NICDOCTOR_BENCH_IF="${1:-eth0}"
dotnet run -c Release --project bench/NicDoctor.Nic.Bench -- --filter '*StatsSample*' --inProcess --warmupCount 3 --iterationCount 10
# Whole-process view for reference: the AOT binary taking one sample vs the ethtool binary.
if [ -x artifacts/bin/nicdoctor ] && command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 "ethtool -S $NICDOCTOR_BENCH_IF" "artifacts/bin/nicdoctor nic stats $NICDOCTOR_BENCH_IF --count 1 --json"
fi
