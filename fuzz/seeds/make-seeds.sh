#!/bin/bash
# Regenerates the seed inputs under fuzz/seeds/<target>/ from real tools and files on a Debian 12
# host (cpio, gzip, zstd, xz, bzip2, lz4, lzop; kernel 6.1 modules; the repo's sample captures).
# Seeds are tiny on purpose: afl mutates small inputs much faster.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- initramfs: a three-entry tree in every cpio format and every codec the kernel takes.
out="$here/initramfs"
rm -rf "$out" && mkdir -p "$out"
mkdir -p "$work/tree/etc" "$work/tree/kernel/x86/microcode"
printf 'root\n' >"$work/tree/etc/hostname"
printf 'ucode' >"$work/tree/kernel/x86/microcode/GenuineIntel.bin"
ln -s hostname "$work/tree/etc/name"
ln "$work/tree/etc/hostname" "$work/tree/etc/hardlink"
(cd "$work/tree" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --owner 0:0 >"$work/newc.cpio")
(cd "$work/tree" && find . | LC_ALL=C sort | cpio --quiet -o -H crc --owner 0:0 >"$out/crc.cpio")
(cd "$work/tree" && find . | LC_ALL=C sort | cpio --quiet -o -H odc --owner 0:0 >"$out/odc.cpio")
cp "$work/newc.cpio" "$out/newc.cpio"
gzip -n9c "$work/newc.cpio" >"$out/newc.cpio.gz"
zstd -q19c "$work/newc.cpio" >"$out/newc.cpio.zst"
xz -c --check=crc32 "$work/newc.cpio" >"$out/newc.cpio.xz"
xz -c --format=lzma "$work/newc.cpio" >"$out/newc.cpio.lzma"
bzip2 -9c "$work/newc.cpio" >"$out/newc.cpio.bz2"
lz4 -lqc "$work/newc.cpio" >"$out/newc.cpio.lz4"
lzop -9c "$work/newc.cpio" >"$out/newc.cpio.lzo"
# Layouts: plain + compressed + plain, and zero padding between parts.
cat "$out/crc.cpio" "$out/newc.cpio.zst" "$work/newc.cpio" >"$out/cpio-zstd-cpio.img"
{ cat "$work/newc.cpio"; head -c 512 /dev/zero; cat "$out/newc.cpio.gz"; } >"$out/padded.img"

# --- module: the smallest real modules of the installed kernel, plain and compressed.
out="$here/module"
rm -rf "$out" && mkdir -p "$out"
ko=$(find /lib/modules/*/kernel -name '*.ko' -printf '%s %p\n' | sort -n | sed -n '1s/^[0-9]* //p')
cp "$ko" "$out/smallest.ko"
xz -c --check=crc32 "$ko" >"$out/smallest.ko.xz"
zstd -q19c "$ko" >"$out/smallest.ko.zst"
gzip -n9c "$ko" >"$out/smallest.ko.gz"

# --- kernellog: real lines from the sample incident and the test fixtures, a few framings.
out="$here/kernellog"
rm -rf "$out" && mkdir -p "$out"
grep -m 40 -E 'NETDEV WATCHDOG|i40e|Tx|WARNING|Call Trace|RIP' "$repo/samples/i40e-queue44/dmesg_-T" >"$out/dmesg-T.log" || true
i=0
find "$repo/tests/NicDoctor.KernelLog.Tests/Fixtures" -type f ! -name '*.md' -size -6k | LC_ALL=C sort | while read -r f; do
    i=$((i + 1))
    head -c 4096 "$f" >"$out/fixture-$i.log"
done
gzip -n9c "$out/dmesg-T.log" >"$out/dmesg-T.log.gz"

# --- nictext: first byte picks the parser (see NicTextTarget), the rest is a real capture.
out="$here/nictext"
rm -rf "$out" && mkdir -p "$out"
sample="$repo/samples/i40e-queue44"
{ printf '\0'; head -c 3000 "$sample/ethtool_-S_eno3"; } >"$out/0-ethtool-S"
{ printf '\1'; printf 'Channel parameters for eno3:\nPre-set maximums:\nRX:\t\t0\nTX:\t\t0\nOther:\t\t1\nCombined:\t64\nCurrent hardware settings:\nRX:\t\t0\nTX:\t\t0\nOther:\t\t1\nCombined:\t64\n'; } >"$out/1-ethtool-l"
{ printf '\2'; cat "$sample/ethtool_-i_eno3"; } >"$out/2-ethtool-i"
{ printf '\3'; cat "$sample/ethtool_eno3"; } >"$out/3-ethtool"
{ printf '\4'; head -c 3000 "$sample/lspci"; } >"$out/4-lspci"
