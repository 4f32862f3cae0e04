#include "EntityRef.h"

#include <sstream>

namespace stitch::policytest {

bool ParseEntityRef(const std::string& text, EntityRef& out, std::string& error) {
  std::istringstream words(text);
  std::string kind, name, extra;
  words >> kind >> name >> extra;
  auto fail = [&] {
    error = "`" + text + "` is not an entity: write `service NAME`, `node SERVICE/NODE`, `route SERVICE/ROUTE` "
            "or `namespace NAME`";
    return false;
  };
  if (kind.empty() || name.empty() || !extra.empty()) return fail();
  out = EntityRef{};
  out.text = kind + " " + name;
  size_t slash = name.find('/');
  bool two_parts = slash != std::string::npos && slash > 0 && slash + 1 < name.size() &&
                   name.find('/', slash + 1) == std::string::npos;
  if (kind == "service" && slash == std::string::npos) {
    out.id = {frame::EntityKind::kService, name, "", "", ""};
  } else if (kind == "namespace" && slash == std::string::npos) {
    out.is_namespace = true;
    out.id.ns = name;
  } else if (kind == "node" && two_parts) {
    out.id = {frame::EntityKind::kNode, name.substr(0, slash), name.substr(slash + 1), "", ""};
  } else if (kind == "route" && two_parts) {
    out.id = {frame::EntityKind::kRoute, name.substr(0, slash), "", name.substr(slash + 1), ""};
  } else {
    return fail();
  }
  return true;
}

std::string DescribeRef(const EntityRef& ref) {
  if (ref.is_namespace) return "namespace " + ref.id.ns;
  return frame::DescribeEntity(ref.id);
}

}  // namespace stitch::policytest
