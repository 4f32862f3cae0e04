#include "runtime/ingest/Otlp.h"

#include "runtime/frame/ColumnKey.h"

namespace stitch::ingest::otlp {

Status ReadAttributes(const json::Cursor& list, Attributes& out) {
  if (list.IsNull()) return Ok{};
  STITCH_TRY(json::array items, list.Array());
  size_t i = 0;
  for (json::element e : items) {
    json::Cursor kv = list.Index(e, i++);
    STITCH_TRY(json::Cursor key_cursor, kv.Require("key"));
    STITCH_TRY(std::string_view key, key_cursor.String());
    std::string text;
    if (auto value = kv.Field("value"); value && value->IsObject()) {
      if (auto s = value->Field("stringValue")) {
        STITCH_TRY(std::string_view v, s->String());
        text = v;
      } else if (auto n = value->Field("intValue")) {
        STITCH_TRY(int64_t v, n->AsInteger());
        text = std::to_string(v);
      } else if (auto d = value->Field("doubleValue")) {
        STITCH_TRY(double v, d->AsNumber());
        text = frame::FormatNumber(v);
      } else if (auto b = value->Field("boolValue")) {
        STITCH_TRY(bool v, b->Bool());
        text = v ? "true" : "false";
      } else {
        text = simdjson::minify(value->value());
      }
    }
    out.emplace_back(std::string(key), std::move(text));
  }
  return Ok{};
}

std::optional<json::Cursor> FirstField(const json::Cursor& object,
                                       std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (auto field = object.Field(name)) return field;
  }
  return std::nullopt;
}

}  // namespace stitch::ingest::otlp
