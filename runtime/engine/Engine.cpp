#include "Engine.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "compiler/fmt/Format.h"
#include "compiler/ir/Ir.h"
#include "runtime/engine/Combine.h"
#include "runtime/engine/Targets.h"
#include "runtime/frame/ColumnKey.h"
#include "runtime/ingest/Health.h"

namespace stitch::engine {
namespace {

// "2m", "1m30s", "500ms".
std::string FormatDuration(double seconds) {
  if (seconds < 1) return fmt::format("{:g}ms", seconds * 1000);
  auto total = static_cast<int64_t>(std::llround(seconds));
  std::string out;
  if (total >= 3600) out += fmt::format("{}h", total / 3600);
  if (total % 3600 >= 60) out += fmt::format("{}m", total % 3600 / 60);
  if (total % 60 || out.empty()) out += fmt::format("{}s", total % 60);
  return out;
}

std::string DescribeEntityId(const frame::EntityId& id) {
  if (id.service.empty() && id.route.empty() && !id.ns.empty()) return "namespace " + id.ns;
  return frame::DescribeEntity(id);
}

// The longest window any column reads, in seconds (windows nest).
double LongestWindow(const std::string& key) {
  if (!frame::IsDerivedKey(key)) return 0;
  auto derived = frame::ParseDerivedKey(key, nullptr);
  if (!derived) return 0;
  double own = derived->fn == frame::DerivedFn::kEwma ? 0 : derived->param;
  return own + LongestWindow(derived->inner);
}

// The frame columns a condition reads, in first-use order.
std::vector<std::string> InputKeys(const ir::Program& program, int condition) {
  std::vector<std::string> keys;
  if (condition < 0) return keys;
  for (const ir::Inst& inst : program.conditions[condition].insts) {
    if (inst.op != ir::Op::kLoad && inst.op != ir::Op::kLoadBool) continue;
    const ir::Column& column = program.columns[inst.a];
    if (column.is_tag_predicate) continue;
    if (std::find(keys.begin(), keys.end(), column.key) == keys.end()) keys.push_back(column.key);
  }
  return keys;
}

action::Destination MakeDestination(const ast::Destination& d, const frame::EntityId& id) {
  std::string name = d.name;
  auto replace = [&](const std::string& field, const std::string& value) {
    for (size_t at = name.find(field); at != std::string::npos; at = name.find(field, at + value.size())) {
      name.replace(at, field.size(), value);
    }
  };
  replace("{service}", id.service);
  replace("{namespace}", id.ns);
  replace("{node}", id.node);
  replace("{route}", id.route);
  action::DestinationKind kind = d.kind == ast::DestKind::kSubset ? action::DestinationKind::kSubset
                                 : d.kind == ast::DestKind::kHost ? action::DestinationKind::kHost
                                                                  : action::DestinationKind::kAny;
  return {name, kind, false};
}

double Constant(const ast::ExprPtr& e) { return e && e->constant ? e->constant->number : 0; }

}  // namespace

std::string FormatTime(int64_t time_ms) {
  std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", buffer, ((time_ms % 1000) + 1000) % 1000);
}

// Everything the engine keeps per policy.
struct Engine::PolicyRuntime {
  const CompiledPolicy* policy;
  TargetMatcher matcher;
  std::vector<std::string> input_keys;
  std::string when_text;     // the condition as written (canonical spelling)
  std::string recover_text;  // the recovery condition, `not (...)` by default

  struct Entry {
    Instance instance;
    std::map<std::string, double> inputs_at_fire;
  };
  std::map<frame::EntityId, Entry> entries;  // ordered: deterministic iteration

  explicit PolicyRuntime(const CompiledPolicy& p, const ir::Program& program) : policy(&p), matcher(p) {
    input_keys = InputKeys(program, p.when);
    if (p.ast->when) when_text = formatter::FormatExpr(*p.ast->when->expr);
    recover_text = p.ast->recover ? formatter::FormatExpr(*p.ast->recover->expr) : "not (" + when_text + ")";
  }

  std::string Reason(State from, State to, bool missing) const {
    const CompiledPolicy& p = *policy;
    std::string reason;
    if (p.when < 0) {
      reason = "the policy applies `always`";
    } else if (from == State::kInactive && to == State::kPending) {
      reason = fmt::format("`{}` became true; firing once it holds for {}", when_text, FormatDuration(p.for_seconds));
    } else if (to == State::kFiring && from == State::kInactive) {
      reason = fmt::format("`{}` is true", when_text);
    } else if (to == State::kFiring && from == State::kPending) {
      reason = fmt::format("`{}` held for {}", when_text, FormatDuration(p.for_seconds));
    } else if (from == State::kPending && to == State::kInactive) {
      reason = fmt::format("`{}` stopped holding before {}", when_text, FormatDuration(p.for_seconds));
    } else if (from == State::kFiring && to == State::kRecovering) {
      reason = fmt::format("`{}` became true; recovering once it holds for {}", recover_text,
                           FormatDuration(p.recover_for_seconds));
    } else if (from == State::kFiring && to == State::kInactive) {
      reason = fmt::format("`{}` is true", recover_text);
    } else if (from == State::kRecovering && to == State::kInactive) {
      reason = fmt::format("`{}` held for {}", recover_text, FormatDuration(p.recover_for_seconds));
    } else if (from == State::kRecovering && to == State::kFiring) {
      reason = fmt::format("`{}` stopped holding", recover_text);
    }
    if (missing) {
      reason += fmt::format(" (data was missing; `on missing {}`)", p.on_missing == MissingMode::kFire ? "fire" : "skip");
    }
    return reason;
  }
};

Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::Create(std::vector<CheckedFile> files, const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->settings_ = ReadSettings(files);
  ProgramOptions program_options;
  program_options.backend = options.backend;
  program_options.cache_dir = options.cache_dir;
  engine->program_ = Program::Build(std::move(files), program_options);
  double retention_s = 0;
  for (const std::string& key : engine->program_->FrameColumns()) retention_s = std::max(retention_s, LongestWindow(key));
  // Keep one window plus a margin, so the oldest sample of the window is still there.
  auto retention_ms = static_cast<int64_t>((retention_s + 60) * 1000);
  engine->history_ = std::make_unique<frame::History>(retention_ms, engine->settings_.health.anomaly.params);
  for (const CompiledPolicy& policy : engine->program_->policies()) {
    engine->policies_.push_back(std::make_unique<PolicyRuntime>(policy, engine->program_->ir()));
  }
  return engine;
}

bool Engine::Tick(frame::Frame frame, TickResult& result) {
  if (started_ && frame.time_ms < last_time_ms_) return false;
  started_ = true;
  last_time_ms_ = frame.time_ms;
  result = TickResult{};
  result.time_ms = frame.time_ms;

  ingest::ScoreHealth(frame, settings_.health);
  if (!history_->Push(std::move(frame))) return false;
  history_->Derive(program_->FrameColumns());
  const frame::Frame& newest = history_->Newest();

  Evaluate(newest, result);
  Combined combined = Combine(DesiredActions(newest), active_, settings_.guards, newest);
  // A guard that keeps blocking the same action is logged when it starts to.
  std::vector<std::string> blocked_now;
  for (Decision& blocked : combined.blocked) {
    blocked.time_ms = newest.time_ms;
    std::string key = blocked.guard + "\n" + action::Describe(*blocked.action) + "\n" + blocked.policy;
    blocked_now.push_back(key);
    if (std::find(blocked_.begin(), blocked_.end(), key) == blocked_.end()) result.decisions.push_back(std::move(blocked));
  }
  blocked_ = std::move(blocked_now);
  result.actions_changed = combined.actions != active_;
  active_ = std::move(combined.actions);
  result.actions = active_;
  return true;
}

void Engine::Evaluate(const frame::Frame& frame, TickResult& result) {
  Evaluation evaluation;
  program_->Evaluate(frame, evaluation);
  int64_t now = frame.time_ms;

  for (auto& runtime : policies_) {
    PolicyRuntime& pr = *runtime;
    const CompiledPolicy& p = *pr.policy;
    auto step = [&](const frame::EntityId& id, uint8_t when, std::optional<uint8_t> recover, std::optional<size_t> row) {
      PolicyRuntime::Entry& entry = pr.entries[id];
      Observation seen = Observe(p, when, recover);
      State from = entry.instance.state;
      if (!Advance(entry.instance, p, seen, now)) return;
      Decision d;
      d.time_ms = now;
      d.policy = p.name;
      d.entity = DescribeEntityId(id);
      d.from = from;
      d.to = entry.instance.state;
      if (row) {
        for (const std::string& key : pr.input_keys) {
          if (auto value = frame.Get(*row, key)) d.inputs[key] = *value;
        }
      }
      bool missing = when == ir::kUnknown || (recover && *recover == ir::kUnknown);
      d.reason = pr.Reason(from, d.to, missing && p.on_missing != MissingMode::kHold);
      if (d.to == State::kFiring && (from == State::kInactive || from == State::kPending)) {
        entry.inputs_at_fire = d.inputs;
      }
      result.decisions.push_back(std::move(d));
    };

    std::set<frame::EntityId> seen_ids;
    for (size_t row = 0; row < frame.rows(); ++row) {
      uint8_t filter = p.target_filter >= 0 ? evaluation.conditions[p.target_filter][row] : ir::kUnknown;
      const frame::Entity& entity = frame.GetEntity(row);
      if (!pr.matcher.Matches(entity, filter)) continue;
      uint8_t when = p.when >= 0 ? evaluation.conditions[p.when][row] : ir::kTrue;
      std::optional<uint8_t> recover;
      if (p.recover >= 0) recover = evaluation.conditions[p.recover][row];
      seen_ids.insert(entity.id);
      step(entity.id, when, recover, row);
    }
    if (auto id = pr.matcher.Standalone(); id && !seen_ids.count(*id)) {
      seen_ids.insert(*id);
      step(*id, p.when < 0 ? ir::kTrue : ir::kUnknown, std::nullopt, std::nullopt);
    }
    // An entity that left the frame has no data: its conditions are unknown.
    for (auto& [id, entry] : pr.entries) {
      if (seen_ids.count(id)) continue;
      std::optional<uint8_t> recover;
      if (p.recover >= 0) recover = ir::kUnknown;
      step(id, ir::kUnknown, recover, std::nullopt);
    }
  }
}

std::vector<action::Action> Engine::DesiredActions(const frame::Frame& frame) const {
  std::vector<action::Action> out;
  int64_t now = frame.time_ms;
  for (const auto& runtime : policies_) {
    const PolicyRuntime& pr = *runtime;
    const CompiledPolicy& p = *pr.policy;
    const ast::Target& target = p.ast->targets.at(0);
    for (const auto& [id, entry] : pr.entries) {
      if (!Active(entry.instance.state)) continue;
      action::Target t;
      switch (target.kind) {
        case ast::TargetKind::kNode:
        case ast::TargetKind::kNodeMatch:
          t = {action::TargetKind::kNode, id.node, id.service};
          break;
        case ast::TargetKind::kRoute:
          t = {action::TargetKind::kRoute, target.pattern, ""};
          break;
        case ast::TargetKind::kNamespace:
          t = {action::TargetKind::kNamespace, id.ns, ""};
          break;
        default:
          t = {action::TargetKind::kService, id.service, ""};
      }
      action::Provenance provenance{p.name, DescribeEntityId(id), entry.inputs_at_fire,
                                    FormatTime(entry.instance.fired_at_ms), p.priority};
      double firing_s = static_cast<double>(now - entry.instance.fired_at_ms) / 1000;
      for (const ast::Action& a : p.ast->actions) {
        action::Kind kind;
        switch (a.kind) {
          case ast::ActionKind::kRedirect:
            kind = action::Redirect{Constant(a.amount), MakeDestination(a.destination, id)};
            break;
          case ast::ActionKind::kMirror:
            kind = action::Mirror{Constant(a.amount), MakeDestination(a.destination, id)};
            break;
          case ast::ActionKind::kShift: {
            double start = Constant(a.amount), step = Constant(a.step), every = Constant(a.every);
            double max = a.max ? Constant(a.max) : 1.0;
            double steps = every > 0 ? std::floor(firing_s / every) : 0;
            kind = action::Shift{std::min(max, start + step * steps), step, every, max,
                                 MakeDestination(a.destination, id)};
            break;
          }
          case ast::ActionKind::kIsolate: {
            std::optional<double> for_seconds;
            if (a.duration) {
              for_seconds = Constant(a.duration);
              if (firing_s >= *for_seconds) continue;  // the isolation has run its time
            }
            kind = action::Isolate{for_seconds};
            break;
          }
          case ast::ActionKind::kRateLimit: {
            action::RateLimit limit;
            limit.per_second = Constant(a.amount);
            if (a.burst) limit.burst = Constant(a.burst);
            if (a.header) limit.header = action::HeaderMatch{*a.header, a.header_value};
            kind = limit;
            break;
          }
          case ast::ActionKind::kRequireMtls:
            kind = action::RequireMtls{a.mode.text == "permissive" ? action::MtlsMode::kPermissive
                                                                    : action::MtlsMode::kStrict};
            break;
          case ast::ActionKind::kSetTimeout:
            kind = action::SetTimeout{Constant(a.amount)};
            break;
          case ast::ActionKind::kSetRetries:
            kind = action::SetRetries{static_cast<int>(Constant(a.amount)), a.retry_on.value_or("5xx")};
            break;
        }
        out.push_back({kind, t, provenance});
      }
    }
  }
  return out;
}

const frame::Frame& Engine::LatestFrame() const {
  static const frame::Frame kEmpty;
  return history_->empty() ? kEmpty : history_->Newest();
}

std::vector<InstanceStatus> Engine::Instances() const {
  std::vector<InstanceStatus> out;
  for (const auto& runtime : policies_) {
    for (const auto& [id, entry] : runtime->entries) {
      out.push_back({runtime->policy->name, DescribeEntityId(id), entry.instance.state, entry.instance.since_ms});
    }
  }
  return out;
}

}  // namespace stitch::engine
