#!/usr/bin/env bash
# Benchmarks `nicdoctor initramfs` (AOT binary) against 3cpio and the Debian tools on the same real images.
# Usage: [NICDOCTOR=bin] [THREECPIO=bin] [RUNS=5] [IMAGES="zstd gzip xz zstd-big"] bench/initramfs.sh [KERNEL]
#   KERNEL defaults to the newest installed Debian kernel. Images are made once by mkinitramfs
#   (tests/.../make-mkinitramfs-image.sh): MODULES=most (~132 MB uncompressed); "zstd-big" adds the
#   GPU drivers (~170 MB uncompressed), the image for the peak-RSS goal (<= 64 MB on >= 144 MB).
#   THREECPIO=/path/to/3cpio adds 3cpio to the list and extract runs and checks that its listing is
#   byte-identical to ours (cmp). 3cpio is not packaged in Debian 12; docs/performance.md says how the
#   measured copy was obtained. Needs hyperfine, cpio, zstd, xz, python3.
# Output: artifacts/bench/initramfs-*.json (hyperfine) and initramfs-summary.txt: mean ± σ, user and
# sys per command, the load average before each group, and peak RSS (/usr/bin/time -f %M). Extract
# runs start from an empty, synced target so the previous run's writeback does not land on the next.
set -euo pipefail
cd "$(dirname "$0")/.."
newest_kernel() {
  if command -v linux-version >/dev/null; then linux-version list | linux-version sort | tail -1
  else find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -1; fi
}
kernel=${1:-$(newest_kernel)}
bin=${NICDOCTOR:-artifacts/bin/nicdoctor}
[ -x "$bin" ] || { echo "bench: run ./build.sh publish first (or set NICDOCTOR)" >&2; exit 2; }
runs=${RUNS:-5}
make_image=tests/NicDoctor.Initramfs.Tests/assets/make-mkinitramfs-image.sh
out=${BENCH_OUT:-artifacts/bench}
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One line per command from hyperfine's JSON: name, mean ± stddev, user, system (seconds).
table() {
  python3 - "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {r['mean']:.3f} s ± {r['stddev'] or 0:.3f} | {r['user']:.3f} s | {r['system']:.3f} s |")
EOF
}

{
echo "nicdoctor: $bin ($(stat -c %y "$bin" | cut -d. -f1)); kernel $kernel; $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
[ -z "${THREECPIO:-}" ] || echo "3cpio: $THREECPIO ($("$THREECPIO" --version))"
for name in ${IMAGES:-zstd gzip xz zstd-big}; do
  codec=${name%-big} size=$([ "$name" != "$codec" ] && echo big || echo full)
  img=$($make_image "$kernel" "$codec" "$size")
  case $codec in zstd) dec="zstd -dcq" ;; xz) dec="xz -dc" ;; *) dec="gzip -dc" ;; esac
  echo "== $name: $img ($(stat -c %s "$img") bytes, $($dec "$img" | wc -c) bytes uncompressed)"
  list3=() extract3=()
  if [ -n "${THREECPIO:-}" ]; then
    list3=(-n "3cpio -t" "$THREECPIO -t $img")
    extract3=(-n "3cpio -x" "$THREECPIO -x $img -C $scratch/x")
    if cmp <("$bin" initramfs list "$img") <("$THREECPIO" -t "$img"); then echo "listing: identical to 3cpio -t (cmp)"; fi
  fi
  echo "load average before list: $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/initramfs-list-$name.json" \
    -n "nicdoctor initramfs list" "$bin initramfs list $img" \
    "${list3[@]}" \
    -n "lsinitramfs" "lsinitramfs $img" \
    -n "$dec | cpio -t" "sh -c '$dec $img | cpio -t --quiet'" >/dev/null
  echo "| command | mean ± σ | user | sys |"
  echo "|---|---|---|---|"
  table "$out/initramfs-list-$name.json"
  echo "load average before extract: $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/initramfs-extract-$name.json" \
    --prepare "sh -c 'rm -rf $scratch/x && mkdir $scratch/x && sync'" \
    -n "nicdoctor initramfs extract" "$bin initramfs extract $img -C $scratch/x" \
    "${extract3[@]}" \
    -n "unmkinitramfs" "unmkinitramfs $img $scratch/x" \
    -n "$dec | cpio -idm" "sh -c 'cd $scratch/x && $dec $img | cpio -idm --quiet'" >/dev/null
  table "$out/initramfs-extract-$name.json"
  for verb in list verify; do
    rss=$(/usr/bin/time -f %M "$bin" initramfs "$verb" "$img" 2>&1 >/dev/null | tail -1)
    echo "peak RSS nicdoctor initramfs $verb $name: ${rss} KiB"
  done
  rm -rf "$scratch/x" && mkdir "$scratch/x"
  rss=$(/usr/bin/time -f %M "$bin" initramfs extract "$img" -C "$scratch/x" 2>&1 >/dev/null | tail -1)
  echo "peak RSS nicdoctor initramfs extract $name: ${rss} KiB"
done
} | tee "$out/initramfs-summary.txt"
