#include "lsp/Completion.h"

#include <cctype>
#include <fmt/format.h>

#include "compiler/check/Builtins.h"
#include "compiler/types/Units.h"
#include "lsp/Actions.h"
#include "lsp/Lookup.h"

namespace stitch::lsp {
namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// What the text before the cursor looks like: its tokens (words, strings and punctuation), the
// open blocks, and whether the cursor is in a comment or a string. A lexical scan only; the
// structure comes from the compiler's AST.
struct Scan {
  struct Token {
    std::string text;  // a word, `"` for a string, or one punctuation character
    uint32_t begin = 0;
  };
  enum class Block { kPolicy, kThen, kHealth, kOther };
  struct Open {
    Block block;
    std::string name;          // a policy's name
    uint32_t name_begin = 0;
    size_t first_token = 0;    // the first token inside the block
  };
  std::vector<Token> tokens;
  std::vector<Open> open;
  bool in_comment = false;
  bool in_string = false;
  uint32_t string_begin = 0;  // the opening quote
};

Scan ScanTo(const std::string& text, uint32_t offset) {
  Scan scan;
  uint32_t i = 0;
  while (i < offset) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      if (end == std::string::npos || end >= offset) {
        scan.in_comment = true;
        break;
      }
      i = static_cast<uint32_t>(end);
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      if (end == std::string::npos || end + 2 > offset) {
        scan.in_comment = true;
        break;
      }
      i = static_cast<uint32_t>(end + 2);
    } else if (c == '"') {
      uint32_t j = i + 1;
      while (j < text.size() && text[j] != '"' && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
      if (j >= offset) {
        scan.in_string = true;
        scan.string_begin = i;
        break;
      }
      scan.tokens.push_back({"\"", i});
      i = text[j] == '"' ? j + 1 : j;
    } else if (IsWordChar(c) || c == '.') {
      uint32_t j = i;
      // Numbers keep their unit (`500ms`, `100/s`, `5%`) as one word.
      bool number = std::isdigit(static_cast<unsigned char>(c));
      while (j < offset && (IsWordChar(text[j]) || (number && (text[j] == '.' || text[j] == '%' || text[j] == '/')))) ++j;
      if (j == i) ++j;
      scan.tokens.push_back({text.substr(i, j - i), i});
      i = j;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else {
      if (c == '{') {
        Scan::Open block{Scan::Block::kOther, "", 0, scan.tokens.size() + 1};
        size_t n = scan.tokens.size();
        if (n >= 1 && scan.tokens[n - 1].text == "then") block.block = Scan::Block::kThen;
        if (n >= 1 && scan.tokens[n - 1].text == "health") block.block = Scan::Block::kHealth;
        if (n >= 2 && scan.tokens[n - 2].text == "policy") {
          block = {Scan::Block::kPolicy, scan.tokens[n - 1].text, scan.tokens[n - 1].begin, n + 1};
        }
        scan.open.push_back(block);
      } else if (c == '}' && !scan.open.empty()) {
        scan.open.pop_back();
      }
      scan.tokens.push_back({std::string(1, c), i});
      ++i;
    }
  }
  return scan;
}

bool FirstOnLine(const std::string& text, uint32_t begin) {
  while (begin > 0 && text[begin - 1] != '\n') {
    if (!std::isspace(static_cast<unsigned char>(text[begin - 1]))) return false;
    --begin;
  }
  return true;
}

class Builder {
 public:
  Builder(SourceRange replace, std::vector<Completion>& out) : replace_(replace), out_(out) {}

  // Adds a candidate; `insert` defaults to the label.
  Completion& Add(std::string label, CompletionKind kind, std::string detail = "", std::string doc = "",
                  std::string snippet = "") {
    Completion c;
    c.insert = label;
    c.label = std::move(label);
    c.kind = kind;
    c.detail = std::move(detail);
    c.documentation = std::move(doc);
    c.replace = replace_;
    c.snippet = std::move(snippet);
    out_.push_back(std::move(c));
    return out_.back();
  }
  void Keywords(std::initializer_list<const char*> words, CompletionKind kind = CompletionKind::kKeyword) {
    for (const char* word : words) Add(word, kind);
  }

 private:
  SourceRange replace_;
  std::vector<Completion>& out_;
};

const ast::Policy* EnclosingPolicy(const ast::File& file, const Scan& scan, uint32_t offset) {
  for (auto it = scan.open.rbegin(); it != scan.open.rend(); ++it) {
    if (it->block != Scan::Block::kPolicy) continue;
    for (const auto& p : file.policies) {
      if (p.name.range.begin == it->name_begin) return &p;
    }
  }
  return PolicyAt(file, offset);
}

void AddTargetForms(Builder& b) {
  b.Add("service", CompletionKind::kKeyword, "target service \"name\"", "One service.", "service \"$1\"");
  b.Add("service ~", CompletionKind::kKeyword, "target service ~ \"regex\"",
        "Every service whose name matches.", "service ~ \"$1\"");
  b.Add("services where", CompletionKind::kKeyword, "target services where FILTER",
        "Services selected by tags, e.g. `tag(\"team\") == \"pay\"`.", "services where $1");
  b.Add("each node of service", CompletionKind::kKeyword, "target each node of service \"name\"",
        "Each node of a service.", "each node of service \"$1\"");
  b.Add("route", CompletionKind::kKeyword, "target route \"service/route\"", "One route.", "route \"$1\"");
  b.Add("namespace", CompletionKind::kKeyword, "target namespace \"name\"",
        "A namespace (no telemetry; goes with `always`).", "namespace \"$1\"");
}

void AddActions(Builder& b, const ast::Policy* policy) {
  bool known = policy && !policy->targets.empty();
  for (const ActionInfo& info : Actions()) {
    if (known && !ActionValidFor(info.kind, policy->targets[0].kind)) continue;
    b.Add(std::string(info.label), CompletionKind::kKeyword, std::string(info.syntax),
          fmt::format("Action: {}. Valid on {}.", info.effect, info.valid_on), std::string(info.snippet));
  }
}

bool ServiceTarget(const ast::Policy* policy) {
  if (!policy || policy->targets.empty()) return true;
  ast::TargetKind kind = policy->targets[0].kind;
  return kind == ast::TargetKind::kService || kind == ast::TargetKind::kServiceMatch ||
         kind == ast::TargetKind::kServicesWhere;
}

void AddMetrics(Builder& b, const ast::File& file, const ast::Policy* policy) {
  for (const auto& m : file.metrics) {
    b.Add(m.name.text, CompletionKind::kProperty, "metric: " + m.type_name.text, "A custom metric.");
  }
  for (const auto& m : check::BuiltinMetrics()) {
    if (m.services_only && !ServiceTarget(policy)) continue;
    b.Add(std::string(m.name), CompletionKind::kProperty, "metric: " + m.type.Name(),
          "Built-in: " + std::string(m.doc) + ".");
  }
}

void AddExpressionItems(Builder& b, const ast::File& file, const ast::Policy* policy) {
  for (const auto& c : file.consts) {
    b.Add(c.name.text, CompletionKind::kConstant, c.type.is_error() ? "const" : "const: " + c.type.Name());
  }
  AddMetrics(b, file, policy);
  for (const auto& f : check::BuiltinFunctions()) {
    b.Add(std::string(f.name), CompletionKind::kFunction, std::string(f.signature),
          std::string(f.doc) + ".", std::string(f.name) + "($1)");
  }
  b.Keywords({"and", "or", "not", "in", "true", "false"});
}

// Names from the manifests: inside a string (`in_string`, closing it when it is open) or as a
// new quoted string.
void AddNames(Builder& b, const std::set<std::string>& names, const char* what, bool in_string,
              bool close_quote) {
  for (const std::string& name : names) {
    Completion& c = b.Add(name, CompletionKind::kValue, what);
    c.insert = in_string ? name + (close_quote ? "\"" : "") : "\"" + name + "\"";
  }
}

const std::set<std::string>* NamesAfter(const std::string& word, const check::ManifestNames& m,
                                        const char*& what) {
  if (word == "service") return what = "service (workspace manifests)", &m.services;
  if (word == "route") return what = "route (workspace manifests)", &m.routes;
  if (word == "namespace") return what = "namespace (workspace manifests)", &m.namespaces;
  if (word == "to" || word == "subset" || word == "host") {
    return what = "destination (workspace manifests)", &m.destinations;
  }
  return nullptr;
}

bool IsClauseKeyword(const std::string& word) {
  return word == "description" || word == "priority" || word == "target" || word == "when" ||
         word == "recover" || word == "always" || word == "then" || word == "on";
}

}  // namespace

std::vector<Completion> CompleteAt(const Document& document, uint32_t offset,
                                   const check::ManifestNames& manifests) {
  std::vector<Completion> out;
  const std::string& text = document.source->text();
  offset = std::min<uint32_t>(offset, text.size());
  const ast::File& file = document.checked.ast;
  bool have_ast = document.policy_form();
  static const ast::File kEmpty;
  const ast::File& ast_file = have_ast ? file : kEmpty;

  Scan scan = ScanTo(text, offset);
  if (scan.in_comment) return out;

  auto word_before = [&](size_t n) -> std::string {  // the n-th token before the cursor's word
    return n <= scan.tokens.size() ? scan.tokens[scan.tokens.size() - n].text : "";
  };

  if (scan.in_string) {
    // Replace the string's contents up to its closing quote on this line.
    uint32_t begin = scan.string_begin + 1;
    uint32_t end = offset;
    while (end < text.size() && text[end] != '"' && text[end] != '\n') ++end;
    bool closed = end < text.size() && text[end] == '"';
    if (!closed) end = offset;
    const char* what = nullptr;
    std::string before = word_before(1);
    if (auto* names = NamesAfter(before, manifests, what)) {
      Builder b({begin, end}, out);
      AddNames(b, *names, what, true, !closed);
    }
    return out;
  }

  // The word typed so far; a number keeps its unit suffix (`500m`, `100/`, `5`).
  uint32_t begin = offset;
  while (begin > 0 && (IsWordChar(text[begin - 1]) || text[begin - 1] == '.' || text[begin - 1] == '%' ||
                       text[begin - 1] == '/')) {
    --begin;
  }
  while (begin < offset && !IsWordChar(text[begin])) ++begin;  // `/` and `%` only inside numbers
  if (begin < offset && std::isdigit(static_cast<unsigned char>(text[begin]))) {
    uint32_t suffix = begin;
    while (suffix < offset && (std::isdigit(static_cast<unsigned char>(text[suffix])) || text[suffix] == '.')) {
      ++suffix;
    }
    Builder b({suffix, offset}, out);
    for (const auto& unit : types::AllUnits()) {
      b.Add(std::string(unit.suffix), CompletionKind::kUnit, unit.type.Name());
    }
    return out;
  }
  begin = offset;
  while (begin > 0 && IsWordChar(text[begin - 1])) --begin;
  while (!scan.tokens.empty() && scan.tokens.back().begin >= begin) scan.tokens.pop_back();

  Builder b({begin, offset}, out);
  const ast::Policy* policy = EnclosingPolicy(ast_file, scan, offset);
  Scan::Block block = scan.open.empty() ? Scan::Block::kOther : scan.open.back().block;
  bool top_level = scan.open.empty();
  bool line_start = FirstOnLine(text, begin);
  std::string prev1 = word_before(1), prev2 = word_before(2), prev3 = word_before(3);

  // The clause the cursor is in: the last clause keyword at the policy's level.
  std::string clause;
  for (auto it = scan.open.rbegin(); it != scan.open.rend(); ++it) {
    if (it->block != Scan::Block::kPolicy) continue;
    for (size_t i = it->first_token; i < scan.tokens.size(); ++i) {
      if (IsClauseKeyword(scan.tokens[i].text) && (i == it->first_token || FirstOnLine(text, scan.tokens[i].begin) ||
                                                  scan.tokens[i - 1].text == "}")) {
        clause = scan.tokens[i].text;
      }
    }
    break;
  }
  bool in_actions = block == Scan::Block::kThen || clause == "then";

  const char* what = nullptr;
  if (auto* names = NamesAfter(prev1, manifests, what)) {
    if (prev1 == "to" || prev2 == "target" || prev2 == "of" || prev2 == "subset" || prev2 == "host") {
      if (prev1 == "to") b.Keywords({"subset", "host"});
      AddNames(b, *names, what, false, false);
      return out;
    }
  }
  if (prev1 == "target") {
    AddTargetForms(b);
  } else if (prev1 == "missing" && prev2 == "on") {
    b.Keywords({"hold", "fire", "skip"}, CompletionKind::kEnumMember);
  } else if (prev1 == "mtls") {
    b.Keywords({"strict", "permissive"}, CompletionKind::kEnumMember);
  } else if (prev1 == "require") {
    b.Keywords({"mtls"});
  } else if (prev1 == "set" && in_actions) {
    b.Keywords({"timeout", "retries"});
  } else if (prev1 == "each") {
    b.Keywords({"node"});
  } else if (prev1 == "node" && prev2 == "each") {
    b.Keywords({"of"});
  } else if (prev1 == "of") {
    b.Keywords({"service"});
  } else if (prev1 == "isolate") {
    b.Keywords({"node"});
  } else if (prev1 == "recover") {
    b.Keywords({"when"});
  } else if (prev1 == "services") {
    b.Keywords({"where"});
  } else if (prev1 == "on") {
    if (in_actions) {
      b.Keywords({"header"});
    } else {
      b.Keywords({"missing"});
    }
  } else if (prev1 == "guard") {
    for (const auto& setting : check::GuardSettings()) {
      b.Add(std::string(setting.name), CompletionKind::kProperty, setting.type.Name(),
            std::string(setting.doc) + ".");
    }
  } else if (prev1 == "from" && prev3 == ":") {
    b.Keywords({"prometheus", "otlp", "datadog", "envoy"}, CompletionKind::kEnumMember);
  } else if (prev1 == ":" && (prev3 == "metric" || prev3 == "const")) {
    b.Keywords({"duration", "ratio", "rate", "bytes", "byte_rate", "count", "number", "distribution"},
               CompletionKind::kClass);
  } else if (prev1 == "const" || prev1 == "metric" || prev1 == "policy" || prev1 == "description") {
    // A new name or a description string: nothing to offer.
  } else if (in_actions && (prev1 == "then" || prev1 == "{" || prev1 == ";" || line_start)) {
    AddActions(b, policy);
  } else if (top_level && (line_start || prev1.empty() || prev1 == "}" || prev1 == ";")) {
    b.Keywords({"const", "metric", "guard", "health", "policy"});
  } else if (block == Scan::Block::kPolicy && (line_start || prev1 == "{")) {
    b.Keywords({"description", "priority", "target", "when", "recover when", "on missing", "always", "then"});
  } else if (block == Scan::Block::kHealth && (line_start || prev1 == "{")) {
    AddMetrics(b, ast_file, nullptr);
  } else {
    AddExpressionItems(b, ast_file, policy);
    if (clause == "when" || clause == "recover") b.Keywords({"for"});
  }
  return out;
}

}  // namespace stitch::lsp
