// Entities as policy test files name them: `service checkout`, `node cart/cart-1`,
// `route checkout/api`, `namespace prod`.
#pragma once

#include <string>

#include "runtime/frame/Entity.h"

namespace stitch::policytest {

struct EntityRef {
  std::string text;  // canonical spelling: the kind, one space, the name
  bool is_namespace = false;
  frame::EntityId id;  // for a namespace: only `ns` is set
};

// Parses an entity reference; false with `error` set when it is not one.
bool ParseEntityRef(const std::string& text, EntityRef& out, std::string& error);

// The entity as the engine describes it (`service checkout.prod`, `node cart/cart-1`,
// `namespace prod`), for comparing with engine::InstanceStatus::entity.
std::string DescribeRef(const EntityRef& ref);

}  // namespace stitch::policytest
