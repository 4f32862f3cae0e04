#include "Backend.h"

#include "DirectoryBackend.h"
#include "EnvoyXdsBackend.h"

namespace stitch::deploy {

std::unique_ptr<Backend> MakeBackend(const Target& target) {
  if (target.kind == BackendKind::kDirectory) return std::make_unique<DirectoryBackend>();
  return std::make_unique<EnvoyXdsBackend>(target.resources);
}

}  // namespace stitch::deploy
