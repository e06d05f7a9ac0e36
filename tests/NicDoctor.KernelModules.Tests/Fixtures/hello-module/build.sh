#!/bin/sh
# Builds nd_hello.ko with debug info against the installed Debian kernel headers.
# Usage: build.sh OUTDIR [KVER]   (needs linux-headers-KVER, gcc, make)
set -eu
out=$1; kver=${2:-6.1.0-56-amd64}
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
cp "$src/nd_hello.c" "$src/Kbuild" "$out/"
make -s -C "/usr/src/linux-headers-$kver" M="$out" EXTRA_CFLAGS=-g modules >&2
test -f "$out/nd_hello.ko"
