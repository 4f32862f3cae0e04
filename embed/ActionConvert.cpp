// Public actions to and from the runtime's typed actions, and their JSON document.
#include <nlohmann/json.hpp>

#include "embed/Internal.h"
#include "runtime/action/ActionJson.h"

namespace stitch {
namespace {

Destination ToPublic(const action::Destination& d) {
  return {d.name, static_cast<DestinationKind>(d.kind), d.declared};
}
action::Destination ToInternal(const Destination& d) {
  return {d.name, static_cast<action::DestinationKind>(d.kind), d.declared};
}

ActionKind KindToPublic(const action::Kind& kind) {
  return std::visit(
      [](const auto& k) -> ActionKind {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, action::Redirect>) return Redirect{k.share, ToPublic(k.to)};
        if constexpr (std::is_same_v<K, action::Mirror>) return Mirror{k.share, ToPublic(k.to)};
        if constexpr (std::is_same_v<K, action::Shift>) {
          return Shift{k.share, k.step, k.every_seconds, k.max, ToPublic(k.to)};
        }
        if constexpr (std::is_same_v<K, action::Isolate>) return Isolate{k.for_seconds};
        if constexpr (std::is_same_v<K, action::RateLimit>) {
          RateLimit r{k.per_second, k.burst, std::nullopt, std::nullopt};
          if (k.header) {
            r.header_name = k.header->name;
            r.header_value = k.header->value;
          }
          return r;
        }
        if constexpr (std::is_same_v<K, action::RequireMtls>) return RequireMtls{static_cast<MtlsMode>(k.mode)};
        if constexpr (std::is_same_v<K, action::SetTimeout>) return SetTimeout{k.seconds};
        if constexpr (std::is_same_v<K, action::SetRetries>) return SetRetries{k.attempts, k.on};
      },
      kind);
}

action::Kind KindToInternal(const ActionKind& kind) {
  return std::visit(
      [](const auto& k) -> action::Kind {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, Redirect>) return action::Redirect{k.share, ToInternal(k.to)};
        if constexpr (std::is_same_v<K, Mirror>) return action::Mirror{k.share, ToInternal(k.to)};
        if constexpr (std::is_same_v<K, Shift>) {
          return action::Shift{k.share, k.step, k.every_seconds, k.max, ToInternal(k.to)};
        }
        if constexpr (std::is_same_v<K, Isolate>) return action::Isolate{k.for_seconds};
        if constexpr (std::is_same_v<K, RateLimit>) {
          action::RateLimit r{k.per_second, k.burst, std::nullopt};
          if (k.header_name) r.header = action::HeaderMatch{*k.header_name, k.header_value};
          return r;
        }
        if constexpr (std::is_same_v<K, RequireMtls>) return action::RequireMtls{static_cast<action::MtlsMode>(k.mode)};
        if constexpr (std::is_same_v<K, SetTimeout>) return action::SetTimeout{k.seconds};
        if constexpr (std::is_same_v<K, SetRetries>) return action::SetRetries{k.attempts, k.on};
      },
      kind);
}

}  // namespace

Action ToPublic(const action::Action& a) {
  const action::Provenance& p = a.provenance;
  return Action{KindToPublic(a.kind),
                ActionTarget{static_cast<TargetKind>(a.target.kind), a.target.name, a.target.service},
                Provenance{p.policy, p.entity, p.inputs, p.time, p.priority}};
}

action::Action ToInternal(const Action& a) {
  const Provenance& p = a.provenance;
  return action::Action{KindToInternal(a.kind),
                        action::Target{static_cast<action::TargetKind>(a.target.kind), a.target.name, a.target.service},
                        action::Provenance{p.policy, p.entity, p.inputs, p.time, p.priority}};
}

std::vector<Action> ToPublic(const std::vector<action::Action>& actions) {
  std::vector<Action> out;
  out.reserve(actions.size());
  for (const action::Action& a : actions) out.push_back(ToPublic(a));
  return out;
}

std::vector<action::Action> ToInternal(const std::vector<Action>& actions) {
  std::vector<action::Action> out;
  out.reserve(actions.size());
  for (const Action& a : actions) out.push_back(ToInternal(a));
  return out;
}

std::string ActionTypeName(const Action& a) { return std::string(action::KindName(ToInternal(a).kind)); }

std::string Describe(const Action& a) { return action::Describe(ToInternal(a)); }

std::string ActionsToJson(const std::vector<Action>& actions) { return action::WriteActions(ToInternal(actions)); }

Result<std::vector<Action>> ActionsFromJson(const std::string& text) {
  if (auto bad = CheckUtf8(text, "the actions document")) return *bad;
  auto read = action::ReadActions(text);
  if (!read) return FromActionError(read.error());
  return ToPublic(*read);
}

}  // namespace stitch
