#include "Format.h"

#include <algorithm>
#include <map>

namespace stitch::formatter {
namespace {

constexpr const char* kIndent = "  ";

}  // namespace

std::string FormatExpr(const ast::Expr& e) {
  using ast::ExprKind;
  switch (e.kind) {
    case ExprKind::kNumber:
    case ExprKind::kQuantity:
    case ExprKind::kString:
      return e.raw;
    case ExprKind::kBool:
      return e.value != 0 ? "true" : "false";
    case ExprKind::kName:
      return e.text;
    case ExprKind::kCall: {
      std::string out = e.text + "(";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out += ", ";
        out += FormatExpr(*e.children[i]);
      }
      return out + ")";
    }
    case ExprKind::kUnary:
      return e.op == ast::Op::kNot ? "not " + FormatExpr(*e.children[0]) : "-" + FormatExpr(*e.children[0]);
    case ExprKind::kBinary:
    case ExprKind::kCompare:
      return FormatExpr(*e.children[0]) + " " + ast::OpSpelling(e.op) + " " + FormatExpr(*e.children[1]);
    case ExprKind::kIn:
      return FormatExpr(*e.children[0]) + " in " + FormatExpr(*e.children[1]);
    case ExprKind::kMatch:
      return FormatExpr(*e.children[0]) + " ~ " + FormatExpr(*e.children[1]);
    case ExprKind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out += ", ";
        out += FormatExpr(*e.children[i]);
      }
      return out + "]";
    }
    case ExprKind::kParen:
      return "(" + FormatExpr(*e.children[0]) + ")";
    case ExprKind::kError:
      return "<error>";
  }
  return "";
}

std::string FormatTarget(const ast::Target& t) {
  switch (t.kind) {
    case ast::TargetKind::kService: return "service " + t.raw;
    case ast::TargetKind::kServiceMatch: return "service ~ " + t.raw;
    case ast::TargetKind::kServicesWhere: return "services where " + FormatExpr(*t.where);
    case ast::TargetKind::kNode: return "each node of service " + t.raw;
    case ast::TargetKind::kNodeMatch: return "each node of service ~ " + t.raw;
    case ast::TargetKind::kRoute: return "route " + t.raw;
    case ast::TargetKind::kNamespace: return "namespace " + t.raw;
  }
  return "";
}

namespace {

std::string FormatDestination(const ast::Destination& d) {
  switch (d.kind) {
    case ast::DestKind::kSubset: return "subset " + d.raw;
    case ast::DestKind::kHost: return "host " + d.raw;
    case ast::DestKind::kAny: return d.raw;
  }
  return d.raw;
}

}  // namespace

std::string FormatAction(const ast::Action& a) {
  switch (a.kind) {
    case ast::ActionKind::kRedirect:
      return "redirect " + FormatExpr(*a.amount) + " to " + FormatDestination(a.destination);
    case ast::ActionKind::kMirror:
      return "mirror " + FormatExpr(*a.amount) + " to " + FormatDestination(a.destination);
    case ast::ActionKind::kShift: {
      std::string out = "shift " + FormatExpr(*a.amount) + " to " + FormatDestination(a.destination) +
                        " step " + FormatExpr(*a.step) + " every " + FormatExpr(*a.every);
      if (a.max) out += " max " + FormatExpr(*a.max);
      return out;
    }
    case ast::ActionKind::kIsolate:
      return a.duration ? "isolate node for " + FormatExpr(*a.duration) : "isolate node";
    case ast::ActionKind::kRateLimit: {
      std::string out = "rate_limit " + FormatExpr(*a.amount);
      if (a.burst) out += " burst " + FormatExpr(*a.burst);
      if (a.header) {
        out += " on header " + a.header_raw;
        if (a.header_value) out += " = " + a.header_value_raw;
      }
      return out;
    }
    case ast::ActionKind::kRequireMtls:
      return "require mtls " + a.mode.text;
    case ast::ActionKind::kSetTimeout:
      return "set timeout " + FormatExpr(*a.amount);
    case ast::ActionKind::kSetRetries: {
      std::string out = "set retries " + FormatExpr(*a.amount);
      if (a.retry_on) out += " on " + a.retry_on_raw;
      return out;
    }
  }
  return "";
}

std::string FormatCondition(const ast::Condition& c) {
  std::string out = FormatExpr(*c.expr);
  if (c.duration) out += " for " + FormatExpr(*c.duration);
  return out;
}

std::string FormatHealthTerm(const ast::HealthTerm& t) {
  std::string out = t.metric.text;
  if (t.selector) out += " " + t.selector->text;
  return out + " " + ast::OpSpelling(t.op) + " " + FormatExpr(*t.threshold) + " weight " +
         FormatExpr(*t.weight);
}

namespace {

// A node that owns whole lines of output, to which comments attach.
struct LineNode {
  SourceRange range;
  bool container = false;      // comments inside go to its children
  std::vector<LineNode> children;
  uint32_t end_of_body = 0;    // containers: where dangling comments belong (before `}`)
};

LineNode Leaf(SourceRange range) {
  LineNode node;
  node.range = range;
  return node;
}

struct Attached {
  std::vector<const ast::Comment*> leading, trailing, dangling;
};

// Assigns each comment to the node it belongs to: leading (on lines before it), trailing
// (after it on its last line, or inside a single-line construct) or dangling (at the end of a
// container's body).
class CommentMap {
 public:
  CommentMap(const ast::File& file, const LineNode& root) : file_(file) {
    for (const ast::Comment& comment : file.comments) Place(&comment, root);
  }
  const Attached& At(SourceRange range) const {
    static const Attached kNone;
    auto it = attached_.find(range.begin);
    return it == attached_.end() ? kNone : it->second;
  }

 private:
  uint32_t Line(uint32_t offset) const { return file_.source->Position(offset).line; }

  void Place(const ast::Comment* comment, const LineNode& container) {
    const LineNode* previous = nullptr;
    for (const LineNode& child : container.children) {
      if (child.range.begin <= comment->range.begin && comment->range.begin < child.range.end) {
        if (child.container) return Place(comment, child);
        attached_[child.range.begin].trailing.push_back(comment);
        return;
      }
      if (child.range.end <= comment->range.begin) previous = &child;
    }
    if (previous && Line(previous->range.end > 0 ? previous->range.end - 1 : 0) ==
                        Line(comment->range.begin)) {
      attached_[previous->range.begin].trailing.push_back(comment);
      return;
    }
    for (const LineNode& child : container.children) {
      if (child.range.begin >= comment->range.end) {
        attached_[child.range.begin].leading.push_back(comment);
        return;
      }
    }
    attached_[container.range.begin].dangling.push_back(comment);
  }

  const ast::File& file_;
  std::map<uint32_t, Attached> attached_;
};

class Printer {
 public:
  explicit Printer(const ast::File& file) : file_(file), root_(BuildTree()), comments_(file, root_) {}

  std::string Run() {
    const ast::Item* previous = nullptr;
    for (const ast::Item& item : file_.items) {
      SourceRange range = file_.ItemRange(item);
      if (previous) {
        bool grouped = previous->kind == item.kind &&
                       (item.kind == ast::ItemKind::kConst || item.kind == ast::ItemKind::kMetric ||
                        item.kind == ast::ItemKind::kGuard);
        const auto& leading = comments_.At(range).leading;
        uint32_t next_begin = leading.empty() ? range.begin : leading.front()->range.begin;
        if (!grouped || BlankLineBetween(file_.ItemRange(*previous).end, next_begin)) out_ += "\n";
      }
      Leading(range, "");
      PrintItem(item);
      previous = &item;
    }
    const Attached& tail = comments_.At(root_.range);
    if (!tail.dangling.empty() && !out_.empty()) out_ += "\n";
    for (const ast::Comment* c : tail.dangling) Comment(c, "");
    return out_;
  }

 private:
  LineNode BuildTree() {
    LineNode root;
    root.container = true;
    // A key no node has: comments at the end of the file dangle here.
    root.range = {UINT32_MAX, UINT32_MAX};
    for (const ast::Item& item : file_.items) {
      LineNode node;
      node.range = file_.ItemRange(item);
      if (item.kind == ast::ItemKind::kPolicy) {
        node.container = true;
        const ast::Policy& policy = file_.policies[item.index];
        for (const auto& clause : policy.clauses) {
          LineNode child;
          child.range = clause.range;
          if (clause.kind == ast::ClauseKind::kThen) {
            child.container = true;
            for (const auto& action : policy.actions) {
              if (action.range.begin >= clause.range.begin && action.range.end <= clause.range.end) {
                child.children.push_back(Leaf(action.range));
              }
            }
          }
          node.children.push_back(std::move(child));
        }
      } else if (item.kind == ast::ItemKind::kHealth) {
        node.container = true;
        for (const auto& term : file_.health[item.index].terms) node.children.push_back(Leaf(term.range));
      }
      root.children.push_back(std::move(node));
    }
    return root;
  }

  bool BlankLineBetween(uint32_t from, uint32_t to) const {
    const std::string& text = file_.source->text();
    int newlines = 0;
    for (uint32_t i = from; i < to && i < text.size(); ++i) {
      if (text[i] == '\n') {
        if (++newlines >= 2) return true;
      } else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
        newlines = 0;
      }
    }
    return false;
  }

  void Comment(const ast::Comment* comment, const std::string& indent) {
    out_ += indent + comment->text + "\n";
  }

  // Leading comments of the node at `range`, keeping a blank line the author left after one.
  void Leading(SourceRange range, const std::string& indent) {
    const auto& leading = comments_.At(range).leading;
    for (size_t i = 0; i < leading.size(); ++i) {
      Comment(leading[i], indent);
      uint32_t next = i + 1 < leading.size() ? leading[i + 1]->range.begin : range.begin;
      if (BlankLineBetween(leading[i]->range.end, next)) out_ += "\n";
    }
  }

  // One output line for the node at `range`, with its trailing comments.
  void Line(SourceRange range, const std::string& indent, const std::string& text) {
    out_ += indent + text;
    const auto& trailing = comments_.At(range).trailing;
    for (size_t i = 0; i < trailing.size(); ++i) {
      if (i == 0) {
        out_ += " " + trailing[i]->text;
      } else {
        out_ += "\n" + indent + trailing[i]->text;
      }
    }
    out_ += "\n";
  }

  void Dangling(SourceRange range, const std::string& indent) {
    for (const ast::Comment* c : comments_.At(range).dangling) Comment(c, indent);
  }

  void PrintItem(const ast::Item& item) {
    switch (item.kind) {
      case ast::ItemKind::kConst: {
        const ast::ConstDecl& c = file_.consts[item.index];
        std::string text = "const " + c.name.text;
        if (c.type_name) text += ": " + c.type_name->text;
        Line(c.range, "", text + " = " + FormatExpr(*c.value) + ";");
        break;
      }
      case ast::ItemKind::kMetric: {
        const ast::MetricDecl& m = file_.metrics[item.index];
        Line(m.range, "", "metric " + m.name.text + ": " + m.type_name.text + " from " +
                              m.source.text + " " + std::string(file_.source->Slice(m.series_range)));
        break;
      }
      case ast::ItemKind::kGuard: {
        const ast::GuardDecl& g = file_.guards[item.index];
        Line(g.range, "", "guard " + g.name.text + " " + FormatExpr(*g.value));
        break;
      }
      case ast::ItemKind::kHealth: {
        const ast::HealthBlock& h = file_.health[item.index];
        out_ += "health {\n";
        for (const auto& term : h.terms) {
          Leading(term.range, kIndent);
          Line(term.range, kIndent, FormatHealthTerm(term));
        }
        Dangling(h.range, kIndent);
        Line(h.range, "", "}");
        break;
      }
      case ast::ItemKind::kPolicy:
        PrintPolicy(file_.policies[item.index]);
        break;
    }
  }

  void PrintPolicy(const ast::Policy& p) {
    out_ += "policy " + p.name.text + " {\n";
    std::vector<ast::Policy::ClauseSpan> clauses = p.clauses;
    std::stable_sort(clauses.begin(), clauses.end(),
                     [](const auto& a, const auto& b) { return a.kind < b.kind; });
    size_t target_index = 0;
    for (const auto& clause : clauses) {
      Leading(clause.range, kIndent);
      switch (clause.kind) {
        case ast::ClauseKind::kDescription:
          Line(clause.range, kIndent, "description " + p.description_raw);
          break;
        case ast::ClauseKind::kPriority:
          Line(clause.range, kIndent, "priority " + FormatExpr(*p.priority));
          break;
        case ast::ClauseKind::kTarget: {
          // Targets are stored in source order; match this clause to its target.
          const ast::Target* target = nullptr;
          for (const auto& t : p.targets) {
            if (t.range.begin >= clause.range.begin && t.range.end <= clause.range.end) target = &t;
          }
          if (!target && target_index < p.targets.size()) target = &p.targets[target_index];
          ++target_index;
          if (target) Line(clause.range, kIndent, "target " + FormatTarget(*target));
          break;
        }
        case ast::ClauseKind::kWhen:
          Line(clause.range, kIndent, "when " + FormatCondition(*p.when));
          break;
        case ast::ClauseKind::kRecover:
          Line(clause.range, kIndent, "recover when " + FormatCondition(*p.recover));
          break;
        case ast::ClauseKind::kMissing:
          Line(clause.range, kIndent, "on missing " + p.on_missing->text);
          break;
        case ast::ClauseKind::kAlways:
          Line(clause.range, kIndent, "always");
          break;
        case ast::ClauseKind::kThen:
          PrintThen(p, clause.range);
          break;
      }
    }
    Dangling(p.range, kIndent);
    Line(p.range, "", "}");
  }

  void PrintThen(const ast::Policy& p, SourceRange range) {
    std::vector<const ast::Action*> actions;
    bool commented = !comments_.At(range).dangling.empty();
    for (const auto& action : p.actions) {
      if (action.range.begin >= range.begin && action.range.end <= range.end) {
        actions.push_back(&action);
        const Attached& a = comments_.At(action.range);
        commented = commented || !a.leading.empty() || !a.trailing.empty();
      }
    }
    if (actions.size() == 1 && !commented) {
      Line(range, kIndent, "then " + FormatAction(*actions[0]));
      return;
    }
    std::string inner = std::string(kIndent) + kIndent;
    out_ += std::string(kIndent) + "then {\n";
    for (const ast::Action* action : actions) {
      Leading(action->range, inner);
      Line(action->range, inner, FormatAction(*action));
    }
    Dangling(range, inner);
    Line(range, kIndent, "}");
  }

  const ast::File& file_;
  LineNode root_;
  CommentMap comments_;
  std::string out_;
};

}  // namespace

std::string FormatFile(const ast::File& file) { return Printer(file).Run(); }

}  // namespace stitch::formatter
