#include "Targets.h"

#include "compiler/ir/Ir.h"

namespace stitch::engine {

TargetMatcher::TargetMatcher(const CompiledPolicy& policy) : policy_(policy) {
  if (policy.ast->targets.empty()) return;
  target_ = &policy.ast->targets[0];
  if (target_->kind == ast::TargetKind::kServiceMatch || target_->kind == ast::TargetKind::kNodeMatch) {
    regex_.emplace(target_->pattern, std::regex::ECMAScript);
  }
}

bool TargetMatcher::Matches(const frame::Entity& entity, uint8_t filter) const {
  if (!target_) return false;
  const frame::EntityId& id = entity.id;
  switch (target_->kind) {
    case ast::TargetKind::kService:
      return id.kind == frame::EntityKind::kService && id.service == target_->pattern;
    case ast::TargetKind::kServiceMatch:
      return id.kind == frame::EntityKind::kService && std::regex_match(id.service, *regex_);
    case ast::TargetKind::kServicesWhere:
      return id.kind == frame::EntityKind::kService && filter == ir::kTrue;
    case ast::TargetKind::kNode:
      return id.kind == frame::EntityKind::kNode && id.service == target_->pattern;
    case ast::TargetKind::kNodeMatch:
      return id.kind == frame::EntityKind::kNode && std::regex_match(id.service, *regex_);
    case ast::TargetKind::kRoute:
      return id.kind == frame::EntityKind::kRoute &&
             (id.route == target_->pattern || id.service + "/" + id.route == target_->pattern);
    case ast::TargetKind::kNamespace:
      return false;
  }
  return false;
}

std::optional<frame::EntityId> TargetMatcher::Standalone() const {
  if (!target_) return std::nullopt;
  if (target_->kind == ast::TargetKind::kNamespace) {
    frame::EntityId id;
    id.kind = frame::EntityKind::kService;  // a namespace is not a frame row; only `ns` is set
    id.ns = target_->pattern;
    return id;
  }
  if (policy_.when < 0 && target_->kind == ast::TargetKind::kService) {
    return frame::EntityId{frame::EntityKind::kService, target_->pattern, "", "", ""};
  }
  if (policy_.when < 0 && target_->kind == ast::TargetKind::kRoute) {
    return frame::EntityId{frame::EntityKind::kRoute, "", "", target_->pattern, ""};
  }
  return std::nullopt;
}

}  // namespace stitch::engine
