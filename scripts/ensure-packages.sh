#!/usr/bin/env bash
# Install Debian packages that are missing: scripts/ensure-packages.sh postgresql redis-server nginx
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "Installing Debian packages: ${missing[*]} ..."
run apt-get update -qq
DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq "${missing[@]}" >/dev/null
