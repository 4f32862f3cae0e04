#include "lsp/Protocol.h"

#include <limits>

namespace stitch::lsp {
namespace {

// Field readers: false (with `error` naming the field) when the field is missing or of the
// wrong JSON type. No nlohmann accessor that can throw is used on untrusted input.
const Json* Field(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

bool Fail(std::string& error, const std::string& path, const char* what) {
  error = "`" + path + "` " + what;
  return false;
}

bool ReadString(const Json& object, const char* key, const std::string& path, std::string& out,
                std::string& error) {
  const Json* field = Field(object, key);
  if (!field || !field->is_string()) return Fail(error, path + key, "must be a string");
  out = field->get_ref<const std::string&>();
  return true;
}

bool ReadUint(const Json& object, const char* key, const std::string& path, uint32_t& out,
              std::string& error) {
  const Json* field = Field(object, key);
  if (!field || !field->is_number_integer()) return Fail(error, path + key, "must be an integer");
  if (field->is_number_unsigned()) {
    uint64_t value = field->get<uint64_t>();
    if (value > std::numeric_limits<int32_t>::max()) return Fail(error, path + key, "is out of range");
    out = static_cast<uint32_t>(value);
    return true;
  }
  int64_t value = field->get<int64_t>();
  if (value < 0 || value > std::numeric_limits<int32_t>::max()) {
    return Fail(error, path + key, "is out of range");
  }
  out = static_cast<uint32_t>(value);
  return true;
}

bool ReadInt(const Json& object, const char* key, const std::string& path, int64_t& out,
             std::string& error) {
  const Json* field = Field(object, key);
  if (!field || !field->is_number_integer()) return Fail(error, path + key, "must be an integer");
  if (field->is_number_unsigned() && field->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
    return Fail(error, path + key, "is out of range");
  }
  out = field->get<int64_t>();
  return true;
}

bool ReadObject(const Json& object, const char* key, const std::string& path, const Json*& out,
                std::string& error) {
  out = Field(object, key);
  if (!out || !out->is_object()) return Fail(error, path + key, "must be an object");
  return true;
}

bool ReadPosition(const Json& object, const char* key, const std::string& path, Position& out,
                  std::string& error) {
  const Json* position;
  std::string inner = path + key + ".";
  return ReadObject(object, key, path, position, error) &&
         ReadUint(*position, "line", inner, out.line, error) &&
         ReadUint(*position, "character", inner, out.character, error);
}

bool ReadRange(const Json& object, const char* key, const std::string& path, Range& out,
               std::string& error) {
  const Json* range;
  std::string inner = path + key + ".";
  return ReadObject(object, key, path, range, error) &&
         ReadPosition(*range, "start", inner, out.start, error) &&
         ReadPosition(*range, "end", inner, out.end, error);
}

bool ReadDocumentUri(const Json& params, std::string& uri, std::string& error) {
  const Json* document;
  return ReadObject(params, "textDocument", "", document, error) &&
         ReadString(*document, "uri", "textDocument.", uri, error);
}

bool RequireObject(const Json& params, std::string& error) {
  if (params.is_object()) return true;
  error = "`params` must be an object";
  return false;
}

}  // namespace

bool FromJson(const Json& json, InitializeParams& out, std::string& error) {
  if (!RequireObject(json, error)) return false;
  if (const Json* uri = Field(json, "rootUri"); uri && uri->is_string()) {
    out.root_uri = uri->get<std::string>();
  } else if (const Json* folders = Field(json, "workspaceFolders"); folders && folders->is_array() &&
                                                                     !folders->empty()) {
    if (const Json* first = Field((*folders)[0], "uri"); first && first->is_string()) {
      out.root_uri = first->get<std::string>();
    }
  }
  if (const Json* path = Field(json, "rootPath"); path && path->is_string()) {
    out.root_path = path->get<std::string>();
  }
  const Json* capabilities = Field(json, "capabilities");
  const Json* document = capabilities ? Field(*capabilities, "textDocument") : nullptr;
  const Json* completion = document ? Field(*document, "completion") : nullptr;
  const Json* item = completion ? Field(*completion, "completionItem") : nullptr;
  const Json* snippets = item ? Field(*item, "snippetSupport") : nullptr;
  out.snippet_support = snippets && snippets->is_boolean() && snippets->get<bool>();
  return true;
}

bool FromJson(const Json& json, DidOpenParams& out, std::string& error) {
  const Json* document;
  return RequireObject(json, error) && ReadObject(json, "textDocument", "", document, error) &&
         ReadString(*document, "uri", "textDocument.", out.uri, error) &&
         ReadString(*document, "languageId", "textDocument.", out.language_id, error) &&
         ReadInt(*document, "version", "textDocument.", out.version, error) &&
         ReadString(*document, "text", "textDocument.", out.text, error);
}

bool FromJson(const Json& json, DidChangeParams& out, std::string& error) {
  const Json* document;
  if (!RequireObject(json, error) || !ReadObject(json, "textDocument", "", document, error) ||
      !ReadString(*document, "uri", "textDocument.", out.uri, error) ||
      !ReadInt(*document, "version", "textDocument.", out.version, error)) {
    return false;
  }
  const Json* changes = Field(json, "contentChanges");
  if (!changes || !changes->is_array()) return Fail(error, "contentChanges", "must be an array");
  for (size_t i = 0; i < changes->size(); ++i) {
    const Json& change = (*changes)[i];
    std::string path = "contentChanges[" + std::to_string(i) + "].";
    ContentChange parsed;
    if (!ReadString(change, "text", path, parsed.text, error)) return false;
    if (Field(change, "range")) {
      Range range;
      if (!ReadRange(change, "range", path, range, error)) return false;
      parsed.range = range;
    }
    out.changes.push_back(std::move(parsed));
  }
  return true;
}

bool FromJson(const Json& json, DocumentParams& out, std::string& error) {
  return RequireObject(json, error) && ReadDocumentUri(json, out.uri, error);
}

bool FromJson(const Json& json, PositionParams& out, std::string& error) {
  if (!RequireObject(json, error) || !ReadDocumentUri(json, out.uri, error) ||
      !ReadPosition(json, "position", "", out.position, error)) {
    return false;
  }
  if (const Json* context = Field(json, "context")) {
    const Json* include = Field(*context, "includeDeclaration");
    if (include && !include->is_boolean()) {
      return Fail(error, "context.includeDeclaration", "must be a boolean");
    }
    out.include_declaration = include && include->get<bool>();
  }
  return true;
}

bool FromJson(const Json& json, CodeActionParams& out, std::string& error) {
  return RequireObject(json, error) && ReadDocumentUri(json, out.uri, error) &&
         ReadRange(json, "range", "", out.range, error);
}

Json ToJson(const Position& position) {
  return {{"line", position.line}, {"character", position.character}};
}

Json ToJson(const Range& range) { return {{"start", ToJson(range.start)}, {"end", ToJson(range.end)}}; }

Json ToJson(const Location& location) {
  return {{"uri", location.uri}, {"range", ToJson(location.range)}};
}

Json ToJson(const Diagnostic& diagnostic) {
  Json json = {{"range", ToJson(diagnostic.range)},
               {"severity", diagnostic.severity},
               {"code", diagnostic.code},
               {"source", "stitch"},
               {"message", diagnostic.message}};
  if (!diagnostic.related.empty()) {
    Json related = Json::array();
    for (const auto& info : diagnostic.related) {
      related.push_back({{"location", ToJson(info.location)}, {"message", info.message}});
    }
    json["relatedInformation"] = std::move(related);
  }
  return json;
}

Json ToJson(const PublishDiagnosticsParams& params) {
  Json diagnostics = Json::array();
  for (const auto& d : params.diagnostics) diagnostics.push_back(ToJson(d));
  Json json = {{"uri", params.uri}, {"diagnostics", std::move(diagnostics)}};
  if (params.version) json["version"] = *params.version;
  return json;
}

Json ToJson(const Hover& hover) {
  return {{"contents", {{"kind", "markdown"}, {"value", hover.markdown}}},
          {"range", ToJson(hover.range)}};
}

Json ToJson(const CompletionItem& item) {
  Json json = {{"label", item.label},
               {"kind", static_cast<int>(item.kind)},
               {"textEdit", ToJson(item.edit)},
               {"insertTextFormat", item.snippet ? 2 : 1}};
  if (!item.detail.empty()) json["detail"] = item.detail;
  if (!item.documentation.empty()) {
    json["documentation"] = {{"kind", "markdown"}, {"value", item.documentation}};
  }
  if (!item.sort_text.empty()) json["sortText"] = item.sort_text;
  return json;
}

Json ToJson(const DocumentSymbol& symbol) {
  Json json = {{"name", symbol.name},
               {"kind", static_cast<int>(symbol.kind)},
               {"range", ToJson(symbol.range)},
               {"selectionRange", ToJson(symbol.selection_range)}};
  if (!symbol.detail.empty()) json["detail"] = symbol.detail;
  if (!symbol.children.empty()) {
    Json children = Json::array();
    for (const auto& child : symbol.children) children.push_back(ToJson(child));
    json["children"] = std::move(children);
  }
  return json;
}

Json ToJson(const TextEdit& edit) { return {{"range", ToJson(edit.range)}, {"newText", edit.new_text}}; }

Json ToJson(const CodeAction& action) {
  Json diagnostics = Json::array();
  for (const auto& d : action.diagnostics) diagnostics.push_back(ToJson(d));
  Json edits = Json::array();
  for (const auto& e : action.edits) edits.push_back(ToJson(e));
  Json json = {{"title", action.title},
               {"kind", action.kind},
               {"diagnostics", std::move(diagnostics)},
               {"edit", {{"changes", {{action.uri, std::move(edits)}}}}}};
  if (action.preferred) json["isPreferred"] = true;
  return json;
}

}  // namespace stitch::lsp
