usage() {
    echo "usage: [ROOT=DIR] $0 [--reload | --reload-only] [--timeout SECONDS]" >&2
    echo "  --reload       after applying, swap the running driver (rollback timer armed first)" >&2
    echo "  --reload-only  only the driver swap, for a change set already applied" >&2
    exit 2
}
RELOAD=no
RELOAD_TIMEOUT=120
DETACHED=no
while [ $# -gt 0 ]; do
    case "$1" in
    --reload) RELOAD=yes ;;
    --timeout) [ $# -ge 2 ] || usage; RELOAD_TIMEOUT=$2; shift ;;
    --reload-detached) DETACHED=yes ;;
    --reload-only) RELOAD=only ;;
    -h | --help) usage ;;
    *) usage ;;
    esac
    shift
done
# Test hook: NICDOCTOR_FAIL_AFTER=STEP exits 137 after STEP, as a kill would.
FAIL_AFTER="${NICDOCTOR_FAIL_AFTER:-}"

step_done() {
    [ "$1" = commit ] || journal step "$1"
    say "done: $1"
    if [ "$FAIL_AFTER" = "$1" ]; then say "simulated kill after $1"; exit 137; fi
}

fail() {
    journal failed "$*"
    say "$*: rolling back"
    ROOT="$ROOT" sh "$HERE/rollback.sh" || say "rollback failed: see $JOURNAL"
    exit 1
}

# The runtime switch, run detached: arm the rollback timer, swap, bring links up, verify, disarm.
reload_detached() {
    rm -f "$STATE/reload.disarmed" "$STATE/reload.result"
    for i in $IFACES; do
        ip -o addr show dev "$i" 2>/dev/null | awk '$3 == "inet" || $3 == "inet6" { print $4 }' | grep -v '^fe80:' >"$STATE/addr.$i"
    done
    if [ -z "$ROOT" ] && [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1; then
        systemd-run --unit="nicdoctor-rollback-$CS_ID" --on-active="${RELOAD_TIMEOUT}s" /bin/sh "$HERE/rollback.sh" --reload --if-armed ||
            { echo "failed: could not arm the rollback timer" >"$STATE/reload.result"; return 1; }
    else
        # shellcheck disable=SC2016 # expanded by the inner sh
        setsid sh -c 'sleep "$1"; ROOT="$4" sh "$3" --reload --if-armed' sh "$RELOAD_TIMEOUT" "$STATE/reload.disarmed" "$HERE/rollback.sh" "$ROOT" \
            </dev/null >>"$STATE/reload.log" 2>&1 &
    fi
    echo armed >"$STATE/reload.armed"
    journal reload-armed "$RELOAD_TIMEOUT"
    if ! swap_driver; then
        echo "failed: $MODULE_NAME did not load; the rollback timer restores the old driver within ${RELOAD_TIMEOUT}s" >"$STATE/reload.result"
        return 1
    fi
    ifaces_up
    live=$(cat "/sys/module/$MODULE_NAME/srcversion" 2>/dev/null)
    if [ "$live" != "$MODULE_SRCVERSION" ]; then
        echo "failed: loaded $MODULE_NAME has srcversion '$live', expected $MODULE_SRCVERSION; the rollback timer restores the old driver" >"$STATE/reload.result"
        return 1
    fi
    rm -f "$STATE/reload.armed"
    : >"$STATE/reload.disarmed"
    if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
        systemctl stop "nicdoctor-rollback-$CS_ID.timer" 2>/dev/null
    fi
    journal reloaded "/sys/module/$MODULE_NAME/srcversion" "$live"
    echo "ok: $MODULE_NAME srcversion $live live" >"$STATE/reload.result"
}

# Detached from the caller's session (an SSH drop must not stop it half-way), waits for the result.
reload_and_wait() {
    rm -f "$STATE/reload.result"
    ROOT="$ROOT" setsid sh "$0" --timeout "$RELOAD_TIMEOUT" --reload-detached </dev/null >>"$STATE/reload.log" 2>&1 &
    n=0
    while [ ! -s "$STATE/reload.result" ] && [ "$n" -lt $((RELOAD_TIMEOUT + 30)) ]; do sleep 1; n=$((n + 1)); done
    r=$(cat "$STATE/reload.result" 2>/dev/null)
    say "reload: ${r:-no result after $n s (see $STATE/reload.log)}"
    case "$r" in ok:*) return 0 ;; *) return 1 ;; esac
}

if [ "$DETACHED" = yes ]; then
    reload_detached
    exit $?
fi
if [ "$RELOAD" = only ]; then
    grep -q "${TAB}committed${TAB}" "$JOURNAL" 2>/dev/null || die "change set $CS_ID is not applied under ${ROOT:-/}"
    reload_and_wait
    exit $?
fi

# 1. Preconditions: nothing is touched before every one holds.
[ -d "$ROOT/lib/modules/$KVER" ] || die "$ROOT/lib/modules/$KVER: kernel $KVER is not installed here"
# inject needs nicdoctor's repack engine; sh has no safe way to rewrite one file inside a compressed cpio.
[ "$IMAGE_STRATEGY" != inject ] || die "this change set injects $MODULE_NAME into the boot image with nicdoctor's repack engine: run nicdoctor upgrade apply, or plan with --image-strategy rebuild for a host without nicdoctor"
# A plan made from an evidence bundle could not see the host's updates/: another copy makes depmod's choice undefined.
other=$(find "$ROOT/lib/modules/$KVER/updates" -name "$MODULE_NAME.ko*" 2>/dev/null | grep -v "^$ROOT/$INSTALL_PATH\$" | head -n 1)
[ -z "$other" ] || die "$other also provides $MODULE_NAME in updates/: depmod's choice between the two is not defined; remove it first"
[ ! -e "$JOURNAL" ] || die "$STATE exists: change set $CS_ID was applied here before; run rollback.sh or make a new plan"
a=$(sha_or_dash "$HERE/$MODULE_ARTIFACT")
[ "$a" = "$MODULE_SHA" ] || die "$HERE/$MODULE_ARTIFACT: sha256 $a differs from the plan's $MODULE_SHA: the change set was altered"
check_pre() {
    f="$ROOT/$1"
    a=$(sha_or_dash "$f")
    [ "$a" = "$2" ] && return 0
    if [ "$2" = - ]; then die "$f exists but the plan expects it absent (already applied, or not the host the plan was made for)"; fi
    if [ "$a" = - ]; then die "$f is missing; the plan was made against sha256 $2"; fi
    die "$f has sha256 $a, the plan was made against $2: not the file the plan was checked with; make a new plan on this host"
}
for_each_precondition check_pre
mkdir -p "$STATE/backup" || die "cannot create $STATE"
cp "$HERE/plan.json" "$STATE/plan.json" || die "cannot write $STATE/plan.json"
journal begin "$HERE" "$MODULE_SHA" || die "cannot write $JOURNAL"
step_done verify-preconditions

# 2. Back up every file that will be replaced, verified by sha256.
backup_one() {
    [ "$2" = - ] && return 0
    copy_over "$ROOT/$1" "$(backup_path "$1")" "$2" || fail "backup of $ROOT/$1 failed"
    journal backed-up "$1" "$2"
}
for_each_precondition backup_one
step_done backup

# 3. The module into updates/, beside the in-box file.
copy_over "$HERE/$MODULE_ARTIFACT" "$ROOT/$INSTALL_PATH" "$MODULE_SHA" || fail "install of $ROOT/$INSTALL_PATH failed"
journal wrote "$INSTALL_PATH" "$MODULE_SHA"
step_done install-module

# 4. depmod.
run_depmod || fail "depmod $KVER failed"
wrote_index() { [ -f "$ROOT/$1" ] && journal wrote "$1" "$(sha "$ROOT/$1")"; return 0; }
for_each_index wrote_index
step_done depmod

# 5. modprobe must now resolve the new file.
rel=${INSTALL_PATH#lib/modules/"$KVER"/}
first=$(grep -E "(^|/)$MODULE_NAME\.ko(\.[a-z]+)?:" "$ROOT/lib/modules/$KVER/modules.dep" | head -n 1 | cut -d: -f1)
[ "$first" = "$rel" ] || fail "modules.dep resolves $MODULE_NAME to '$first', not $rel"
if command -v modinfo >/dev/null 2>&1 && [ -n "$MODULE_SRCVERSION" ]; then
    s=$(modinfo -F srcversion "$ROOT/$INSTALL_PATH" 2>/dev/null)
    [ -z "$s" ] || [ "$s" = "$MODULE_SRCVERSION" ] || fail "$ROOT/$INSTALL_PATH has srcversion $s, expected $MODULE_SRCVERSION"
fi
step_done verify-resolution

# 6. The boot image: generate a new file, host-fit check it, rename it over the current one.
list_image() {
    if command -v lsinitrd >/dev/null 2>&1; then lsinitrd "$1" 2>/dev/null | awk '{ print $NF }'
    elif command -v lsinitramfs >/dev/null 2>&1; then lsinitramfs "$1"
    else return 1; fi
}
host_fit() {
    list_image "$1" >"$STATE/image-new.list" || { say "no lsinitrd/lsinitramfs: cannot check the new image"; return 1; }
    list_image "$2" >"$STATE/image-old.list" || return 1
    grep -q "lib/modules/$KVER/" "$STATE/image-new.list" || { say "new image has no modules for $KVER"; return 1; }
    grep -q "lib/modules/$KVER/updates/.*$MODULE_NAME\.ko" "$STATE/image-new.list" || { say "new image does not carry updates/$MODULE_NAME.ko"; return 1; }
    sed -n 's|.*/\([^/]*\.ko\)\(\.[a-z]*\)\{0,1\}$|\1|p' "$STATE/image-old.list" | sort -u >"$STATE/image-old.ko"
    sed -n 's|.*/\([^/]*\.ko\)\(\.[a-z]*\)\{0,1\}$|\1|p' "$STATE/image-new.list" | sort -u >"$STATE/image-new.ko"
    lost=$(comm -23 "$STATE/image-old.ko" "$STATE/image-new.ko" | tr '\n' ' ')
    [ -z "$lost" ] || { say "new image lost modules: $lost"; return 1; }
    # Which copy early boot loads: the file the image's own modules.dep names (dracut's lsinitrd -f
    # prints a file from the image; lsinitramfs cannot, so without lsinitrd this is not checked).
    if command -v lsinitrd >/dev/null 2>&1; then
        for d in usr/lib/modules lib/modules; do
            lsinitrd -f "$d/$KVER/modules.dep" "$1" 2>/dev/null >"$STATE/image-new.dep" && [ -s "$STATE/image-new.dep" ] && break
        done
        if [ -s "$STATE/image-new.dep" ]; then
            named=$(awk -F: -v m="$MODULE_NAME" '{ n = $1; sub(/.*\//, "", n); sub(/\.ko.*$/, "", n); gsub(/-/, "_", n); if (n == m) { print $1; exit } }' "$STATE/image-new.dep")
            case $named in
                updates/*) ;;
                "") say "the new image's modules.dep has no $MODULE_NAME: early boot could not load it"; return 1 ;;
                *) say "the new image's modules.dep names $named for $MODULE_NAME: early boot would load the old driver"; return 1 ;;
            esac
        else
            say "note: no modules.dep read from the new image: which $MODULE_NAME copy early boot loads is not checked"
        fi
    else
        say "note: no lsinitrd: which $MODULE_NAME copy the new image's early boot loads is not checked"
    fi
    if [ -f "$ROOT/proc/mounts" ]; then
        fs=$(awk '$2 == "/" { t = $3 } END { print t }' "$ROOT/proc/mounts")
        if [ -n "$fs" ] && ! grep -q "/$fs\.ko" "$ROOT/lib/modules/$KVER/modules.builtin" 2>/dev/null &&
            ! grep -q "/$fs\.ko" "$STATE/image-new.ko" && ! grep -qx "$fs\.ko" "$STATE/image-new.ko"; then
            say "new image lacks $fs.ko for the root file system"; return 1
        fi
    fi
    return 0
}
# Boot files an entry changes: the original recorded first (backup/, or "-" when new), then what we left.
boot_backup() {
    p=$1
    grep -qF "${TAB}boot-backed-up${TAB}$p${TAB}" "$JOURNAL" && return 0
    s=$(sha_or_dash "$ROOT/$p")
    if [ "$s" != - ]; then copy_over "$ROOT/$p" "$STATE/backup/$p" "$s" || return 1; fi
    journal boot-backed-up "$p" "$s"
}
boot_record() { journal boot-entry "$1" "$(sha_or_dash "$ROOT/$1")"; }

# BLS (RHEL 8+): a copy of the kernel's own entry with the backup as initrd, as nicdoctor writes it.
# grubby (CentOS 6/7, live root only): --add-kernel at the end of the menu, the default re-checked.
add_fallback_entry() {
    for e in "$ROOT"/boot/loader/entries/*-"$KVER".conf; do
        [ -f "$e" ] || continue
        new_entry="${e%.conf}-nicdoctor-fallback.conf"
        p=${new_entry#"$ROOT"/}
        dir=$(sed -n 's|^initrd[ 	]\{1,\}\([^ 	]*\)/[^/ 	]*.*|\1|p' "$e" | head -n 1)
        boot_backup "$p" || return 1
        sed -e "s|^title[ 	].*|& (nicdoctor fallback: $(basename "$IMAGE_BACKUP"))|" \
            -e "s|^initrd[ 	]\{1,\}[^ 	]*|initrd $dir/$(basename "$IMAGE_BACKUP")|" \
            -e "s|^id[ 	].*|&-nicdoctor-fallback|" "$e" >"$new_entry.tmp" && mv -f "$new_entry.tmp" "$new_entry" || return 1
        sync
        boot_record "$p"
        say "fallback boot entry: $new_entry"
        return 0
    done
    [ -z "$ROOT" ] && command -v grubby >/dev/null 2>&1 || return 1
    cfg=
    for c in /boot/efi/EFI/*/grub.cfg /boot/grub2/grub.cfg /boot/grub/grub.conf; do
        if [ -f "$c" ] && grep -q "vmlinuz" "$c"; then cfg=$c; break; fi
    done
    [ -n "$cfg" ] || return 1
    p=${cfg#/}
    boot_backup "$p" || return 1
    def=$(grubby --default-kernel 2>/dev/null)
    n=$(grubby --info=ALL 2>/dev/null | grep -c '^index=')
    # grubby inserts at the top by default; a numeric default would then name the new entry.
    if ! grubby --add-kernel="/boot/vmlinuz-$KVER" --initrd="/$IMAGE_BACKUP" --title="nicdoctor fallback $CS_ID" --copy-default --set-index="$n" ||
        [ "$(grubby --default-kernel 2>/dev/null)" != "$def" ]; then
        copy_over "$STATE/backup/$p" "/$p" "$(sha "$STATE/backup/$p")"
        return 1
    fi
    boot_record "$p"
    say "fallback boot entry 'nicdoctor fallback $CS_ID' added by grubby to /$p"
}

if [ -n "$IMAGE_PATH" ]; then
    img="$ROOT/$IMAGE_PATH"
    new="$(dirname "$img")/.$(basename "$img").nicdoctor-new"
    rm -f "$new"
    run_generator "$new" "$KVER" "$ROOT" "$img" "$ROOT/$INSTALL_PATH" || { rm -f "$new"; fail "image generator failed"; }
    [ -s "$new" ] || fail "image generator wrote no $new"
    host_fit "$new" "$img" || { rm -f "$new"; fail "host-fit: the new image does not fit this host"; }
    s=$(sha "$new")
    sync
    mv -f "$new" "$img" || fail "could not replace $img"
    sync
    journal wrote "$IMAGE_PATH" "$s"
    step_done boot-image

    # 7. Fallback boot entry for the backup image, where it can be added without nicdoctor.
    if ! add_fallback_entry; then
        journal boot-entry-skipped "no BLS entry for $KVER and no grubby: add with nicdoctor boot add-fallback --initrd /$IMAGE_BACKUP"
        say "no fallback boot entry added; the backup image is /$IMAGE_BACKUP. If the new image does not boot:"
        say "  at the GRUB menu press e on the entry, change its initrd line to /$(basename "$IMAGE_BACKUP")"
        say "  (or /boot/$(basename "$IMAGE_BACKUP") when /boot is not its own file system), then Ctrl-X (GRUB legacy: Enter, b)"
    fi
    step_done boot-entry
fi

journal committed || fail "cannot write $JOURNAL"
step_done commit
say "applied change set $CS_ID; undo with: ROOT=$ROOT sh $HERE/rollback.sh"

if [ "$RELOAD" = yes ]; then
    reload_and_wait
    exit $?
fi
exit 0
