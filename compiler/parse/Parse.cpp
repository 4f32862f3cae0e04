#include "Parse.h"

#include <algorithm>
#include <exception>

#include <fmt/format.h>

#include "Lexical.h"
#include "PolicyLexer.h"
#include "PolicyParser.h"
#include "antlr4-runtime.h"

namespace stitch::parse {
namespace {

using G = stitch_grammar::PolicyParser;
using L = stitch_grammar::PolicyLexer;
using antlr4::Token;
using antlr4::tree::TerminalNode;

// Maps ANTLR's code-point indexes to byte offsets (identity for ASCII files).
class OffsetMap {
 public:
  explicit OffsetMap(std::string_view text) {
    bool ascii = std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return;
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts_.push_back(i);
    }
    starts_.push_back(static_cast<uint32_t>(text.size()));
  }
  uint32_t Byte(size_t code_point) const {
    if (starts_.empty()) return static_cast<uint32_t>(code_point);
    return starts_[std::min(code_point, starts_.size() - 1)];
  }

 private:
  std::vector<uint32_t> starts_;
};

std::string DescribeToken(const Token* token) {
  if (!token || token->getType() == Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 30) text = text.substr(0, 27) + "...";
  return "`" + text + "`";
}

// Human names for the tokens a parser expected.
std::string DescribeExpected(const antlr4::misc::IntervalSet& expected,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  bool any_name = expected.contains(static_cast<size_t>(L::IDENT));
  if (any_name && expected.contains(static_cast<size_t>(L::QUANTITY)) &&
      expected.contains(static_cast<size_t>(L::NUMBER))) {
    return "an expression";
  }
  std::vector<std::string> names;
  for (size_t type : expected.toList()) {
    if (any_name && type >= L::DESCRIPTION && type <= L::WEIGHT) continue;  // soft keywords
    std::string name;
    switch (type) {
      case L::IDENT: name = "a name"; break;
      case L::QUANTITY: name = "a quantity"; break;
      case L::NUMBER: name = "a number"; break;
      case L::STRING: name = "a string"; break;
      case Token::EOF: name = "end of file"; break;
      default: {
        std::string literal = vocabulary.getLiteralName(type);
        if (literal.size() >= 2) name = "`" + literal.substr(1, literal.size() - 2) + "`";
      }
    }
    if (!name.empty()) names.push_back(name);
  }
  if (names.empty() || names.size() > 6) return "";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const SourceFilePtr& file, const OffsetMap& offsets, Diagnostics& diagnostics,
                size_t limit)
      : file_(file), offsets_(offsets), diagnostics_(diagnostics), limit_(limit) {}

  void syntaxError(antlr4::Recognizer* recognizer, Token* token, size_t, size_t,
                   const std::string& antlr_message, std::exception_ptr) override {
    if (reported_ > limit_) return;
    SourceRange range = Range(token);
    if (++reported_ > limit_) {
      diagnostics_.Add(DiagCode::E0015, file_, range,
                       fmt::format("more than {} syntax errors; stopping here", limit_));
      return;
    }
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::string expected;
    if (parser) expected = DescribeExpected(parser->getExpectedTokens(), parser->getVocabulary());
    std::string message;
    if (antlr_message.rfind("missing ", 0) == 0 && !expected.empty()) {
      message = fmt::format("expected {} before {}", expected, DescribeToken(token));
    } else {
      message = "unexpected " + DescribeToken(token);
      if (!expected.empty()) message += ", expected " + expected;
    }
    diagnostics_.Add(DiagCode::E0006, file_, range, message);
  }

  SourceRange Range(const Token* token) const {
    if (!token || token->getType() == Token::EOF) {
      auto end = static_cast<uint32_t>(file_->text().size());
      return {end, end};
    }
    return {offsets_.Byte(token->getStartIndex()), offsets_.Byte(token->getStopIndex() + 1)};
  }

 private:
  const SourceFilePtr& file_;
  const OffsetMap& offsets_;
  Diagnostics& diagnostics_;
  size_t limit_;
  size_t reported_ = 0;
};

// Builds our AST from ANTLR's parse tree, tolerating the holes that error recovery leaves.
class Builder {
 public:
  Builder(SourceFilePtr file, const OffsetMap& offsets, Diagnostics& diagnostics,
          uint32_t max_depth)
      : file_(std::move(file)), offsets_(offsets), diagnostics_(diagnostics), max_depth_(max_depth) {}

  void BuildFile(G::FileContext* ctx, ast::File& out) {
    for (G::ItemContext* item : ctx->item()) {
      if (auto* c = item->constDecl()) {
        out.items.push_back({ast::ItemKind::kConst, static_cast<uint32_t>(out.consts.size())});
        out.consts.push_back(BuildConst(c));
      } else if (auto* m = item->metricDecl()) {
        out.items.push_back({ast::ItemKind::kMetric, static_cast<uint32_t>(out.metrics.size())});
        out.metrics.push_back(BuildMetric(m));
      } else if (auto* g = item->guardDecl()) {
        out.items.push_back({ast::ItemKind::kGuard, static_cast<uint32_t>(out.guards.size())});
        out.guards.push_back(BuildGuard(g));
      } else if (auto* h = item->healthBlock()) {
        out.items.push_back({ast::ItemKind::kHealth, static_cast<uint32_t>(out.health.size())});
        out.health.push_back(BuildHealth(h));
      } else if (auto* p = item->policyDecl()) {
        out.items.push_back({ast::ItemKind::kPolicy, static_cast<uint32_t>(out.policies.size())});
        out.policies.push_back(BuildPolicy(p));
      }
    }
  }

 private:
  SourceRange Range(antlr4::ParserRuleContext* ctx) const {
    if (!ctx || !ctx->start) return {};
    uint32_t begin = offsets_.Byte(ctx->start->getStartIndex());
    const Token* stop = ctx->stop;
    if (!stop || stop->getType() == Token::EOF || stop->getTokenIndex() < ctx->start->getTokenIndex()) {
      return {begin, begin};
    }
    return {begin, offsets_.Byte(stop->getStopIndex() + 1)};
  }
  SourceRange Range(TerminalNode* node) const {
    if (!node || !node->getSymbol() || node->getSymbol()->getType() == Token::EOF) return {};
    const Token* t = node->getSymbol();
    if (t->getStartIndex() == INVALID_INDEX) return {};  // conjured by error recovery
    return {offsets_.Byte(t->getStartIndex()), offsets_.Byte(t->getStopIndex() + 1)};
  }
  std::string Text(SourceRange range) const { return std::string(file_->Slice(range)); }

  ast::Name BuildName(G::NameContext* ctx) {
    if (!ctx) return {};
    SourceRange range = Range(ctx);
    return {Text(range), range};
  }

  // A string token: its decoded value, its spelling and its range.
  struct StringToken {
    std::string value, raw;
    SourceRange range;
    bool present = false;
  };
  StringToken BuildString(TerminalNode* node) {
    StringToken s;
    if (!node || !node->getSymbol() || node->getSymbol()->getStartIndex() == INVALID_INDEX) {
      return s;
    }
    s.range = Range(node);
    s.raw = Text(s.range);
    if (s.raw.empty() || s.raw[0] != '"') return s;  // a token conjured by error recovery
    s.value = DecodeString(s.raw, s.range.begin, file_, diagnostics_);
    s.present = true;
    return s;
  }

  ast::ConstDecl BuildConst(G::ConstDeclContext* ctx) {
    ast::ConstDecl decl;
    decl.range = Range(ctx);
    decl.name = BuildName(ctx->name());
    if (ctx->typeName()) decl.type_name = BuildName(ctx->typeName()->name());
    decl.value = BuildExpr(ctx->expr());
    return decl;
  }

  ast::MetricDecl BuildMetric(G::MetricDeclContext* ctx) {
    ast::MetricDecl decl;
    decl.range = Range(ctx);
    auto names = ctx->name();
    if (!names.empty()) decl.name = BuildName(names[0]);
    if (names.size() > 1) decl.source = BuildName(names[1]);
    if (ctx->typeName()) decl.type_name = BuildName(ctx->typeName()->name());
    StringToken series = BuildString(ctx->STRING());
    decl.series = series.value;
    decl.series_range = series.range;
    return decl;
  }

  ast::GuardDecl BuildGuard(G::GuardDeclContext* ctx) {
    return {BuildName(ctx->name()), BuildExpr(ctx->expr()), Range(ctx)};
  }

  ast::HealthBlock BuildHealth(G::HealthBlockContext* ctx) {
    ast::HealthBlock block;
    block.range = Range(ctx);
    for (G::HealthTermContext* t : ctx->healthTerm()) {
      ast::HealthTerm term;
      term.range = Range(t);
      auto names = t->name();
      if (!names.empty()) term.metric = BuildName(names[0]);
      if (names.size() > 1) term.selector = BuildName(names[1]);
      if (t->cmpOp()) term.op = CompareOp(t->cmpOp());
      auto exprs = t->expr();
      term.threshold = BuildExpr(exprs.empty() ? nullptr : exprs[0]);
      term.weight = BuildExpr(exprs.size() > 1 ? exprs[1] : nullptr);
      block.terms.push_back(std::move(term));
    }
    return block;
  }

  void AddClause(ast::Policy& policy, ast::ClauseKind kind, SourceRange range) {
    policy.clauses.push_back({kind, range});
  }

  // Reports a clause that may appear once, when it appears again.
  void Duplicate(const ast::Policy& policy, ast::ClauseKind kind, SourceRange range,
                 const char* what) {
    for (const auto& clause : policy.clauses) {
      if (clause.kind != kind) continue;
      auto& d = diagnostics_.Add(DiagCode::E0407, file_, range,
                                 fmt::format("policy `{}` has a second `{}` clause",
                                             policy.name.text, what));
      d.notes.push_back({file_, clause.range, "the first one is here"});
      return;
    }
  }

  ast::Condition BuildCondition(antlr4::ParserRuleContext* ctx, std::vector<G::ExprContext*> exprs) {
    ast::Condition cond;
    cond.range = Range(ctx);
    cond.expr = BuildExpr(exprs.empty() ? nullptr : exprs[0]);
    if (exprs.size() > 1) cond.duration = BuildExpr(exprs[1]);
    return cond;
  }

  ast::Policy BuildPolicy(G::PolicyDeclContext* ctx) {
    ast::Policy policy;
    policy.range = Range(ctx);
    policy.name = BuildName(ctx->name());
    for (G::ClauseContext* clause : ctx->clause()) {
      SourceRange range = Range(clause);
      if (auto* c = dynamic_cast<G::DescriptionClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kDescription, range, "description");
        StringToken s = BuildString(c->STRING());
        if (s.present) {
          policy.description = s.value;
          policy.description_raw = s.raw;
          policy.description_range = s.range;
        }
        AddClause(policy, ast::ClauseKind::kDescription, range);
      } else if (auto* c = dynamic_cast<G::PriorityClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kPriority, range, "priority");
        policy.priority = BuildExpr(c->expr());
        AddClause(policy, ast::ClauseKind::kPriority, range);
      } else if (auto* c = dynamic_cast<G::TargetClauseContext*>(clause)) {
        if (c->target()) policy.targets.push_back(BuildTarget(c->target()));
        AddClause(policy, ast::ClauseKind::kTarget, range);
      } else if (auto* c = dynamic_cast<G::WhenClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kWhen, range, "when");
        policy.when = BuildCondition(c, c->expr());
        AddClause(policy, ast::ClauseKind::kWhen, range);
      } else if (auto* c = dynamic_cast<G::RecoverClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kRecover, range, "recover when");
        policy.recover = BuildCondition(c, c->expr());
        AddClause(policy, ast::ClauseKind::kRecover, range);
      } else if (auto* c = dynamic_cast<G::MissingClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kMissing, range, "on missing");
        policy.on_missing = BuildName(c->name());
        AddClause(policy, ast::ClauseKind::kMissing, range);
      } else if (dynamic_cast<G::AlwaysClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kAlways, range, "always");
        policy.always = true;
        policy.always_range = range;
        AddClause(policy, ast::ClauseKind::kAlways, range);
      } else if (auto* c = dynamic_cast<G::ThenClauseContext*>(clause)) {
        Duplicate(policy, ast::ClauseKind::kThen, range, "then");
        policy.then_block = c->LBRACE() != nullptr;
        for (G::ActionContext* a : c->action()) policy.actions.push_back(BuildAction(a));
        AddClause(policy, ast::ClauseKind::kThen, range);
      }
    }
    return policy;
  }

  ast::Target BuildTarget(G::TargetContext* ctx) {
    ast::Target target;
    target.range = Range(ctx);
    TerminalNode* pattern = nullptr;
    if (auto* t = dynamic_cast<G::ServiceTargetContext*>(ctx)) {
      target.kind = ast::TargetKind::kService;
      pattern = t->STRING();
    } else if (auto* t = dynamic_cast<G::ServiceMatchTargetContext*>(ctx)) {
      target.kind = ast::TargetKind::kServiceMatch;
      pattern = t->STRING();
    } else if (auto* t = dynamic_cast<G::ServicesWhereTargetContext*>(ctx)) {
      target.kind = ast::TargetKind::kServicesWhere;
      target.where = BuildExpr(t->expr());
    } else if (auto* t = dynamic_cast<G::NodeTargetContext*>(ctx)) {
      target.kind = t->TILDE() ? ast::TargetKind::kNodeMatch : ast::TargetKind::kNode;
      pattern = t->STRING();
    } else if (auto* t = dynamic_cast<G::RouteTargetContext*>(ctx)) {
      target.kind = ast::TargetKind::kRoute;
      pattern = t->STRING();
    } else if (auto* t = dynamic_cast<G::NamespaceTargetContext*>(ctx)) {
      target.kind = ast::TargetKind::kNamespace;
      pattern = t->STRING();
    }
    StringToken s = BuildString(pattern);
    target.pattern = s.value;
    target.raw = s.raw;
    target.pattern_range = s.range;
    return target;
  }

  ast::Destination BuildDestination(G::DestinationContext* ctx) {
    ast::Destination dest;
    if (!ctx) return dest;
    dest.kind = ctx->SUBSET() ? ast::DestKind::kSubset
                : ctx->HOST() ? ast::DestKind::kHost
                              : ast::DestKind::kAny;
    StringToken s = BuildString(ctx->STRING());
    dest.name = s.value;
    dest.raw = s.raw;
    dest.range = s.range;
    return dest;
  }

  ast::Action BuildAction(G::ActionContext* ctx) {
    ast::Action action;
    action.range = Range(ctx);
    if (ctx->start) {
      action.keyword_range = {offsets_.Byte(ctx->start->getStartIndex()),
                              offsets_.Byte(ctx->start->getStopIndex() + 1)};
    }
    auto expr_at = [&](const std::vector<G::ExprContext*>& exprs, size_t i) {
      return BuildExpr(i < exprs.size() ? exprs[i] : nullptr);
    };
    if (auto* a = dynamic_cast<G::RedirectActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kRedirect;
      action.amount = BuildExpr(a->expr());
      action.destination = BuildDestination(a->destination());
    } else if (auto* a = dynamic_cast<G::MirrorActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kMirror;
      action.amount = BuildExpr(a->expr());
      action.destination = BuildDestination(a->destination());
    } else if (auto* a = dynamic_cast<G::ShiftActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kShift;
      auto exprs = a->expr();
      action.amount = expr_at(exprs, 0);
      action.destination = BuildDestination(a->destination());
      action.step = expr_at(exprs, 1);
      action.every = expr_at(exprs, 2);
      if (a->MAX()) action.max = expr_at(exprs, 3);
    } else if (auto* a = dynamic_cast<G::IsolateActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kIsolate;
      if (a->expr()) action.duration = BuildExpr(a->expr());
    } else if (auto* a = dynamic_cast<G::RateLimitActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kRateLimit;
      auto exprs = a->expr();
      action.amount = expr_at(exprs, 0);
      if (a->BURST()) action.burst = expr_at(exprs, 1);
      if (a->HEADER()) {
        StringToken header = BuildString(a->STRING(0));
        action.header = header.value;
        action.header_raw = header.raw;
        action.header_range = header.range;
        if (a->STRING().size() > 1) {
          StringToken value = BuildString(a->STRING(1));
          action.header_value = value.value;
          action.header_value_raw = value.raw;
          action.header_value_range = value.range;
        }
      }
    } else if (auto* a = dynamic_cast<G::MtlsActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kRequireMtls;
      action.mode = BuildName(a->name());
    } else if (auto* a = dynamic_cast<G::TimeoutActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kSetTimeout;
      action.amount = BuildExpr(a->expr());
    } else if (auto* a = dynamic_cast<G::RetriesActionContext*>(ctx)) {
      action.kind = ast::ActionKind::kSetRetries;
      action.amount = BuildExpr(a->expr());
      if (a->ON()) {
        StringToken on = BuildString(a->STRING());
        action.retry_on = on.value;
        action.retry_on_raw = on.raw;
        action.retry_on_range = on.range;
      }
    }
    return action;
  }

  static ast::Op CompareOp(G::CmpOpContext* ctx) {
    std::string op = ctx->getText();
    if (op == "<") return ast::Op::kLt;
    if (op == "<=") return ast::Op::kLe;
    if (op == ">") return ast::Op::kGt;
    if (op == ">=") return ast::Op::kGe;
    if (op == "==") return ast::Op::kEq;
    return ast::Op::kNe;
  }

  // Expressions. Each builder returns the node and its depth; chains of binary operators
  // are loops in the grammar but left-deep trees here, so their depth is bounded too.
  struct Built {
    ast::ExprPtr expr;
    uint32_t depth = 1;
  };

  ast::ExprPtr BuildExpr(G::ExprContext* ctx) {
    if (!ctx || !ctx->orExpr()) return ErrorExpr(Range(ctx));
    Built built = Or(ctx->orExpr());
    return std::move(built.expr);
  }

  ast::ExprPtr ErrorExpr(SourceRange range) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::kError;
    e->range = range;
    return e;
  }

  Built Node(ast::ExprKind kind, SourceRange range, ast::Op op, std::vector<Built> operands) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->range = range;
    e->op = op;
    uint32_t depth = 0;
    for (Built& b : operands) {
      depth = std::max(depth, b.depth);
      e->children.push_back(std::move(b.expr));
    }
    if (depth + 1 > max_depth_ && !depth_reported_) {
      depth_reported_ = true;
      diagnostics_.Add(DiagCode::E0007, file_, range,
                       fmt::format("this expression is nested more than {} levels deep", max_depth_));
    }
    if (depth + 1 > max_depth_) return {ErrorExpr(range), 1};
    return {std::move(e), depth + 1};
  }

  // Folds `a op b op c` into a left-deep tree.
  template <typename Operand, typename OpCtx, typename Next, typename OpOf>
  Built Chain(antlr4::ParserRuleContext* ctx, const std::vector<Operand*>& operands,
              const std::vector<OpCtx*>& ops, Next next, OpOf op_of) {
    if (operands.empty()) return {ErrorExpr(Range(ctx)), 1};
    Built left = next(operands[0]);
    for (size_t i = 1; i < operands.size(); ++i) {
      Built right = next(operands[i]);
      SourceRange range = {left.expr->range.begin, right.expr->range.end};
      std::vector<Built> pair;
      pair.push_back(std::move(left));
      pair.push_back(std::move(right));
      left = Node(ast::ExprKind::kBinary, range, op_of(ops, i - 1), std::move(pair));
    }
    return left;
  }

  Built Or(G::OrExprContext* ctx) {
    std::vector<antlr4::ParserRuleContext*> none;
    return Chain(ctx, ctx->andExpr(), none, [&](auto* c) { return And(c); },
                 [](const auto&, size_t) { return ast::Op::kOr; });
  }
  Built And(G::AndExprContext* ctx) {
    std::vector<antlr4::ParserRuleContext*> none;
    return Chain(ctx, ctx->notExpr(), none, [&](auto* c) { return Not(c); },
                 [](const auto&, size_t) { return ast::Op::kAnd; });
  }
  Built Not(G::NotExprContext* ctx) {
    if (ctx->NOT()) {
      if (!ctx->notExpr()) return {ErrorExpr(Range(ctx)), 1};
      std::vector<Built> operand;
      operand.push_back(Not(ctx->notExpr()));
      return Node(ast::ExprKind::kUnary, Range(ctx), ast::Op::kNot, std::move(operand));
    }
    if (!ctx->cmpExpr()) return {ErrorExpr(Range(ctx)), 1};
    return Cmp(ctx->cmpExpr());
  }
  Built Cmp(G::CmpExprContext* ctx) {
    auto adds = ctx->addExpr();
    if (adds.empty()) return {ErrorExpr(Range(ctx)), 1};
    Built left = Add(adds[0]);
    SourceRange range = Range(ctx);
    if (ctx->cmpOp() && adds.size() > 1) {
      std::vector<Built> pair;
      pair.push_back(std::move(left));
      pair.push_back(Add(adds[1]));
      return Node(ast::ExprKind::kCompare, range, CompareOp(ctx->cmpOp()), std::move(pair));
    }
    if (ctx->IN()) {
      std::vector<Built> pair;
      pair.push_back(std::move(left));
      pair.push_back(ctx->list() ? List(ctx->list()) : Built{ErrorExpr(range), 1});
      return Node(ast::ExprKind::kIn, range, ast::Op::kEq, std::move(pair));
    }
    if (ctx->TILDE()) {
      std::vector<Built> pair;
      pair.push_back(std::move(left));
      pair.push_back(StringLiteral(ctx->STRING()));
      return Node(ast::ExprKind::kMatch, range, ast::Op::kEq, std::move(pair));
    }
    return left;
  }
  Built Add(G::AddExprContext* ctx) {
    return Chain(ctx, ctx->mulExpr(), ctx->addOp(), [&](auto* c) { return Mul(c); },
                 [](const auto& ops, size_t i) {
                   return i < ops.size() && ops[i]->getText() == "-" ? ast::Op::kSub : ast::Op::kAdd;
                 });
  }
  Built Mul(G::MulExprContext* ctx) {
    return Chain(ctx, ctx->unary(), ctx->mulOp(), [&](auto* c) { return Unary(c); },
                 [](const auto& ops, size_t i) {
                   return i < ops.size() && ops[i]->getText() == "/" ? ast::Op::kDiv : ast::Op::kMul;
                 });
  }
  Built Unary(G::UnaryContext* ctx) {
    if (ctx->unary()) {
      std::vector<Built> operand;
      operand.push_back(Unary(ctx->unary()));
      return Node(ast::ExprKind::kUnary, Range(ctx), ast::Op::kNeg, std::move(operand));
    }
    if (!ctx->primary()) return {ErrorExpr(Range(ctx)), 1};
    return Primary(ctx->primary());
  }

  Built StringLiteral(TerminalNode* node) {
    StringToken s = BuildString(node);
    if (!s.present) return {ErrorExpr(s.range), 1};
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::kString;
    e->range = s.range;
    e->raw = s.raw;
    e->text = s.value;
    return {std::move(e), 1};
  }

  Built List(G::ListContext* ctx) {
    std::vector<Built> elements;
    for (G::ExprContext* element : ctx->expr()) {
      if (!element->orExpr()) continue;
      elements.push_back(Or(element->orExpr()));
    }
    return Node(ast::ExprKind::kList, Range(ctx), ast::Op::kEq, std::move(elements));
  }

  Built Primary(G::PrimaryContext* ctx) {
    SourceRange range = Range(ctx);
    auto leaf = [&](ast::ExprKind kind) {
      auto e = std::make_unique<ast::Expr>();
      e->kind = kind;
      e->range = range;
      e->raw = Text(range);
      return e;
    };
    if (dynamic_cast<G::QuantityExprContext*>(ctx)) {
      auto e = leaf(ast::ExprKind::kQuantity);
      ReadQuantityLiteral(*e, file_, diagnostics_);
      return {std::move(e), 1};
    }
    if (dynamic_cast<G::NumberExprContext*>(ctx)) {
      auto e = leaf(ast::ExprKind::kNumber);
      ReadNumberLiteral(*e, file_, diagnostics_);
      return {std::move(e), 1};
    }
    if (auto* c = dynamic_cast<G::StringExprContext*>(ctx)) return StringLiteral(c->STRING());
    if (auto* c = dynamic_cast<G::BoolExprContext*>(ctx)) {
      auto e = leaf(ast::ExprKind::kBool);
      e->value = c->TRUE() ? 1 : 0;
      return {std::move(e), 1};
    }
    if (auto* c = dynamic_cast<G::CallExprContext*>(ctx)) {
      std::vector<Built> args;
      for (G::ExprContext* arg : c->expr()) {
        if (!arg->orExpr()) continue;
        args.push_back(Or(arg->orExpr()));
      }
      Built call = Node(ast::ExprKind::kCall, range, ast::Op::kEq, std::move(args));
      if (call.expr->kind == ast::ExprKind::kCall) {
        ast::Name name = BuildName(c->name());
        call.expr->text = name.text;
        call.expr->name_range = name.range;
      }
      return call;
    }
    if (auto* c = dynamic_cast<G::NameExprContext*>(ctx)) {
      auto e = leaf(ast::ExprKind::kName);
      e->text = BuildName(c->name()).text;
      return {std::move(e), 1};
    }
    if (auto* c = dynamic_cast<G::ParenExprContext*>(ctx)) {
      std::vector<Built> inner;
      inner.push_back(c->expr() && c->expr()->orExpr() ? Or(c->expr()->orExpr())
                                                       : Built{ErrorExpr(range), 1});
      return Node(ast::ExprKind::kParen, range, ast::Op::kEq, std::move(inner));
    }
    if (auto* c = dynamic_cast<G::ListExprContext*>(ctx)) {
      if (c->list()) return List(c->list());
    }
    return {ErrorExpr(range), 1};
  }

  SourceFilePtr file_;
  const OffsetMap& offsets_;
  Diagnostics& diagnostics_;
  uint32_t max_depth_;
  bool depth_reported_ = false;
};

// Reports lexical problems on the token list, drops tokens the parser should not see and
// collects comments. Returns false when the file is too deeply nested to parse.
bool ScanTokens(std::vector<std::unique_ptr<Token>>& tokens, const SourceFilePtr& file,
                const OffsetMap& offsets, const ParseOptions& options, ast::File& out,
                Diagnostics& diagnostics) {
  auto range_of = [&](const Token& t) {
    return SourceRange{offsets.Byte(t.getStartIndex()), offsets.Byte(t.getStopIndex() + 1)};
  };
  std::vector<std::unique_ptr<Token>> kept;
  uint32_t depth = 0;
  uint32_t prefix_run = 0;
  bool ok = true;
  size_t bad_characters = 0;
  for (auto& token : tokens) {
    SourceRange range = range_of(*token);
    switch (token->getType()) {
      case L::LINE_COMMENT:
      case L::BLOCK_COMMENT:
        out.comments.push_back({range, std::string(file->Slice(range))});
        continue;
      case L::UNTERMINATED_COMMENT:
        diagnostics.Add(DiagCode::E0003, file, {range.begin, range.begin + 2},
                        "this block comment has no closing `*/`");
        continue;
      case L::ERROR_CHAR: {
        if (++bad_characters <= options.max_syntax_errors) {
          diagnostics.Add(DiagCode::E0005, file, range,
                          fmt::format("unexpected character `{}`", file->Slice(range)));
        }
        continue;
      }
      case L::UNTERMINATED_STRING:
        diagnostics.Add(DiagCode::E0002, file, range,
                        "this string has no closing `\"` before the end of the line");
        // Parse on as if it were closed, to report what follows.
        if (auto* common = dynamic_cast<antlr4::CommonToken*>(token.get())) common->setType(L::STRING);
        break;
      case L::LPAREN:
      case L::LBRACK:
      case L::LBRACE:
        ++depth;
        break;
      case L::RPAREN:
      case L::RBRACK:
      case L::RBRACE:
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
    bool prefix = token->getType() == L::NOT || token->getType() == L::MINUS;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (ok && depth + prefix_run > options.max_nesting) {
      diagnostics.Add(DiagCode::E0007, file, range,
                      fmt::format("brackets and prefix operators are nested more than {} levels "
                                  "deep here",
                                  options.max_nesting));
      ok = false;
    }
    kept.push_back(std::move(token));
  }
  tokens = std::move(kept);
  return ok;
}

}  // namespace

ast::File Parse(SourceFilePtr source, Diagnostics& diagnostics, const ParseOptions& options) {
  ast::File file;
  file.source = source;
  const std::string& text = source->text();
  if (text.size() > options.max_bytes) {
    diagnostics.Add(DiagCode::E0008, source, {0, 0},
                    fmt::format("the file has {} bytes; policy files are limited to {} bytes",
                                text.size(), options.max_bytes));
    return file;
  }
  if (size_t nul = text.find('\0'); nul != std::string::npos) {
    diagnostics.Add(DiagCode::E0009, source, {static_cast<uint32_t>(nul), static_cast<uint32_t>(nul + 1)},
                    "the file contains a NUL byte; is it a binary file?");
    return file;
  }
  if (auto bad = stitch::FindInvalidUtf8(text)) {
    auto at = static_cast<uint32_t>(*bad);
    diagnostics.Add(DiagCode::E0001, source, {at, at + 1},
                    fmt::format("invalid UTF-8 byte 0x{:02X}",
                                static_cast<unsigned char>(text[*bad])));
    return file;
  }

  OffsetMap offsets(text);
  try {
    antlr4::ANTLRInputStream input(text);
    L lexer(&input);
    lexer.removeErrorListeners();
    std::vector<std::unique_ptr<Token>> tokens = lexer.getAllTokens();
    if (!ScanTokens(tokens, source, offsets, options, file, diagnostics)) return file;
    if (tokens.empty()) {
      if (!diagnostics.HasErrors()) {
        diagnostics.Add(DiagCode::E0010, source, {0, 0},
                        "the file declares no policy, constant, metric, guard or health block");
      }
      return file;
    }

    antlr4::ListTokenSource token_source(std::move(tokens));
    antlr4::CommonTokenStream stream(&token_source);
    G parser(&stream);
    parser.removeErrorListeners();
    ErrorListener listener(source, offsets, diagnostics, options.max_syntax_errors);
    parser.addErrorListener(&listener);
    G::FileContext* tree = parser.file();
    Builder builder(source, offsets, diagnostics, options.max_nesting);
    builder.BuildFile(tree, file);
  } catch (const std::exception& e) {
    // ANTLR's recovery should not throw; if it does, report rather than crash.
    diagnostics.Add(DiagCode::E0006, source, {0, 0},
                    fmt::format("the parser stopped: {}", e.what()));
  } catch (...) {
    diagnostics.Add(DiagCode::E0006, source, {0, 0}, "the parser stopped on an internal error");
  }
  if (file.items.empty() && !diagnostics.HasErrors()) {
    diagnostics.Add(DiagCode::E0010, source, {0, 0},
                    "the file declares no policy, constant, metric, guard or health block");
  }
  return file;
}

}  // namespace stitch::parse
