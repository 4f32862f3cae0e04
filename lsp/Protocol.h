// The LSP 3.17 messages Stitch speaks, as plain structs, and their JSON forms. Incoming params
// are validated here and only here: `FromJson` returns false with a message naming the bad
// field, and the dispatcher answers InvalidParams. Positions are the protocol's: 0-based lines
// and UTF-16 code units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stitch::lsp {

using Json = nlohmann::json;

// JSON-RPC 2.0 and LSP error codes.
enum class ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;  // UTF-16 code units
  bool operator==(const Position&) const = default;
};

struct Range {
  Position start;
  Position end;
  bool operator==(const Range&) const = default;
};

struct Location {
  std::string uri;
  Range range;
};

// ---- Incoming params ---------------------------------------------------------------------

struct InitializeParams {
  std::optional<std::string> root_uri;  // rootUri, else the first workspace folder
  std::optional<std::string> root_path;  // the deprecated rootPath
  bool snippet_support = false;  // textDocument.completion.completionItem.snippetSupport
};

struct DidOpenParams {
  std::string uri;
  std::string language_id;
  int64_t version = 0;
  std::string text;
};

struct ContentChange {
  std::optional<Range> range;  // none: the whole text is replaced
  std::string text;
};

struct DidChangeParams {
  std::string uri;
  int64_t version = 0;
  std::vector<ContentChange> changes;
};

struct DocumentParams {  // didClose, didSave, documentSymbol, formatting, semanticTokens/full
  std::string uri;
};

struct PositionParams {  // hover, completion, definition, references
  std::string uri;
  Position position;
  bool include_declaration = false;  // references only
};

struct CodeActionParams {
  std::string uri;
  Range range;
};

bool FromJson(const Json& json, InitializeParams& out, std::string& error);
bool FromJson(const Json& json, DidOpenParams& out, std::string& error);
bool FromJson(const Json& json, DidChangeParams& out, std::string& error);
bool FromJson(const Json& json, DocumentParams& out, std::string& error);
bool FromJson(const Json& json, PositionParams& out, std::string& error);
bool FromJson(const Json& json, CodeActionParams& out, std::string& error);

// ---- Outgoing results --------------------------------------------------------------------

struct RelatedInformation {
  Location location;
  std::string message;
};

struct Diagnostic {
  Range range;
  int severity = 1;  // 1 error, 2 warning, 3 information
  std::string code;  // "E0201"
  std::string message;
  std::vector<RelatedInformation> related;
};

struct PublishDiagnosticsParams {
  std::string uri;
  std::optional<int64_t> version;
  std::vector<Diagnostic> diagnostics;
};

struct Hover {
  std::string markdown;
  Range range;
};

enum class CompletionKind : int {
  kFunction = 3, kVariable = 6, kClass = 7, kProperty = 10, kUnit = 11, kValue = 12,
  kKeyword = 14, kSnippet = 15, kEnumMember = 20, kConstant = 21, kEvent = 23,
};

struct TextEdit {
  Range range;
  std::string new_text;
};

struct CompletionItem {
  std::string label;
  CompletionKind kind = CompletionKind::kKeyword;
  std::string detail;
  std::string documentation;  // markdown; may be empty
  std::string sort_text;
  TextEdit edit;              // replaces the word typed so far
  bool snippet = false;       // `edit.new_text` uses snippet syntax ($1, $0)
};

enum class SymbolKind : int {
  kClass = 5, kProperty = 7, kField = 8, kFunction = 12, kVariable = 13, kConstant = 14,
  kObject = 19, kEvent = 24,
};

struct DocumentSymbol {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::kObject;
  Range range;
  Range selection_range;
  std::vector<DocumentSymbol> children;
};

struct CodeAction {
  std::string title;
  std::string kind;  // "quickfix"
  std::vector<Diagnostic> diagnostics;
  bool preferred = false;
  std::string uri;
  std::vector<TextEdit> edits;  // all in `uri`
};

Json ToJson(const Position& position);
Json ToJson(const Range& range);
Json ToJson(const Location& location);
Json ToJson(const Diagnostic& diagnostic);
Json ToJson(const PublishDiagnosticsParams& params);
Json ToJson(const Hover& hover);
Json ToJson(const CompletionItem& item);
Json ToJson(const DocumentSymbol& symbol);
Json ToJson(const TextEdit& edit);
Json ToJson(const CodeAction& action);

}  // namespace stitch::lsp
