-- Neovim 0.11+ finds this file on 'runtimepath' (lsp/<name>.lua), so with this plugin
-- installed `vim.lsp.enable('routelink')` is enough. Override fields with
-- vim.lsp.config('routelink', { ... }) or use require('routelink').setup({ ... }).
return require('routelink').config()
