#!/bin/sh
# Makes sure the Debian packages the native addon links against are present before node-gyp runs.
# As root with apt available it installs what is missing; otherwise it prints the exact command.
set -eu

packages=""
[ -f /usr/include/lz4.h ] && [ -f /usr/include/lz4hc.h ] || packages="$packages liblz4-dev"
[ -f /usr/include/liburing.h ] || packages="$packages liburing-dev"
[ -f /usr/include/zstd.h ] || packages="$packages libzstd-dev"
[ -n "$packages" ] || exit 0

command="apt-get install -y$packages"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "stratadb: installing system libraries:$packages"
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y $packages
else
  echo "stratadb: missing system libraries. Run as root, then npm install again:" >&2
  echo "  apt-get update && $command" >&2
  exit 1
fi
