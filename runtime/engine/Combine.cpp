#include "Combine.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

namespace stitch::engine {
namespace {

using action::Action;

std::string TargetKey(const action::Target& t) {
  return std::string(action::TargetKindName(t.kind)) + " " + (t.service.empty() ? "" : t.service + "/") + t.name;
}

// Actions that set one thing on a target: two of them for the same target conflict.
std::string Slot(const Action& a) {
  std::string target = TargetKey(a.target);
  if (std::holds_alternative<action::SetTimeout>(a.kind)) return target + " timeout";
  if (std::holds_alternative<action::SetRetries>(a.kind)) return target + " retries";
  if (std::holds_alternative<action::RequireMtls>(a.kind)) return target + " mtls";
  if (std::holds_alternative<action::Isolate>(a.kind)) return target + " isolate";
  if (const auto* m = std::get_if<action::Mirror>(&a.kind)) return target + " mirror " + m->to.name;
  if (const auto* r = std::get_if<action::RateLimit>(&a.kind)) {
    return target + " rate_limit " + (r->header ? r->header->name + "=" + r->header->value.value_or("") : "");
  }
  return "";  // redirects and shifts combine instead
}

// What an action is about, without its amounts: policy, entity, kind, target and destination.
// An applied action and a wanted one with the same identity are one change, not two.
std::string Identity(const Action& a) {
  std::string to;
  if (const auto* r = std::get_if<action::Redirect>(&a.kind)) to = r->to.name;
  if (const auto* s = std::get_if<action::Shift>(&a.kind)) to = s->to.name;
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", a.provenance.policy, a.provenance.entity, a.kind.index(),
                     TargetKey(a.target), Slot(a), to);
}

double Share(const Action& a) {
  if (const auto* r = std::get_if<action::Redirect>(&a.kind)) return r->share;
  if (const auto* s = std::get_if<action::Shift>(&a.kind)) return s->share;
  return -1;
}

void SetShare(Action& a, double share) {
  if (auto* r = std::get_if<action::Redirect>(&a.kind)) r->share = share;
  if (auto* s = std::get_if<action::Shift>(&a.kind)) s->share = share;
}

Decision Blocked(const Action& a, const std::string& guard, const std::string& reason) {
  Decision d;
  d.kind = Decision::Kind::kBlocked;
  d.policy = a.provenance.policy;
  d.entity = a.provenance.entity;
  d.inputs = a.provenance.inputs;
  d.action = a;
  d.guard = guard;
  d.reason = reason;
  return d;
}

std::string Percent(double share) { return fmt::format("{:g}%", std::round(share * 10000) / 100); }

bool Contains(const std::vector<Action>& actions, const Action& a) {
  return std::find(actions.begin(), actions.end(), a) != actions.end();
}

}  // namespace

void SortActions(std::vector<Action>& actions) {
  std::stable_sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) {
    if (a.provenance.priority != b.provenance.priority) return a.provenance.priority > b.provenance.priority;
    if (a.provenance.policy != b.provenance.policy) return a.provenance.policy < b.provenance.policy;
    std::string ta = TargetKey(a.target), tb = TargetKey(b.target);
    if (ta != tb) return ta < tb;
    return a.kind.index() < b.kind.index();
  });
}

Combined Combine(std::vector<Action> desired, const std::vector<Action>& previous, const Guards& guards,
                 const frame::Frame& frame) {
  Combined out;
  SortActions(desired);

  // 1. Conflicts: the first action (by priority) of each slot wins; an identical one is merged.
  std::map<std::string, const Action*> slots;
  std::vector<Action> kept;
  for (const Action& a : desired) {
    std::string slot = Slot(a);
    if (!slot.empty()) {
      auto [it, inserted] = slots.emplace(slot, &a);
      if (!inserted) {
        if (it->second->kind != a.kind) {
          out.blocked.push_back(Blocked(a, "conflict",
                                        fmt::format("policy `{}` (priority {}) already sets this for {}",
                                                    it->second->provenance.policy,
                                                    it->second->provenance.priority, TargetKey(a.target))));
        }
        continue;
      }
    }
    kept.push_back(a);
  }

  // 2. Redirect shares: all redirects and shifts of one target together stay within
  //    max_redirect (and 100%).
  double cap = std::min(1.0, guards.max_redirect);
  std::map<std::string, double> moved;
  std::vector<Action> capped;
  for (Action& a : kept) {
    double share = Share(a);
    if (share < 0) {
      capped.push_back(std::move(a));
      continue;
    }
    double& total = moved[TargetKey(a.target)];
    double room = cap - total;
    if (room <= 1e-12) {
      out.blocked.push_back(Blocked(a, "max_redirect",
                                    fmt::format("{} already moves {} of its traffic, the most allowed",
                                                TargetKey(a.target), Percent(total))));
      continue;
    }
    if (share > room + 1e-12) {
      out.blocked.push_back(Blocked(a, "max_redirect",
                                    fmt::format("reduced from {} to {}: {} may move at most {} in all",
                                                Percent(share), Percent(room), TargetKey(a.target), Percent(cap))));
      SetShare(a, room);
      share = room;
    }
    total += share;
    capped.push_back(std::move(a));
  }

  // 3. Isolation: per service, keep min_healthy_nodes nodes and isolate at most max_isolated of
  //    them. Nodes already isolated keep their place, so isolation does not move between nodes.
  std::map<std::string, size_t> nodes;
  for (size_t row = 0; row < frame.rows(); ++row) {
    const frame::EntityId& id = frame.GetEntity(row).id;
    if (id.kind == frame::EntityKind::kNode) ++nodes[id.service];
  }
  std::map<std::string, std::vector<size_t>> isolations;
  for (size_t i = 0; i < capped.size(); ++i) {
    if (std::holds_alternative<action::Isolate>(capped[i].kind)) isolations[capped[i].target.service].push_back(i);
  }
  std::set<size_t> refused;
  for (auto& [service, indexes] : isolations) {
    std::stable_partition(indexes.begin(), indexes.end(), [&](size_t i) {
      return std::any_of(previous.begin(), previous.end(), [&](const Action& p) {
        return std::holds_alternative<action::Isolate>(p.kind) && p.target == capped[i].target;
      });
    });
    size_t total = std::max(nodes[service], indexes.size());
    double by_healthy = static_cast<double>(total) - guards.min_healthy_nodes;
    double by_share = std::floor(static_cast<double>(total) * guards.max_isolated + 1e-9);
    size_t allowed = static_cast<size_t>(std::max(0.0, std::min(by_healthy, by_share)));
    for (size_t k = allowed; k < indexes.size(); ++k) {
      const Action& a = capped[indexes[k]];
      bool healthy_limit = by_healthy <= by_share;
      out.blocked.push_back(Blocked(
          a, healthy_limit ? "min_healthy_nodes" : "max_isolated",
          healthy_limit ? fmt::format("isolating node `{}` would leave service `{}` fewer than {:g} healthy "
                                      "node(s) of {}",
                                      a.target.name, service, guards.min_healthy_nodes, total)
                        : fmt::format("service `{}` may have at most {} of its {} nodes isolated",
                                      service, Percent(guards.max_isolated), total)));
      refused.insert(indexes[k]);
    }
  }
  std::vector<Action> wanted;
  for (size_t i = 0; i < capped.size(); ++i) {
    if (!refused.count(i)) wanted.push_back(std::move(capped[i]));
  }

  // 4. At most max_changes_per_tick changes: removals first (they restore the base), then
  //    updates (an applied action whose amounts changed, e.g. a shift's next step, is one
  //    change; until it fits, the applied one stays), then additions; what does not fit waits
  //    for the next tick.
  if (guards.max_changes_per_tick) {
    int budget = *guards.max_changes_per_tick;
    auto waits = [&](const Action& a) {
      out.blocked.push_back(Blocked(a, "max_changes_per_tick",
                                    fmt::format("more than {} changes this tick; applied on a later tick",
                                                *guards.max_changes_per_tick)));
    };
    std::vector<Action> result;
    std::vector<std::pair<const Action*, const Action*>> updates;  // applied, its successor
    std::set<const Action*> successors;
    for (const Action& p : previous) {
      if (Contains(wanted, p)) {
        result.push_back(p);
        continue;
      }
      auto next = std::find_if(wanted.begin(), wanted.end(), [&](const Action& a) {
        return !successors.count(&a) && !Contains(previous, a) && Identity(a) == Identity(p);
      });
      if (next != wanted.end()) {
        updates.emplace_back(&p, &*next);
        successors.insert(&*next);
      } else if (budget > 0) {
        --budget;  // removed
      } else {
        result.push_back(p);  // its removal waits
      }
    }
    for (const auto& [applied, next] : updates) {
      if (budget > 0) {
        --budget;
        result.push_back(*next);
      } else {
        result.push_back(*applied);
        waits(*next);
      }
    }
    for (const Action& a : wanted) {
      if (Contains(previous, a) || successors.count(&a)) continue;
      if (budget > 0) {
        --budget;
        result.push_back(a);
      } else {
        waits(a);
      }
    }
    wanted = std::move(result);
  }
  SortActions(wanted);
  out.actions = std::move(wanted);
  return out;
}

}  // namespace stitch::engine
