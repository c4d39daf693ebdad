#!/usr/bin/env bash
# Installs what the dashboard's browser tests need: Debian's headless Chromium (driven by Playwright through its
# executable path; Playwright's own browser download is not used) and its fonts.
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (or sudo) for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
echo "install-browser: $(/usr/bin/chromium --version) installed"
