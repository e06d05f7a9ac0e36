#!/usr/bin/env bash
# Repack-one-module vs a full dracut rebuild of the same image (issue #8; goal: repack <= 0.2x dracut).
# Usage: bench/initramfs-repack.sh [KERNEL]
#   needs ./build.sh publish (artifacts/bin/nicdoctor) or NICDOCTOR="dotnet path/nicdoctor.dll", hyperfine,
#   and Debian's dracut unpacked in the test cache by the VM bench (tests/NicDoctor.VmBench/DracutInitramfs.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
kernel=${1:-6.1.0-56-amd64}
bin=${NICDOCTOR:-artifacts/bin/nicdoctor}
cache=${NICDOCTOR_TEST_CACHE:-/var/tmp/nicdoctor-test-cache}
dracut_home=$cache/dracut-debian
[ -n "${NICDOCTOR:-}" ] || [ -x "$bin" ] || { echo "bench: run ./build.sh publish first (or set NICDOCTOR)" >&2; exit 2; }
[ -f "$dracut_home/usr/bin/dracut" ] || { echo "bench: dracut not unpacked in $dracut_home (run the VM bench's dracut tests once)" >&2; exit 2; }
out=${BENCH_OUT:-artifacts/bench}
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/conf.d" "$scratch/tmp" "$scratch/fw/intel-ucode"
head -c 4096 /dev/zero > "$scratch/fw/intel-ucode/06-00-00"

# The same arguments DracutInitramfs uses: no host config, no-hostonly, early microcode, zstd.
dracut=(env dracutbasedir="$dracut_home/usr/lib/dracut" bash "$dracut_home/usr/bin/dracut"
  --conf /dev/null --confdir "$scratch/conf.d" --tmpdir "$scratch/tmp" --no-hostonly --no-hostonly-cmdline
  --early-microcode --fwdir "$scratch/fw" --compress zstd --kver "$kernel" --force)
"${dracut[@]}" "$scratch/dracut.img" >/dev/null 2>&1
module=$(modinfo -k "$kernel" -n e1000e)
cp "$module" "$scratch/e1000e.ko"
printf 'X' | dd of="$scratch/e1000e.ko" bs=1 seek=100 conv=notrunc status=none   # any content change
# shellcheck disable=SC2086 # $bin may be "dotnet nicdoctor.dll"
path=$($bin initramfs list "$scratch/dracut.img" '*/e1000e/e1000e.ko' | head -1)
echo "image: $(stat -c %s "$scratch/dracut.img") bytes; replacing $path"

hyperfine --warmup "${WARMUP:-1}" --runs "${RUNS:-5}" --export-markdown "$out/initramfs-repack.md" \
  -n "nicdoctor initramfs repack (replace e1000e.ko)" \
  "$bin initramfs repack $scratch/dracut.img $scratch/repacked.img --replace $scratch/e1000e.ko=$path" \
  -n "dracut -f (same image)" \
  "${dracut[*]} $scratch/rebuilt.img" | tee "$out/initramfs-repack-summary.txt"
# shellcheck disable=SC2086
rss=$(/usr/bin/time -f %M $bin initramfs repack "$scratch/dracut.img" "$scratch/repacked.img" --replace "$scratch/e1000e.ko=$path" 2>&1 >/dev/null | tail -1)
echo "peak RSS nicdoctor initramfs repack: ${rss} KiB" | tee -a "$out/initramfs-repack-summary.txt"
