#include "lsp/Lookup.h"

#include <algorithm>

#include "compiler/check/Builtins.h"

namespace stitch::lsp {
namespace {

bool Contains(SourceRange range, uint32_t offset) {
  return range.begin <= offset && offset <= range.end && range.end > range.begin;
}

void Visit(const ast::Expr* expr, const std::function<void(const ast::Expr&)>& visit) {
  if (!expr) return;
  visit(*expr);
  for (const auto& child : expr->children) Visit(child.get(), visit);
}

}  // namespace

void ForEachExpr(const ast::File& file, const std::function<void(const ast::Expr&)>& visit) {
  for (const auto& c : file.consts) Visit(c.value.get(), visit);
  for (const auto& g : file.guards) Visit(g.value.get(), visit);
  for (const auto& h : file.health) {
    for (const auto& term : h.terms) {
      Visit(term.threshold.get(), visit);
      Visit(term.weight.get(), visit);
    }
  }
  for (const auto& p : file.policies) {
    Visit(p.priority.get(), visit);
    for (const auto& t : p.targets) Visit(t.where.get(), visit);
    if (p.when) {
      Visit(p.when->expr.get(), visit);
      Visit(p.when->duration.get(), visit);
    }
    if (p.recover) {
      Visit(p.recover->expr.get(), visit);
      Visit(p.recover->duration.get(), visit);
    }
    for (const auto& a : p.actions) {
      for (const ast::ExprPtr* e : {&a.amount, &a.step, &a.every, &a.max, &a.duration, &a.burst}) {
        Visit(e->get(), visit);
      }
    }
  }
}

const ast::Expr* ExprAt(const ast::File& file, uint32_t offset) {
  const ast::Expr* best = nullptr;
  ForEachExpr(file, [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::kError || !Contains(e.range, offset)) return;
    if (!best || e.range.end - e.range.begin <= best->range.end - best->range.begin) best = &e;
  });
  return best;
}

const ast::Policy* PolicyAt(const ast::File& file, uint32_t offset) {
  for (const auto& p : file.policies) {
    if (Contains(p.range, offset)) return &p;
  }
  return nullptr;
}

const ast::Action* ActionKeywordAt(const ast::File& file, uint32_t offset) {
  for (const auto& p : file.policies) {
    for (const auto& a : p.actions) {
      if (Contains(a.keyword_range, offset)) return &a;
    }
  }
  return nullptr;
}

std::optional<Symbol> ResolveName(const ast::File& file, const std::string& name) {
  for (uint32_t i = 0; i < file.consts.size(); ++i) {
    if (file.consts[i].name.text == name) return Symbol{Symbol::Kind::kConst, i, name, {}};
  }
  for (uint32_t i = 0; i < file.metrics.size(); ++i) {
    if (file.metrics[i].name.text == name) return Symbol{Symbol::Kind::kCustomMetric, i, name, {}};
  }
  if (check::FindBuiltinMetric(name)) return Symbol{Symbol::Kind::kBuiltinMetric, 0, name, {}};
  return std::nullopt;
}

std::optional<Symbol> NameSymbol(const ast::File& file, const ast::Expr& expr) {
  switch (expr.symbol) {
    case ast::SymbolKind::kConst:
      return Symbol{Symbol::Kind::kConst, expr.symbol_index, expr.text, expr.range};
    case ast::SymbolKind::kCustomMetric:
      return Symbol{Symbol::Kind::kCustomMetric, expr.symbol_index, expr.text, expr.range};
    case ast::SymbolKind::kBuiltinMetric:
      return Symbol{Symbol::Kind::kBuiltinMetric, 0, expr.text, expr.range};
    case ast::SymbolKind::kNone:
      break;
  }
  std::optional<Symbol> symbol = ResolveName(file, expr.text);
  if (symbol) symbol->range = expr.range;
  return symbol;
}

std::optional<Symbol> SymbolAt(const ast::File& file, uint32_t offset) {
  auto with_range = [](std::optional<Symbol> symbol, SourceRange range) {
    if (symbol) symbol->range = range;
    return symbol;
  };
  for (uint32_t i = 0; i < file.consts.size(); ++i) {
    const auto& name = file.consts[i].name;
    if (Contains(name.range, offset)) return Symbol{Symbol::Kind::kConst, i, name.text, name.range};
  }
  for (uint32_t i = 0; i < file.metrics.size(); ++i) {
    const auto& name = file.metrics[i].name;
    if (Contains(name.range, offset)) return Symbol{Symbol::Kind::kCustomMetric, i, name.text, name.range};
  }
  for (uint32_t i = 0; i < file.policies.size(); ++i) {
    const auto& name = file.policies[i].name;
    if (Contains(name.range, offset)) return Symbol{Symbol::Kind::kPolicy, i, name.text, name.range};
  }
  for (const auto& h : file.health) {
    for (const auto& term : h.terms) {
      if (Contains(term.metric.range, offset)) {
        return with_range(ResolveName(file, term.metric.text), term.metric.range);
      }
    }
  }
  const ast::Expr* expr = ExprAt(file, offset);
  if (!expr) return std::nullopt;
  if (expr->kind == ast::ExprKind::kCall && Contains(expr->name_range, offset)) {
    if (!check::FindBuiltinFunction(expr->text)) return std::nullopt;
    return Symbol{Symbol::Kind::kFunction, 0, expr->text, expr->name_range};
  }
  if (expr->kind != ast::ExprKind::kName) return std::nullopt;
  return NameSymbol(file, *expr);
}

std::optional<SourceRange> DeclarationOf(const ast::File& file, const Symbol& symbol) {
  switch (symbol.kind) {
    case Symbol::Kind::kConst:
      if (symbol.index < file.consts.size()) return file.consts[symbol.index].name.range;
      break;
    case Symbol::Kind::kCustomMetric:
      if (symbol.index < file.metrics.size()) return file.metrics[symbol.index].name.range;
      break;
    case Symbol::Kind::kPolicy:
      if (symbol.index < file.policies.size()) return file.policies[symbol.index].name.range;
      break;
    case Symbol::Kind::kBuiltinMetric:
    case Symbol::Kind::kFunction:
      break;
  }
  return std::nullopt;
}

std::vector<SourceRange> UsesOf(const ast::File& file, const Symbol& symbol, bool include_declaration) {
  std::vector<SourceRange> uses;
  if (include_declaration) {
    if (auto declaration = DeclarationOf(file, symbol)) uses.push_back(*declaration);
  }
  auto same = [&](const std::optional<Symbol>& other) {
    return other && other->kind == symbol.kind && other->name == symbol.name &&
           (symbol.kind == Symbol::Kind::kBuiltinMetric || symbol.kind == Symbol::Kind::kFunction ||
            other->index == symbol.index);
  };
  ForEachExpr(file, [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::kName && same(NameSymbol(file, e))) uses.push_back(e.range);
    if (e.kind == ast::ExprKind::kCall && symbol.kind == Symbol::Kind::kFunction && e.text == symbol.name) {
      uses.push_back(e.name_range);
    }
  });
  for (const auto& h : file.health) {
    for (const auto& term : h.terms) {
      if (same(ResolveName(file, term.metric.text))) uses.push_back(term.metric.range);
    }
  }
  std::sort(uses.begin(), uses.end(), [](SourceRange a, SourceRange b) { return a.begin < b.begin; });
  uses.erase(std::unique(uses.begin(), uses.end()), uses.end());
  return uses;
}

}  // namespace stitch::lsp
