#!/usr/bin/env bash
# The two outside checkers of the built site, for `make test`:
#  - the Nu HTML Checker (tests/test_valid_html.py): vnu.jar comes pinned from npm-packages.json
#    (scripts/fetch_npm.py, `make setup`); it needs Java, from Debian (default-jre-headless);
#  - Lighthouse (tests/browser/test_lighthouse.py): tools/lighthouse/package-lock.json installed
#    with `npm ci --ignore-scripts` into vendor/lighthouse/; it needs Node.js and npm, from Debian
#    when missing, and drives the same Chromium as the browser tests;
#  - yaml-language-server (tests/test_editor_lsp.py): tools/yaml-language-server/package-lock.json,
#    installed the same way into vendor/yaml-language-server/, run with the same Node.js.
# Missing tools are installed when we may (root, Debian, apt-get); otherwise this says what to
# install, and the tests that need them skip and say why (fail with MILITIA_ATLAS_REQUIRE_BROWSER=1).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

can_apt() {
  [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && grep -qi '^ID=debian' /etc/os-release 2>/dev/null
}

APT_UPDATED=""
apt_install() {  # apt_install PACKAGE... ; true when installed
  can_apt || return 1
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
  echo "Installing Debian's $* for the HTML checks (apt-get)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_npm_lock() {  # install_npm_lock NAME: tools/NAME/package-lock.json -> vendor/NAME/
  local lock_dir="$ROOT/tools/$1" dest="$ROOT/vendor/$1" wanted
  wanted="$(cat "$lock_dir/package.json" "$lock_dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$dest/.installed" 2>/dev/null || true)" != "$wanted" ]; then
    echo "Installing $1 from tools/$1/package-lock.json (npm ci)..."
    rm -rf "$dest"
    mkdir -p "$dest"
    cp "$lock_dir/package.json" "$lock_dir/package-lock.json" "$dest/"
    # No install scripts: neither tool needs one (Lighthouse drives Debian's Chromium, never a download).
    (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$wanted" > "$dest/.installed"
  fi
}

missing=()

if ! java -version >/dev/null 2>&1; then
  apt_install default-jre-headless || true
  java -version >/dev/null 2>&1 || missing+=("Java for the Nu HTML Checker (Debian: sudo apt-get install default-jre-headless)")
fi

if ! { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; }; then
  apt_install nodejs npm || true
fi

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  for tool in lighthouse yaml-language-server; do
    install_npm_lock "$tool"
  done
else
  missing+=("Node.js and npm for Lighthouse and yaml-language-server (Debian: sudo apt-get install nodejs npm)")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  {
    echo "The HTML checks need tools that are not installed:"
    printf '  %s\n' "${missing[@]}"
    echo "  (Running \`make test\` as root on Debian installs them for you.)"
  } >&2
  if [ "${MILITIA_ATLAS_REQUIRE_BROWSER:-}" = "1" ]; then
    echo "MILITIA_ATLAS_REQUIRE_BROWSER=1: stopping here." >&2
    exit 1
  fi
  echo "Those tests will be skipped." >&2
fi
