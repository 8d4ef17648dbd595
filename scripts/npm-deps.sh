#!/usr/bin/env bash
# Development tools from the npm registry (axe-core for the browser accessibility tests),
# installed exactly as package-lock.json pins them. Nothing from node_modules is served.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f node_modules/axe-core/axe.min.js && node_modules/.package-lock.json -nt package-lock.json ]]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: install Node.js and npm (Debian: apt-get install npm) for the accessibility tests." >&2
  exit 1
fi
npm ci --no-audit --no-fund
