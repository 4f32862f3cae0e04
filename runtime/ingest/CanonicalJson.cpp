#include "runtime/ingest/CanonicalJson.h"

#include <nlohmann/json.hpp>

#include "runtime/frame/ColumnKey.h"
#include "runtime/ingest/FrameBuilder.h"
#include "runtime/ingest/Json.h"

namespace stitch::ingest {

namespace {

Result<std::string> OptionalString(const json::Cursor& object, std::string_view key) {
  auto field = object.Field(key);
  if (!field || field->IsNull()) return std::string();
  STITCH_TRY(std::string_view text, field->String());
  return std::string(text);
}

Status AddMetrics(const json::Cursor& metrics, const std::string& prefix,
                  const frame::EntityId& id, FrameBuilder& builder) {
  STITCH_TRY(json::object members, metrics.Object());
  for (auto [raw_key, value] : members) {
    json::Cursor child = metrics.Member(value, raw_key);
    std::string key = prefix + std::string(raw_key);
    if (prefix.empty() && raw_key == "headers") {
      if (child.IsNull()) continue;
      STITCH_TRY(json::object headers, child.Object());
      for (auto [name, v] : headers) {
        json::Cursor h = child.Member(v, name);
        if (h.IsNull()) {
          builder.AddValue(id, frame::HeaderKey(name), 0, std::nullopt);
          continue;
        }
        STITCH_TRY(double number, h.Number());
        builder.AddValue(id, frame::HeaderKey(name), 0, number);
      }
      continue;
    }
    if (key.starts_with("header.")) key = frame::HeaderKey(std::string_view(key).substr(7));
    if (child.IsObject()) {
      if (auto status = AddMetrics(child, key + ".", id, builder); !status) return status;
      continue;
    }
    if (child.IsNull()) {
      builder.AddValue(id, key, 0, std::nullopt);
      continue;
    }
    STITCH_TRY(double number, child.Number());
    builder.AddValue(id, key, 0, number);
  }
  return Ok{};
}

Status AddEntity(const json::Cursor& entity, FrameBuilder& builder) {
  if (!entity.IsObject()) return entity.Fail("expected an entity object");
  STITCH_TRY(std::string kind, OptionalString(entity, "kind"));
  frame::EntityId id;
  if (kind.empty() || kind == "service") {
    id.kind = frame::EntityKind::kService;
  } else if (kind == "node") {
    id.kind = frame::EntityKind::kNode;
  } else if (kind == "route") {
    id.kind = frame::EntityKind::kRoute;
  } else {
    return entity.Fail("unknown entity kind `" + kind + "` (service, node or route)");
  }
  STITCH_TRY(id.service, OptionalString(entity, "service"));
  STITCH_TRY(id.ns, OptionalString(entity, "namespace"));
  if (id.service.empty()) return entity.Fail("missing member `service`");
  if (id.kind == frame::EntityKind::kNode) {
    STITCH_TRY(id.node, OptionalString(entity, "node"));
    if (id.node.empty()) return entity.Fail("a node entity needs `node`");
  }
  if (id.kind == frame::EntityKind::kRoute) {
    STITCH_TRY(id.route, OptionalString(entity, "route"));
    if (id.route.empty()) return entity.Fail("a route entity needs `route`");
  }
  builder.Touch(id);
  if (auto tags = entity.Field("tags"); tags && !tags->IsNull()) {
    STITCH_TRY(json::object members, tags->Object());
    for (auto [key, value] : members) {
      STITCH_TRY(std::string_view text, tags->Member(value, key).String());
      builder.AddTag(id, std::string(key), std::string(text));
    }
  }
  if (auto metrics = entity.Field("metrics"); metrics && !metrics->IsNull()) {
    if (auto status = AddMetrics(*metrics, "", id, builder); !status) return status;
  }
  return Ok{};
}

Result<frame::Frame> ParseFrame(const json::Cursor& cursor, const IngestOptions& options) {
  if (!cursor.IsObject()) return cursor.Fail("expected a frame object");
  int64_t time_ms = options.now_ms;
  if (auto t = cursor.Field("time_ms")) {
    STITCH_TRY(time_ms, t->AsInteger());
  } else if (time_ms == 0) {
    return cursor.Fail("missing member `time_ms`");
  }
  FrameBuilder builder(time_ms, options);
  STITCH_TRY(json::Cursor entities, cursor.Require("entities"));
  STITCH_TRY(json::array list, entities.Array());
  size_t i = 0;
  for (json::element e : list) {
    if (auto status = AddEntity(entities.Index(e, i++), builder); !status) return status.error();
  }
  frame::Frame frame = builder.Build();
  if (auto stale = cursor.Field("stale"); stale && !stale->IsNull()) {
    STITCH_TRY(frame.stale, stale->Bool());
  }
  return frame;
}

}  // namespace

Result<std::vector<frame::Frame>> ParseCanonicalJson(std::string_view text, std::string_view file,
                                                     const IngestOptions& options) {
  simdjson::dom::parser parser;
  STITCH_TRY(json::element root_element, json::Parse(parser, text, file));
  json::Cursor root(root_element, "$", file);
  std::vector<frame::Frame> frames;
  if (auto list = root.Field("frames")) {
    STITCH_TRY(json::array items, list->Array());
    size_t i = 0;
    for (json::element item : items) {
      STITCH_TRY(frame::Frame f, ParseFrame(list->Index(item, i++), options));
      if (!frames.empty() && f.time_ms <= frames.back().time_ms) {
        return list->Index(item, i - 1).Fail("frames must be in increasing `time_ms` order");
      }
      frames.push_back(std::move(f));
    }
    return frames;
  }
  STITCH_TRY(frame::Frame f, ParseFrame(root, options));
  frames.push_back(std::move(f));
  return frames;
}

std::string WriteCanonicalJson(const std::vector<frame::Frame>& frames,
                               const std::function<bool(std::string_view)>& keep) {
  nlohmann::ordered_json out;
  out["frames"] = nlohmann::ordered_json::array();
  for (const frame::Frame& f : frames) {
    nlohmann::ordered_json jf;
    jf["time_ms"] = f.time_ms;
    if (f.stale) jf["stale"] = true;
    jf["entities"] = nlohmann::ordered_json::array();
    for (size_t row = 0; row < f.rows(); ++row) {
      const frame::Entity& e = f.GetEntity(row);
      nlohmann::ordered_json je;
      je["kind"] = std::string(frame::EntityKindName(e.id.kind));
      je["service"] = e.id.service;
      if (!e.id.ns.empty()) je["namespace"] = e.id.ns;
      if (e.id.kind == frame::EntityKind::kNode) je["node"] = e.id.node;
      if (e.id.kind == frame::EntityKind::kRoute) je["route"] = e.id.route;
      if (!e.tags.empty()) je["tags"] = e.tags;
      nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
      for (size_t col = 0; col < f.columns(); ++col) {
        if (keep && !keep(f.ColumnKey(col))) continue;
        if (f.Valid(row, col)) {
          metrics[f.ColumnKey(col)] = f.Value(row, col);
        } else {
          metrics[f.ColumnKey(col)] = nullptr;
        }
      }
      je["metrics"] = std::move(metrics);
      nlohmann::ordered_json flags = nlohmann::ordered_json::array();
      for (const frame::FrameFlag& flag : f.flags()) {
        if (flag.row != row) continue;
        flags.push_back(flag.key.empty() ? flag.message : flag.key + ": " + flag.message);
      }
      if (!flags.empty()) je["flags"] = std::move(flags);
      jf["entities"].push_back(std::move(je));
    }
    nlohmann::ordered_json flags = nlohmann::ordered_json::array();
    for (const frame::FrameFlag& flag : f.flags()) {
      if (flag.row == frame::FrameFlag::kWholeFrame) flags.push_back(flag.message);
    }
    if (!flags.empty()) jf["flags"] = std::move(flags);
    out["frames"].push_back(std::move(jf));
  }
  return out.dump(2) + "\n";
}

}  // namespace stitch::ingest
