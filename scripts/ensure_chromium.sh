#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we may (root with apt-get);
# otherwise say exactly what to install. Tools that download their own browser do not work here.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium. Install it with: sudo apt-get install chromium" >&2
echo "(or set CHROMIUM_PATH to a Chromium binary). Browser tests will be skipped." >&2
