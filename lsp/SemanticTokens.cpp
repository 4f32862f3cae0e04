#include "lsp/SemanticTokens.h"

#include <algorithm>
#include <cctype>

#include "compiler/check/Builtins.h"
#include "lsp/Lookup.h"
#include "lsp/Utf16.h"

namespace stitch::lsp {
namespace {

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Collector {
 public:
  explicit Collector(const ast::File& file) : file_(file) {}

  void Leaf(SourceRange range, TokenType type, uint32_t modifiers = 0) {
    if (range.end > range.begin) leaves_.push_back({range, type, modifiers});
  }
  // Text that is not a token but whose words are not keywords either (syntax errors).
  void Opaque(SourceRange range) {
    if (range.end > range.begin) opaque_.push_back(range);
  }

  void Expr(const ast::Expr& e) {
    switch (e.kind) {
      case ast::ExprKind::kNumber:
      case ast::ExprKind::kQuantity: Leaf(e.range, TokenType::kNumber); break;
      case ast::ExprKind::kString: Leaf(e.range, TokenType::kString); break;
      case ast::ExprKind::kBool: Leaf(e.range, TokenType::kKeyword); break;
      case ast::ExprKind::kCall: Leaf(e.name_range, TokenType::kFunction, kDefaultLibrary); break;
      case ast::ExprKind::kError: Opaque(e.range); break;
      case ast::ExprKind::kName: Name(e); break;
      default: break;
    }
  }

  void Name(const ast::Expr& e) {
    std::optional<Symbol> symbol = NameSymbol(file_, e);
    if (!symbol) {
      Leaf(e.range, TokenType::kVariable);
      return;
    }
    switch (symbol->kind) {
      case Symbol::Kind::kConst: Leaf(e.range, TokenType::kVariable, kReadonly); break;
      case Symbol::Kind::kCustomMetric: Leaf(e.range, TokenType::kProperty); break;
      case Symbol::Kind::kBuiltinMetric: Leaf(e.range, TokenType::kProperty, kDefaultLibrary); break;
      default: Leaf(e.range, TokenType::kVariable); break;
    }
  }

  void Declarations() {
    const ast::File& f = file_;
    for (const auto& c : f.consts) {
      Leaf(c.name.range, TokenType::kVariable, kDeclaration | kReadonly);
      if (c.type_name) Leaf(c.type_name->range, TokenType::kType);
    }
    for (const auto& m : f.metrics) {
      Leaf(m.name.range, TokenType::kProperty, kDeclaration);
      Leaf(m.type_name.range, TokenType::kType);
      Leaf(m.source.range, TokenType::kEnumMember);
      Leaf(m.series_range, TokenType::kString);
    }
    for (const auto& g : f.guards) Leaf(g.name.range, TokenType::kProperty, kDefaultLibrary);
    for (const auto& h : f.health) {
      for (const auto& term : h.terms) {
        bool builtin = check::FindBuiltinMetric(term.metric.text) != nullptr;
        Leaf(term.metric.range, TokenType::kProperty, builtin ? uint32_t{kDefaultLibrary} : 0u);
        if (term.selector) Leaf(term.selector->range, TokenType::kFunction, kDefaultLibrary);
      }
    }
    for (const auto& p : f.policies) {
      Leaf(p.name.range, TokenType::kClass, kDeclaration);
      if (p.description) Leaf(p.description_range, TokenType::kString);
      if (p.on_missing) Leaf(p.on_missing->range, TokenType::kEnumMember);
      for (const auto& t : p.targets) {
        if (t.kind != ast::TargetKind::kServicesWhere) Leaf(t.pattern_range, TokenType::kString);
      }
      for (const auto& a : p.actions) {
        if (!a.destination.raw.empty() && a.destination.range.end >= a.destination.raw.size()) {
          Leaf({a.destination.range.end - static_cast<uint32_t>(a.destination.raw.size()), a.destination.range.end},
               TokenType::kString);
        }
        if (a.header) Leaf(a.header_range, TokenType::kString);
        if (a.header_value) Leaf(a.header_value_range, TokenType::kString);
        if (a.retry_on) Leaf(a.retry_on_range, TokenType::kString);
        if (!a.mode.text.empty()) Leaf(a.mode.range, TokenType::kEnumMember);
      }
    }
    for (const auto& comment : f.comments) Leaf(comment.range, TokenType::kComment);
  }

  // Sorted, without overlaps; then the remaining words of each declaration become keywords.
  std::vector<SemanticToken> Finish() {
    auto by_begin = [](const SemanticToken& a, const SemanticToken& b) { return a.range.begin < b.range.begin; };
    std::sort(leaves_.begin(), leaves_.end(), by_begin);
    std::vector<SemanticToken> tokens;
    for (const auto& leaf : leaves_) {
      if (!tokens.empty() && leaf.range.begin < tokens.back().range.end) continue;
      tokens.push_back(leaf);
    }
    std::vector<SourceRange> covered;
    for (const auto& t : tokens) covered.push_back(t.range);
    covered.insert(covered.end(), opaque_.begin(), opaque_.end());
    std::sort(covered.begin(), covered.end(), [](SourceRange a, SourceRange b) { return a.begin < b.begin; });

    const std::string& text = file_.source->text();
    std::vector<SemanticToken> keywords;
    auto next = covered.begin();  // items are in source order, so one cursor serves them all
    for (const ast::Item& item : file_.items) {
      SourceRange range = file_.ItemRange(item);
      uint32_t i = range.begin, end = std::min<uint32_t>(range.end, text.size());
      while (i < end) {
        while (next != covered.end() && next->end <= i) ++next;
        if (next != covered.end() && next->begin <= i) {
          i = next->end;
          continue;
        }
        if (IsWordStart(text[i]) && (i == 0 || !IsWordChar(text[i - 1]))) {
          uint32_t j = i;
          while (j < end && IsWordChar(text[j])) ++j;
          keywords.push_back({{i, j}, TokenType::kKeyword, 0});
          i = j;
        } else {
          ++i;
        }
      }
    }
    tokens.insert(tokens.end(), keywords.begin(), keywords.end());
    std::sort(tokens.begin(), tokens.end(), by_begin);
    return tokens;
  }

 private:
  const ast::File& file_;
  std::vector<SemanticToken> leaves_;
  std::vector<SourceRange> opaque_;
};

}  // namespace

const std::vector<std::string_view>& TokenTypeNames() {
  static const std::vector<std::string_view> names = {"keyword", "variable", "property", "function", "number",
                                                      "string",  "comment",  "type",     "class",    "enumMember"};
  return names;
}

const std::vector<std::string_view>& TokenModifierNames() {
  static const std::vector<std::string_view> names = {"declaration", "readonly", "defaultLibrary"};
  return names;
}

std::vector<SemanticToken> SemanticTokensOf(const Document& document) {
  if (!document.policy_form()) return {};
  Collector collector(document.checked.ast);
  collector.Declarations();
  ForEachExpr(document.checked.ast, [&](const ast::Expr& e) { collector.Expr(e); });
  return collector.Finish();
}

std::vector<uint32_t> EncodeSemanticTokens(const SourceFile& file, const std::vector<SemanticToken>& tokens) {
  std::vector<uint32_t> data;
  uint32_t previous_line = 0, previous_start = 0;
  const std::string& text = file.text();
  for (const SemanticToken& token : tokens) {
    uint32_t begin = std::min<uint32_t>(token.range.begin, text.size());
    uint32_t end = std::min<uint32_t>(token.range.end, text.size());
    while (begin < end) {
      size_t newline = text.find('\n', begin);
      uint32_t piece_end = newline == std::string::npos ? end : std::min<uint32_t>(end, newline);
      std::string_view piece = std::string_view(text).substr(begin, piece_end - begin);
      while (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
      if (!piece.empty()) {
        Position start = ToPosition(file, begin);
        uint32_t delta_line = start.line - previous_line;
        uint32_t delta_start = delta_line == 0 ? start.character - previous_start : start.character;
        data.insert(data.end(), {delta_line, delta_start, Utf16Length(piece),
                                 static_cast<uint32_t>(token.type), token.modifiers});
        previous_line = start.line;
        previous_start = start.character;
      }
      begin = piece_end + 1;  // past the line break
    }
  }
  return data;
}

}  // namespace stitch::lsp
