// The abstract syntax tree of a policy file: our own tree (not ANTLR's), every node with its
// source range. Declarations live in typed vectors; `File::items` keeps their source order.
// The checker fills the `// checked:` fields in place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/SourceFile.h"
#include "compiler/types/Type.h"

namespace stitch::ast {

enum class ExprKind : uint8_t {
  kNumber,    // 12, 0.95
  kQuantity,  // 500ms, 5%, 100/s
  kString,    // "x"
  kBool,      // true
  kName,      // slow, requests
  kCall,      // p99(latency)
  kUnary,     // -x, not x
  kBinary,    // + - * / and or
  kCompare,   // < <= > >= == !=
  kIn,        // x in ["a", "b"]
  kMatch,     // x ~ "re"
  kList,      // ["a", "b"]
  kParen,     // (x)
  kError,     // what a syntax error left behind
};

enum class Op : uint8_t { kAdd, kSub, kMul, kDiv, kNeg, kNot, kAnd, kOr, kLt, kLe, kGt, kGe, kEq, kNe };
const char* OpSpelling(Op op);

// What a name refers to, resolved by the checker.
enum class SymbolKind : uint8_t { kNone, kConst, kBuiltinMetric, kCustomMetric };

// A compile-time constant value, folded by the checker (quantities in base units).
struct ConstValue {
  enum class Kind : uint8_t { kNumber, kBool, kString } kind = Kind::kNumber;
  double number = 0;
  bool boolean = false;
  std::string string;

  static ConstValue Number(double v) { return {Kind::kNumber, v, false, {}}; }
  static ConstValue Bool(bool v) { return {Kind::kBool, 0, v, {}}; }
  static ConstValue String(std::string v) { return {Kind::kString, 0, false, std::move(v)}; }
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kError;
  SourceRange range;
  std::string raw;     // the literal as written (numbers, quantities, strings with quotes)
  std::string text;    // a name, a callee, or a string's decoded value
  SourceRange name_range;  // the callee of a call
  double value = 0;    // a number or quantity literal, in base units
  bool integer = false;  // a number literal written without a fraction
  Op op = Op::kAdd;
  std::vector<ExprPtr> children;  // operands, call arguments, list elements

  // checked:
  types::Type type;
  std::optional<ConstValue> constant;
  SymbolKind symbol = SymbolKind::kNone;
  uint32_t symbol_index = 0;  // into File::consts or File::metrics
};

struct Name {
  std::string text;
  SourceRange range;
};

struct ConstDecl {
  Name name;
  std::optional<Name> type_name;
  ExprPtr value;
  SourceRange range;
  // checked:
  types::Type type;
  std::optional<ConstValue> constant;
  bool used = false;
};

struct MetricDecl {
  Name name;
  Name type_name;
  Name source;          // prometheus, otlp, datadog, envoy
  std::string series;   // the source's own series name
  SourceRange series_range;
  SourceRange range;
  // checked:
  types::Type type;
  bool used = false;
};

struct GuardDecl {
  Name name;
  ExprPtr value;
  SourceRange range;
};

struct HealthTerm {
  Name metric;                   // latency, error_rate, connections, ...
  std::optional<Name> selector;  // p99 in `latency p99 <= 300ms`
  Op op = Op::kLe;
  ExprPtr threshold;
  ExprPtr weight;
  SourceRange range;
};

struct HealthBlock {
  std::vector<HealthTerm> terms;
  SourceRange range;
};

enum class TargetKind : uint8_t {
  kService,       // service "x"
  kServiceMatch,  // service ~ "re"
  kServicesWhere, // services where tag("team") == "pay"
  kNode,          // each node of service "x"
  kNodeMatch,     // each node of service ~ "re"
  kRoute,         // route "x/api"
  kNamespace,     // namespace "prod"
};

struct Target {
  TargetKind kind = TargetKind::kService;
  std::string pattern;     // the name or regex (decoded)
  std::string raw;         // as written, with quotes
  SourceRange pattern_range;
  ExprPtr where;
  SourceRange range;
};

enum class DestKind : uint8_t { kAny, kSubset, kHost };

struct Destination {
  DestKind kind = DestKind::kAny;
  std::string name;  // decoded
  std::string raw;
  SourceRange range;
};

enum class ActionKind : uint8_t {
  kRedirect, kMirror, kShift, kIsolate, kRateLimit, kRequireMtls, kSetTimeout, kSetRetries,
};
const char* ActionName(ActionKind kind);

struct Action {
  ActionKind kind = ActionKind::kRedirect;
  SourceRange range;
  SourceRange keyword_range;
  ExprPtr amount;      // redirect/mirror/shift share, rate limit, timeout, retries
  Destination destination;
  ExprPtr step, every, max;  // shift
  ExprPtr duration;    // isolate ... for D
  ExprPtr burst;       // rate_limit ... burst B
  std::optional<std::string> header;  // rate_limit ... on header "h"
  std::string header_raw;
  SourceRange header_range;
  std::optional<std::string> header_value;  // ... = "v"
  std::string header_value_raw;
  SourceRange header_value_range;
  Name mode;           // require mtls strict|permissive
  std::optional<std::string> retry_on;  // set retries N on "5xx"
  std::string retry_on_raw;
  SourceRange retry_on_range;
};

struct Condition {
  ExprPtr expr;
  ExprPtr duration;  // `for D`
  SourceRange range;
};

// The clause kinds, in the canonical order the formatter writes them.
enum class ClauseKind : uint8_t {
  kDescription, kPriority, kTarget, kWhen, kRecover, kMissing, kAlways, kThen,
};

struct Policy {
  Name name;
  SourceRange range;
  std::optional<std::string> description;
  std::string description_raw;
  SourceRange description_range;
  ExprPtr priority;
  std::vector<Target> targets;  // more than one is an error
  std::optional<Condition> when;
  std::optional<Condition> recover;
  bool always = false;
  SourceRange always_range;
  std::optional<Name> on_missing;  // hold | fire | skip
  std::vector<Action> actions;
  bool then_block = false;  // actions were written in `then { ... }`
  // Where each clause was written, for the formatter's comments and the LSP.
  struct ClauseSpan {
    ClauseKind kind;
    SourceRange range;
  };
  std::vector<ClauseSpan> clauses;
};

enum class ItemKind : uint8_t { kConst, kMetric, kGuard, kHealth, kPolicy };

struct Item {
  ItemKind kind;
  uint32_t index;  // into the vector of that kind
};

struct Comment {
  SourceRange range;
  std::string text;
};

struct File {
  SourceFilePtr source;
  std::vector<Item> items;
  std::vector<ConstDecl> consts;
  std::vector<MetricDecl> metrics;
  std::vector<GuardDecl> guards;
  std::vector<HealthBlock> health;
  std::vector<Policy> policies;
  std::vector<Comment> comments;

  SourceRange ItemRange(const Item& item) const;
};

}  // namespace stitch::ast
