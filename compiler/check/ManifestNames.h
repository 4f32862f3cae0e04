// The names that base manifests define (services, destinations, routes, namespaces), read so
// that `stitch check --manifest` can warn about targets and destinations that match nothing.
// A light, dialect-agnostic scan of well-known fields; the stitcher's dialects do the real work.
#pragma once

#include <set>
#include <string>

#include "compiler/diagnostics/Diagnostic.h"

namespace stitch::check {

struct ManifestNames {
  std::set<std::string> services;      // hosts, clusters, virtual services/nodes, k8s Services
  std::set<std::string> destinations;  // clusters, subsets, hosts, virtual nodes
  std::set<std::string> routes;
  std::set<std::string> namespaces;
};

// Adds the names found in a YAML or JSON manifest file; reports E0701 and returns false when
// it cannot be read or parsed.
bool LoadManifestNames(const std::string& path, ManifestNames& names, Diagnostics& diagnostics);

}  // namespace stitch::check
