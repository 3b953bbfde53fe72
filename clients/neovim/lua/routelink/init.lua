-- routelink: Neovim client for the routelink language server (`routelink serve`).
--
--   require('routelink').setup({})
--
-- Neovim 0.11+: registers the config with vim.lsp.config() and turns it on with
-- vim.lsp.enable(). Neovim 0.8-0.10: a FileType autocmd calls vim.lsp.start().
-- Neovim 0.7: the same autocmd uses vim.lsp.start_client() + vim.lsp.buf_attach_client().
-- See clients/neovim/README.md.

local M = {}

M.name = 'routelink'

M.filetypes = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'vue' }

-- Searched upward from the buffer's file, in this order of priority: the nearest
-- routelink.toml wins over a .git further up, which wins over a nearer package.json
-- (so a monorepo's frontend/ and backend/ share one server at the repository root).
M.root_markers = { 'routelink.toml', '.git', 'package.json', 'pyproject.toml' }

-- The code run by { python, '-c', M.python_launcher, 'serve' }. Not `-m routelink`: `-m`
-- puts the current folder (the workspace) first on sys.path, so a workspace click.py or
-- pygls.py would run when the server imports it. This drops the current folder before
-- anything is imported, on every Python routelink supports (`-P` needs 3.11). Kept equal
-- to routelink.__main__.PYTHON_LAUNCHER by tests/core/test_safe_start.py.
M.python_launcher = "import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; import runpy; runpy.run_module('routelink', run_name='__main__', alter_sys=True)"

--- Whether a command line runs routelink through a Python interpreter (the launcher,
--- or `-m routelink` in a user's own cmd).
function M.is_python_cmd(cmd)
  return #cmd >= 3 and ((cmd[2] == '-c' and cmd[3] == M.python_launcher) or (cmd[2] == '-m' and cmd[3] == 'routelink'))
end

M.defaults = {
  -- Full command line of the server. Default: { 'routelink', 'serve' }, or
  -- { python, '-c', M.python_launcher, 'serve' } when `python` is set.
  cmd = nil,
  -- A Python interpreter that has routelink installed (e.g. '.venv/bin/python').
  python = nil,
  filetypes = M.filetypes,
  root_markers = M.root_markers,
  -- The `routelink` settings section (same keys as routelink.toml), sent as
  -- initializationOptions and as the answer to workspace/configuration.
  settings = {
    exclude = {},
    severity = {},
    codeLens = { enable = true },
    maxFileSizeKb = 1024,
  },
  -- Show and refresh code lenses in attached buffers.
  codelens = true,
  -- Define the :Routelink* commands.
  commands = true,
  on_attach = nil,
  capabilities = nil,
}

--- Last `routelink/status` notification: { state, files, routes, calls, diagnostics }.
M.status = nil

local opts_in_use = nil
local use_lsp_config = false -- true when setup() went the vim.lsp.config/enable way (0.11+)
local warned = {}

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

local function notify(msg, level)
  vim.schedule(function()
    vim.notify('routelink: ' .. msg, level or vim.log.levels.INFO)
  end)
end

local function notify_once(key, msg, level)
  if warned[key] then
    return
  end
  warned[key] = true
  notify(msg, level)
end

-- An empty Lua table is encoded as a JSON array; `severity` must be an object.
local function fix_settings(settings)
  if type(settings) == 'table' and type(settings.severity) == 'table' and next(settings.severity) == nil then
    settings.severity = vim.empty_dict()
  end
  return settings
end

local function merged(opts)
  local out = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  fix_settings(out.settings)
  return out
end

--- The options setup() was given, merged with M.defaults (M.defaults before setup()).
function M.options()
  return opts_in_use or merged({})
end

--- The server's command line for these options.
function M.cmd(opts)
  opts = opts or M.defaults
  if opts.cmd then
    return opts.cmd
  end
  if opts.python and opts.python ~= '' then
    return { vim.fn.expand(opts.python), '-c', M.python_launcher, 'serve' }
  end
  return { 'routelink', 'serve' }
end

--- nil if the command can be run, else a message that says how to fix it.
function M.check_cmd(cmd)
  local exe = cmd[1]
  if type(exe) ~= 'string' or vim.fn.executable(exe) == 1 then
    return nil
  end
  if M.is_python_cmd(cmd) then
    return string.format(
      "the Python interpreter '%s' was not found. Set `python` in require('routelink').setup() to a Python that has routelink installed (from a routelink checkout: <python> -m pip install ./routelink).",
      exe
    )
  end
  return string.format(
    "the language server '%s' was not found on PATH. Install it from a routelink checkout with `pipx install ./routelink` (or `pip install ./routelink`), or call require('routelink').setup({ python = '/path/to/venv/bin/python' }).",
    exe
  )
end

-- Client helpers that work from 0.7 to 0.11+ (0.11 deprecates client.request() for client:request()).

local function all_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = M.name })
  end
  local out = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == M.name then
      table.insert(out, client)
    end
  end
  return out
end

--- The routelink client attached to `bufnr` (default: current buffer), else any routelink client.
function M.get_client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local clients = all_clients()
  for _, client in ipairs(clients) do
    if vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  return clients[1]
end

local function client_request(client, method, params, handler, bufnr)
  if has('0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_stop(client, force)
  if has('0.11') then
    return client:stop(force)
  end
  return client.stop(force)
end

local function client_is_stopped(client)
  if has('0.11') then
    return client:is_stopped()
  end
  return client.is_stopped()
end

local function client_supports(client, method)
  if has('0.11') then
    return client:supports_method(method)
  end
  if client.supports_method then
    return client.supports_method(method)
  end
  return true
end

local function offset_encoding(client)
  return client.offset_encoding or 'utf-16'
end

-- Status ---------------------------------------------------------------------------

--- Text for a statusline: 'routelink: indexing 120 files', 'routelink: 42 routes · 57 calls · ⚠ 3', or ''.
function M.statusline()
  local s = M.status
  if not s then
    return ''
  end
  if s.state == 'indexing' then
    if s.files and s.files > 0 then
      return string.format('routelink: indexing %d files', s.files)
    end
    return 'routelink: indexing'
  end
  local text = string.format('routelink: %d routes · %d calls', s.routes or 0, s.calls or 0)
  if s.diagnostics and s.diagnostics > 0 then
    text = text .. string.format(' · ⚠ %d', s.diagnostics)
  end
  return text
end

local function refresh_codelens(bufnr)
  local codelens = vim.lsp.codelens
  if not codelens then
    return
  end
  if codelens.refresh then
    if has('0.10') then
      pcall(codelens.refresh, { bufnr = bufnr })
    elseif bufnr == vim.api.nvim_get_current_buf() then
      pcall(codelens.refresh)
    end
  elseif codelens.enable then
    pcall(codelens.enable, true, { bufnr = bufnr })
  end
end

local function on_status(_, params, ctx)
  M.status = params
  pcall(vim.api.nvim_exec_autocmds, 'User', { pattern = 'RoutelinkStatus', modeline = false })
  pcall(vim.cmd, 'redrawstatus')
  if params and params.state == 'ready' and opts_in_use and opts_in_use.codelens then
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    if client and client_supports(client, 'textDocument/codeLens') then
      for bufnr in pairs(client.attached_buffers or {}) do
        if vim.api.nvim_buf_is_loaded(bufnr) then
          refresh_codelens(bufnr)
        end
      end
    end
  end
end

-- Config ---------------------------------------------------------------------------

local function on_attach_for(opts)
  return function(client, bufnr)
    if opts.codelens and client_supports(client, 'textDocument/codeLens') then
      local group = vim.api.nvim_create_augroup('routelink_codelens_' .. bufnr, { clear = true })
      vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
        group = group,
        buffer = bufnr,
        callback = function()
          refresh_codelens(bufnr)
        end,
      })
      refresh_codelens(bufnr)
    end
    if opts.on_attach then
      opts.on_attach(client, bufnr)
    end
  end
end

local function on_exit_for(cmd)
  return function(code, signal)
    if code ~= 0 and signal == 0 then
      local hint = ''
      if M.is_python_cmd(cmd) then
        hint = string.format(' Is routelink installed in %s? (from a routelink checkout: %s -m pip install ./routelink)', cmd[1], cmd[1])
      end
      notify(
        string.format('the language server exited with code %d. See :LspLog (or :checkhealth routelink).%s', code, hint),
        vim.log.levels.ERROR
      )
    end
  end
end

--- The client config for these options, in the shape vim.lsp.config() takes (Neovim 0.11+).
--- Also the table `lsp/routelink.lua` returns.
function M.config(opts)
  opts = merged(opts)
  local cmd = M.cmd(opts)
  return {
    name = M.name,
    cmd = cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = opts.settings,
    settings = { routelink = opts.settings },
    handlers = { ['routelink/status'] = on_status },
    on_attach = on_attach_for(opts),
    on_exit = on_exit_for(cmd),
    capabilities = opts.capabilities,
  }
end

-- Root directory (0.7-0.10; 0.11 uses root_markers itself) ---------------------------

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

--- The root directory for a buffer: the first of `markers` found upward (in the order
--- of `markers`), else the file's own directory.
function M.find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and dirname(vim.fn.fnamemodify(name, ':p')) or vim.fn.getcwd()
  for _, marker in ipairs(markers or M.root_markers) do
    if vim.fs and vim.fs.find then
      local found = vim.fs.find(marker, { upward = true, path = start, limit = 1 })[1]
      if found then
        return dirname(found)
      end
    else
      -- Neovim 0.7: no vim.fs. `;` makes findfile()/finddir() search upward.
      local escaped = vim.fn.fnameescape(start)
      local found = vim.fn.findfile(marker, escaped .. ';')
      if found == '' then
        found = vim.fn.finddir(marker, escaped .. ';')
      end
      if found ~= '' then
        return dirname(vim.fn.fnamemodify(found, ':p'):gsub('/$', ''))
      end
    end
  end
  return start
end

-- Starting (0.7-0.10) ----------------------------------------------------------------

local legacy_clients = {} -- root_dir -> client id (0.7 only)

local function start_legacy(bufnr, opts)
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local config = M.config(opts)
  local problem = M.check_cmd(config.cmd)
  if problem then
    notify_once('cmd', problem, vim.log.levels.ERROR)
    return
  end
  config.root_dir = M.find_root(bufnr, opts.root_markers)
  config.filetypes = nil
  config.root_markers = nil
  if vim.lsp.start then
    return vim.lsp.start(config, {
      bufnr = bufnr,
      -- Like the default, but never a client that is shutting down (e.g. during a restart).
      reuse_client = function(client, conf)
        return client.name == conf.name and client.config.root_dir == conf.root_dir and not client_is_stopped(client)
      end,
    })
  end
  -- Neovim 0.7.
  config.workspace_folders = { { uri = vim.uri_from_fname(config.root_dir), name = config.root_dir } }
  local id = legacy_clients[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client_is_stopped(client) then
    id = vim.lsp.start_client(config)
    if not id then
      return
    end
    legacy_clients[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function attach_open_buffers(opts)
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      start_legacy(bufnr, opts)
    end
  end
end

-- Commands ---------------------------------------------------------------------------

local function need_client()
  local client = M.get_client()
  if not client then
    notify('the language server is not running in this buffer (try :RoutelinkRestart).', vim.log.levels.WARN)
  end
  return client
end

local function jump_to(location, client)
  if vim.lsp.util.show_document then
    vim.lsp.util.show_document(location, offset_encoding(client), { focus = true })
  else
    vim.lsp.util.jump_to_location(location, offset_encoding(client))
  end
end

local function locations_to_qf(title, locations, client)
  local items = vim.lsp.util.locations_to_items(locations, offset_encoding(client))
  vim.fn.setqflist({}, ' ', { title = title, items = items })
  vim.cmd('botright copen')
end

local function location_request(method, extra, title, empty_message)
  local client = need_client()
  if not client then
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local params = vim.lsp.util.make_position_params(0, offset_encoding(client))
  for k, v in pairs(extra) do
    params[k] = v
  end
  client_request(client, method, params, function(err, result)
    if err then
      notify(err.message or tostring(err), vim.log.levels.ERROR)
      return
    end
    local locations = result or {}
    if locations.uri or locations.targetUri then
      locations = { locations }
    end
    if #locations == 0 then
      notify(empty_message)
    elseif #locations == 1 and method == 'textDocument/definition' then
      jump_to(locations[1], client)
    else
      locations_to_qf(title, locations, client)
    end
  end, bufnr)
end

--- Jump to the handler of the call under the cursor (a quickfix list if several routes match).
function M.go_to_handler()
  location_request('textDocument/definition', {}, 'routelink: handlers', 'no handler found here. Put the cursor on an HTTP call.')
end

--- The calls that reach the route or handler under the cursor, in the quickfix list.
function M.show_callers()
  location_request(
    'textDocument/references',
    { context = { includeDeclaration = false } },
    'routelink: callers',
    'no callers found. Put the cursor on a route or its handler.'
  )
end

--- Pick a route (vim.ui.select) and jump to its handler.
function M.show_routes()
  local client = need_client()
  if not client then
    return
  end
  client_request(client, 'workspace/symbol', { query = '' }, function(err, result)
    if err then
      notify(err.message or tostring(err), vim.log.levels.ERROR)
      return
    end
    local symbols = result or {}
    local routes = vim.tbl_filter(function(s)
      return s.name:match('^%u+%s+/') ~= nil
    end, symbols)
    if #routes > 0 then
      symbols = routes
    end
    if #symbols == 0 then
      notify('no routes found in this workspace (yet).')
      return
    end
    table.sort(symbols, function(a, b)
      local pa, pb = a.name:gsub('^%S+%s+', ''), b.name:gsub('^%S+%s+', '')
      if pa ~= pb then
        return pa < pb
      end
      return a.name < b.name
    end)
    vim.ui.select(symbols, {
      prompt = string.format('routelink: %d routes', #symbols),
      format_item = function(s)
        local file = vim.fn.fnamemodify(vim.uri_to_fname(s.location.uri), ':~:.')
        local line = s.location.range and (':' .. (s.location.range.start.line + 1)) or ''
        return string.format('%-50s %s%s', s.name, file, line)
      end,
    }, function(choice)
      if not choice then
        return
      end
      local location = choice.location
      if not location.range then
        location = { uri = location.uri, range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } } }
      end
      jump_to(location, client)
    end)
  end, vim.api.nvim_get_current_buf())
end

local SEVERITY_TYPE = { error = 'E', warning = 'W', information = 'I', hint = 'N' }

local function root_path(root)
  if type(root) ~= 'string' then
    return vim.fn.getcwd()
  end
  if root:match('^file://') then
    return vim.uri_to_fname(root)
  end
  return vim.fn.fnamemodify(root, ':p')
end

--- Summary counts as a message, every diagnostic of the report in the quickfix list.
function M.show_report()
  local client = need_client()
  if not client then
    return
  end
  client_request(client, 'routelink/report', {}, function(err, report)
    if err then
      notify(err.message or tostring(err), vim.log.levels.ERROR)
      return
    end
    report = report or {}
    local s = report.summary or {}
    local items = {}
    for _, d in ipairs(report.diagnostics or {}) do
      local root = root_path((report.roots or {})[(d.root or 0) + 1])
      local file = d.file
      if file:sub(1, 1) ~= '/' and not file:match('^%a:[/\\]') then
        file = root:gsub('/$', '') .. '/' .. file
      end
      table.insert(items, {
        filename = file,
        lnum = d.line,
        col = d.column,
        end_lnum = d.end_line,
        end_col = d.end_column,
        type = SEVERITY_TYPE[d.severity] or 'W',
        text = string.format('%s: %s', d.code, d.message),
      })
    end
    vim.fn.setqflist({}, ' ', { title = 'routelink report', items = items })
    notify(string.format(
      '%d files, %d routes, %d calls (%d linked, %d unmatched), %d unused routes, %d problems (quickfix list)',
      s.files or 0, s.routes or 0, s.calls or 0, s.linked_calls or 0, s.unmatched_calls or 0,
      s.unused_routes or 0, #items
    ))
    if #items > 0 then
      vim.cmd('botright copen')
    end
  end, vim.api.nvim_get_current_buf())
end

local function wait_stopped(timeout_ms)
  vim.wait(timeout_ms, function()
    return #all_clients() == 0
  end, 50)
end

--- Stop every routelink client and start again for the open buffers.
function M.restart()
  local opts = opts_in_use or merged({})
  warned = {}
  if use_lsp_config then
    vim.lsp.enable(M.name, false)
    wait_stopped(3000)
    for _, client in ipairs(all_clients()) do
      client_stop(client, true)
    end
    local problem = M.check_cmd(M.cmd(opts))
    if problem then
      notify(problem, vim.log.levels.ERROR)
      return
    end
    vim.lsp.enable(M.name)
    return
  end
  for _, client in ipairs(all_clients()) do
    client_stop(client)
  end
  wait_stopped(3000)
  for _, client in ipairs(all_clients()) do
    client_stop(client, true)
  end
  legacy_clients = {}
  attach_open_buffers(opts)
end

local function define_commands()
  local function cmd(name, fn, desc)
    vim.api.nvim_create_user_command(name, function()
      fn()
    end, { desc = desc })
  end
  cmd('RoutelinkRoutes', M.show_routes, 'routelink: pick a route and go to its handler')
  cmd('RoutelinkReport', M.show_report, 'routelink: summary, and the diagnostics in the quickfix list')
  cmd('RoutelinkHandler', M.go_to_handler, 'routelink: go to the handler of the call under the cursor')
  cmd('RoutelinkCallers', M.show_callers, 'routelink: calls that reach the route under the cursor')
  cmd('RoutelinkRestart', M.restart, 'routelink: restart the language server')
  cmd('RoutelinkStatus', function()
    local text = M.statusline()
    notify(text ~= '' and text:gsub('^routelink: ', '') or 'no status from the server yet')
  end, 'routelink: index state and counts')
end

-- Setup ------------------------------------------------------------------------------

--- Configure and enable the routelink language server.
--- @param opts table|nil see M.defaults and README.md
--- @param force_legacy boolean|nil use the 0.8-0.10 code path even on 0.11+ (for tests)
function M.setup(opts, force_legacy)
  opts = merged(opts)
  opts_in_use = opts
  if opts.commands then
    define_commands()
  end

  use_lsp_config = has('0.11') and vim.lsp.config ~= nil and not force_legacy
  if use_lsp_config then
    vim.lsp.config(M.name, M.config(opts))
    local problem = M.check_cmd(M.cmd(opts))
    if problem then
      -- Say so on the first file routelink would serve, not at every start of Neovim.
      local group = vim.api.nvim_create_augroup('routelink', { clear = true })
      vim.api.nvim_create_autocmd('FileType', {
        group = group,
        pattern = opts.filetypes,
        once = true,
        callback = function()
          notify_once('cmd', problem, vim.log.levels.ERROR)
        end,
      })
      return
    end
    vim.lsp.enable(M.name)
    return
  end

  local group = vim.api.nvim_create_augroup('routelink', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      start_legacy(args.buf, opts)
    end,
  })
  -- Buffers that were already open when setup() ran.
  if vim.v.vim_did_enter == 1 then
    attach_open_buffers(opts)
  end
end

return M
