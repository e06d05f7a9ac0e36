#!/bin/sh
# nicdoctor-collect.sh - portable evidence collector for nicdoctor (POSIX sh: dash, busybox, bash).
# Runs on hosts where nicdoctor itself cannot (CentOS 6/7, busybox systems). Needs only
# coreutils or busybox; uses ethtool, lspci, ip, journalctl, modinfo when present.
#
# Usage: sh nicdoctor-collect.sh [-o OUT.tar.gz] [-n SAMPLES] [-i INTERVAL_SECONDS] [-r ROOT] [--prom DIR]
#   -o  bundle to write (default: ./nicdoctor-bundle-HOST-TIME.tar.gz); "-" = directory only
#   -n  how many `ethtool -S` samples per interface (default 5)
#   -i  seconds between samples (default 2)
#   -r  read /proc, /sys, /boot, /etc, /var/log below ROOT instead of / (for tests)
#   --prom DIR  instead of a bundle, write DIR/nicdoctor.prom for node_exporter's textfile
#       collector (same metric names as `nicdoctor exporter`); run it from cron or a timer
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
prom=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=${2:?-o needs a file}; shift 2 ;;
    -n) samples=${2:?-n needs a number}; shift 2 ;;
    -i) interval=${2:?-i needs seconds}; shift 2 ;;
    -r) root=${2:?-r needs a directory}; shift 2 ;;
    --prom) prom=${2:?--prom needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "nicdoctor-collect: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$samples" in ''|*[!0-9]*) echo "nicdoctor-collect: -n: not a number: $samples" >&2; exit 2 ;; esac
case "$interval" in ''|*[!0-9]*) echo "nicdoctor-collect: -i: not a number: $interval" >&2; exit 2 ;; esac

# --prom DIR: one reading of every interface as Prometheus text for node_exporter's textfile
# collector. Queue and direction are labels (as `nicdoctor exporter` writes them), so the rules in
# contrib/prometheus cover old hosts too. No stall gauge here: the rules derive stalls from the
# counters. The file is written beside the target and renamed, so a scrape never sees half of it.
if [ -n "$prom" ]; then
  [ -d "$prom" ] || { echo "nicdoctor-collect: --prom: no such directory: $prom" >&2; exit 2; }
  pw=$(mktemp -d "${TMPDIR:-/tmp}/nicdoctor-prom.XXXXXX") || { echo "nicdoctor-collect: cannot create a temporary directory" >&2; exit 1; }
  trap 'rm -rf "$pw"' EXIT INT TERM HUP
  : > "$pw/packets"; : > "$pw/bytes"; : > "$pw/timeouts"; : > "$pw/info"; : > "$pw/events"
  # lbl VALUE: a label value with \ and " escaped (the exposition format's rules).
  lbl() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
  for d in "$root"/sys/class/net/*; do
    [ -e "$d" ] || continue
    i=${d##*/}
    [ "$i" = lo ] && continue
    drv="" ver="" fw="" bus=""
    if command -v ethtool >/dev/null 2>&1 && ethtool -i "$i" > "$pw/drvinfo" 2>/dev/null; then
      drv=$(sed -n 's/^driver: //p' "$pw/drvinfo")
      ver=$(sed -n 's/^version: //p' "$pw/drvinfo")
      fw=$(sed -n 's/^firmware-version: //p' "$pw/drvinfo")
      bus=$(sed -n 's/^bus-info: //p' "$pw/drvinfo")
    fi
    # Without ethtool: the sysfs driver link; devices with neither (tunnels) have nothing to export.
    [ -n "$drv" ] || [ ! -e "$d/device/driver" ] || drv=$(basename "$(readlink "$d/device/driver")")
    [ -n "$drv" ] || continue
    [ -n "$ver" ] || ver=$(cat "$root/sys/module/$drv/version" 2>/dev/null || uname -r)
    [ -n "$bus" ] || [ ! -e "$d/device" ] || bus=$(basename "$(readlink "$d/device")")
    printf 'nicdoctor_nic_info{device="%s",driver="%s",version="%s",firmware="%s",bus="%s"} 1\n' \
      "$(lbl "$i")" "$(lbl "$drv")" "$(lbl "$ver")" "$(lbl "$fw")" "$(lbl "$bus")" >> "$pw/info"
    for q in "$d"/queues/tx-*; do
      [ -r "$q/tx_timeout" ] || continue
      printf 'nicdoctor_queue_tx_timeouts_total{device="%s",queue="%s"} %s\n' "$(lbl "$i")" "${q##*/tx-}" "$(cat "$q/tx_timeout")" >> "$pw/timeouts"
    done
    command -v ethtool >/dev/null 2>&1 || continue
    # Per-queue packet and byte counters in the naming schemes of nicdoctor's Nic engine:
    # tx-44.tx_packets (i40e), tx_queue_0_packets (ixgbe, igb, ice), queue_0_tx_cnt (ena),
    # [0]: tx_ucast_packets (bnxt), tx0_packets (mlx5, virtio_net).
    ethtool -S "$i" 2>/dev/null | awk -v dev="$(lbl "$i")" -v drv="$(lbl "$drv")" -v out="$pw" '
      {
        line = $0; sub(/^[ \t]+/, "", line)
        if (!match(line, /: [0-9]+$/)) next
        name = substr(line, 1, RSTART - 1); val = substr(line, RSTART + 2)
        dir = ""; q = ""; c = ""
        if (name ~ /^(rx|tx)-[0-9]+\.[A-Za-z_]+$/) {
          dir = substr(name, 1, 2); rest = substr(name, 4); p = index(rest, ".")
          q = substr(rest, 1, p - 1); c = substr(rest, p + 1)
        } else if (name ~ /^(rx|tx)_queue_[0-9]+_[A-Za-z_]+$/) {
          dir = substr(name, 1, 2); rest = substr(name, 10); p = index(rest, "_")
          q = substr(rest, 1, p - 1); c = substr(rest, p + 1)
        } else if (name ~ /^queue_[0-9]+_(rx|tx)_[A-Za-z_]+$/) {
          rest = substr(name, 7); p = index(rest, "_")
          q = substr(rest, 1, p - 1); rest = substr(rest, p + 1)
          dir = substr(rest, 1, 2); c = substr(rest, 4)
        } else if (name ~ /^\[[0-9]+\]: (rx|tx)_[A-Za-z_]+$/) {
          p = index(name, "]"); q = substr(name, 2, p - 2); rest = substr(name, p + 3)
          dir = substr(rest, 1, 2); c = substr(rest, 4)
        } else if (name ~ /^(rx|tx)[0-9]+_[A-Za-z_]+$/) {
          dir = substr(name, 1, 2); rest = substr(name, 3); p = index(rest, "_")
          q = substr(rest, 1, p - 1); c = substr(rest, p + 1)
        } else next
        c = tolower(c)
        if (substr(c, 1, 3) == dir "_") c = substr(c, 4)
        if (c == "cnt" || c == "pkts") c = "packets"
        k = dir SUBSEP (q + 0)
        if (c == "packets" && !(k in pk)) pk[k] = val
        else if (c == "bytes" && !(k in by)) by[k] = val
        else if (c == "ucast_packets" && !(k in upk)) upk[k] = val
        else if (c == "ucast_bytes" && !(k in uby)) uby[k] = val
        if (!(k in seen)) { seen[k] = 1; order[++n] = k }
      }
      END {
        for (j = 1; j <= n; j++) {
          k = order[j]; split(k, part, SUBSEP)
          l = "{device=\"" dev "\",driver=\"" drv "\",queue=\"" part[2] "\",direction=\"" part[1] "\"}"
          if (k in pk) print "nicdoctor_queue_packets_total" l " " pk[k] >> (out "/packets")
          else if (k in upk) print "nicdoctor_queue_packets_total" l " " upk[k] >> (out "/packets")
          if (k in by) print "nicdoctor_queue_bytes_total" l " " by[k] >> (out "/bytes")
          else if (k in uby) print "nicdoctor_queue_bytes_total" l " " uby[k] >> (out "/bytes")
        }
      }'
  done
  # NETDEV WATCHDOG lines still in the kernel ring buffer, per device and driver.
  if command -v dmesg >/dev/null 2>&1; then
    dmesg 2>/dev/null | sed -n 's/.*NETDEV WATCHDOG: \([^ ]*\) (\([^)]*\)): transmit queue [0-9]* timed out.*/\1 \2/p' \
      | sort | uniq -c | while read -r n dev drv; do
        printf 'nicdoctor_kernel_events_total{kind="netdev-watchdog",device="%s",driver="%s"} %s\n' "$(lbl "$dev")" "$(lbl "$drv")" "$n"
      done >> "$pw/events"
  fi
  {
    printf '# HELP nicdoctor_queue_packets_total Packets counted by the driver on one queue (ethtool -S per-queue counter).\n# TYPE nicdoctor_queue_packets_total counter\n'
    cat "$pw/packets"
    printf '# HELP nicdoctor_queue_bytes_total Bytes counted by the driver on one queue (ethtool -S per-queue counter).\n# TYPE nicdoctor_queue_bytes_total counter\n'
    cat "$pw/bytes"
    printf '# HELP nicdoctor_queue_tx_timeouts_total Transmit watchdog timeouts on one tx queue (sysfs queues/tx-N/tx_timeout).\n# TYPE nicdoctor_queue_tx_timeouts_total counter\n'
    cat "$pw/timeouts"
    printf '# HELP nicdoctor_nic_info Driver facts of a network interface (ethtool -i); always 1.\n# TYPE nicdoctor_nic_info gauge\n'
    cat "$pw/info"
    printf '# HELP nicdoctor_kernel_events_total Kernel-log events nicdoctor recognises (netdev-watchdog, tx-hang, nic-reset, link-down…), by kind and device.\n# TYPE nicdoctor_kernel_events_total counter\n'
    cat "$pw/events"
  } > "$prom/.nicdoctor.prom.$$" || { rm -f "$prom/.nicdoctor.prom.$$"; echo "nicdoctor-collect: cannot write $prom" >&2; exit 1; }
  chmod 644 "$prom/.nicdoctor.prom.$$"
  mv "$prom/.nicdoctor.prom.$$" "$prom/nicdoctor.prom" || { rm -f "$prom/.nicdoctor.prom.$$"; exit 1; }
  echo "$prom/nicdoctor.prom"
  exit 0
fi

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
# The root's own release when it says (-r ROOT with its proc/sys), else the running kernel's.
release=$(cat "$root/proc/sys/kernel/osrelease" 2>/dev/null || uname -r)
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
  if [ -n "$root" ]; then
    run "sos_commands/kernel/modinfo_$drv" modinfo -b "$root" -k "$release" "$drv"
  else
    run "sos_commands/kernel/modinfo_$drv" modinfo -k "$release" "$drv"
  fi
  # The loaded module's identity (upgrade plan --bundle compares it with the new one).
  for f in version srcversion; do
    [ -r "$root/sys/module/$drv/$f" ] && grab "/sys/module/$drv/$f"
  done
done

# For upgrade plan --bundle: the module indexes apply will back up, the signature policy, and
# what the boot image carries (RHEL ships symvers for the symbol check).
t=$(now_iso)
( cd "$root/lib/modules/$release" 2>/dev/null && for f in modules.*; do [ -f "$f" ] && sha256sum "$f"; done ) \
  > "$b/sos_commands/boot/sha256sum_modules" 2>&1
note sos_commands/boot/sha256sum_modules "$?" "$t" "sha256sum /lib/modules/$release/modules.*"
for f in /sys/kernel/security/lockdown /sys/module/module/parameters/sig_enforce \
  /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c "/boot/symvers-$release.gz"; do
  [ -r "$root$f" ] && grab "$f"
done
for img in "initramfs-$release.img" "initrd.img-$release"; do
  [ -f "$root/boot/$img" ] || continue
  if command -v lsinitrd >/dev/null 2>&1; then
    run "sos_commands/boot/lsinitrd_$img" lsinitrd "$root/boot/$img"
  else
    run "sos_commands/boot/lsinitramfs_$img" lsinitramfs "$root/boot/$img"
  fi
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
