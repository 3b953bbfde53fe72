#!/bin/sh
# Re-records the terminal captures in this folder from real runs:
#   docs/editors/captures/capture.sh        (from the repository root; needs tmux, nvim,
#                                            and `routelink` on PATH)
# Neovim runs in a detached 160x45 tmux session on examples/express-react with
# nvim-init.lua; each capture is taken once the screen shows what it is about.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
example="$repo/examples/express-react"
sock=routelink-capture-$$
t() { tmux -L "$sock" "$@"; }

# wait (bounded) until the pane shows $1, then save it as $2
capture() {
  i=0
  until t capture-pane -p -t cap | grep -q -- "$1"; do
    i=$((i + 1))
    if [ "$i" -gt 150 ]; then echo "capture.sh: timed out waiting for '$1'" >&2; t kill-server; exit 1; fi
    sleep 0.2
  done
  sleep 0.3  # let the redraw finish
  t capture-pane -p -t cap > "$here/$2"
  echo "wrote $2"
}

cd "$repo"
routelink check examples/express-react > "$here/check-output.txt" || true
echo "wrote check-output.txt"

t new-session -d -x 160 -y 45 -s cap \
  "cd '$example' && nvim -i NONE -u '$here/nvim-init.lua' frontend/src/pages/OrdersPage.tsx"
capture "No route serves GET /api/orders/{}/invoice" neovim-diagnostics.txt

# the diagnostic under the cursor, in a float
t send-keys -t cap "17G5|" ":lua vim.diagnostic.open_float()" Enter
capture "only for PATCH" neovim-diagnostic-float.txt

# hover on a call that reaches a route
t send-keys -t cap Escape "10G" "0f'" ":lua vim.lsp.buf.hover()" Enter
capture "serves it" neovim-hover.txt

# code lenses on the backend routes: callers of each
t send-keys -t cap Escape ":e backend/src/routes/orders.ts" Enter
t send-keys -t cap ":sleep 500m | lua vim.lsp.codelens.refresh()" Enter
capture "no callers" neovim-codelens.txt

t send-keys -t cap Escape ":qa!" Enter
t kill-server 2>/dev/null || true
