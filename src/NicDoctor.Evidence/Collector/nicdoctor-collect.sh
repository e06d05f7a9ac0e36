#!/bin/sh
# nicdoctor-collect.sh - portable evidence collector for nicdoctor (POSIX sh: dash, busybox, bash).
# Runs on hosts where nicdoctor itself cannot (CentOS 6/7, busybox systems). Needs only
# coreutils or busybox; uses ethtool, lspci, ip, journalctl, modinfo when present.
#
# Usage: sh nicdoctor-collect.sh [-o OUT.tar.gz] [-n SAMPLES] [-i INTERVAL_SECONDS] [-r ROOT]
#   -o  bundle to write (default: ./nicdoctor-bundle-HOST-TIME.tar.gz); "-" = directory only
#   -n  how many `ethtool -S` samples per interface (default 5)
#   -i  seconds between samples (default 2)
#   -r  read /proc, /sys, /boot, /etc, /var/log below ROOT instead of / (for tests)
# The bundle mirrors sosreport's paths (sos_commands/..., proc/..., sys/..., boot/...) so one
# reader serves both; nicdoctor/manifest.tsv records every step, its exit status and timing.
set -u
umask 077
LC_ALL=C
export LC_ALL

out=""
samples=5
interval=2
root=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=${2:?-o needs a file}; shift 2 ;;
    -n) samples=${2:?-n needs a number}; shift 2 ;;
    -i) interval=${2:?-i needs seconds}; shift 2 ;;
    -r) root=${2:?-r needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "nicdoctor-collect: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$samples" in ''|*[!0-9]*) echo "nicdoctor-collect: -n: not a number: $samples" >&2; exit 2 ;; esac
case "$interval" in ''|*[!0-9]*) echo "nicdoctor-collect: -i: not a number: $interval" >&2; exit 2 ;; esac

now_iso() { date -u +%Y-%m-%dT%H:%M:%SZ; }
host=$(cat "$root/proc/sys/kernel/hostname" 2>/dev/null || hostname 2>/dev/null || echo unknown)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="nicdoctor-bundle-$host-$stamp"
work=$(mktemp -d "${TMPDIR:-/tmp}/nicdoctor-collect.XXXXXX") || { echo "nicdoctor-collect: cannot create a temporary directory" >&2; exit 1; }
trap 'rm -rf "$work"' EXIT INT TERM HUP
b="$work/$name"
mkdir -p "$b/nicdoctor" "$b/sos_commands/kernel" "$b/sos_commands/networking" "$b/sos_commands/pci" \
  "$b/sos_commands/boot" "$b/sos_commands/block"
manifest="$b/nicdoctor/manifest.tsv"
printf 'path\tstatus\tstarted\tended\tsource\n' > "$manifest"

# note PATH STATUS STARTED SOURCE: one manifest row.
note() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(now_iso)" "$4" >> "$manifest"; }

# run RELPATH CMD [ARGS...]: command output into the bundle; status "missing" when CMD is absent.
run() {
  run_path=$1; shift
  run_start=$(now_iso)
  if ! command -v "$1" >/dev/null 2>&1; then
    note "$run_path" missing "$run_start" "$*"
    return 0
  fi
  mkdir -p "$b/$(dirname "$run_path")"
  # stdout is the evidence; stderr (warnings like lspci's libkmod notice) goes to one log.
  printf '### %s\n' "$*" >> "$b/nicdoctor/stderr.log"
  "$@" > "$b/$run_path" 2>> "$b/nicdoctor/stderr.log"
  note "$run_path" "$?" "$run_start" "$*"
}

# grab FILE: copy a file from the (possibly relocated) root into the bundle at the same path.
grab() {
  grab_start=$(now_iso)
  if [ ! -r "$root$1" ]; then
    note "${1#/}" missing "$grab_start" "cat $1"
    return 0
  fi
  mkdir -p "$b$(dirname "$1")"
  cat "$root$1" > "$b$1" 2>/dev/null
  note "${1#/}" "$?" "$grab_start" "cat $1"
}

# Identity and kernel.
run sos_commands/kernel/uname_-a uname -a
run sos_commands/kernel/uname_-r uname -r
run sos_commands/general/date date
run sos_commands/general/hostname hostname
for f in /proc/uptime /proc/cmdline /proc/version /proc/modules /proc/interrupts /proc/mounts /proc/filesystems /etc/os-release /etc/redhat-release; do
  grab "$f"
done
release=$(uname -r)
grab "/boot/config-$release"
run sos_commands/kernel/dmesg dmesg
run sos_commands/kernel/dmesg_-T dmesg -T
if command -v journalctl >/dev/null 2>&1; then
  run sos_commands/logs/journalctl_-k_-o_short-precise journalctl --no-pager -k -o short-precise -b
fi
for f in "$root"/var/log/messages "$root"/var/log/kern.log "$root"/var/log/syslog; do
  [ -r "$f" ] || continue
  rel=${f#"$root"}
  mkdir -p "$b$(dirname "$rel")"
  t=$(now_iso)
  # The last 64 MiB is plenty for recent hangs and keeps bundles small.
  tail -c 67108864 "$f" > "$b$rel" 2>/dev/null
  note "${rel#/}" "$?" "$t" "tail -c 64M $rel"
done
run sos_commands/kernel/lsmod lsmod

# PCI and network inventory.
run sos_commands/pci/lspci lspci
run sos_commands/pci/lspci_-nn lspci -nn
run sos_commands/pci/lspci_-nnvv lspci -nnvv
run sos_commands/networking/ip_-d_link ip -d link
run sos_commands/networking/ip_-s_link ip -s link
run sos_commands/networking/ip_address ip address
run sos_commands/networking/ip_neigh ip neigh
run sos_commands/networking/ip_route ip route

ifaces=""
for d in "$root"/sys/class/net/*; do
  [ -e "$d" ] || continue
  i=${d##*/}
  [ "$i" = lo ] && continue
  ifaces="$ifaces $i"
done
# shellcheck disable=SC2086 # one interface per line: splitting is the point
printf '%s\n' $ifaces > "$b/nicdoctor/interfaces"

drivers=""
for i in $ifaces; do
  s="/sys/class/net/$i"
  for f in address mtu operstate carrier speed duplex tx_queue_len ifindex type; do
    [ -r "$root$s/$f" ] && grab "$s/$f"
  done
  if [ -e "$root$s/device/driver" ]; then
    drv=$(basename "$(readlink "$root$s/device/driver")")
    dev=$(basename "$(readlink "$root$s/device")")
    printf 'driver\t%s\nbus\t%s\n' "$drv" "$dev" > "$b/nicdoctor/device_$i"
    case " $drivers " in *" $drv "*) ;; *) drivers="$drivers $drv" ;; esac
  fi
  for q in "$root$s"/queues/*; do
    [ -d "$q" ] || continue
    qrel=${q#"$root"}
    for f in tx_timeout xps_cpus xps_rxqs rps_cpus rps_flow_cnt traffic_class tx_maxrate byte_queue_limits/inflight byte_queue_limits/limit; do
      [ -r "$q/$f" ] && grab "$qrel/$f"
    done
  done
  run "sos_commands/networking/ethtool_$i" ethtool "$i"
  run "sos_commands/networking/ethtool_-i_$i" ethtool -i "$i"
  run "sos_commands/networking/ethtool_-l_$i" ethtool -l "$i"
  run "sos_commands/networking/ethtool_-k_$i" ethtool -k "$i"
done

# Per-queue counters over time: N framed samples per interface, all interfaces each round.
if command -v ethtool >/dev/null 2>&1; then
  n=1
  while [ "$n" -le "$samples" ]; do
    for i in $ifaces; do
      t=$(now_iso)
      {
        printf '### nicdoctor-sample %s %s\n' "$n" "$t"
        ethtool -S "$i" 2>> "$b/nicdoctor/stderr.log"
      } >> "$b/sos_commands/networking/ethtool_-S_$i"
      for q in "$root/sys/class/net/$i"/queues/tx-*; do
        [ -r "$q/tx_timeout" ] && printf '%s\t%s\t%s\t%s\n' "$n" "$t" "${q##*/}" "$(cat "$q/tx_timeout")"
      done >> "$b/nicdoctor/tx_timeout_samples_$i.tsv"
    done
    [ "$n" -lt "$samples" ] && sleep "$interval"
    n=$((n + 1))
  done
  for i in $ifaces; do note "sos_commands/networking/ethtool_-S_$i" 0 "" "ethtool -S $i x $samples every ${interval}s"; done
else
  note "sos_commands/networking/ethtool_-S_*" missing "$(now_iso)" "ethtool -S"
fi

# IRQ placement (why traffic lands on a queue's CPU).
for d in "$root"/proc/irq/[0-9]*; do
  [ -r "$d/smp_affinity_list" ] || continue
  printf '%s\t%s\n' "${d##*/}" "$(cat "$d/smp_affinity_list")"
done > "$b/nicdoctor/irq_affinity.tsv"

# NIC driver modules: what the running kernel would load.
for drv in $drivers; do
  run "sos_commands/kernel/modinfo_$drv" modinfo "$drv"
done

# Boot: kernels and images with checksums, boot loader configuration.
run sos_commands/boot/ls_-l_boot ls -l "$root/boot"
t=$(now_iso)
( cd "$root/boot" 2>/dev/null && for f in vmlinuz-* initramfs-* initrd.img-* initrd-*; do
    [ -f "$f" ] && sha256sum "$f"
  done ) > "$b/sos_commands/boot/sha256sum_boot" 2>&1
note sos_commands/boot/sha256sum_boot "$?" "$t" "sha256sum /boot/{vmlinuz,initr*}"
for f in /boot/grub2/grub.cfg /boot/grub/grub.cfg /boot/grub2/grubenv /boot/grub/grubenv /etc/default/grub; do
  [ -r "$root$f" ] && grab "$f"
done
for f in "$root"/boot/loader/entries/*.conf "$root"/boot/efi/EFI/*/grub.cfg; do
  [ -r "$f" ] && grab "${f#"$root"}"
done

# Root filesystem and the block drivers the boot image must carry.
awk '$2 == "/" { print $1 "\t" $3 }' "$root/proc/mounts" > "$b/nicdoctor/rootfs.tsv" 2>/dev/null
for d in "$root"/sys/block/*; do
  [ -e "$d/device/driver" ] || continue
  printf '%s\t%s\n' "${d##*/}" "$(basename "$(readlink "$d/device/driver")")"
done > "$b/sos_commands/block/block_drivers.tsv"

printf 'format\tnicdoctor-bundle/1\ncollected\t%s\nhost\t%s\nkernel\t%s\nsamples\t%s\ninterval\t%s\n' \
  "$stamp" "$host" "$release" "$samples" "$interval" > "$b/nicdoctor/bundle"

if [ "$out" = "-" ]; then
  keep="${TMPDIR:-/tmp}/$name"
  mv "$b" "$keep" && trap - EXIT INT TERM HUP && rm -rf "$work"
  echo "$keep"
  exit 0
fi
[ -n "$out" ] || out="./$name.tar.gz"
# Write beside the target, then rename: never a half-written bundle under the final name.
tmp="$out.partial.$$"
if tar -czf "$tmp" -C "$work" "$name" && mv "$tmp" "$out"; then
  echo "$out"
else
  rm -f "$tmp"
  echo "nicdoctor-collect: could not write $out" >&2
  exit 1
fi
