// The lower phase: checked AST → IR. Constants are folded (the checker already computed them),
// units are already normalised to base units, series become frame columns and string tests on
// tags become tag-predicate columns.
#pragma once

#include <vector>

#include "compiler/ast/Ast.h"
#include "compiler/ir/Ir.h"

namespace stitch::lower {

// Where a policy's conditions landed in the program.
struct LoweredPolicy {
  const ast::Policy* policy = nullptr;
  int when = -1;     // index into Program::conditions, or -1 (`always`)
  int recover = -1;  // -1 when there is no `recover when`
  int target_filter = -1;  // `target services where ...`: true for the services it selects
};

// Appends the conditions of every policy of `file` (which must have checked without errors)
// to `program`, sharing columns with what is already there.
std::vector<LoweredPolicy> LowerFile(const ast::File& file, ir::Program& program);

}  // namespace stitch::lower
