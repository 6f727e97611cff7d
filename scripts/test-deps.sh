#!/bin/sh
# The Debian tools that end-to-end tests drive: sysbench, the mariadb command-line client,
# Chromium (for the benchmark report test) and xfsprogs (the atomic-write tests mount XFS).
# Installed when missing (as root); otherwise the exact command is printed and the tests stop.
set -eu
packages=""
command -v sysbench >/dev/null 2>&1 || packages="$packages sysbench"
command -v mariadb >/dev/null 2>&1 || packages="$packages mariadb-client"
# Benchmark reports are checked by rendering them in headless Chromium.
command -v chromium >/dev/null 2>&1 || packages="$packages chromium"
command -v mkfs.xfs >/dev/null 2>&1 || packages="$packages xfsprogs"
[ -n "$packages" ] || exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "stratadb tests: installing$packages"
  apt-get update >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y $packages >/dev/null
else
  echo "stratadb tests need:$packages. Run: apt-get update && apt-get install -y$packages" >&2
  exit 1
fi
