#!/usr/bin/env bash
# Runs test/smoke.lua in every Neovim given (default: `nvim` on PATH), against
# test/fake_server.py. Usage: test/run.sh [NVIM ...]
# ROUTELINK_PYTHON: a Python with pygls 2 (default: python3). Exits non-zero on a failure.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${ROUTELINK_PYTHON:-python3}"
if ! "$python" -c 'import pygls.lsp.server' 2>/dev/null; then
  echo "test/run.sh: $python has no pygls 2; set ROUTELINK_PYTHON" >&2
  exit 2
fi
[ $# -eq 0 ] && set -- nvim
status=0
for nvim in "$@"; do
  modes="native"
  if "$nvim" --headless -u NONE -c 'lua io.stdout:write(vim.fn.has("nvim-0.11"))' -c 'qall!' 2>/dev/null | grep -q 1; then
    modes="native legacy rtp"
  fi
  for mode in $modes; do
    ws="$(mktemp -d)"
    mkdir "$ws/.git" "$ws/frontend"
    printf 'fetch(`/api/items/${id}`)\n' > "$ws/frontend.ts"
    printf 'const app = express()\napp.get("/api/items/:id", h)\napp.delete("/api/items/:id", h)\n' > "$ws/backend.ts"
    echo '{}' > "$ws/frontend/package.json"
    echo "== $nvim ($mode)"
    ROUTELINK_PLUGIN="$here" ROUTELINK_WS="$ws" ROUTELINK_PYTHON="$python" \
      ROUTELINK_FAKE_LOG="$ws/fake.log" ROUTELINK_MODE="$mode" \
      timeout 60 "$nvim" --headless -u NONE -i NONE -n -c "luafile $here/test/smoke.lua" </dev/null || status=1
    rm -rf "$ws"
  done
done
exit $status
