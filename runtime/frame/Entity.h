// The entities a frame has rows for: services, nodes (endpoints, pods) and routes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace stitch::frame {

enum class EntityKind : uint8_t { kService, kNode, kRoute };

// "service", "node", "route".
std::string_view EntityKindName(EntityKind kind);

// Identifies a row across frames. `service` is set for every kind (a node or route belongs to a
// service); `node` only for kNode, `route` only for kRoute; `ns` (namespace) may be empty.
struct EntityId {
  EntityKind kind = EntityKind::kService;
  std::string service, node, route, ns;

  friend bool operator==(const EntityId&, const EntityId&) = default;
  friend auto operator<=>(const EntityId&, const EntityId&) = default;
};

// Hash for unordered containers keyed by EntityId.
struct EntityIdHash {
  size_t operator()(const EntityId& id) const noexcept;
};

// "service checkout.prod", "node cart/cart-7f9c", "route checkout/api" (namespace after a dot).
std::string DescribeEntity(const EntityId& id);

// A row: its identity and string-valued tags (`tag("key")` in policies).
struct Entity {
  EntityId id;
  std::map<std::string, std::string> tags;
};

}  // namespace stitch::frame
