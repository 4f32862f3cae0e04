#include "lsp/XRefs.h"

#include "lsp/Lookup.h"

namespace stitch::lsp {
namespace {

// Every open document (in the `.policy` form) declaring a policy named `name`.
std::vector<SourceLocation> PolicyDeclarations(const Server& server, const std::string& name) {
  std::vector<SourceLocation> out;
  for (const Document* document : server.Documents()) {
    if (!document->policy_form()) continue;
    for (const auto& policy : document->checked.ast.policies) {
      if (policy.name.text == name) out.push_back({document, policy.name.range});
    }
  }
  return out;
}

}  // namespace

std::vector<SourceLocation> DefinitionAt(const Server& server, const Document& document, uint32_t offset) {
  if (!document.policy_form()) return {};
  std::optional<Symbol> symbol = SymbolAt(document.checked.ast, offset);
  if (!symbol) return {};
  if (symbol->kind == Symbol::Kind::kPolicy) return PolicyDeclarations(server, symbol->name);
  if (auto declaration = DeclarationOf(document.checked.ast, *symbol)) return {{&document, *declaration}};
  return {};
}

std::vector<SourceLocation> ReferencesAt(const Server& server, const Document& document, uint32_t offset,
                                         bool include_declaration) {
  if (!document.policy_form()) return {};
  std::optional<Symbol> symbol = SymbolAt(document.checked.ast, offset);
  if (!symbol) return {};
  if (symbol->kind == Symbol::Kind::kPolicy) {
    // Policies are not referred to by name in the language; their declarations are their uses.
    return include_declaration ? PolicyDeclarations(server, symbol->name) : std::vector<SourceLocation>{};
  }
  std::vector<SourceLocation> out;
  for (SourceRange range : UsesOf(document.checked.ast, *symbol, include_declaration)) {
    out.push_back({&document, range});
  }
  return out;
}

}  // namespace stitch::lsp
