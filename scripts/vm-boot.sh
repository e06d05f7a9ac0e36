#!/usr/bin/env bash
# Boot a kernel + initramfs in QEMU (TCG, no KVM) with the serial console on this terminal,
# the same way the VM test bench (tests/NicDoctor.VmBench) does. See docs/testing.md.
#
# Usage: scripts/vm-boot.sh [-k KERNEL] [-i INITRD] [-a APPEND] [-n MODEL] [-t SECONDS] [-s] [-- QEMU-ARGS...]
#   -k KERNEL   kernel image (default: /boot/vmlinuz-<release>, newest installed release)
#   -i INITRD   initramfs image (default: /boot/initrd.img-<same release>)
#   -a APPEND   added to the kernel command line after "console=ttyS0 panic=-1"
#               (e.g. "break=top" for initramfs-tools, "rd.break" for dracut, "rdinit=/bin/sh")
#   -n MODEL    emulated NIC on QEMU's user network: e1000e or virtio-net-pci (default: none)
#   -t SECONDS  kill QEMU after SECONDS (default: no limit)
#   -s          keep a shell: leave out panic=-1, so initramfs-tools opens its shell on break=…
#               or on failure (with panic=-1 it reboots instead, which ends QEMU)
#   -h          this help
# The terminal is the guest's serial console: type into it; Ctrl-A x quits QEMU.
# Examples: scripts/vm-boot.sh -a break=top -t 120     (prints "Spawning shell…", then exits)
#           scripts/vm-boot.sh -s -a break=top          (a shell inside the distribution's initramfs)
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; }

kernel="" initrd="" append="" nic="" seconds="" panic="panic=-1"
while getopts "k:i:a:n:t:sh" opt; do
  case $opt in
    k) kernel=$OPTARG ;;
    i) initrd=$OPTARG ;;
    a) append=$OPTARG ;;
    n) nic=$OPTARG ;;
    t) seconds=$OPTARG ;;
    s) panic="" ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

if [ -z "$kernel" ]; then
  release=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
  [ -n "$release" ] || { echo "vm-boot.sh: no /boot/vmlinuz-* (apt-get install linux-image-amd64)" >&2; exit 2; }
  kernel=/boot/vmlinuz-$release
  [ -n "$initrd" ] || initrd=/boot/initrd.img-$release
fi
[ -n "$initrd" ] || { echo "vm-boot.sh: -i INITRD is required with -k" >&2; exit 2; }
for f in "$kernel" "$initrd"; do
  [ -r "$f" ] || { echo "vm-boot.sh: $f: not found or not readable" >&2; exit 2; }
done
command -v qemu-system-x86_64 >/dev/null || { echo "vm-boot.sh: qemu-system-x86_64 missing (apt-get install qemu-system-x86)" >&2; exit 2; }

args=(-accel tcg -cpu max -m 512 -smp 1 -nographic -nodefaults -serial mon:stdio -no-reboot
      -kernel "$kernel" -initrd "$initrd" -append "console=ttyS0${panic:+ $panic}${append:+ $append}")
case $nic in
  "") ;;
  e1000e|virtio-net-pci) args+=(-netdev "user,id=n0" -device "$nic,netdev=n0,romfile=") ;;
  *) echo "vm-boot.sh: -n must be e1000e or virtio-net-pci, not '$nic'" >&2; exit 2 ;;
esac
args+=("$@")

echo "vm-boot.sh: qemu-system-x86_64 ${args[*]}" >&2
if [ -n "$seconds" ]; then
  exec timeout --foreground --kill-after=5 "$seconds" qemu-system-x86_64 "${args[@]}"
fi
exec qemu-system-x86_64 "${args[@]}"
