#!/usr/bin/env bash
# Repack-one-module vs a full dracut rebuild of the same image (issue #8; goal: repack <= 0.2x dracut).
# Usage: [NICDOCTOR=path/to/nicdoctor] [RUNS=10] [DRACUT_RUNS=3] [BENCH_IMAGE=small|full] bench/initramfs-repack.sh [KERNEL]
#   small (default): the VM bench's image (DracutImageOptions defaults: a few dracut modules, drivers e1000e ext4 virtio_blk virtio_pci)
#   full: dracut's whole --no-hostonly image plus e1000e (--add-drivers), the generic image a distribution would build
#   needs ./build.sh publish (artifacts/bin/nicdoctor) or NICDOCTOR="dotnet path/nicdoctor.dll", hyperfine, jq,
#   and Debian's dracut unpacked in the test cache by the VM bench (tests/NicDoctor.VmBench/DracutInitramfs.cs).
# Reports wall (hyperfine mean ± sd), user and sys CPU, and the load average before and after each tool.
set -euo pipefail
cd "$(dirname "$0")/.."
# The installed Debian kernel (the running one if its modules are installed, else the newest).
default_kernel() {
  if [ -d "/lib/modules/$(uname -r)/kernel" ]; then uname -r; else find /lib/modules -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1; fi
}
kernel=${1:-$(default_kernel)}
bin=${NICDOCTOR:-artifacts/bin/nicdoctor}
cache=${NICDOCTOR_TEST_CACHE:-/var/tmp/nicdoctor-test-cache}
dracut_home=$cache/dracut-debian
[ -n "${NICDOCTOR:-}" ] || [ -x "$bin" ] || { echo "bench: run ./build.sh publish first (or set NICDOCTOR)" >&2; exit 2; }
[ -f "$dracut_home/usr/bin/dracut" ] || { echo "bench: dracut not unpacked in $dracut_home (run the VM bench's dracut tests once)" >&2; exit 2; }
for tool in hyperfine jq; do command -v "$tool" >/dev/null || { echo "bench: needs $tool" >&2; exit 2; }; done
out=${BENCH_OUT:-artifacts/bench/${BENCH_IMAGE:-small}}
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/conf.d" "$scratch/tmp" "$scratch/fw/intel-ucode"
head -c 4096 /dev/zero > "$scratch/fw/intel-ucode/06-00-00"

# The arguments DracutInitramfs uses: no host config, no-hostonly, early microcode, zstd (dracut: zstd -15 -q -T0).
case ${BENCH_IMAGE:-small} in
  small) contents=(--modules "base rootfs-block kernel-modules udev-rules fs-lib" --drivers "e1000e ext4 virtio_blk virtio_pci") ;;
  full) contents=(--add-drivers e1000e) ;;
  *) echo "bench: BENCH_IMAGE is small or full" >&2; exit 2 ;;
esac
dracut=(env dracutbasedir="$dracut_home/usr/lib/dracut" bash "$dracut_home/usr/bin/dracut"
  --conf /dev/null --confdir "$scratch/conf.d" --tmpdir "$scratch/tmp" --no-hostonly --no-hostonly-cmdline "${contents[@]}"
  --early-microcode --fwdir "$scratch/fw" --compress zstd --kver "$kernel" --force)
"${dracut[@]}" "$scratch/dracut.img" >/dev/null 2>&1
module=$(modinfo -k "$kernel" -n e1000e)
cp "$module" "$scratch/e1000e.ko"
printf 'X' | dd of="$scratch/e1000e.ko" bs=1 seek=100 conv=notrunc status=none   # any content change
# shellcheck disable=SC2086 # $bin may be "dotnet nicdoctor.dll"
path=$($bin initramfs list "$scratch/dracut.img" '*/e1000e/e1000e.ko' | head -1)
[ -n "$path" ] || { echo "bench: e1000e.ko not in the dracut image" >&2; exit 1; }
summary=$out/initramfs-repack-summary.txt
{
  echo "date: $(date -u +%FT%TZ); kernel $kernel; $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "image (${BENCH_IMAGE:-small}): $(stat -c %s "$scratch/dracut.img") bytes, $($bin initramfs list "$scratch/dracut.img" | wc -l) entries; replacing $path"
  echo "nicdoctor: $bin"
} | tee "$summary"

repack="$bin initramfs repack $scratch/dracut.img $scratch/repacked.img --replace $scratch/e1000e.ko=$path"
measure() { # name runs warmup command
  local name=$1 runs=$2 warmup=$3 cmd=$4 json=$out/initramfs-repack-$1.json
  echo "load before $name: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$summary"
  hyperfine --warmup "$warmup" --runs "$runs" --export-json "$json" -n "$name" "$cmd" >/dev/null
  jq -r --arg n "$name" '.results[0] | "\($n): wall \(.mean|.*1000|round/1000) s ± \(.stddev|.*1000|round/1000) (n=\(.times|length)), user \(.user|.*1000|round/1000) s, sys \(.system|.*1000|round/1000) s"' "$json" | tee -a "$summary"
  echo "load after $name: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$summary"
}
# The default (the touched part re-encoded at dracut's level), a lower level, and --append (nothing re-encoded).
measure repack "${RUNS:-10}" "${WARMUP:-1}" "$repack"
measure repack-zstd3 "${RUNS:-10}" "${WARMUP:-1}" "$repack --compress zstd:3"
measure repack-append "${RUNS:-10}" "${WARMUP:-1}" "$repack --append"
measure dracut "${DRACUT_RUNS:-3}" 0 "$(printf '%q ' "${dracut[@]}") $scratch/rebuilt.img"
for variant in repack repack-zstd3 repack-append; do
  ratio=$(jq -n --slurpfile r "$out/initramfs-repack-$variant.json" --slurpfile d "$out/initramfs-repack-dracut.json" \
    '($r[0].results[0].mean / $d[0].results[0].mean * 1000 | round / 1000)')
  echo "ratio $variant/dracut (wall means): $ratio (goal <= 0.2)" | tee -a "$summary"
done
# shellcheck disable=SC2086
$repack --compress zstd:3 >/dev/null && echo "image size, zstd:3 re-encode: $(stat -c %s "$scratch/repacked.img") bytes" | tee -a "$summary"
# shellcheck disable=SC2086
$repack --append >/dev/null && echo "image size, --append: $(stat -c %s "$scratch/repacked.img") bytes" | tee -a "$summary"
# shellcheck disable=SC2086
rss=$(/usr/bin/time -f %M $repack 2>&1 >/dev/null | tail -1)
echo "image size, default re-encode: $(stat -c %s "$scratch/repacked.img") bytes" | tee -a "$summary"
echo "peak RSS nicdoctor initramfs repack: ${rss} KiB" | tee -a "$summary"
# The repacked image (default mode) differs from the input in exactly the one module (the diff exits 1 when images differ).
# shellcheck disable=SC2086
$bin initramfs diff "$scratch/dracut.img" "$scratch/repacked.img" | tee -a "$summary" || true
