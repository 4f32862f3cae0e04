#include "lsp/LanguageServer.h"

#include <exception>

#include "lsp/CodeActions.h"
#include "lsp/Completion.h"
#include "lsp/Diagnostics.h"
#include "lsp/DocumentSymbols.h"
#include "lsp/Formatting.h"
#include "lsp/Hover.h"
#include "lsp/SemanticTokens.h"
#include "lsp/Uri.h"
#include "lsp/Utf16.h"
#include "lsp/XRefs.h"

namespace stitch::lsp {
namespace {

Json Locations(const std::vector<SourceLocation>& locations) {
  Json out = Json::array();
  for (const auto& l : locations) {
    out.push_back(ToJson(Location{l.document->uri, ToRange(*l.document->source, l.range)}));
  }
  return out;
}

lsp::DocumentSymbol ToSymbol(const SourceFile& file, const OutlineItem& item) {
  lsp::DocumentSymbol symbol{item.name, item.detail, item.kind, ToRange(file, item.range),
                             ToRange(file, item.selection), {}};
  for (const auto& child : item.children) symbol.children.push_back(ToSymbol(file, child));
  return symbol;
}

Json Capabilities() {
  Json types = Json::array(), modifiers = Json::array();
  for (auto name : TokenTypeNames()) types.push_back(std::string(name));
  for (auto name : TokenModifierNames()) modifiers.push_back(std::string(name));
  return {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"completionProvider", {{"triggerCharacters", {"\""}}, {"resolveProvider", false}}},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"semanticTokensProvider",
       {{"legend", {{"tokenTypes", types}, {"tokenModifiers", modifiers}}}, {"full", true}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
  };
}

// A request id must be an integer or a string (JSON-RPC 2.0 also allows null, which LSP does not use).
bool ValidId(const Json& id) { return id.is_number_integer() || id.is_string(); }

}  // namespace

LanguageServer::LanguageServer(Sink send, LanguageServerOptions options)
    : send_(std::move(send)), options_(std::move(options)) {}

void LanguageServer::SendError(const Json& id, ErrorCode code, const std::string& message) {
  send_({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}});
}

void LanguageServer::Log(int type, const std::string& message) {
  send_({{"jsonrpc", "2.0"}, {"method", "window/logMessage"}, {"params", {{"type", type}, {"message", message}}}});
}

void LanguageServer::HandleBadHeader() {
  SendError(nullptr, ErrorCode::kParseError, "invalid message header: expected `Content-Length: N`");
}

void LanguageServer::HandleMessage(std::string_view body) {
  Json message = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    SendError(nullptr, ErrorCode::kParseError, "the message is not valid JSON");
    return;
  }
  try {
    Dispatch(message);
  } catch (const std::exception& e) {
    // Dispatch answers requests itself; this is the last line of defence (e.g. bad_alloc).
    Log(1, std::string("internal error: ") + e.what());
  } catch (...) {
    Log(1, "internal error");
  }
}

void LanguageServer::Dispatch(const Json& message) {
  if (message.is_array()) {
    SendError(nullptr, ErrorCode::kInvalidRequest, "batches are not supported; send one JSON object per message");
    return;
  }
  if (!message.is_object()) {
    SendError(nullptr, ErrorCode::kInvalidRequest, "a message must be a JSON object");
    return;
  }
  auto id_it = message.find("id");
  bool has_id = id_it != message.end();
  Json id = has_id && ValidId(*id_it) ? *id_it : Json(nullptr);
  auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    SendError(id, ErrorCode::kInvalidRequest, "`jsonrpc` must be \"2.0\"");
    return;
  }
  auto method_it = message.find("method");
  if (method_it == message.end()) {
    // A response to a request of ours (we send none that need an answer): ignored.
    if (has_id && (message.contains("result") || message.contains("error"))) return;
    SendError(id, ErrorCode::kInvalidRequest, "a message needs a `method`");
    return;
  }
  if (!method_it->is_string()) {
    SendError(id, ErrorCode::kInvalidRequest, "`method` must be a string");
    return;
  }
  if (has_id && !ValidId(*id_it)) {
    SendError(nullptr, ErrorCode::kInvalidRequest, "`id` must be an integer or a string");
    return;
  }
  const std::string& method = method_it->get_ref<const std::string&>();
  auto params_it = message.find("params");
  Json params = params_it == message.end() ? Json(nullptr) : *params_it;
  if (!params.is_null() && !params.is_object() && !params.is_array()) {
    if (has_id) SendError(id, ErrorCode::kInvalidRequest, "`params` must be an object or an array");
    return;
  }

  if (!has_id) {
    try {
      HandleNotification(method, params);
    } catch (const std::exception& e) {
      Log(1, "internal error in `" + method + "`: " + e.what());
    }
    return;
  }
  Reply reply;
  try {
    reply = HandleRequest(method, params);
  } catch (const std::exception& e) {
    reply = Reply::Fail(ErrorCode::kInternalError, "internal error in `" + method + "`: " + e.what());
  }
  if (reply.error) {
    SendError(id, reply.error->code, reply.error->message);
  } else {
    send_({{"jsonrpc", "2.0"}, {"id", id}, {"result", reply.result}});
  }
}

LanguageServer::Reply LanguageServer::HandleRequest(const std::string& method, const Json& params) {
  if (method == "initialize") {
    if (state_ != State::kUninitialized) return Reply::Fail(ErrorCode::kInvalidRequest, "the server is already initialized");
    return Initialize(params);
  }
  if (state_ == State::kUninitialized) {
    return Reply::Fail(ErrorCode::kServerNotInitialized, "the server is not initialized; send `initialize` first");
  }
  if (state_ == State::kShutDown) {
    return Reply::Fail(ErrorCode::kInvalidRequest, "the server is shut down; only `exit` is accepted");
  }
  if (method == "shutdown") {
    state_ = State::kShutDown;
    return {Json(nullptr), std::nullopt};
  }
  if (method == "textDocument/hover") return Hover(params);
  if (method == "textDocument/completion") return Completion(params);
  if (method == "textDocument/definition") return Definition(params);
  if (method == "textDocument/references") return References(params);
  if (method == "textDocument/documentSymbol") return DocumentSymbols(params);
  if (method == "textDocument/formatting") return Formatting(params);
  if (method == "textDocument/semanticTokens/full") return SemanticTokens(params);
  if (method == "textDocument/codeAction") return CodeActions(params);
  return Reply::Fail(ErrorCode::kMethodNotFound, "unknown method `" + method + "`");
}

void LanguageServer::HandleNotification(const std::string& method, const Json& params) {
  if (method == "exit") {
    exit_requested_ = true;
    return;
  }
  // Before `initialize` notifications are dropped, and after `shutdown` everything but `exit`.
  if (state_ != State::kRunning) return;
  if (method == "textDocument/didOpen") return DidOpen(params);
  if (method == "textDocument/didChange") return DidChange(params);
  if (method == "textDocument/didClose") return DidClose(params);
  if (method == "textDocument/didSave") return DidSave(params);
  if (method == "workspace/didChangeWatchedFiles") return server_.RescanManifests();
  // `initialized`, `$/cancelRequest`, `$/setTrace` and unknown notifications: nothing to do.
}

LanguageServer::Reply LanguageServer::Initialize(const Json& params) {
  InitializeParams p;
  std::string error;
  if (!FromJson(params, p, error)) return Reply::Fail(ErrorCode::kInvalidParams, error);
  snippet_support_ = p.snippet_support;
  if (p.root_uri) {
    server_.SetWorkspaceRoot(UriToPath(*p.root_uri));
  } else if (p.root_path) {
    server_.SetWorkspaceRoot(*p.root_path);
  }
  state_ = State::kRunning;
  Json info = {{"name", "stitch"}};
  if (!options_.version.empty()) info["version"] = options_.version;
  return {{{"capabilities", Capabilities()}, {"serverInfo", info}}, std::nullopt};
}

const Document* LanguageServer::Require(const std::string& uri, Reply& reply) const {
  const Document* document = server_.Find(uri);
  if (!document) reply = Reply::Fail(ErrorCode::kInvalidParams, "document `" + uri + "` is not open");
  return document;
}

// Parses params of type T into `p`, or returns the InvalidParams reply from the enclosing handler.
#define STITCH_PARAMS(T, p)                                                  \
  T p;                                                                       \
  if (std::string error; !FromJson(params, p, error)) {                      \
    return Reply::Fail(ErrorCode::kInvalidParams, error);                    \
  }
#define STITCH_DOCUMENT(document, uri)                                       \
  Reply reply;                                                               \
  const Document* document = Require(uri, reply);                            \
  if (!document) return reply;

LanguageServer::Reply LanguageServer::Hover(const Json& params) {
  STITCH_PARAMS(PositionParams, p);
  STITCH_DOCUMENT(document, p.uri);
  std::optional<HoverInfo> hover = HoverAt(*document, ToOffset(*document->source, p.position));
  if (!hover) return {Json(nullptr), std::nullopt};
  return {ToJson(lsp::Hover{hover->markdown, ToRange(*document->source, hover->range)}), std::nullopt};
}

LanguageServer::Reply LanguageServer::Completion(const Json& params) {
  STITCH_PARAMS(PositionParams, p);
  STITCH_DOCUMENT(document, p.uri);
  Json items = Json::array();
  const SourceFile& file = *document->source;
  for (const auto& c : CompleteAt(*document, ToOffset(file, p.position), server_.manifests())) {
    bool snippet = snippet_support_ && !c.snippet.empty();
    lsp::CompletionItem item{c.label, c.kind, c.detail, c.documentation, "",
                             {ToRange(file, c.replace), snippet ? c.snippet : c.insert}, snippet};
    items.push_back(ToJson(item));
  }
  return {{{"isIncomplete", false}, {"items", std::move(items)}}, std::nullopt};
}

LanguageServer::Reply LanguageServer::Definition(const Json& params) {
  STITCH_PARAMS(PositionParams, p);
  STITCH_DOCUMENT(document, p.uri);
  return {Locations(DefinitionAt(server_, *document, ToOffset(*document->source, p.position))), std::nullopt};
}

LanguageServer::Reply LanguageServer::References(const Json& params) {
  STITCH_PARAMS(PositionParams, p);
  STITCH_DOCUMENT(document, p.uri);
  uint32_t offset = ToOffset(*document->source, p.position);
  return {Locations(ReferencesAt(server_, *document, offset, p.include_declaration)), std::nullopt};
}

LanguageServer::Reply LanguageServer::DocumentSymbols(const Json& params) {
  STITCH_PARAMS(DocumentParams, p);
  STITCH_DOCUMENT(document, p.uri);
  Json symbols = Json::array();
  for (const auto& item : OutlineOf(*document)) symbols.push_back(ToJson(ToSymbol(*document->source, item)));
  return {symbols, std::nullopt};
}

LanguageServer::Reply LanguageServer::Formatting(const Json& params) {
  STITCH_PARAMS(DocumentParams, p);
  STITCH_DOCUMENT(document, p.uri);
  Json edits = Json::array();
  std::optional<std::string> formatted = FormatDocument(*document);
  const SourceFile& file = *document->source;
  if (formatted && *formatted != file.text()) {
    SourceRange all{0, static_cast<uint32_t>(file.text().size())};
    edits.push_back(ToJson(TextEdit{ToRange(file, all), *formatted}));
  }
  return {edits, std::nullopt};
}

LanguageServer::Reply LanguageServer::SemanticTokens(const Json& params) {
  STITCH_PARAMS(DocumentParams, p);
  STITCH_DOCUMENT(document, p.uri);
  return {{{"data", EncodeSemanticTokens(*document->source, SemanticTokensOf(*document))}}, std::nullopt};
}

LanguageServer::Reply LanguageServer::CodeActions(const Json& params) {
  STITCH_PARAMS(CodeActionParams, p);
  STITCH_DOCUMENT(document, p.uri);
  const SourceFile& file = *document->source;
  Json actions = Json::array();
  for (const QuickFix& fix : QuickFixesIn(*document, ToSourceRange(file, p.range))) {
    lsp::CodeAction action{fix.fix.message, "quickfix", {ToLspDiagnostic(*document, *fix.diagnostic)}, true,
                           document->uri, {TextEdit{ToRange(file, fix.fix.range), fix.fix.replacement}}};
    actions.push_back(ToJson(action));
  }
  return {actions, std::nullopt};
}

void LanguageServer::PublishDiagnostics(const Document& document) {
  send_({{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", ToJson(DiagnosticsFor(document))}});
}

void LanguageServer::DidOpen(const Json& params) {
  DidOpenParams p;
  if (std::string error; !FromJson(params, p, error)) return Log(1, "textDocument/didOpen: " + error);
  PublishDiagnostics(server_.Open(p.uri, std::move(p.text), p.version));
}

void LanguageServer::DidChange(const Json& params) {
  DidChangeParams p;
  if (std::string error; !FromJson(params, p, error)) return Log(1, "textDocument/didChange: " + error);
  if (!server_.Find(p.uri)) return Log(2, "textDocument/didChange: document `" + p.uri + "` is not open");
  for (const ContentChange& change : p.changes) {
    // Each range is in the text the previous change left, so convert one change at a time.
    const Document* document = server_.Find(p.uri);
    ByteEdit edit{std::nullopt, change.text};
    if (change.range) edit.range = ToSourceRange(*document->source, *change.range);
    server_.Edit(p.uri, edit);
  }
  PublishDiagnostics(*server_.Update(p.uri, p.version));
}

void LanguageServer::DidClose(const Json& params) {
  DocumentParams p;
  if (std::string error; !FromJson(params, p, error)) return Log(1, "textDocument/didClose: " + error);
  if (!server_.Close(p.uri)) return Log(2, "textDocument/didClose: document `" + p.uri + "` is not open");
  send_({{"jsonrpc", "2.0"},
         {"method", "textDocument/publishDiagnostics"},
         {"params", {{"uri", p.uri}, {"diagnostics", Json::array()}}}});
}

void LanguageServer::DidSave(const Json& params) {
  DocumentParams p;
  if (std::string error; !FromJson(params, p, error)) return Log(1, "textDocument/didSave: " + error);
  const Document* document = server_.Find(p.uri);
  if (!document) return Log(2, "textDocument/didSave: document `" + p.uri + "` is not open");
  PublishDiagnostics(*server_.Update(p.uri, document->version));
}

int RunLanguageServer(Transport& transport, LanguageServerOptions options) {
  LanguageServer server([&](const Json& message) { transport.Write(message.dump(-1, ' ', false, Json::error_handler_t::replace)); }, std::move(options));
  std::string body;
  while (!server.exit_requested()) {
    ReadStatus status = transport.Read(body);
    if (status == ReadStatus::kEnd) break;
    if (status == ReadStatus::kBadHeader) {
      server.HandleBadHeader();
      continue;
    }
    server.HandleMessage(body);
  }
  return server.exit_code();
}

}  // namespace stitch::lsp
