#!/bin/sh
# /usr/local/bin/kiosk: CitizenKiosk's `kiosk` command for the IT officer. Run by root (sudo kiosk …) it
# runs as the service's user kiosk, so that what it makes in /var/lib/citizenkiosk (the database's -wal
# and -shm, the backups folder, a restored database) stays the service's. KIOSK_AS_ROOT=1 keeps root,
# for a file only root may read or write (a USB stick); `kiosk restore` then gives the database back to
# the data folder's owner itself. Installed by Scripts/deploy/install.sh.
if [ "$(id -u)" -eq 0 ] && [ -z "${KIOSK_AS_ROOT:-}" ]; then
    exec runuser -u kiosk -- /opt/citizenkiosk/kiosk "$@"
fi
exec /opt/citizenkiosk/kiosk "$@"
