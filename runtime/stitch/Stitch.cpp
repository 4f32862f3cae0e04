#include "Stitch.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "Errors.h"
#include "action/ActionJson.h"

namespace stitch::stitch {
namespace {

using action::Action;

// The canonical order of actions (language §11): priority (highest first), policy, entity,
// then kind, target and content so that the order is total.
struct Keyed {
  size_t index;
  const Action* action;
  std::string canonical;
};

bool Before(const Keyed& a, const Keyed& b) {
  const auto& pa = a.action->provenance;
  const auto& pb = b.action->provenance;
  if (pa.priority != pb.priority) return pa.priority > pb.priority;
  if (pa.policy != pb.policy) return pa.policy < pb.policy;
  if (pa.entity != pb.entity) return pa.entity < pb.entity;
  return a.canonical < b.canonical;
}

bool IsSplit(const Action& a) {
  return std::holds_alternative<action::Redirect>(a.kind) || std::holds_alternative<action::Shift>(a.kind);
}

// Actions that conflict when they share this key (one value wins).
std::string ConflictKey(const Action& a) {
  std::string key = std::string(action::KindName(a.kind)) + "|" +
                    std::string(action::TargetKindName(a.target.kind)) + "|" + a.target.name + "|" +
                    a.target.service;
  if (const auto* l = std::get_if<action::RateLimit>(&a.kind); l && l->header) {
    key += "|" + l->header->name + "=" + l->header->value.value_or("*");
  }
  return key;
}

// The effect of an action without its provenance, to tell real conflicts from duplicates.
std::string Effect(const Action& a) {
  Json j = action::ActionToJson(a);
  j.erase("provenance");
  return j.dump();
}

std::string Percent(double share) {
  Json j = share * 100;
  return j.dump() + "%";
}

struct Group {
  Step step;
  std::vector<size_t> members;  // input indices
};

}  // namespace

std::string_view DialectOf(const Json& doc) {
  for (const Dialect* d : AllDialects())
    if (d->Owns(doc)) return d->Name();
  return "";
}

Result<StitchResult> Stitch(const std::vector<Manifest>& base, const std::vector<Action>& actions,
                            const StitchOptions& options) {
  StitchResult result;
  // Every file must hold at least one document a dialect reads.
  std::map<const Dialect*, std::vector<DocHandle>> owned;
  for (size_t f = 0; f < base.size(); ++f) {
    bool any = false;
    for (size_t d = 0; d < base[f].documents.size(); ++d) {
      for (const Dialect* dialect : AllDialects()) {
        if (dialect->Owns(base[f].documents[d])) {
          owned[dialect].push_back({f, d});
          any = true;
          break;
        }
      }
    }
    if (!any) {
      return Error{codes::kNoDialect,
                   "no Envoy v3, Istio or App Mesh document in this manifest (documents of other "
                   "kinds are carried along, but a file of only those is probably a mistake)",
                   base[f].path};
    }
  }

  std::vector<Keyed> order;
  for (size_t i = 0; i < actions.size(); ++i) order.push_back({i, &actions[i], action::ActionToJson(actions[i]).dump()});
  std::stable_sort(order.begin(), order.end(), Before);

  // Group: redirects/shifts per target are combined; other kinds keep the first per key.
  std::vector<Group> groups;
  std::map<std::string, size_t> split_groups, setter_groups;
  for (const Keyed& k : order) {
    const Action& a = *k.action;
    if (IsSplit(a)) {
      std::string key = std::string(action::TargetKindName(a.target.kind)) + "|" + a.target.name;
      auto [it, fresh] = split_groups.try_emplace(key, groups.size());
      if (fresh) groups.push_back({Step{&a, {}}, {}});
      Group& g = groups[it->second];
      g.members.push_back(k.index);
      const action::Destination& to = std::holds_alternative<action::Redirect>(a.kind)
                                          ? std::get<action::Redirect>(a.kind).to
                                          : std::get<action::Shift>(a.kind).to;
      double share = std::holds_alternative<action::Redirect>(a.kind) ? std::get<action::Redirect>(a.kind).share
                                                                     : std::get<action::Shift>(a.kind).share;
      auto same = std::find_if(g.step.moves.begin(), g.step.moves.end(), [&](const Move& m) { return m.to == to; });
      if (same != g.step.moves.end()) {
        same->share += share;
      } else {
        g.step.moves.push_back({to, share});
      }
      continue;
    }
    std::string key = ConflictKey(a);
    auto [it, fresh] = setter_groups.try_emplace(key, groups.size());
    if (fresh) {
      groups.push_back({Step{&a, {}}, {k.index}});
      continue;
    }
    Group& g = groups[it->second];
    const Action& winner = *g.step.action;
    g.members.push_back(k.index);
    if (Effect(winner) != Effect(a)) {
      result.warnings.push_back(Error{
          codes::kConflict,
          "conflicting actions on " + std::string(action::TargetKindName(a.target.kind)) + " `" + a.target.name +
              "`: `" + action::Describe(winner) + "` from policy `" + winner.provenance.policy + "` (priority " +
              std::to_string(winner.provenance.priority) + ") wins over `" + action::Describe(a) +
              "` from policy `" + a.provenance.policy + "` (priority " + std::to_string(a.provenance.priority) + ")",
          ""});
    }
  }
  // Cap combined redirects.
  for (Group& g : groups) {
    if (!IsSplit(*g.step.action)) continue;
    double total = 0;
    for (const Move& m : g.step.moves) total += m.share;
    double cap = std::min(1.0, options.max_redirect);
    if (total > cap + 1e-12) {
      for (Move& m : g.step.moves) m.share *= cap / total;
      result.warnings.push_back(Error{codes::kRedirectCapped,
                                      "redirects of " + std::string(action::TargetKindName(g.step.action->target.kind)) +
                                          " `" + g.step.action->target.name + "` add up to " + Percent(total) +
                                          "; capped at " + Percent(cap),
                                      ""});
    }
  }

  Workspace ws(base);
  for (const Group& g : groups) {
    const Action& a = *g.step.action;
    Json before = ManifestsToJson(ws.manifests());
    Workspace trial = ws;
    bool found = false;
    std::string applied_by;
    for (const Dialect* dialect : AllDialects()) {
      // Documents appended by earlier steps are owned too.
      std::vector<DocHandle> docs;
      for (size_t f = 0; f < trial.manifests().size(); ++f)
        for (size_t d = 0; d < trial.manifests()[f].documents.size(); ++d)
          if (dialect->Owns(trial.manifests()[f].documents[d])) docs.push_back({f, d});
      if (docs.empty()) continue;
      auto applied = dialect->Apply(trial, docs, g.step, options);
      if (!applied) {
        Error e = applied.error();
        if (e.location.empty() && !trial.manifests().empty()) e.location = trial.manifests()[docs[0].file].path;
        e.message += " (action: " + action::Describe(a) + ", policy `" + a.provenance.policy + "`)";
        return e;
      }
      if (*applied) {
        found = true;
        applied_by += (applied_by.empty() ? "" : ", ") + std::string(dialect->Name());
      }
    }
    if (!found) {
      return Error{codes::kTargetNotFound,
                   std::string(action::TargetKindName(a.target.kind)) + " `" + a.target.name +
                       "` is not found in any loaded manifest (action: " + action::Describe(a) + ", policy `" +
                       a.provenance.policy + "`)",
                   ""};
    }
    // The step as an RFC 6902 patch, applied to the state before it.
    Json after = ManifestsToJson(trial.manifests());
    Json patch = Json::diff(before, after);
    auto patched = ManifestsFromJson(before.patch(patch));
    if (!patched) return patched.error();
    ws = Workspace(std::move(*patched));
    std::vector<size_t> members = g.members;
    std::sort(members.begin(), members.end());
    result.steps.push_back({members, applied_by, patch});
  }

  result.manifests = ws.manifests();
  for (size_t f = 0; f < base.size(); ++f) {
    Json from(base[f].documents);
    Json to(result.manifests[f].documents);
    Json patch = Json::diff(from, to);
    result.manifests[f].documents = from.patch(patch).get<std::vector<Json>>();
    result.patches.push_back(std::move(patch));
  }
  return result;
}

}  // namespace stitch::stitch
