#include "Target.h"

#include "Errors.h"

namespace stitch::deploy {
namespace {

constexpr XdsType kAllTypes[] = {XdsType::kCds, XdsType::kLds, XdsType::kRds};

Error SpecError(std::string_view spec, const std::string& why) {
  return Error{codes::kTargetSpec,
               "`" + std::string(spec) + "` is not a deploy target: " + why +
                   " (expected `envoy:DIR`, `envoy:DIR#cds,lds,rds` or `dir:DIR`)",
               ""};
}

}  // namespace

std::string_view XdsName(XdsType type) {
  switch (type) {
    case XdsType::kCds: return "cds";
    case XdsType::kLds: return "lds";
    case XdsType::kRds: return "rds";
  }
  return "";
}

std::string XdsFileName(XdsType type) { return std::string(XdsName(type)) + ".yaml"; }

std::string_view XdsTypeUrl(XdsType type) {
  switch (type) {
    case XdsType::kCds: return "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    case XdsType::kLds: return "type.googleapis.com/envoy.config.listener.v3.Listener";
    case XdsType::kRds: return "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  }
  return "";
}

Result<Target> ParseTarget(std::string_view spec) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return SpecError(spec, "no `KIND:`");
  std::string_view kind = spec.substr(0, colon);
  std::string_view rest = spec.substr(colon + 1);
  Target target;
  if (kind == "envoy") {
    target.kind = BackendKind::kEnvoyXds;
  } else if (kind == "dir") {
    target.kind = BackendKind::kDirectory;
  } else {
    return SpecError(spec, "unknown kind `" + std::string(kind) + "`");
  }
  size_t hash = rest.rfind('#');
  std::string_view path = hash == std::string_view::npos ? rest : rest.substr(0, hash);
  if (path.empty()) return SpecError(spec, "the path is empty");
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  target.path = std::string(path);
  if (hash != std::string_view::npos) {
    if (target.kind != BackendKind::kEnvoyXds) return SpecError(spec, "only Envoy targets list resource files");
    std::string_view list = rest.substr(hash + 1);
    while (true) {
      size_t comma = list.find(',');
      std::string_view name = list.substr(0, comma);
      bool found = false;
      for (XdsType t : kAllTypes) {
        if (name != XdsName(t)) continue;
        found = true;
        for (XdsType seen : target.resources) {
          if (seen == t) return SpecError(spec, "`" + std::string(name) + "` is listed twice");
        }
        target.resources.push_back(t);
      }
      if (!found) return SpecError(spec, "unknown resource file `" + std::string(name) + "`");
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return target;
}

std::string FormatTarget(const Target& target) {
  std::string out = (target.kind == BackendKind::kEnvoyXds ? "envoy:" : "dir:") + target.path;
  for (size_t i = 0; i < target.resources.size(); ++i) {
    out += (i == 0 ? "#" : ",");
    out += XdsName(target.resources[i]);
  }
  return out;
}

}  // namespace stitch::deploy
