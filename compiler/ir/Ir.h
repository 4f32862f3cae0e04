// The typed IR of policy conditions: one straight-line function per condition, instructions in
// a vector indexed by 32-bit ids. Numbers are in base units (seconds, ratio, per second, bytes);
// every numeric value carries a presence flag and every boolean is three-valued (true, false,
// unknown). The interpreter and the JIT implement exactly these semantics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stitch::ir {

// The result of a condition for one row: the byte a compiled predicate writes.
enum Tri : uint8_t { kFalse = 0, kTrue = 1, kUnknown = 2 };

enum class Op : uint8_t {
  // Numbers: (value, present).
  kConst,     // imm; present
  kLoad,      // column a; present when its validity bit is set
  kNeg,       // -a
  kAbs,       // |a|
  kAdd,       // a + b   } missing when an operand is missing or the result is
  kSub,       // a - b   } not finite (so a division by zero is missing)
  kMul,       // a * b   }
  kDiv,       // a / b   }
  kMin,       // a < b ? a : b; missing when either is
  kMax,       // a > b ? a : b; missing when either is
  kClamp,     // min(max(a, b), c)
  // Three-valued booleans.
  kTrue,
  kFalse,
  kLoadBool,  // column a holding 1/0: true/false, unknown when missing
  kLt, kLe, kGt, kGe, kEq, kNe,  // numbers a, b; unknown when either is missing
  kPresent,   // number a: true when present, false when missing; never unknown
  kNot,       // Kleene not a
  kAnd,       // Kleene a and b: false if either is false, true if both are true
  kOr,        // Kleene a or b: true if either is true, false if both are false
};

const char* OpName(Op op);
bool IsNumeric(Op op);  // produces a number (else a three-valued boolean)

struct Inst {
  Op op;
  uint32_t a = 0, b = 0, c = 0;  // operand instruction ids, or a column index for loads
  double imm = 0;                // kConst
};

// One policy condition (`when` or `recover when`) as a function of a frame row.
struct Condition {
  std::string name;  // "shadow_slow_checkout.when"
  std::vector<Inst> insts;
  uint32_t result = 0;  // the id of the three-valued result
};

// A column computed from entity tags, not read from telemetry: `tag("team") == "pay"`.
struct TagPredicate {
  enum class Kind : uint8_t { kEquals, kIn, kMatches, kTagsEqual } kind = Kind::kEquals;
  std::string tag;                  // the tag key
  std::vector<std::string> values;  // kEquals: one value; kIn: the list; kMatches: the regex;
                                    // kTagsEqual: the other tag's key
  bool negate = false;              // `!=`
};

// A column of the predicates' input view, in order: telemetry columns read from the frame by
// key, then tag predicates computed per entity.
struct Column {
  std::string key;  // frame column key, or the predicate's canonical text
  bool is_tag_predicate = false;
  TagPredicate predicate;
};

struct Program {
  std::vector<Column> columns;
  std::vector<Condition> conditions;

  // A readable listing (`stitch compile --emit=ir`); also the source of the JIT cache key.
  std::string Print() const;
};

}  // namespace stitch::ir
