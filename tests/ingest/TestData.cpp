#include "TestData.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace stitch::ingest::testing {

std::string DataPath(const std::string& name) { return "tests/ingest/data/" + name; }

std::string ReadData(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

frame::EntityId Service(const std::string& name, const std::string& ns) {
  return {frame::EntityKind::kService, name, "", "", ns};
}
frame::EntityId Node(const std::string& service, const std::string& node, const std::string& ns) {
  return {frame::EntityKind::kNode, service, node, "", ns};
}
frame::EntityId Route(const std::string& service, const std::string& route, const std::string& ns) {
  return {frame::EntityKind::kRoute, service, "", route, ns};
}

std::optional<double> Value(const frame::Frame& f, const frame::EntityId& id, const std::string& key) {
  auto row = f.FindEntity(id);
  if (!row) return std::nullopt;
  return f.Get(*row, key);
}

bool HasFlag(const frame::Frame& f, const frame::EntityId& id, const std::string& key,
             const std::string& text) {
  auto row = f.FindEntity(id);
  if (!row) return false;
  for (const auto& flag : f.flags()) {
    if (flag.row == *row && flag.key == key && flag.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace stitch::ingest::testing
