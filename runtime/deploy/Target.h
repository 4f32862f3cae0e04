// Deploy targets: where a version goes (a watched Envoy directory or a Kubernetes YAML
// directory) and, for Envoy, which xDS resource files it holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "action/Result.h"

namespace stitch::deploy {

using action::Error;
using action::Result;
using action::Status;

enum class BackendKind {
  kEnvoyXds,   // file-based xDS: cds.yaml / lds.yaml / rds.yaml DiscoveryResponse files
  kDirectory,  // one Kubernetes YAML per resource, for GitOps or `kubectl apply -f`
};

// The xDS resource files of an Envoy target.
enum class XdsType { kCds, kLds, kRds };

struct Target {
  BackendKind kind = BackendKind::kEnvoyXds;
  std::string path;                 // the directory the proxies (or GitOps) read
  std::vector<XdsType> resources;   // Envoy only; empty: every type the version holds
  bool operator==(const Target&) const = default;
};

// Parses `envoy:DIR`, `envoy:DIR#cds,lds` or `dir:DIR`. D0101 on anything else. Pure.
Result<Target> ParseTarget(std::string_view spec);

// The spec form of a target (`envoy:/var/lib/envoy#cds,lds`); ParseTarget reads it back. Pure.
std::string FormatTarget(const Target& target);

// "cds", "lds", "rds".
std::string_view XdsName(XdsType type);
// The file an Envoy target keeps the type in: "cds.yaml", "lds.yaml", "rds.yaml".
std::string XdsFileName(XdsType type);
// The v3 resource type URL: "type.googleapis.com/envoy.config.cluster.v3.Cluster", ...
std::string_view XdsTypeUrl(XdsType type);

}  // namespace stitch::deploy
