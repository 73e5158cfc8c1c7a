#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (tools that download their own
# browser do not work here). Install it when missing and we may (root, with apt-get);
# otherwise say exactly what to install. Without it the browser tests skip and say why,
# unless MILITIA_ATLAS_REQUIRE_BROWSER=1 (CI), where a missing browser fails `make test`.
set -euo pipefail

works() {  # a Chromium that starts (Ubuntu's apt "chromium-browser" is only a snap wrapper)
  [ -n "$1" ] && [ -x "$1" ] && "$1" --headless --no-sandbox --version >/dev/null 2>&1
}

found() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    works "$CHROMIUM_PATH" && return 0
    echo "CHROMIUM_PATH=$CHROMIUM_PATH does not start a Chromium; fix or unset it." >&2
    return 1
  fi
  works "$(command -v chromium || true)" || works "$(command -v chromium-browser || true)"
}

if found; then
  exit 0
fi

if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 \
   && grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  apt-get update -qq
  # fonts-dejavu-core: Latin and Arabic glyphs, so screenshots show the names as readers see them.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  if found; then
    echo "Installed $(chromium --version 2>/dev/null)."
    exit 0
  fi
  echo "apt-get installed chromium, but it does not start." >&2
fi

{
  echo "The browser tests need Chromium, and it is not installed."
  if grep -qi '^ID=debian' /etc/os-release 2>/dev/null; then
    echo "  Install it with:   sudo apt-get install chromium"
  elif grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then
    echo "  Install it with:   sudo snap install chromium"
    echo "  then:              export CHROMIUM_PATH=/snap/bin/chromium"
  elif [ "$(uname -s)" = "Darwin" ]; then
    echo "  Install it with:   brew install --cask chromium"
    echo "  then:              export CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium"
  else
    echo "  Install your system's chromium package, or set CHROMIUM_PATH to a Chromium binary."
  fi
  echo "  (Running \`make test\` as root on Debian installs it for you.)"
} >&2

if [ "${MILITIA_ATLAS_REQUIRE_BROWSER:-}" = "1" ]; then
  echo "MILITIA_ATLAS_REQUIRE_BROWSER=1: stopping here." >&2
  exit 1
fi
echo "The browser tests will be skipped." >&2
