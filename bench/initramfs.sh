#!/usr/bin/env bash
# Benchmarks `nicdoctor initramfs` (AOT binary) against the Debian tools on the same real images.
# Usage: bench/initramfs.sh [KERNEL]   (needs ./build.sh publish first; hyperfine, cpio, zstd)
# THREECPIO=/path/to/3cpio adds 3cpio (Rust) to the list and extract runs. It is not packaged in
# Debian 12; docs/performance.md says how the measured copy was obtained.
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

for codec in ${CODECS:-zstd gzip xz}; do
  img=$($make_image "$kernel" "$codec")
  case $codec in zstd) dec="zstd -dcq" ;; xz) dec="xz -dc" ;; *) dec="gzip -dc" ;; esac
  echo "== $codec: $img ($(stat -c %s "$img") bytes)"
  list3=() extract3=()
  if [ -n "${THREECPIO:-}" ]; then
    list3=(-n "3cpio -t" "$THREECPIO -t $img")
    extract3=(-n "3cpio -x" "$THREECPIO -x $img -C $scratch/x")
  fi
  hyperfine -N --warmup 1 --runs 5 --export-markdown "$out/list-$codec.md" \
    -n "nicdoctor list" "$bin initramfs list $img" \
    "${list3[@]}" \
    -n "lsinitramfs" "lsinitramfs $img" \
    -n "$dec | cpio -t" "sh -c '$dec $img | cpio -t --quiet'"
  hyperfine --warmup 1 --runs 5 --export-markdown "$out/extract-$codec.md" \
    --prepare "rm -rf $scratch/x && mkdir $scratch/x" \
    -n "nicdoctor extract" "$bin initramfs extract $img -C $scratch/x" \
    "${extract3[@]}" \
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
