#include "ManifestNames.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace stitch::check {
namespace {

void AddHost(ManifestNames& names, const std::string& host) {
  if (host.empty() || host == "*") return;
  names.services.insert(host);
  names.destinations.insert(host);
  // "reviews.prod.svc.cluster.local" is also known as "reviews".
  if (size_t dot = host.find('.'); dot != std::string::npos && dot > 0) {
    names.services.insert(host.substr(0, dot));
    names.destinations.insert(host.substr(0, dot));
  }
}

std::string Scalar(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

void AddNamedItems(const YAML::Node& list, std::set<std::string>& out) {
  if (!list.IsSequence()) return;
  for (const YAML::Node& item : list) {
    if (item.IsMap()) {
      std::string name = Scalar(item["name"]);
      if (!name.empty()) out.insert(name);
    }
  }
}

void Walk(const YAML::Node& node, ManifestNames& names, int depth) {
  if (depth > 64) return;
  if (node.IsSequence()) {
    for (const YAML::Node& child : node) Walk(child, names, depth + 1);
    return;
  }
  if (!node.IsMap()) return;
  for (const auto& entry : node) {
    std::string key = Scalar(entry.first);
    const YAML::Node& value = entry.second;
    if (key == "host" || key == "cluster" || key == "virtualNode" || key == "virtualNodeName" ||
        key == "virtualServiceName" || key == "virtualRouterName") {
      AddHost(names, Scalar(value));
    } else if ((key == "hosts" || key == "domains") && value.IsSequence()) {
      for (const YAML::Node& host : value) AddHost(names, Scalar(host));
    } else if (key == "clusters") {
      AddNamedItems(value, names.services);
      AddNamedItems(value, names.destinations);
    } else if (key == "subsets") {
      AddNamedItems(value, names.destinations);
    } else if (key == "virtual_hosts" || key == "virtualHosts") {
      AddNamedItems(value, names.services);
    } else if (key == "routes") {
      AddNamedItems(value, names.routes);
    } else if (key == "routeName") {
      names.routes.insert(Scalar(value));
    } else if (key == "metadata" && value.IsMap()) {
      std::string kind = Scalar(node["kind"]);
      std::string name = Scalar(value["name"]);
      if (kind == "Namespace") {
        names.namespaces.insert(name);
      } else if (!name.empty()) {
        AddHost(names, name);
      }
      if (std::string ns = Scalar(value["namespace"]); !ns.empty()) names.namespaces.insert(ns);
    }
    Walk(value, names, depth + 1);
  }
}

}  // namespace

bool LoadManifestNames(const std::string& path, ManifestNames& names, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.Add(DiagCode::E0701, nullptr, {},
                    fmt::format("cannot read manifest `{}`", path));
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto source = std::make_shared<SourceFile>(path, buffer.str());
  try {
    for (const YAML::Node& document : YAML::LoadAll(source->text())) Walk(document, names, 0);
  } catch (const YAML::Exception& e) {
    uint32_t at = e.mark.line < 0 ? 0
                                  : source->Offset({static_cast<uint32_t>(e.mark.line + 1),
                                                    static_cast<uint32_t>(e.mark.column + 1)});
    diagnostics.Add(DiagCode::E0701, source, {at, at + 1},
                    fmt::format("the manifest is not valid YAML or JSON: {}", e.msg));
    return false;
  }
  return true;
}

}  // namespace stitch::check
