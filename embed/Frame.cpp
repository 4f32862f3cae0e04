// Frames: the public builder over the ingest frame builder, and canonical telemetry JSON.
#include <map>

#include <nlohmann/json.hpp>

#include "embed/Internal.h"
#include "runtime/ingest/CanonicalJson.h"
#include "runtime/ingest/FrameBuilder.h"

namespace stitch {
namespace {

frame::EntityId ToId(const EntityRef& e) {
  frame::EntityId id;
  id.kind = e.kind == EntityKind::kNode    ? frame::EntityKind::kNode
            : e.kind == EntityKind::kRoute ? frame::EntityKind::kRoute
                                           : frame::EntityKind::kService;
  id.service = e.service;
  id.ns = e.ns;
  if (e.kind == EntityKind::kNode) id.node = e.name;
  if (e.kind == EntityKind::kRoute) id.route = e.name;
  return id;
}

}  // namespace

Frame::Frame(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Frame::Frame(Frame&&) noexcept = default;
Frame& Frame::operator=(Frame&&) noexcept = default;
Frame::~Frame() = default;

int64_t Frame::time_ms() const { return impl_->frame.time_ms; }
size_t Frame::entities() const { return impl_->frame.rows(); }

std::optional<double> Frame::Get(const EntityRef& entity, const std::string& key) const {
  auto row = impl_->frame.FindEntity(ToId(entity));
  if (!row) return std::nullopt;
  return impl_->frame.Get(*row, key);
}

struct FrameBuilder::Impl {
  int64_t time_ms = 0;
  std::map<frame::EntityId, std::map<std::string, double>> values;  // every added entity has an entry
  std::map<frame::EntityId, std::map<std::string, std::string>> tags;
};

FrameBuilder::FrameBuilder(int64_t time_ms) : impl_(std::make_unique<Impl>()) { impl_->time_ms = time_ms; }
FrameBuilder::FrameBuilder(FrameBuilder&&) noexcept = default;
FrameBuilder& FrameBuilder::operator=(FrameBuilder&&) noexcept = default;
FrameBuilder::~FrameBuilder() = default;

FrameBuilder& FrameBuilder::Add(const EntityRef& entity) {
  impl_->values[ToId(entity)];
  return *this;
}

FrameBuilder& FrameBuilder::Set(const EntityRef& entity, const std::string& key, double value) {
  impl_->values[ToId(entity)][key] = value;
  return *this;
}

FrameBuilder& FrameBuilder::Tag(const EntityRef& entity, const std::string& key, const std::string& value) {
  frame::EntityId id = ToId(entity);
  impl_->values[id];
  impl_->tags[id][key] = value;
  return *this;
}

Frame FrameBuilder::Build() const {
  ingest::IngestOptions options;
  ingest::FrameBuilder builder(impl_->time_ms, options);
  for (const auto& [id, values] : impl_->values) {
    builder.Touch(id);
    for (const auto& [key, value] : values) builder.AddValue(id, key, 0, value);
  }
  for (const auto& [id, tags] : impl_->tags) {
    for (const auto& [key, value] : tags) builder.AddTag(id, key, value);
  }
  return FrameAccess::Make(builder.Build());
}

Result<std::vector<Frame>> ParseTelemetry(const std::string& json, const std::string& name, int64_t now_ms) {
  if (auto bad = CheckUtf8(json, "the telemetry document")) return *bad;
  if (!nlohmann::json::accept(json)) {
    std::string why = "syntax error";
    try {
      nlohmann::json parsed = nlohmann::json::parse(json);
    } catch (const nlohmann::json::parse_error& e) {
      why = e.what();
    }
    return MakeError(ErrorKind::kInvalidJson, "J0001", name + ": invalid JSON: " + why);
  }
  ingest::IngestOptions options;
  options.now_ms = now_ms;
  auto frames = ingest::ParseCanonicalJson(json, name, options);
  if (!frames) return FromIngestError(frames.error(), ErrorKind::kInvalidData);
  std::vector<Frame> out;
  out.reserve(frames->size());
  for (frame::Frame& f : *frames) out.push_back(FrameAccess::Make(std::move(f)));
  return out;
}

}  // namespace stitch
