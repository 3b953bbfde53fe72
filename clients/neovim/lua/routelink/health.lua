-- :checkhealth routelink
local M = {}

local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local report_error = health.error or health.report_error
local info = health.info or health.report_info

function M.check()
  local routelink = require('routelink')
  start('routelink')
  local v = vim.version()
  local version = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. version .. ': vim.lsp.config() / vim.lsp.enable()')
  elseif vim.fn.has('nvim-0.8') == 1 then
    ok('Neovim ' .. version .. ': vim.lsp.start() from a FileType autocmd')
  else
    ok('Neovim ' .. version .. ': vim.lsp.start_client() from a FileType autocmd')
  end

  local cmd = routelink.cmd(routelink.options())
  local client = routelink.get_client()
  if client and client.config and client.config.cmd then
    cmd = client.config.cmd
  end
  if type(cmd) ~= 'table' then
    info('cmd is a function; not checked')
  else
    local problem = routelink.check_cmd(cmd)
    if problem then
      report_error(problem)
    else
      ok('server command: ' .. table.concat(cmd, ' ') .. ' (' .. vim.fn.exepath(cmd[1]) .. ')')
      local version_cmd = { cmd[1], '--version' }
      if routelink.is_python_cmd(cmd) then
        version_cmd = { cmd[1], '-c', routelink.python_launcher, '--version' }
      end
      local out = vim.fn.system(version_cmd)
      if vim.v.shell_error == 0 then
        ok('`' .. table.concat(version_cmd, ' ') .. '`: ' .. vim.trim(out))
      else
        report_error('`' .. table.concat(version_cmd, ' ') .. '` failed: ' .. vim.trim(out), {
          'from a routelink checkout: pip install ./routelink (in the Python environment of this command)',
        })
      end
    end
  end

  if client then
    ok(string.format('client %d running, root: %s', client.id, tostring(client.config.root_dir)))
  else
    warn('no routelink client is attached to the current buffer')
  end
  local status = routelink.statusline()
  if status ~= '' then
    ok(status)
  end
end

return M
