#include "runtime/ingest/Datadog.h"

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>

#include "runtime/ingest/FrameBuilder.h"
#include "runtime/ingest/Json.h"

namespace stitch::ingest {

double DatadogUnitScale(std::string_view unit, std::string_view per_unit) {
  struct Entry {
    std::string_view name;
    double scale;
  };
  static constexpr Entry kUnits[] = {
      {"percent", 0.01},     {"fraction", 1},        {"nanosecond", 1e-9},
      {"microsecond", 1e-6}, {"millisecond", 1e-3},  {"second", 1},
      {"minute", 60},        {"hour", 3600},         {"byte", 1},
      {"kilobyte", 1e3},     {"megabyte", 1e6},      {"gigabyte", 1e9},
      {"kibibyte", 1024},    {"mebibyte", 1048576},  {"gibibyte", 1073741824},
  };
  double scale = 1;
  for (const Entry& e : kUnits) {
    if (e.name == unit) scale = e.scale;
  }
  if (per_unit == "minute") scale /= 60;
  if (per_unit == "hour") scale /= 3600;
  return scale;
}

namespace {

// `unit: [{"name": ...}, {"name": ...} | null]` -> scale.
double UnitScale(const std::optional<json::Cursor>& unit) {
  if (!unit || !unit->IsArray()) return 1;
  std::string_view names[2];
  size_t i = 0;
  const json::array list = *unit->Array();
  for (json::element e : list) {
    if (i < 2 && e.is_object()) {
      std::string_view name;
      if (!e["name"].get(name)) names[i] = name;
    }
    ++i;
  }
  return DatadogUnitScale(names[0], names[1]);
}

// ["service:web", "host:a"] -> labels (a tag without `:` is a label with an empty value).
Status ReadTags(const json::Cursor& tags, std::vector<std::pair<std::string, std::string>>& out) {
  if (tags.IsNull()) return Ok{};
  STITCH_TRY(json::array list, tags.Array());
  size_t i = 0;
  for (json::element e : list) {
    STITCH_TRY(std::string_view tag, tags.Index(e, i++).String());
    const size_t colon = tag.find(':');
    if (colon == std::string_view::npos) {
      out.emplace_back(std::string(tag), "");
    } else {
      out.emplace_back(std::string(tag.substr(0, colon)), std::string(tag.substr(colon + 1)));
    }
  }
  return Ok{};
}

Status ErrorList(const json::Cursor& errors) {
  std::string message = "datadog query failed";
  if (errors.IsArray()) {
    const json::array list = *errors.Array();
    for (json::element e : list) {
      std::string_view text;
      if (!e.get(text)) message += ": " + std::string(text);
    }
  }
  return errors.Fail(message);
}

struct SeriesContext {
  std::string column;
  double scale;
  std::vector<std::pair<std::string, std::string>> tags;
};

void AddPoint(FrameSet& frames, const IngestOptions& options, const SeriesContext& series,
              int64_t time_ms, double value) {
  std::vector<Label> labels;
  for (const auto& [k, v] : series.tags) labels.push_back({k, v});
  auto refs = ResolveEntity(options.mapping.labels, labels);
  if (!refs) return;
  const frame::EntityId& id = refs->route ? *refs->route : refs->node ? *refs->node : refs->service;
  FrameBuilder& builder = frames.At(time_ms);
  builder.Touch(id);
  for (const auto& [k, v] : ResolveTags(options.mapping.labels, labels)) builder.AddTag(id, k, v);
  const auto combine = series.column.starts_with("latency.") ? FrameBuilder::Combine::kMax
                                                             : FrameBuilder::Combine::kSum;
  builder.AddValue(id, series.column, 0, value * series.scale, combine);
}

Status ReadV1(const json::Cursor& root, const IngestOptions& options, FrameSet& frames) {
  STITCH_TRY(json::Cursor series_list, root.Require("series"));
  STITCH_TRY(json::array list, series_list.Array());
  size_t i = 0;
  for (json::element e : list) {
    json::Cursor series = series_list.Index(e, i++);
    SeriesContext context{options.column, options.scale * UnitScale(series.Field("unit")), {}};
    if (context.column.empty()) {
      if (auto metric = series.Field("metric")) {
        STITCH_TRY(std::string_view name, metric->String());
        context.column = name;
      } else {
        context.column = "value";
      }
    }
    if (auto tags = series.Field("tag_set")) {
      if (auto status = ReadTags(*tags, context.tags); !status) return status;
    }
    STITCH_TRY(json::Cursor points, series.Require("pointlist"));
    STITCH_TRY(json::array point_list, points.Array());
    size_t k = 0;
    for (json::element pe : point_list) {
      json::Cursor point = points.Index(pe, k++);
      STITCH_TRY(json::array pair, point.Array());
      if (pair.size() != 2) return point.Fail("expected [time_ms, value]");
      STITCH_TRY(double time_ms, point.Index(pair.at(0).value_unsafe(), 0).Number());
      json::Cursor value = point.Index(pair.at(1).value_unsafe(), 1);
      if (value.IsNull()) continue;  // a gap: dropped, never zero
      STITCH_TRY(double v, value.Number());
      AddPoint(frames, options, context, static_cast<int64_t>(std::llround(time_ms)), v);
    }
  }
  return Ok{};
}

Status ReadV2Timeseries(const json::Cursor& attributes, const IngestOptions& options,
                        FrameSet& frames) {
  STITCH_TRY(json::Cursor series_cursor, attributes.Require("series"));
  STITCH_TRY(json::array series_list, series_cursor.Array());
  STITCH_TRY(json::Cursor times_cursor, attributes.Require("times"));
  STITCH_TRY(json::array times_list, times_cursor.Array());
  std::vector<int64_t> times;
  size_t t = 0;
  for (json::element e : times_list) {
    STITCH_TRY(int64_t ms, times_cursor.Index(e, t++).AsInteger());
    times.push_back(ms);
  }
  STITCH_TRY(json::Cursor values_cursor, attributes.Require("values"));
  STITCH_TRY(json::array values_list, values_cursor.Array());
  if (values_list.size() != series_list.size()) {
    return values_cursor.Fail("expected one value list per series");
  }
  size_t i = 0;
  auto value_it = values_list.begin();
  for (json::element e : series_list) {
    json::Cursor series = series_cursor.Index(e, i);
    json::Cursor values = values_cursor.Index(*value_it, i);
    ++value_it;
    ++i;
    SeriesContext context{options.column.empty() ? "value" : options.column,
                          options.scale * UnitScale(series.Field("unit")), {}};
    if (auto tags = series.Field("group_tags")) {
      if (auto status = ReadTags(*tags, context.tags); !status) return status;
    }
    STITCH_TRY(json::array value_list, values.Array());
    if (value_list.size() != times.size()) return values.Fail("expected one value per time");
    size_t k = 0;
    for (json::element ve : value_list) {
      json::Cursor value = values.Index(ve, k);
      if (!value.IsNull()) {
        STITCH_TRY(double v, value.Number());
        AddPoint(frames, options, context, times[k], v);
      }
      ++k;
    }
  }
  return Ok{};
}

Status ReadV2Scalar(const json::Cursor& attributes, const IngestOptions& options,
                    FrameSet& frames) {
  STITCH_TRY(json::Cursor columns_cursor, attributes.Require("columns"));
  STITCH_TRY(json::array columns, columns_cursor.Array());
  const int64_t now = options.now_ms != 0
                          ? options.now_ms
                          : std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  // Group columns give each row's tags; number columns give values.
  std::vector<std::vector<std::pair<std::string, std::string>>> row_tags;
  size_t c = 0;
  for (json::element e : columns) {
    json::Cursor column = columns_cursor.Index(e, c++);
    auto type = column.Field("type");
    if (!type || type->String().value_or("") != "group") continue;
    STITCH_TRY(json::Cursor values, column.Require("values"));
    STITCH_TRY(json::array rows, values.Array());
    size_t r = 0;
    for (json::element row : rows) {
      if (row_tags.size() <= r) row_tags.resize(r + 1);
      if (auto status = ReadTags(values.Index(row, r), row_tags[r]); !status) return status;
      ++r;
    }
  }
  c = 0;
  for (json::element e : columns) {
    json::Cursor column = columns_cursor.Index(e, c++);
    auto type = column.Field("type");
    if (type && type->String().value_or("") == "group") continue;
    SeriesContext context{options.column, options.scale, {}};
    if (auto meta = column.Field("meta")) context.scale *= UnitScale(meta->Field("unit"));
    if (context.column.empty()) {
      if (auto name = column.Field("name")) {
        STITCH_TRY(std::string_view text, name->String());
        context.column = text;
      } else {
        context.column = "value";
      }
    }
    STITCH_TRY(json::Cursor values, column.Require("values"));
    STITCH_TRY(json::array list, values.Array());
    size_t r = 0;
    for (json::element ve : list) {
      json::Cursor value = values.Index(ve, r);
      context.tags = r < row_tags.size() ? row_tags[r] : decltype(context.tags){};
      ++r;
      if (value.IsNull()) continue;
      STITCH_TRY(double v, value.Number());
      AddPoint(frames, options, context, now, v);
    }
  }
  return Ok{};
}

}  // namespace

Result<std::vector<frame::Frame>> ParseDatadogResponse(std::string_view body, std::string_view file,
                                                       const IngestOptions& options) {
  simdjson::dom::parser parser;
  STITCH_TRY(json::element root_element, json::Parse(parser, body, file));
  json::Cursor root(root_element, "$", file);
  if (auto errors = root.Field("errors"); errors && !errors->IsNull()) {
    return ErrorList(*errors).error();
  }
  if (auto status = root.Field("status")) {
    STITCH_TRY(std::string_view text, status->String());
    if (text != "ok") {
      std::string message = "datadog query failed: status " + std::string(text);
      if (auto error = root.Field("error")) {
        if (auto e = error->String()) message += ": " + std::string(*e);
      }
      return root.Fail(message);
    }
  }
  FrameSet frames(options);
  if (root.Field("series")) {
    if (auto status = ReadV1(root, options, frames); !status) return status.error();
    return frames.Build();
  }
  STITCH_TRY(json::Cursor data, root.Require("data"));
  STITCH_TRY(json::Cursor attributes, data.Require("attributes"));
  if (attributes.Field("columns")) {
    if (auto status = ReadV2Scalar(attributes, options, frames); !status) return status.error();
  } else if (auto status = ReadV2Timeseries(attributes, options, frames); !status) {
    return status.error();
  }
  return frames.Build();
}

Result<std::string> DatadogCassetteBody(std::string_view yaml, std::string_view file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Error{std::string(file), e.mark.line >= 0 ? static_cast<size_t>(e.mark.line) + 1 : 0,
                 e.mark.column >= 0 ? static_cast<size_t>(e.mark.column) + 1 : 0, {}, e.msg};
  }
  try {
    YAML::Node interactions = root["interactions"];
    if (!interactions || !interactions.IsSequence() || interactions.size() == 0) {
      return Error{std::string(file), 0, 0, "interactions", "expected a go-vcr cassette with interactions"};
    }
    YAML::Node response = interactions[0]["response"];
    if (!response || !response["body"]) {
      return Error{std::string(file), 0, 0, "interactions[0].response.body", "missing response body"};
    }
    std::string body = response["body"].as<std::string>();
    const int code = response["code"] ? response["code"].as<int>() : 200;
    if (code >= 400) {
      std::string message = "HTTP " + std::to_string(code);
      simdjson::dom::parser parser;
      simdjson::dom::element doc;
      simdjson::dom::array errors;
      if (!parser.parse(body).get(doc) && !doc["errors"].get(errors)) {
        for (simdjson::dom::element e : errors) {
          std::string_view text;
          if (!e.get(text)) message += ": " + std::string(text);
        }
      }
      return Error{std::string(file), 0, 0, "interactions[0].response", message};
    }
    return body;
  } catch (const YAML::Exception& e) {
    return Error{std::string(file), 0, 0, "interactions[0].response", e.msg};
  }
}

}  // namespace stitch::ingest
