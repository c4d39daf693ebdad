#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on Debian/Ubuntu: python3 (trial programs in the
# process tests are small Python scripts). Safe to run again; installs only what is missing.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
command -v python3 >/dev/null 2>&1 || [ -x /usr/bin/python3 ] || missing+=(python3)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
echo "test dependencies present"
