#!/usr/bin/env bash
# Benchmark: `nicdoctor module info` vs kmod `modinfo` over every module of a kernel.
# Both as one process over all files, and as a loop of one process per module.
# Usage: bench/module-info.sh [KVER]   (needs hyperfine, kmod, ./build.sh publish)
set -euo pipefail
cd "$(dirname "$0")/.."
kver=${1:-$(ls /lib/modules | sort | tail -1)}
nd=artifacts/bin/nicdoctor
[ -x "$nd" ] || { echo "run ./build.sh publish first" >&2; exit 2; }
list=$(mktemp); trap 'rm -f "$list"' EXIT
find "/lib/modules/$kver/kernel" -name '*.ko*' | sort > "$list"
echo "kernel $kver: $(wc -l < "$list") modules"
# Same bytes out (sanity check before timing).
cmp <(xargs modinfo < "$list") <(xargs "$nd" module info < "$list") && echo "outputs identical"
hyperfine -N --warmup 1 --runs 5 \
  -n "modinfo (one process, all files)" "xargs -a $list modinfo" \
  -n "nicdoctor module info (one process, all files)" "xargs -a $list $nd module info"
# One process per module on every 10th module (the full loop takes minutes); multiply by 10.
sample=$(mktemp); trap 'rm -f "$list" "$sample"' EXIT
awk 'NR % 10 == 1' "$list" > "$sample"
echo "loop sample: $(wc -l < "$sample") modules"
hyperfine --warmup 1 --runs 3 \
  -n "modinfo (one process per module)" "while read -r m; do modinfo \"\$m\"; done < $sample >/dev/null" \
  -n "nicdoctor module info (one process per module)" "while read -r m; do $nd module info \"\$m\"; done < $sample >/dev/null"
