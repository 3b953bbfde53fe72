-- Drives `routelink serve` from a real Neovim (0.7+), headless:
--
--   ROUTELINK_WS=<workspace copy> ROUTELINK_CMD='["python","-m","routelink","serve"]' \
--   ROUTELINK_OUT=<result.json> nvim --headless -u NONE -i NONE -n -c "luafile nvim_client.lua"
--
-- It starts the server with vim.lsp.start_client, opens frontend files, and writes what
-- Neovim itself holds as JSON to ROUTELINK_OUT: the diagnostics (vim.diagnostic.get),
-- where go-to-definition on a call lands (after vim.lsp.util.jump_to_location), the
-- references of that handler, and the diagnostics after a quick fix's edit is applied
-- with vim.lsp.util.apply_workspace_edit (Neovim sends the didChange itself).
-- Every step is bounded with vim.wait; a failure is recorded in "errors" and Neovim
-- still exits (the pytest test reports it).

local ws = os.getenv('ROUTELINK_WS')
local out_path = os.getenv('ROUTELINK_OUT')
local TIMEOUT = 20000

local out = { errors = {}, steps = {} }

local function write_out()
  local f = io.open(out_path or 'routelink-nvim.json', 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
end

if not (ws and out_path and os.getenv('ROUTELINK_CMD')) then
  table.insert(out.errors, 'set ROUTELINK_WS, ROUTELINK_CMD and ROUTELINK_OUT')
  write_out()
  vim.cmd('cquit 2')
end
local cmd = vim.fn.json_decode(os.getenv('ROUTELINK_CMD'))

local function fail(msg)
  table.insert(out.errors, msg)
end

local started = vim.loop.hrtime()
local function step(name)
  table.insert(out.steps, name)
  out.timings = out.timings or {}
  out.timings[name] = (vim.loop.hrtime() - started) / 1e9
end

local function uri_of(rel)
  return vim.uri_from_fname(ws .. '/' .. rel)
end

-- diagnostics as Neovim holds them, 0-based like the LSP, columns as byte offsets
local function diagnostics(bufnr)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(items, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, severity = d.severity, message = d.message, source = d.source,
      href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription
        and d.user_data.lsp.codeDescription.href or vim.NIL,
    })
  end
  table.sort(items, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return items
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not responses then
    fail(method .. ': ' .. tostring(err))
    return nil
  end
  for _, response in pairs(responses) do
    if response.error then
      fail(method .. ': ' .. vim.inspect(response.error))
    end
    return response.result
  end
  return nil
end

local client_id = vim.lsp.start_client({
  name = 'routelink',
  cmd = cmd,
  root_dir = ws,
  workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'express-react' } },
  on_exit = function(code, signal)
    out.server_exit = { code = code, signal = signal }
  end,
})
if not client_id then
  fail('vim.lsp.start_client failed')
  write_out()
  vim.cmd('cquit 2')
end

local function open(rel, filetype)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. rel))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = filetype
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

local ok, problem = xpcall(function()
  -- 1. diagnostics of a frontend file, as vim.diagnostic holds them
  local orders = open('frontend/src/pages/OrdersPage.tsx', 'typescriptreact')
  step('opened')
  if not vim.wait(TIMEOUT, function() return #vim.diagnostic.get(orders) >= 2 end, 20) then
    fail('no diagnostics in OrdersPage.tsx')
  end
  out.client_name = vim.lsp.get_client_by_id(client_id).name
  out.diagnostics = diagnostics(orders)
  step('diagnostics')

  -- 2. definition on a call: http.get<Order[]>('/orders') on line 10
  local line = vim.fn.search([[http.get<Order\[\]>('/orders')]], 'n') - 1
  local col = vim.fn.stridx(vim.api.nvim_buf_get_lines(orders, line, line + 1, false)[1], "'/orders'") + 1
  out.definition_from = { line = line, character = col }
  local result = request(orders, 'textDocument/definition', {
    textDocument = { uri = vim.uri_from_bufnr(orders) },
    position = { line = line, character = col },
  })
  out.definition = result or vim.NIL
  if result and result[1] then
    -- jump as gd would, and report where Neovim's cursor is
    vim.lsp.util.jump_to_location(result[1], 'utf-16')
    local cursor = vim.api.nvim_win_get_cursor(0)
    out.landed = {
      file = vim.api.nvim_buf_get_name(0),
      line = cursor[1],             -- 1-based, as Neovim shows it
      text = vim.api.nvim_get_current_line(),
    }
    -- 3. references on that handler, from the backend buffer
    local backend = vim.api.nvim_get_current_buf()
    vim.bo[backend].filetype = 'typescript'
    vim.lsp.buf_attach_client(backend, client_id)
    local refs = request(backend, 'textDocument/references', {
      textDocument = { uri = vim.uri_from_bufnr(backend) },
      position = { line = cursor[1] - 1, character = cursor[2] },
      context = { includeDeclaration = false },
    })
    out.references = refs or vim.NIL
  else
    fail('definition returned nothing')
  end
  step('navigation')

  -- 4. the method-mismatch quick fix, applied by Neovim to the buffer
  vim.cmd('buffer ' .. orders)
  local mismatch = has_code(orders, 'method-mismatch')
  if not mismatch then
    fail('no method-mismatch diagnostic')
  else
    local lsp_diag = {
      range = {
        start = { line = mismatch.lnum, character = mismatch.col },
        ['end'] = { line = mismatch.end_lnum, character = mismatch.end_col },
      },
      message = mismatch.message, code = mismatch.code, severity = mismatch.severity,
      source = mismatch.source,
    }
    local actions = request(orders, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(orders) },
      range = lsp_diag.range,
      context = { diagnostics = { lsp_diag } },
    }) or {}
    out.code_actions = {}
    local fix
    for _, action in ipairs(actions) do
      table.insert(out.code_actions, action.title)
      if action.kind == 'quickfix' and action.edit and not fix then
        fix = action
      end
    end
    if fix then
      vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
      out.fixed_line = vim.api.nvim_buf_get_lines(orders, mismatch.lnum, mismatch.lnum + 1, false)[1]
      out.fix_cleared = vim.wait(TIMEOUT, function()
        return has_code(orders, 'method-mismatch') == nil
      end, 20)
      out.diagnostics_after_fix = diagnostics(orders)
    else
      fail('no quick fix offered: ' .. vim.inspect(out.code_actions))
    end
  end
  step('quickfix')

  -- 5. the duplicate-prefix quick fix in another file
  local users = open('frontend/src/pages/UsersPage.tsx', 'typescriptreact')
  if not vim.wait(TIMEOUT, function() return has_code(users, 'duplicate-prefix') ~= nil end, 20) then
    fail('no duplicate-prefix diagnostic in UsersPage.tsx')
  else
    local dup = has_code(users, 'duplicate-prefix')
    local range = {
      start = { line = dup.lnum, character = dup.col },
      ['end'] = { line = dup.end_lnum, character = dup.end_col },
    }
    local actions = request(users, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(users) },
      range = range,
      context = { diagnostics = { { range = range, message = dup.message, code = dup.code } } },
    }) or {}
    for _, action in ipairs(actions) do
      if action.kind == 'quickfix' and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        out.prefix_fixed_line = vim.api.nvim_buf_get_lines(users, dup.lnum, dup.lnum + 1, false)[1]
        out.prefix_cleared = vim.wait(TIMEOUT, function()
          return #vim.diagnostic.get(users) == 0
        end, 20)
        break
      end
    end
  end
  step('prefix')
end, debug.traceback)
if not ok then
  fail('lua error: ' .. tostring(problem))
end

-- stop the server cleanly (shutdown + exit) and record how it ended
vim.lsp.stop_client(client_id)
out.server_stopped = vim.wait(10000, function() return out.server_exit ~= nil end, 20)
step('stopped')
write_out()
vim.cmd('qa!')
