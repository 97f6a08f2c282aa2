#!/usr/bin/env bash
# Installs CitizenKiosk on a Debian 12 box, or upgrades it; safe to run again (docs/deploy.md).
#
#   sudo Scripts/deploy/install.sh                    install or upgrade from .build/release/kiosk
#   Scripts/deploy/install.sh --dry-run               print every step, change nothing
#
# Options:
#   --binary FILE   the kiosk binary (default .build/release/kiosk); its folder must hold
#                   CitizenKiosk_KioskServer.resources
#   --content DIR   the content copied to /etc/citizenkiosk/kiosk-content the first time (default
#                   kiosk-content); a centre's own content is never replaced
#   --sample-content
#                   accept the sample content's placeholders (example.vn addresses, the sample notice,
#                   telephone and officers) as warnings: a trial box only; without it the content is
#                   checked with --strict and any placeholder stops the install
#   --no-start      install only; leave kiosk.service as it is (a PC that is only a touch screen)
#   --root DIR      install the files under DIR instead of / (packaging, tests); users, systemctl
#                   and udevadm are skipped
#   --dry-run       print what would be done
#
# What it does: the runtime libraries (apt-get, those missing); the users kiosk (the service; group lp for the printers) and kiosk-screen (the screens);
# a backup of the store with the installed binary before anything is replaced; the binary and its
# resources in /opt/citizenkiosk, the wrapper /usr/local/bin/kiosk; /etc/citizenkiosk (content, kiosk.env
# and touch.env, only when missing); the systemd units, the PAM session of the touch kiosk, the udev rule of
# the receipt printer, log rotation and the journal's size cap; then it (re)starts kiosk.service. It first
# checks the content with the new binary and stops, changing nothing, when the content has errors. The
# terminal and touch kiosks are enabled by hand (docs/deploy.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary="$repo/.build/release/kiosk"
content="$repo/kiosk-content"
root=""
dry_run=0
start=1
strict=--strict

die() {
    echo "install.sh: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=${2:?--binary needs a file}; shift ;;
        --content) content=${2:?--content needs a folder}; shift ;;
        --root) root=${2:?--root needs a folder}; shift ;;
        --no-start) start=0 ;;
        --sample-content) strict="" ;;
        --dry-run) dry_run=1 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option $1" ;;
    esac
    shift
done

root=${root%/}
resources="$(dirname "$binary")/CitizenKiosk_KioskServer.resources"
[ -x "$binary" ] || die "no kiosk binary at $binary: build it (swift build -c release --static-swift-stdlib --product kiosk) or give --binary"
[ -d "$resources" ] || die "no $resources beside the binary: copy the whole build folder's kiosk and CitizenKiosk_KioskServer.resources"
[ -f "$content/centre.toml" ] || die "no centre.toml in $content: give --content"
if [ "$dry_run" -eq 0 ] && [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    die "run it as root (sudo $0), or with --dry-run to see what it would do"
fi

opt="$root/opt/citizenkiosk"
etc="$root/etc/citizenkiosk"
data="$root/var/lib/citizenkiosk"
units="$root/etc/systemd/system"

# Runs a command, or prints it with --dry-run.
run() {
    if [ "$dry_run" -eq 1 ]; then
        printf '+'
        printf ' %q' "$@"
        printf '\n'
    else
        "$@"
    fi
}

# Runs a command that changes the system itself (users, services, devices); skipped with --root.
system() {
    if [ -n "$root" ]; then
        printf 'skipped (--root):'
        printf ' %q' "$@"
        printf '\n'
    else
        run "$@"
    fi
}

step() {
    printf '== %s\n' "$*"
}

# Installs a settings file only when it is not there yet: a centre's settings are never replaced.
install_once() {
    local source=$1 target=$2 mode=$3
    if [ -e "$target" ]; then
        step "kept $target"
    else
        run install -D -m "$mode" "$source" "$target"
    fi
}

# The content this version will serve is checked before anything changes: a new version may want more of it.
checked="$content"
if [ -d "$etc/kiosk-content" ]; then checked="$etc/kiosk-content"; fi
step "content check: $checked"
if ! "$binary" content check $strict "$checked"; then
    if [ -n "$strict" ]; then
        die "fix the content first (every line above, warnings too: the sample's placeholders must go before residents see them), then run this again; nothing was changed. A trial box may keep the sample with --sample-content"
    fi
    die "fix the content first (every line above), then run this again; nothing was changed"
fi

step "libraries"
missing=()
for package in libsqlite3-0 libqrencode4 libpangocairo-1.0-0 libcairo2 libcurl4 fonts-noto-core espeak-ng ca-certificates; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    system apt-get install -y --no-install-recommends "${missing[@]}"
fi

step "users"
if ! getent passwd kiosk >/dev/null; then
    system useradd --system --user-group --home-dir /var/lib/citizenkiosk --no-create-home \
        --shell /usr/sbin/nologin --comment "CitizenKiosk service" kiosk
fi
system usermod --append --groups lp kiosk
if ! getent passwd kiosk-screen >/dev/null; then
    system useradd --system --user-group --home-dir /var/lib/kiosk-screen --no-create-home \
        --shell /usr/sbin/nologin --comment "CitizenKiosk screens" kiosk-screen
fi
for group in video render input audio; do
    if getent group "$group" >/dev/null; then system usermod --append --groups "$group" kiosk-screen; fi
done

# Runs a command as the service's user (as is with --root).
as_kiosk() {
    if [ -n "$root" ]; then run "$@"; else run runuser -u kiosk -- "$@"; fi
}

was_active=0
if [ -z "$root" ] && systemctl is-active --quiet kiosk.service 2>/dev/null; then was_active=1; fi
if [ -f "$data/kiosk.sqlite" ] && [ -x "$opt/kiosk" ]; then
    step "backup before upgrading"
    backup="$data/backups/kiosk-before-upgrade-$(date -u +%Y%m%dT%H%M%SZ).sqlite"
    if "$opt/kiosk" backup --help >/dev/null 2>&1; then
        # The installed version knows its own database: an online backup, the service still serving.
        as_kiosk "$opt/kiosk" backup --data "$data" --to "$backup"
    else
        # An installed version without `kiosk backup`: the files themselves, the service stopped.
        system systemctl stop kiosk.service
        as_kiosk mkdir -p "$data/backups"
        as_kiosk cp -p "$data/kiosk.sqlite" "$backup"
        if [ -f "$data/kiosk.sqlite-wal" ]; then as_kiosk cp -p "$data/kiosk.sqlite-wal" "$backup-wal"; fi
    fi
fi
if [ "$was_active" -eq 1 ] && [ "$start" -eq 1 ]; then
    system systemctl stop kiosk.service
fi

step "program: $opt"
run install -D -m 0755 "$binary" "$opt/kiosk"
run rm -rf "$opt/CitizenKiosk_KioskServer.resources"
run cp -R "$resources" "$opt/CitizenKiosk_KioskServer.resources"
run install -D -m 0644 "$repo/docs/deploy.md" "$opt/deploy.md"
run install -D -m 0755 "$here/kiosk-wrapper.sh" "$root/usr/local/bin/kiosk"

step "settings: $etc"
run install -d -m 0755 "$etc"
if [ -e "$etc/kiosk-content" ]; then
    step "kept $etc/kiosk-content"
else
    run cp -R "$content" "$etc/kiosk-content"
fi
install_once "$here/kiosk.env" "$etc/kiosk.env" 0644
install_once "$here/touch.env" "$etc/touch.env" 0600

step "services, devices, logs"
run install -D -m 0644 "$here/kiosk.service" "$units/kiosk.service"
run install -D -m 0644 "$here/kiosk-terminal@.service" "$units/kiosk-terminal@.service"
run install -D -m 0644 "$here/kiosk-touch.service" "$units/kiosk-touch.service"
run install -D -m 0644 "$here/kiosk-touch.pam" "$root/etc/pam.d/kiosk-touch"
run install -D -m 0644 "$here/99-receipt-printer.rules" "$root/etc/udev/rules.d/99-receipt-printer.rules"
run install -D -m 0644 "$here/kiosk.logrotate" "$root/etc/logrotate.d/citizenkiosk"
run install -D -m 0644 "$here/journald-citizenkiosk.conf" "$root/etc/systemd/journald.conf.d/citizenkiosk.conf"
system systemctl daemon-reload
system udevadm control --reload-rules
system udevadm trigger --subsystem-match=usbmisc --action=add
system systemctl restart systemd-journald.service

if [ "$start" -eq 1 ]; then
    step "start"
    system systemctl enable kiosk.service
    system systemctl restart kiosk.service
fi

step "done"
echo "Check: systemctl status kiosk; journalctl -u kiosk -n 50; curl -fsS http://127.0.0.1:8080/health"
echo "Next: docs/deploy.md (first user, touch and terminal kiosks, printer, backups)"
