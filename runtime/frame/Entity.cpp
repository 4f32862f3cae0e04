#include "runtime/frame/Entity.h"

#include <functional>

namespace stitch::frame {

std::string_view EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kService:
      return "service";
    case EntityKind::kNode:
      return "node";
    case EntityKind::kRoute:
      return "route";
  }
  return "service";
}

size_t EntityIdHash::operator()(const EntityId& id) const noexcept {
  std::hash<std::string_view> h;
  size_t seed = static_cast<size_t>(id.kind);
  for (std::string_view part : {std::string_view(id.service), std::string_view(id.node),
                                std::string_view(id.route), std::string_view(id.ns)}) {
    seed ^= h(part) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  }
  return seed;
}

std::string DescribeEntity(const EntityId& id) {
  std::string out(EntityKindName(id.kind));
  out += ' ';
  out += id.service;
  if (!id.ns.empty()) out += "." + id.ns;
  if (id.kind == EntityKind::kNode) out += "/" + id.node;
  if (id.kind == EntityKind::kRoute) out += "/" + id.route;
  return out;
}

}  // namespace stitch::frame
