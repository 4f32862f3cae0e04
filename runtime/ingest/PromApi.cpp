#include "runtime/ingest/PromApi.h"

#include <cmath>

#include "runtime/frame/ColumnKey.h"
#include "runtime/ingest/Json.h"

namespace stitch::ingest {

namespace {

// [ <unix seconds>, "<value>" ]
Result<PromPoint> ParsePoint(const json::Cursor& cursor) {
  STITCH_TRY(json::array pair, cursor.Array());
  if (pair.size() != 2) return cursor.Fail("expected [time, \"value\"]");
  STITCH_TRY(double seconds, cursor.Index(pair.at(0).value_unsafe(), 0).Number());
  json::Cursor value = cursor.Index(pair.at(1).value_unsafe(), 1);
  if (!value.IsString()) return value.Fail("expected the sample value as a string");
  STITCH_TRY(double v, value.AsNumber());
  return PromPoint{static_cast<int64_t>(std::llround(seconds * 1000.0)), v};
}

Result<PromSeries> ParseSeries(const json::Cursor& cursor, bool matrix) {
  PromSeries series;
  if (auto metric = cursor.Field("metric")) {
    STITCH_TRY(json::object labels, metric->Object());
    for (auto [key, value] : labels) {
      STITCH_TRY(std::string_view text, metric->Member(value, key).String());
      series.labels.emplace_back(std::string(key), std::string(text));
    }
  }
  if (matrix) {
    STITCH_TRY(json::Cursor values, cursor.Require("values"));
    STITCH_TRY(json::array points, values.Array());
    size_t i = 0;
    for (json::element point : points) {
      STITCH_TRY(PromPoint p, ParsePoint(values.Index(point, i++)));
      series.points.push_back(p);
    }
  } else {
    STITCH_TRY(json::Cursor value, cursor.Require("value"));
    STITCH_TRY(PromPoint p, ParsePoint(value));
    series.points.push_back(p);
  }
  return series;
}

}  // namespace

Result<PromQueryResult> ParsePromApiResponse(std::string_view body, std::string_view file) {
  simdjson::dom::parser parser;
  STITCH_TRY(json::element root_element, json::Parse(parser, body, file));
  json::Cursor root(root_element, "$", file);
  STITCH_TRY(json::Cursor status_cursor, root.Require("status"));
  STITCH_TRY(std::string_view status, status_cursor.String());
  if (status != "success") {
    std::string message = "prometheus query failed";
    if (auto type = root.Field("errorType")) {
      if (auto t = type->String()) message += ": " + std::string(*t);
    }
    if (auto error = root.Field("error")) {
      if (auto e = error->String()) message += ": " + std::string(*e);
    }
    return root.Fail(message);
  }
  PromQueryResult result;
  if (auto warnings = root.Field("warnings"); warnings && warnings->IsArray()) {
    const json::array list = *warnings->Array();
    for (json::element w : list) {
      std::string_view text;
      if (!w.get(text)) result.warnings.emplace_back(text);
    }
  }
  STITCH_TRY(json::Cursor data, root.Require("data"));
  STITCH_TRY(json::Cursor type_cursor, data.Require("resultType"));
  STITCH_TRY(std::string_view type, type_cursor.String());
  STITCH_TRY(json::Cursor items, data.Require("result"));
  if (type == "scalar") {
    result.type = PromQueryResult::Type::kScalar;
    STITCH_TRY(PromPoint p, ParsePoint(items));
    result.series.push_back({{}, {p}});
    return result;
  }
  if (type != "vector" && type != "matrix") {
    return type_cursor.Fail("result type `" + std::string(type) + "` is not telemetry");
  }
  const bool matrix = type == "matrix";
  result.type = matrix ? PromQueryResult::Type::kMatrix : PromQueryResult::Type::kVector;
  STITCH_TRY(json::array list, items.Array());
  size_t i = 0;
  for (json::element item : list) {
    STITCH_TRY(PromSeries series, ParseSeries(items.Index(item, i++), matrix));
    result.series.push_back(std::move(series));
  }
  return result;
}

void AddPromResult(const PromQueryResult& result, const QueryColumn& query,
                   const IngestOptions& options, FrameSet& frames) {
  const bool quantile = query.column.starts_with("latency.");
  const auto combine = quantile ? FrameBuilder::Combine::kMax : FrameBuilder::Combine::kSum;
  const bool pinned = options.now_ms != 0 && result.type != PromQueryResult::Type::kMatrix;
  std::vector<Label> labels;
  for (const PromSeries& series : result.series) {
    labels.clear();
    for (const auto& [name, value] : series.labels) labels.push_back({name, value});
    std::string column = query.column;
    if (column.empty()) {
      auto name = FindLabel(labels, "__name__");
      column = name ? std::string(*name) : "value";
    }
    auto refs = ResolveEntity(options.mapping.labels, labels);
    if (!refs) continue;
    const frame::EntityId& id = refs->route ? *refs->route : refs->node ? *refs->node : refs->service;
    const auto tags = ResolveTags(options.mapping.labels, labels);
    for (const PromPoint& point : series.points) {
      FrameBuilder& builder = frames.At(pinned ? options.now_ms : point.time_ms);
      builder.Touch(id);
      for (const auto& [k, v] : tags) builder.AddTag(id, k, v);
      if (pinned && builder.IsStale(point.time_ms)) {
        builder.AddValue(id, column, 0, std::nullopt, combine);
        continue;
      }
      std::optional<double> value;
      if (std::isfinite(point.value)) {
        value = point.value * query.scale;
      } else {
        builder.AddFlag(id, column, std::isnan(point.value) ? "NaN sample is missing"
                                                            : "infinite sample is missing");
      }
      builder.AddValue(id, column, 0, value, combine);
    }
  }
}

}  // namespace stitch::ingest
