#!/usr/bin/env bash
# Runs test/eglot_smoke.el (the README's eglot snippet) against test/fake_server.py.
# Needs emacs with eglot (Debian: emacs-nox elpa-eglot) and ROUTELINK_PYTHON with pygls 2.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${ROUTELINK_PYTHON:-python3}"
ws="$(mktemp -d)"
trap 'rm -rf "$ws"' EXIT
mkdir "$ws/.git"
printf 'fetch(`/api/items/${id}`)\n' > "$ws/frontend.ts"
printf 'const app = express()\napp.get("/api/items/:id", h)\napp.delete("/api/items/:id", h)\n' > "$ws/backend.ts"
cd "$ws" && ROUTELINK_PLUGIN="$here" ROUTELINK_WS="$ws" ROUTELINK_PYTHON="$python" ROUTELINK_FAKE_LOG="$ws/fake.log" \
  timeout 60 emacs --batch --no-init-file -l "$here/test/eglot_smoke.el" </dev/null 2>/dev/null
