usage() {
    echo "usage: [ROOT=DIR] $0 [--reload]" >&2
    exit 2
}
RELOAD=no
IF_ARMED=no
while [ $# -gt 0 ]; do
    case "$1" in
    --reload) RELOAD=yes ;;
    --if-armed) IF_ARMED=yes ;;
    *) usage ;;
    esac
    shift
done

# The rollback timer fires this; after a verified reload it has been disarmed.
if [ "$IF_ARMED" = yes ] && [ -e "$STATE/reload.disarmed" ]; then
    exit 0
fi
[ -f "$JOURNAL" ] || { say "change set $CS_ID was never applied under ${ROOT:-/}: nothing to roll back"; exit 0; }
journal rollback-begin
committed=no
grep -q "${TAB}committed${TAB}" "$JOURNAL" && committed=yes
# A confirm killed half-way (nicdoctor upgrade confirm) may have written files it had not recorded
# yet: like an unfinished apply, everything is then restored from the backups.
if [ "$committed" = yes ] && awk -F "$TAB" '$2 == "confirm-begin" { b = NR } $2 == "confirmed" { c = NR } END { exit !(b > c) }' "$JOURNAL"; then
    committed=no
fi
need_depmod=no
left=""

ours() { grep -qF "${TAB}wrote${TAB}$1${TAB}$2" "$JOURNAL"; }

# Boot entry files first, newest first: restored from backup/ or removed while still as the entry
# left them. grubenv after a trial boot was rewritten by GRUB (next_entry consumed): nothing to undo.
undo_boot_file() {
    f="$ROOT/$1"
    cur=$(sha_or_dash "$f")
    [ "$cur" = "$2" ] && return 0
    last=$(awk -F "$TAB" -v p="$1" '$3 == p && ($2 == "boot-entry" || $2 == "removed") { e = $2; s = $4 } END { if (e == "boot-entry") print s; else if (e != "") print "-" }' "$JOURNAL")
    if [ -n "$last" ] && [ "$cur" != "$last" ]; then
        case "$1" in *grubenv) return 0 ;; esac
        if [ "$committed" = yes ]; then left="$left $1"; journal left-alone "$1" "$cur"; return 0; fi
    fi
    if [ "$2" = - ]; then
        rm -f "$f" || die "could not remove $f"
        journal removed "$1" "$cur"
    else
        [ "$(sha_or_dash "$STATE/backup/$1")" = "$2" ] || die "$STATE/backup/$1: backup of $f missing or not sha256 $2; $f is left as it is"
        copy_over "$STATE/backup/$1" "$f" "$2" || die "could not restore $f"
        journal restored "$1" "$2"
    fi
}
awk -F "$TAB" '$2 == "boot-backed-up" && !seen[$3]++ { print $3 "\t" $4 }' "$JOURNAL" | sed -n '1!G;h;$p' >"$STATE/boot-files"
while IFS="$TAB" read -r bp bs; do undo_boot_file "$bp" "$bs"; done <"$STATE/boot-files"
rm -f "$STATE/boot-files"

# Replaced files back from their verified backups (first: the image backup is the source).
restore_one() {
    [ "$2" = - ] && return 0
    f="$ROOT/$1"
    rm -f "$(tmp_for "$f")"
    cur=$(sha_or_dash "$f")
    [ "$cur" = "$2" ] && return 0
    if [ "$committed" = yes ] && ! ours "$1" "$cur"; then
        if is_index "$1"; then need_depmod=yes; else left="$left $1"; fi
        journal left-alone "$1" "$cur"
        return 0
    fi
    b=$(backup_path "$1")
    grep -qF "${TAB}backed-up${TAB}$1${TAB}$2" "$JOURNAL" || die "no verified backup of $f recorded; $f is left as it is"
    [ "$(sha_or_dash "$b")" = "$2" ] || die "$b: backup of $f missing or not sha256 $2; $f is left as it is"
    copy_over "$b" "$f" "$2" || die "could not restore $f"
    journal restored "$1" "$2"
}
for_each_precondition restore_one

# Added files go.
remove_one() {
    [ "$2" = - ] || return 0
    f="$ROOT/$1"
    rm -f "$(tmp_for "$f")"
    [ -e "$f" ] || return 0
    cur=$(sha "$f")
    if [ -n "$IMAGE_BACKUP" ] && [ "$1" = "$IMAGE_BACKUP" ]; then
        case " $left " in *" $IMAGE_PATH "*) return 0 ;; esac
    elif [ "$committed" = yes ] && ! ours "$1" "$cur"; then
        left="$left $1"
        journal left-alone "$1" "$cur"
        return 0
    fi
    rm -f "$f" || die "could not remove $f"
    sync
    journal removed "$1" "$cur"
}
for_each_precondition remove_one
if [ -n "$IMAGE_PATH" ]; then
    rm -f "$(dirname "$ROOT/$IMAGE_PATH")/.$(basename "$IMAGE_PATH").nicdoctor-new"
    # nicdoctor upgrade apply --trial-boot keeps the new image here until confirm.
    trial="$IMAGE_PATH.nicdoctor-$CS_ID-trial"
    if [ -f "$ROOT/$trial" ]; then
        cur=$(sha "$ROOT/$trial")
        # Ours when recorded, or when apply did not finish (it refuses to start when the file exists).
        if ours "$trial" "$cur" || [ "$committed" = no ]; then rm -f "$ROOT/$trial"; journal removed "$trial" "$cur"; else left="$left $trial"; journal left-alone "$trial" "$cur"; fi
    fi
fi

if [ "$need_depmod" = yes ]; then run_depmod || die "depmod $KVER failed"; fi

if [ "$RELOAD" = yes ]; then
    swap_driver || say "reloading the old $MODULE_NAME failed"
    ifaces_up
    journal reloaded-old "/sys/module/$MODULE_NAME/srcversion" "$(cat "/sys/module/$MODULE_NAME/srcversion" 2>/dev/null)"
fi
journal rolled-back
if [ -n "$left" ]; then say "rolled back $CS_ID except files changed since apply:$left"; exit 1; fi
say "rolled back change set $CS_ID"
exit 0
