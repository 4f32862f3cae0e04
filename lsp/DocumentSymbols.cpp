#include "lsp/DocumentSymbols.h"

#include <fmt/format.h>

namespace stitch::lsp {
namespace {

const char* ClauseName(ast::ClauseKind kind) {
  switch (kind) {
    case ast::ClauseKind::kDescription: return "description";
    case ast::ClauseKind::kPriority: return "priority";
    case ast::ClauseKind::kTarget: return "target";
    case ast::ClauseKind::kWhen: return "when";
    case ast::ClauseKind::kRecover: return "recover when";
    case ast::ClauseKind::kMissing: return "on missing";
    case ast::ClauseKind::kAlways: return "always";
    case ast::ClauseKind::kThen: return "then";
  }
  return "clause";
}

// The first line of a clause's text after its keyword, shortened: the outline's detail.
std::string Summary(const SourceFile& file, SourceRange range, std::string_view keyword) {
  std::string_view text = file.Slice(range);
  if (text.starts_with(keyword)) text.remove_prefix(keyword.size());
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  std::string out(text);
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

}  // namespace

std::vector<OutlineItem> OutlineOf(const Document& document) {
  std::vector<OutlineItem> out;
  if (!document.policy_form()) return out;
  const ast::File& file = document.checked.ast;
  const SourceFile& source = *file.source;
  for (const ast::Item& item : file.items) {
    switch (item.kind) {
      case ast::ItemKind::kConst: {
        const auto& c = file.consts[item.index];
        std::string detail = c.type.is_error() ? (c.type_name ? c.type_name->text : "") : c.type.Name();
        out.push_back({c.name.text, detail, SymbolKind::kConstant, c.range, c.name.range, {}});
        break;
      }
      case ast::ItemKind::kMetric: {
        const auto& m = file.metrics[item.index];
        out.push_back({m.name.text, fmt::format("{} from {}", m.type_name.text, m.source.text),
                       SymbolKind::kField, m.range, m.name.range, {}});
        break;
      }
      case ast::ItemKind::kGuard: {
        const auto& g = file.guards[item.index];
        std::string value = g.value ? std::string(source.Slice(g.value->range)) : "";
        out.push_back({"guard " + g.name.text, value, SymbolKind::kProperty, g.range, g.name.range, {}});
        break;
      }
      case ast::ItemKind::kHealth: {
        const auto& h = file.health[item.index];
        OutlineItem health{"health", fmt::format("{} terms", h.terms.size()), SymbolKind::kObject,
                           h.range, {h.range.begin, h.range.begin + 6}, {}};
        for (const auto& term : h.terms) {
          health.children.push_back({term.metric.text, Summary(source, term.range, term.metric.text),
                                     SymbolKind::kField, term.range, term.metric.range, {}});
        }
        out.push_back(std::move(health));
        break;
      }
      case ast::ItemKind::kPolicy: {
        const auto& p = file.policies[item.index];
        OutlineItem policy{p.name.text, p.description.value_or(""), SymbolKind::kClass, p.range,
                           p.name.range, {}};
        for (const auto& clause : p.clauses) {
          const char* name = ClauseName(clause.kind);
          SourceRange keyword{clause.range.begin,
                              std::min<uint32_t>(clause.range.end,
                                                 clause.range.begin + static_cast<uint32_t>(std::string_view(name).size()))};
          policy.children.push_back({name, Summary(source, clause.range, name),
                                     clause.kind == ast::ClauseKind::kThen ? SymbolKind::kEvent : SymbolKind::kProperty,
                                     clause.range, keyword, {}});
        }
        out.push_back(std::move(policy));
        break;
      }
    }
  }
  return out;
}

}  // namespace stitch::lsp
