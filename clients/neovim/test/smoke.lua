-- Headless smoke test of lua/routelink against test/fake_server.py.
--   nvim --headless -u NONE -c 'luafile test/smoke.lua'
-- Environment: ROUTELINK_PLUGIN (clients/neovim), ROUTELINK_WS (a workspace with .git/,
-- backend.ts, frontend.ts), ROUTELINK_PYTHON (a Python with pygls 2), ROUTELINK_FAKE_LOG,
-- ROUTELINK_MODE (below).
-- Prints one 'ok ...' or 'FAIL ...' line per check and exits non-zero on a failure.

local plugin = assert(os.getenv('ROUTELINK_PLUGIN'))
local ws = assert(os.getenv('ROUTELINK_WS'))
local python = assert(os.getenv('ROUTELINK_PYTHON'))
-- ROUTELINK_MODE: 'native' (setup() as the running Neovim wants), 'legacy' (setup() forced
-- onto the 0.8-0.10 path) or 'rtp' (no setup(): lsp/routelink.lua + vim.lsp.enable, 0.11+).
local mode = os.getenv('ROUTELINK_MODE') or 'native'

vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on')

local failures = 0
local passes = 0
local function out(line)
  io.stdout:write(line .. '\n')
end
local function check(name, cond, detail)
  if cond then
    passes = passes + 1
    out('ok ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. (detail and (': ' .. vim.inspect(detail)) or ''))
  end
end
local function finish()
  local v = vim.version()
  out(string.format('neovim %d.%d.%d %s: %d passed, %d failed', v.major, v.minor, v.patch, mode, passes, failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end

local function run()
local ok, err = pcall(function()
  local routelink = require('routelink')
  local notes = {}
  local real_notify = vim.notify
  vim.notify = function(msg, level)
    table.insert(notes, msg)
    if level and level >= vim.log.levels.WARN then
      real_notify(msg, level)
    end
  end

  local cmd = { python, plugin .. '/test/fake_server.py' }
  local settings = { exclude = { 'legacy/**' }, severity = { ['unused-route'] = 'off' } }
  if mode == 'rtp' then
    local full = vim.tbl_deep_extend('force', routelink.defaults.settings, settings)
    vim.lsp.config('routelink', { cmd = cmd, init_options = full, settings = { routelink = full } })
    vim.lsp.enable('routelink')
  else
    routelink.setup({ cmd = cmd, settings = settings }, mode == 'legacy')
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/frontend.ts'))
  check('filetype is typescript', vim.bo.filetype == 'typescript', vim.bo.filetype)

  local attached = vim.wait(20000, function()
    local c = routelink.get_client(0)
    return c ~= nil and vim.lsp.buf_is_attached(0, c.id) and c.initialized ~= false
  end, 50)
  check('client attached', attached)
  local client = routelink.get_client(0)
  check('root_dir is the .git directory', client and client.config.root_dir == ws, client and client.config.root_dir)

  check('status ready', vim.wait(10000, function()
    return routelink.status ~= nil and routelink.status.state == 'ready'
  end, 50), routelink.status)
  check('statusline', routelink.statusline() == 'routelink: 2 routes · 1 calls · ⚠ 1', routelink.statusline())

  -- Go to handler: one location -> jump.
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  routelink.go_to_handler()
  check('go_to_handler jumps to backend.ts:2', vim.wait(5000, function()
    return vim.api.nvim_buf_get_name(0):match('backend%.ts$') ~= nil and vim.api.nvim_win_get_cursor(0)[1] == 2
  end, 50), { vim.api.nvim_buf_get_name(0), vim.api.nvim_win_get_cursor(0) })

  -- Callers: quickfix list.
  routelink.show_callers()
  check('show_callers fills the quickfix list', vim.wait(5000, function()
    local qf = vim.fn.getqflist({ title = 1, items = 1 })
    return qf.title == 'routelink: callers' and #qf.items == 1
      and vim.api.nvim_buf_get_name(qf.items[1].bufnr):match('frontend%.ts$') ~= nil
  end, 50), vim.fn.getqflist({ title = 1, items = 1 }))
  vim.cmd('cclose')

  -- Routes: vim.ui.select picks the first (sorted) route.
  local offered
  vim.ui.select = function(items, opts, on_choice)
    offered = vim.tbl_map(opts.format_item, items)
    on_choice(items[1], 1)
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/frontend.ts'))
  routelink.show_routes()
  check('show_routes offers both routes', vim.wait(5000, function()
    return offered ~= nil
  end, 50) and #offered == 2 and offered[1]:match('^DELETE /api/items/{id}') ~= nil, offered)
  check('show_routes jumps to the chosen route', vim.wait(5000, function()
    return vim.api.nvim_buf_get_name(0):match('backend%.ts$') ~= nil and vim.api.nvim_win_get_cursor(0)[1] == 3
  end, 50), { vim.api.nvim_buf_get_name(0), vim.api.nvim_win_get_cursor(0) })

  -- Report: diagnostics in the quickfix list, summary in a message.
  routelink.show_report()
  check('show_report fills the quickfix list', vim.wait(5000, function()
    local qf = vim.fn.getqflist({ title = 1, items = 1 })
    return qf.title == 'routelink report' and #qf.items == 1 and qf.items[1].type == 'I' and qf.items[1].lnum == 3
  end, 50), vim.fn.getqflist({ title = 1, items = 1 }))
  check('show_report summary message', vim.wait(2000, function()
    for _, n in ipairs(notes) do
      if n:match('2 routes, 1 calls %(1 linked, 0 unmatched%), 1 unused routes, 1 problems') then
        return true
      end
    end
    return false
  end, 50), notes)
  vim.cmd('cclose')

  -- What the server received.
  local log = {}
  for _, line in ipairs(vim.fn.readfile(os.getenv('ROUTELINK_FAKE_LOG'))) do
    local decoded = vim.fn.json_decode(line)
    log[decoded.event] = log[decoded.event] or decoded
  end
  local expected = { exclude = { 'legacy/**' }, severity = { ['unused-route'] = 'off' }, codeLens = { enable = true }, maxFileSizeKb = 1024 }
  check('initializationOptions', log.initialize and vim.deep_equal(log.initialize.initializationOptions, expected),
    log.initialize)
  check('workspace/configuration answered with the routelink section',
    log.configuration and vim.deep_equal(log.configuration.value, { expected }), log.configuration)
  check('references without the declaration', log.references and log.references.includeDeclaration == false, log.references)
  check('workspace/symbol with an empty query', log.workspaceSymbol and log.workspaceSymbol.query == '', log.workspaceSymbol)

  -- Restart gives a new client.
  if mode == 'rtp' then
    return
  end
  local old_id = client and client.id
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/frontend.ts'))
  routelink.restart()
  check('restart starts a new client', vim.wait(10000, function()
    local c = routelink.get_client(0)
    return c ~= nil and c.id ~= old_id and vim.lsp.buf_is_attached(0, c.id)
  end, 50), vim.tbl_map(function(c) return { c.id, c.name, vim.lsp.buf_is_attached(0, c.id) } end, (vim.lsp.get_clients or vim.lsp.get_active_clients)()))

  -- Default settings: an empty `severity` must go out as a JSON object, not [].
  local encoded = vim.json.encode(routelink.config({}).init_options)
  check('empty severity encodes as {}', encoded:find('"severity":{}', 1, true) ~= nil and encoded:find('"exclude":[]', 1, true) ~= nil, encoded)

  -- A missing executable gives the install hint, once.
  notes = {}
  check('check_cmd names pip install', (routelink.check_cmd({ 'routelink-does-not-exist', 'serve' }) or ''):match('pipx install %./routelink') ~= nil)
  check('check_cmd for a missing python', (routelink.check_cmd({ '/nope/python', '-m', 'routelink', 'serve' }) or ''):match('Python interpreter') ~= nil)
  check('check_cmd for a missing python (launcher)', (routelink.check_cmd({ '/nope/python', '-c', routelink.python_launcher, 'serve' }) or ''):match('Python interpreter') ~= nil)
end)
if not ok then
  failures = failures + 1
  out('FAIL error: ' .. tostring(err))
end
finish()
end

-- Run after startup, as a user would (vim.v.vim_did_enter == 1).
vim.api.nvim_create_autocmd('VimEnter', { once = true, callback = function() vim.schedule(run) end })
