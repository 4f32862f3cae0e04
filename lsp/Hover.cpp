#include "lsp/Hover.h"

#include <fmt/format.h>

#include "compiler/check/Builtins.h"
#include "lsp/Actions.h"
#include "lsp/Lookup.h"

namespace stitch::lsp {
namespace {

// "the 99th percentile" → "The 99th percentile."
std::string Sentence(std::string_view doc) {
  std::string text(doc);
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

std::string CodeBlock(std::string_view code) { return fmt::format("```stitch\n{}\n```", code); }

// A constant in the unit people write: 0.5 s, 5%, 100/s.
std::string ValueText(const ast::ConstValue& value, const types::Type& type) {
  switch (value.kind) {
    case ast::ConstValue::Kind::kBool: return value.boolean ? "true" : "false";
    case ast::ConstValue::Kind::kString: return fmt::format("\"{}\"", value.string);
    case ast::ConstValue::Kind::kNumber: break;
  }
  if (type.is_ratio()) return fmt::format("{:.6g}%", value.number * 100);
  if (!type.is_quantity()) return fmt::format("{:.6g}", value.number);
  switch (type.dim.time * 4 + type.dim.bytes) {  // small exponents: a unique key per unit
    case 4: return fmt::format("{:.6g} s", value.number);
    case -4: return fmt::format("{:.6g}/s", value.number);
    case 1: return fmt::format("{:.6g} B", value.number);
    case -3: return fmt::format("{:.6g} B/s", value.number);
    default: return fmt::format("{:.6g}", value.number);
  }
}

// "duration (base unit: seconds)"
std::string TypeText(const types::Type& type) {
  if (type.is_ratio()) return "ratio (a fraction, written with `%`)";
  if (type.is_quantity()) {
    if (type.dim == types::Dim{1, 0}) return "duration (in seconds)";
    if (type.dim == types::Dim{-1, 0}) return "rate (per second)";
    if (type.dim == types::Dim{0, 1}) return "bytes";
    if (type.dim == types::Dim{-1, 1}) return "byte rate (bytes per second)";
  }
  return type.Name();
}

std::string ConstHover(const ast::File& file, const ast::ConstDecl& decl) {
  std::string declared = decl.type.is_error() ? "" : ": " + decl.type.Name();
  std::string text = CodeBlock(fmt::format("const {}{} = {}", decl.name.text, declared,
                                           decl.value ? file.source->Slice(decl.value->range) : ""));
  if (decl.constant && !decl.type.is_error()) {
    text += fmt::format("\n\n{}, value {}", TypeText(decl.type), ValueText(*decl.constant, decl.type));
  }
  return text;
}

std::string MetricHover(const ast::File& file, const Symbol& symbol) {
  if (symbol.kind == Symbol::Kind::kCustomMetric) {
    const ast::MetricDecl& decl = file.metrics[symbol.index];
    return CodeBlock(fmt::format("metric {}: {} from {} {}", decl.name.text, decl.type_name.text,
                                 decl.source.text, file.source->Slice(decl.series_range))) +
           "\n\nA custom metric.";
  }
  const check::BuiltinMetric* metric = check::FindBuiltinMetric(symbol.name);
  if (!metric) return "";
  std::string text = CodeBlock(fmt::format("metric {}: {}", metric->name, metric->type.Name()));
  text += "\n\nBuilt-in metric: " + std::string(metric->doc) + ".";
  if (metric->services_only) text += " Available for service targets only.";
  return text;
}

std::string PolicyHover(const ast::File& file, const ast::Policy& policy) {
  std::string text = CodeBlock("policy " + policy.name.text);
  if (policy.description) text += "\n\n" + *policy.description;
  if (!policy.targets.empty()) {
    text += fmt::format("\n\nTarget: `{}`", file.source->Slice(policy.targets[0].range));
  }
  return text;
}

std::string ActionHover(const ast::Action& action) {
  const ActionInfo& info = InfoFor(action.kind);
  return CodeBlock(info.syntax) + fmt::format("\n\nAction: {}. Valid on {}.", info.effect, info.valid_on);
}

std::string ExprHover(const ast::File& file, const ast::Expr& expr) {
  std::string text = CodeBlock(file.source->Slice(expr.range));
  if (expr.type.is_error()) return text + "\n\nNot typed: the file has errors.";
  text += "\n\nType: " + TypeText(expr.type);
  if (expr.constant && expr.kind != ast::ExprKind::kString && expr.kind != ast::ExprKind::kBool) {
    text += ", value " + ValueText(*expr.constant, expr.type);
  }
  return text;
}

}  // namespace

std::optional<HoverInfo> HoverAt(const Document& document, uint32_t offset) {
  if (!document.policy_form()) return std::nullopt;
  const ast::File& file = document.checked.ast;
  if (const ast::Action* action = ActionKeywordAt(file, offset)) {
    return HoverInfo{action->keyword_range, ActionHover(*action)};
  }
  if (std::optional<Symbol> symbol = SymbolAt(file, offset)) {
    switch (symbol->kind) {
      case Symbol::Kind::kConst:
        return HoverInfo{symbol->range, ConstHover(file, file.consts[symbol->index])};
      case Symbol::Kind::kCustomMetric:
      case Symbol::Kind::kBuiltinMetric:
        return HoverInfo{symbol->range, MetricHover(file, *symbol)};
      case Symbol::Kind::kPolicy:
        return HoverInfo{symbol->range, PolicyHover(file, file.policies[symbol->index])};
      case Symbol::Kind::kFunction: {
        const check::BuiltinFunction* function = check::FindBuiltinFunction(symbol->name);
        std::string text = CodeBlock(function->signature) + "\n\n" + Sentence(function->doc);
        const ast::Expr* call = ExprAt(file, offset);
        if (call && call->kind == ast::ExprKind::kCall && !call->type.is_error()) {
          text += fmt::format("\n\nHere: {}", TypeText(call->type));
        }
        return HoverInfo{symbol->range, text};
      }
    }
  }
  const ast::Expr* expr = ExprAt(file, offset);
  if (!expr) return std::nullopt;
  return HoverInfo{expr->range, ExprHover(file, *expr)};
}

}  // namespace stitch::lsp
