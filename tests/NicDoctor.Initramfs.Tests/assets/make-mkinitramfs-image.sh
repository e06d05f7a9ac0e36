#!/bin/sh
# Builds (once) a real Debian initramfs with mkinitramfs for KERNEL and CODEC and prints its path.
# Images are cached outside the repo, keyed by kernel, codec and initramfs-tools version.
# Usage: make-mkinitramfs-image.sh KERNEL CODEC   (CODEC: gzip xz zstd lz4 lzma bzip2 lzop)
set -eu
kernel=$1 codec=$2
cache=${NICDOCTOR_TEST_CACHE:-/var/tmp/nicdoctor-test-cache}
tools=$(dpkg-query -W -f='${Version}' initramfs-tools-core 2>/dev/null || echo unknown)
out="$cache/mkinitramfs-$kernel-$codec-$tools.img"
if [ ! -s "$out" ]; then
  mkdir -p "$cache"
  tmp="$out.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  # Fixed timestamps make the image reproducible for a given kernel and tool version.
  SOURCE_DATE_EPOCH=1700000000 mkinitramfs -c "$codec" -o "$tmp" "$kernel" >/dev/null 2>&1
  mv "$tmp" "$out"
  trap - EXIT
fi
echo "$out"
