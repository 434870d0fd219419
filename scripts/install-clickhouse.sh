#!/usr/bin/env bash
# Installs Debian's ClickHouse server and client (packages clickhouse-server, clickhouse-client) when they
# are missing. The local stack runs the server as a plain process from its own configuration, so the
# package's system service is neither needed nor started, also on machines without a running systemd.
#
#   bash scripts/install-clickhouse.sh            install when missing (does nothing otherwise)
#   bash scripts/install-clickhouse.sh --reinstall install again (repairs a broken installation)
set -euo pipefail

PACKAGES=(clickhouse-server clickhouse-client)
POLICY=/usr/sbin/policy-rc.d
POLICY_BACKUP=/usr/sbin/policy-rc.d.flowpulse-backup

reinstall=false
case "${1:-}" in
  "") ;;
  --reinstall) reinstall=true ;;
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1 (use --reinstall or --help)" >&2; exit 2 ;;
esac

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

all_installed() {
  for package in "${PACKAGES[@]}"; do
    installed "$package" || return 1
  done
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install ClickHouse (clickhouse-server and clickhouse-client) with this system's package manager" >&2
  exit 1
fi

if all_installed && [ "$reinstall" = false ]; then
  echo "ClickHouse already installed: $(dpkg-query -W -f='${Package} ${Version}\n' "${PACKAGES[@]}" | tr '\n' ' ')"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "installing ClickHouse needs root: run this script as root or install sudo" >&2
  exit 1
fi

# The package's maintainer script starts the system service (invoke-rc.d), which fails without an init
# system and is unwanted anyway: deny service starts while apt-get runs, then restore what was there.
restore_policy() {
  "${as_root[@]}" rm -f "$POLICY"
  if [ -e "$POLICY_BACKUP" ]; then
    "${as_root[@]}" mv "$POLICY_BACKUP" "$POLICY"
  fi
}
if [ -e "$POLICY" ]; then
  "${as_root[@]}" cp -p "$POLICY" "$POLICY_BACKUP"
fi
trap restore_policy EXIT
printf '#!/bin/sh\n# service starts denied while flowpulse installs ClickHouse\nexit 101\n' | "${as_root[@]}" tee "$POLICY" >/dev/null
"${as_root[@]}" chmod 755 "$POLICY"

apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${apt[@]}" update
if [ "$reinstall" = true ]; then
  "${apt[@]}" install --reinstall --no-install-recommends "${PACKAGES[@]}"
else
  "${apt[@]}" install --no-install-recommends "${PACKAGES[@]}"
fi

if ! all_installed; then
  echo "apt-get finished but ${PACKAGES[*]} are not all installed" >&2
  exit 1
fi
echo "ClickHouse installed: $(dpkg-query -W -f='${Package} ${Version}\n' "${PACKAGES[@]}" | tr '\n' ' ')"
