// Helpers shared by the ingestion tests: corpus files under tests/ingest/data/ (the test's
// working directory is the source root) and frame lookups.
#pragma once

#include <optional>
#include <string>

#include "runtime/frame/Frame.h"

namespace stitch::ingest::testing {

// The path of `name` under tests/ingest/data/.
std::string DataPath(const std::string& name);
// The contents of tests/ingest/data/<name>; fails the test when unreadable.
std::string ReadData(const std::string& name);

frame::EntityId Service(const std::string& name, const std::string& ns = "");
frame::EntityId Node(const std::string& service, const std::string& node, const std::string& ns = "");
frame::EntityId Route(const std::string& service, const std::string& route, const std::string& ns = "");

// The value of `key` for `id` in `f`; nullopt when the row or column is absent or missing.
std::optional<double> Value(const frame::Frame& f, const frame::EntityId& id, const std::string& key);
// True when `f` has a flag on `id`'s row whose key is `key` and whose message contains `text`.
bool HasFlag(const frame::Frame& f, const frame::EntityId& id, const std::string& key,
             const std::string& text);

}  // namespace stitch::ingest::testing
