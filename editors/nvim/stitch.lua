-- Stitch's language server in Neovim 0.7 or later, without plugins.
--
--   Put this file on your runtimepath as lua/stitch.lua, then in init.lua:
--     require('stitch').setup()                       -- `stitch` on $PATH
--     require('stitch').setup({ cmd = { '/path/to/stitch', 'lsp' } })
--
-- `.policy` files get the `stitch` filetype; one server runs per workspace root (the nearest
-- directory with `.git`, else the file's directory, or `root_dir` when given as a string or a
-- function of the buffer number). Diagnostics, hover (K via vim.lsp.buf.hover), completion
-- (vim.lsp.omnifunc), go to definition, references, formatting and code actions then work.
local M = {}

local function root_for(bufnr, opts)
  if type(opts.root_dir) == 'string' then return opts.root_dir end
  if type(opts.root_dir) == 'function' then return opts.root_dir(bufnr) end
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then return vim.fn.fnamemodify(git, ':p:h:h') end
  return dir
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'stitch', 'lsp' }
  local clients = {} -- workspace root -> client id
  local group = vim.api.nvim_create_augroup('stitch_lsp', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.policy',
    callback = function() vim.bo.filetype = 'stitch' end,
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'stitch',
    callback = function(args)
      vim.bo[args.buf].commentstring = '// %s'
      vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
      local root = root_for(args.buf, opts)
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({ name = 'stitch', cmd = cmd, root_dir = root })
        clients[root] = id
      end
      if id then vim.lsp.buf_attach_client(args.buf, id) end
    end,
  })
end

return M
