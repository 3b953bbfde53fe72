#!/usr/bin/env bash
# Builds and packages the VS Code extension from a clean checkout:
#   npm ci -> npm run build (typecheck + bundle to dist/extension.js) -> npm run package (.vsix)
# Needs Node.js >= 20 and npm, and the npm registry. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
npm run package
ls -l ./*.vsix
