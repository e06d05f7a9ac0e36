#!/bin/sh
# Regenerates the grubenv fixtures with the real grub-editenv (Debian package grub-common).
# rhel8: what grub2-mkconfig/grubby leave on RHEL 8.10 (saved_entry = BLS id, kernelopts).
set -eu
cd "$(dirname "$0")"
env=rhel8/boot/grub2/grubenv
rm -f "$env"
grub-editenv "$env" create
grub-editenv "$env" set saved_entry=0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b-4.18.0-553.el8_10.x86_64 \
  "kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet " \
  boot_success=0 boot_indeterminate=0
# centos7: grub2-set-default wrote the title; grub2-reboot armed a one-shot boot of the rescue entry.
env=centos7/boot/grub2/grubenv
rm -f "$env"
grub-editenv "$env" create
grub-editenv "$env" set "saved_entry=CentOS Linux (3.10.0-693.el7.x86_64) 7 (Core)" \
  "next_entry=CentOS Linux (0-rescue-8e5b2f0c1d9a4e7b8c6d5e4f3a2b1c0d) 7 (Core)"
# debian12: grub-editenv create only (Debian's default is "0", grubenv has no saved_entry).
env=debian12/boot/grub/grubenv
rm -f "$env"
grub-editenv "$env" create
