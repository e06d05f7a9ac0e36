#!/usr/bin/env bash
# Regenerates qemu-debian12-6.1-boot.console: Debian 12's own kernel (linux-image-amd64,
# 6.1.0-56) and initramfs booted under QEMU (TCG) with an e1000 and a virtio-net NIC on
# isolated user networking (restrict=on: no traffic leaves the VM). There is no root disk,
# so the initramfs gives up and the kernel powers off: a normal boot log up to userspace.
set -euo pipefail
out="$(dirname "$0")/qemu-debian12-6.1-boot.console"
timeout 240 qemu-system-x86_64 -m 512 -smp 1 -nographic -no-reboot \
  -kernel /boot/vmlinuz-6.1.0-56-amd64 -initrd /boot/initrd.img-6.1.0-56-amd64 \
  -append "console=ttyS0 panic=-1 rootdelay=1 root=/dev/nonexistent rd.shell=0 initcall_debug=0" \
  -device e1000,netdev=n0 -netdev user,id=n0,restrict=on \
  -device virtio-net-pci,netdev=n1 -netdev user,id=n1,restrict=on >"$out" 2>&1 || true
