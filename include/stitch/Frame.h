// Telemetry frames: one row per entity, metric values in base units (seconds, ratios 0..1, per
// second, bytes). Build them with FrameBuilder or parse canonical telemetry JSON
// (docs/telemetry.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stitch/Export.h"
#include "stitch/Result.h"

namespace stitch {

struct FrameAccess;  // the library's access to a frame's contents

enum class EntityKind { kService, kNode, kRoute };

// Identifies a row: a service, or a node or route of a service; `ns` (namespace) may be empty.
struct EntityRef {
  EntityKind kind = EntityKind::kService;
  std::string service;
  std::string name;  // the node or route name; empty for a service
  std::string ns;

  static EntityRef Service(std::string service, std::string ns = "") {
    return {EntityKind::kService, std::move(service), "", std::move(ns)};
  }
  static EntityRef Node(std::string service, std::string node, std::string ns = "") {
    return {EntityKind::kNode, std::move(service), std::move(node), std::move(ns)};
  }
  static EntityRef Route(std::string service, std::string route, std::string ns = "") {
    return {EntityKind::kRoute, std::move(service), std::move(route), std::move(ns)};
  }
};

// One telemetry frame at one instant. Move-only value; not thread-safe (one thread at a time),
// independent of every other object.
class STITCH_API Frame {
 public:
  Frame(Frame&&) noexcept;
  Frame& operator=(Frame&&) noexcept;
  ~Frame();

  // Milliseconds since the Unix epoch.
  int64_t time_ms() const;
  // The number of entities (rows).
  size_t entities() const;
  // The value of `key` for `entity`, or nullopt when missing or the entity is absent.
  std::optional<double> Get(const EntityRef& entity, const std::string& key) const;

  struct Impl;

 private:
  friend struct FrameAccess;
  explicit Frame(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Collects entities, tags and metric values, then builds a Frame (computing `error_rate` from
// `errors / requests` unless set). Column keys are those of docs/telemetry.md (`requests`,
// `latency.p99`, `header.x-debug`, custom metrics). Not thread-safe; independent of other
// objects.
class STITCH_API FrameBuilder {
 public:
  explicit FrameBuilder(int64_t time_ms);
  FrameBuilder(FrameBuilder&&) noexcept;
  FrameBuilder& operator=(FrameBuilder&&) noexcept;
  ~FrameBuilder();

  // Makes sure `entity` has a row even without values.
  FrameBuilder& Add(const EntityRef& entity);
  // Sets `key` of `entity` (adding it); the last value set wins. NaN or infinite is missing.
  FrameBuilder& Set(const EntityRef& entity, const std::string& key, double value);
  // Sets a string tag of `entity` (`tag("key")` in policies).
  FrameBuilder& Tag(const EntityRef& entity, const std::string& key, const std::string& value);
  // The frame; the builder keeps its contents and may build again.
  Frame Build() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses canonical telemetry JSON (one frame object or `{"frames": [...]}`), oldest first.
// `name` names the document in errors. Frames without `time_ms` get `now_ms` (an error when it
// is 0). kInvalidUtf8, kInvalidJson or kInvalidData (the message carries the JSON path).
// Thread-safe.
STITCH_API Result<std::vector<Frame>> ParseTelemetry(const std::string& json, const std::string& name = "<telemetry>",
                                                     int64_t now_ms = 0);

}  // namespace stitch
