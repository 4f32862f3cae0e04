#include "Dialect.h"

#include "Dialects.h"
#include "Errors.h"

namespace stitch::stitch {

DocHandle Workspace::Append(size_t file, Json doc) {
  manifests_[file].documents.push_back(std::move(doc));
  return DocHandle{file, manifests_[file].documents.size() - 1};
}

std::string Workspace::Where(DocHandle h, const std::string& pointer) const {
  return manifests_[h.file].path + ": /" + std::to_string(h.doc) + pointer;
}

const std::vector<const Dialect*>& AllDialects() {
  static const std::vector<const Dialect*> all = {&EnvoyDialect(), &IstioDialect(), &AppMeshDialect()};
  return all;
}

Error Inexpressible(const action::Action& action, std::string_view dialect, const std::string& why,
                    const std::string& where) {
  return Error{codes::kInexpressible,
               "`" + std::string(action::KindName(action.kind)) + "` cannot be expressed in " +
                   std::string(dialect) + ": " + why,
               where};
}

}  // namespace stitch::stitch
