-- The real-client test (tests/lsp/nvim_test.cpp): headless Neovim with Stitch's editor set-up
-- (editors/nvim/stitch.lua) opens a policy file with an error, waits (bounded) for the
-- diagnostics `stitch lsp` publishes, asks for hover and completion, writes everything as JSON
-- to $STITCH_NVIM_OUT and quits. Every wait has a deadline; nothing depends on timing otherwise.
local out_path = assert(os.getenv('STITCH_NVIM_OUT'))
local root = assert(os.getenv('STITCH_NVIM_ROOT'))
local stitch = assert(os.getenv('STITCH_BINARY'))
local timeout_ms = 20000

dofile(root .. '/editors/nvim/stitch.lua').setup({
  cmd = { stitch, 'lsp' },
  root_dir = root .. '/tests/lsp/workspace',
})

local function finish(result)
  local file = assert(io.open(out_path, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

-- The first response of the one client, or an error text.
local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, timeout_ms)
  if not responses then return { error = tostring(err) } end
  for _, response in pairs(responses) do
    if response.err then return { error = vim.inspect(response.err) } end
    return { result = response.result }
  end
  return { error = 'no response' }
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local result = { filetype = vim.bo[buf].filetype }
  local attached = vim.wait(timeout_ms, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 20)
  result.attached = attached
  local got = vim.wait(timeout_ms, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  result.diagnostics_arrived = got
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, severity = d.severity, message = d.message, source = d.source,
    })
  end
  local uri = vim.uri_from_bufnr(buf)
  -- Hover on `latency` (line 4, 0-based 3) and completion inside `"checkout"` after `"ch`.
  result.hover = request(buf, 'textDocument/hover', {
    textDocument = { uri = uri }, position = { line = 3, character = 12 },
  })
  result.completion = request(buf, 'textDocument/completion', {
    textDocument = { uri = uri }, position = { line = 2, character = 20 },
  })
  finish(result)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then finish({ error = tostring(err) }) end
  end,
})
