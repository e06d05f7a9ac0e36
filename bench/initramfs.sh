#!/usr/bin/env bash
# Benchmarks `nicdoctor initramfs` (AOT binary) against the Debian tools on the same real images.
# Usage: bench/initramfs.sh [KERNEL]   (needs ./build.sh publish first; hyperfine, cpio, zstd)
# 3cpio is not packaged in Debian 12 and is not built here; see docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
kernel=${1:-6.1.0-56-amd64}
bin=artifacts/bin/nicdoctor
[ -x "$bin" ] || { echo "bench: run ./build.sh publish first" >&2; exit 2; }
make_image=tests/NicDoctor.Initramfs.Tests/assets/make-mkinitramfs-image.sh
out=${BENCH_OUT:-artifacts/bench}
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for codec in zstd gzip; do
  img=$($make_image "$kernel" "$codec")
  dec=$([ "$codec" = zstd ] && echo "zstd -dcq" || echo "gzip -dc")
  echo "== $codec: $img ($(stat -c %s "$img") bytes)"
  hyperfine -N --warmup 1 --runs 5 --export-markdown "$out/list-$codec.md" \
    -n "nicdoctor list" "$bin initramfs list $img" \
    -n "lsinitramfs" "lsinitramfs $img" \
    -n "$dec | cpio -t" "sh -c '$dec $img | cpio -t --quiet'"
  hyperfine --warmup 1 --runs 5 --export-markdown "$out/extract-$codec.md" \
    --prepare "rm -rf $scratch/x && mkdir $scratch/x" \
    -n "nicdoctor extract" "$bin initramfs extract $img -C $scratch/x" \
    -n "unmkinitramfs" "unmkinitramfs $img $scratch/x" \
    -n "$dec | cpio -idm" "sh -c 'cd $scratch/x && $dec $img | cpio -idm --quiet'"
  for verb in list verify; do
    rss=$(/usr/bin/time -f %M "$bin" initramfs "$verb" "$img" 2>&1 >/dev/null | tail -1)
    echo "peak RSS nicdoctor initramfs $verb $codec: ${rss} KiB"
  done
  rm -rf "$scratch/x" && mkdir "$scratch/x"
  rss=$(/usr/bin/time -f %M "$bin" initramfs extract "$img" -C "$scratch/x" 2>&1 >/dev/null | tail -1)
  echo "peak RSS nicdoctor initramfs extract $codec: ${rss} KiB"
done | tee "$out/initramfs-summary.txt"
