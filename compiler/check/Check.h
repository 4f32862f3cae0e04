// The check phase: resolves names, types every expression with units, folds constants and
// validates policies, targets, actions, guards and the health block. It annotates the AST in
// place (types, constants, symbols) and reports problems; it never stops at the first one.
#pragma once

#include "compiler/ast/Ast.h"
#include "compiler/check/ManifestNames.h"
#include "compiler/diagnostics/Diagnostic.h"

namespace stitch::check {

struct CheckOptions {
  // When set, targets and destinations are looked up in these names (W0001, W0004).
  const ManifestNames* manifests = nullptr;
};

void Check(ast::File& file, Diagnostics& diagnostics, const CheckOptions& options = {});

}  // namespace stitch::check
