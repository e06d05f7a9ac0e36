# ---- common (nicdoctor upgrade) ----
# ROOT: prefix of the target's file system ("" for /), for sandbox trees and tests.
ROOT="${ROOT:-}"
HERE=$(cd "$(dirname "$0")" && pwd)
STATE="$ROOT/var/lib/nicdoctor/changes/$CS_ID"
JOURNAL="$STATE/journal.tsv"
TAB=$(printf '\t')

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { say "$*"; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
sha_or_dash() { if [ -f "$1" ]; then sha "$1"; else echo -; fi; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
# Test hook: NICDOCTOR_KILL_AT="apply.sh N" (or "rollback.sh N") exits 137 just before this
# script's Nth journal record, as a kill would: the operation that record describes is done, unrecorded.
RECORDS=0
journal() {
    RECORDS=$((RECORDS + 1))
    if [ "${NICDOCTOR_KILL_AT:-}" = "${PROG#nicdoctor } $RECORDS" ]; then say "simulated kill before journal record $RECORDS"; exit 137; fi
    printf '%s\t%s\t%s\t%s\n' "$(now)" "$1" "${2:--}" "${3:--}" >>"$JOURNAL" || return 1
    sync
}
tmp_for() { echo "$(dirname "$1")/.$(basename "$1").nicdoctor-tmp"; }

# copy_over SRC DST SHA: copy beside DST, verify, rename over: DST is old or new, never torn.
copy_over() {
    t=$(tmp_for "$2")
    mkdir -p "$(dirname "$2")" || return 1
    if ! cp "$1" "$t"; then rm -f "$t"; return 1; fi
    sync
    if [ "$(sha "$t")" != "$3" ]; then rm -f "$t"; say "$t: sha256 differs from $3 after copying $1"; return 1; fi
    if ! mv -f "$t" "$2"; then rm -f "$t"; return 1; fi
    sync
}

# Where the original of a file is kept: the image beside itself (for the boot entry), the rest in STATE.
backup_path() {
    if [ -n "$IMAGE_PATH" ] && [ "$1" = "$IMAGE_PATH" ]; then echo "$ROOT/$IMAGE_BACKUP"; else echo "$STATE/backup/$1"; fi
}

run_depmod() {
    if [ -z "$ROOT" ]; then depmod -a "$KVER"; else depmod -b "$ROOT" -a "$KVER"; fi
}

# Interfaces back up with the host's own network stack.
ifaces_up() {
    for i in $IFACES; do
        n=0
        while [ ! -e "/sys/class/net/$i" ] && [ "$n" -lt 20 ]; do sleep 1; n=$((n + 1)); done
        if command -v nmcli >/dev/null 2>&1 && nmcli -t -f RUNNING general 2>/dev/null | grep -q running; then
            nmcli device connect "$i"
        elif [ -f "/etc/sysconfig/network-scripts/ifcfg-$i" ] && command -v ifup >/dev/null 2>&1; then
            ifup "$i"
        elif command -v networkctl >/dev/null 2>&1 && systemctl is-active --quiet systemd-networkd 2>/dev/null; then
            networkctl reconfigure "$i"
        else
            ip link set "$i" up
            if [ -f "$STATE/addr.$i" ]; then
                while read -r a; do [ -n "$a" ] && ip addr add "$a" dev "$i" 2>/dev/null; done <"$STATE/addr.$i"
            fi
        fi
    done
}

# Unload and load the driver; modprobe resolves through modules.dep (updates/ first).
swap_driver() {
    if [ -d "/sys/module/$MODULE_NAME" ]; then
        modprobe -r "$MODULE_NAME" 2>/dev/null || rmmod "$MODULE_NAME" || return 1
    fi
    modprobe "$MODULE_NAME"
}
# ---- end common ----
