#!/bin/sh
# Builds (once) a real Debian initramfs with mkinitramfs for KERNEL and CODEC and prints its path.
# Images are cached outside the repo, keyed by kernel, codec, size and initramfs-tools version.
# Usage: make-mkinitramfs-image.sh KERNEL CODEC [small]   (CODEC: gzip xz zstd lz4 lzma bzip2 lzop)
# "small" uses MODULES=list with one NIC driver (about 400 entries, 20 MB uncompressed) instead of
# the default MODULES=most (about 1400 entries, 132 MB): the slow compressors (xz, lzma) then take
# seconds instead of minutes.
# "big" is MODULES=most plus the GPU drivers amdgpu, i915, nouveau and radeon (and what they pull
# in): over 144 MB uncompressed, the size of the read side's peak-RSS goal (bench/initramfs.sh).
set -eu
kernel=$1 codec=$2 size=${3:-full}
cache=${NICDOCTOR_TEST_CACHE:-/var/tmp/nicdoctor-test-cache}
tools=$(dpkg-query -W -f='${Version}' initramfs-tools-core 2>/dev/null || echo unknown)
case $size in small | big) suffix="-$size" ;; *) suffix="" ;; esac
out="$cache/mkinitramfs-$kernel-$codec$suffix-$tools.img"
if [ ! -s "$out" ]; then
  mkdir -p "$cache"
  tmp="$out.tmp.$$"
  conf=""
  trap 'rm -rf "$tmp" $conf' EXIT
  confdir=/etc/initramfs-tools
  if [ "$size" = small ]; then
    conf=$(mktemp -d)
    mkdir -p "$conf/conf.d" "$conf/scripts" "$conf/hooks"
    printf 'MODULES=list\nBUSYBOX=y\nCOMPRESS=%s\n' "$codec" >"$conf/initramfs.conf"
    printf 'e1000e\n' >"$conf/modules"
    confdir=$conf
  elif [ "$size" = big ]; then
    conf=$(mktemp -d)
    mkdir -p "$conf/conf.d" "$conf/scripts" "$conf/hooks"
    printf 'MODULES=most\nBUSYBOX=y\nCOMPRESS=%s\n' "$codec" >"$conf/initramfs.conf"
    printf 'amdgpu\ni915\nnouveau\nradeon\n' >"$conf/modules"
    confdir=$conf
  fi
  # Fixed timestamps make the image reproducible for a given kernel and tool version.
  SOURCE_DATE_EPOCH=1700000000 mkinitramfs -d "$confdir" -c "$codec" -o "$tmp" "$kernel" >/dev/null 2>&1
  mv "$tmp" "$out"
  trap - EXIT
  [ -z "$conf" ] || rm -rf "$conf"
fi
echo "$out"
