-- The tiny init.lua used for the Neovim captures in this folder (Neovim 0.7+):
--   cd examples/express-react && nvim -u path/to/nvim-init.lua frontend/src/pages/OrdersPage.tsx
-- It starts `routelink serve` (which must be on PATH) for JS/TS buffers, rooted at the
-- current directory. For real use, see clients/neovim/ and docs/editors/neovim.md.
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'I'

local root = vim.fn.getcwd()
local client_id

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact' },
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'routelink',
      cmd = { 'routelink', 'serve' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
