#!/usr/bin/env bash
# Benchmark: `nicdoctor module strip` vs binutils `strip -d` on a module with debug info
# (nd_hello.ko built by tests/NicDoctor.KernelModules.Tests/Fixtures/hello-module/build.sh)
# and on Debian's largest module. Usage: bench/module-strip.sh [KVER]
set -euo pipefail
cd "$(dirname "$0")/.."
kver=${1:-$(ls /lib/modules | sort | tail -1)}
nd=artifacts/bin/nicdoctor
[ -x "$nd" ] || { echo "run ./build.sh publish first" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sh tests/NicDoctor.KernelModules.Tests/Fixtures/hello-module/build.sh "$work/build" "$kver" 2>/dev/null
big=$(find "/lib/modules/$kver/kernel" -name '*.ko' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
for m in "$work/build/nd_hello.ko" "$big"; do
  echo "$m: $(stat -c %s "$m") bytes"
  strip -d -o "$work/binutils.ko" "$m"; "$nd" module strip "$m" -o "$work/ours.ko" 2>/dev/null >/dev/null
  echo "  strip -d: $(stat -c %s "$work/binutils.ko") bytes; nicdoctor: $(stat -c %s "$work/ours.ko") bytes"
  hyperfine -N --warmup 3 --runs 20 \
    -n "strip -d" "strip -d -o $work/binutils.ko $m" \
    -n "nicdoctor module strip" "$nd module strip $m -o $work/ours.ko"
done
