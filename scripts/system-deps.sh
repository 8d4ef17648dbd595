#!/usr/bin/env bash
# Installs the Debian packages motcua needs, once. Safe to run again.
#   scripts/system-deps.sh          what the app and the test suite need (make test)
#   scripts/system-deps.sh runtime  only what the app needs to run (make demo)
set -euo pipefail
need=()
if [ "${1:-all}" != "runtime" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)  # reads the QR code on PDF slips in tests
  command -v npm >/dev/null 2>&1 || need+=(npm)  # axe-core for the accessibility tests
fi
# WeasyPrint (PDF slips) loads these libraries at run time.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
