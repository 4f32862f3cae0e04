#include "runtime/ingest/OtlpMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/ingest/FrameBuilder.h"
#include "runtime/ingest/Otlp.h"
#include "stdlib/Window.h"

namespace stitch::ingest {

using Point = OtlpMetricsConverter::Point;

double OtlpUnitScale(std::string_view unit) {
  struct Entry {
    std::string_view unit;
    double scale;
  };
  static constexpr Entry kUnits[] = {
      {"s", 1},       {"ms", 1e-3},   {"us", 1e-6},          {"ns", 1e-9},
      {"min", 60},    {"h", 3600},    {"By", 1},             {"KBy", 1e3},
      {"MBy", 1e6},   {"GBy", 1e9},   {"KiBy", 1024},        {"MiBy", 1048576},
      {"GiBy", 1073741824},           {"%", 0.01},           {"By/s", 1},
  };
  for (const Entry& e : kUnits) {
    if (e.unit == unit) return e.scale;
  }
  return 1;
}

namespace {

Result<std::vector<double>> NumberList(const json::Cursor& list) {
  std::vector<double> out;
  if (list.IsNull()) return out;
  STITCH_TRY(json::array items, list.Array());
  size_t i = 0;
  for (json::element e : items) {
    STITCH_TRY(double v, list.Index(e, i++).AsNumber());
    out.push_back(v);
  }
  return out;
}

Status ReadCommon(const json::Cursor& dp, Point& p) {
  if (auto start = dp.Field("startTimeUnixNano")) {
    STITCH_TRY(p.start_ns, start->AsInteger());
  }
  STITCH_TRY(json::Cursor time, dp.Require("timeUnixNano"));
  STITCH_TRY(p.time_ns, time.AsInteger());
  if (auto attributes = dp.Field("attributes")) {
    if (auto status = otlp::ReadAttributes(*attributes, p.attributes); !status) return status;
  }
  return Ok{};
}

Status ReadNumberPoint(const json::Cursor& dp, Point& p) {
  if (auto status = ReadCommon(dp, p); !status) return status;
  if (auto d = dp.Field("asDouble")) {
    STITCH_TRY(p.value, d->AsNumber());
  } else if (auto n = dp.Field("asInt")) {
    STITCH_TRY(int64_t v, n->AsInteger());
    p.value = static_cast<double>(v);
  } else {
    return dp.Fail("a number data point needs `asDouble` or `asInt`");
  }
  return Ok{};
}

Status ReadHistogramPoint(const json::Cursor& dp, Point& p) {
  if (auto status = ReadCommon(dp, p); !status) return status;
  std::vector<double> bounds, counts;
  if (auto b = dp.Field("explicitBounds")) {
    STITCH_TRY(bounds, NumberList(*b));
  }
  if (auto c = dp.Field("bucketCounts")) {
    STITCH_TRY(counts, NumberList(*c));
  }
  if (!counts.empty() && counts.size() != bounds.size() + 1) {
    return dp.Fail("bucketCounts must have one more entry than explicitBounds");
  }
  double cumulative = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    cumulative += counts[i];
    const double bound = i < bounds.size() ? bounds[i] : std::numeric_limits<double>::infinity();
    p.buckets.push_back({bound, cumulative});
  }
  if (auto c = dp.Field("count")) {
    STITCH_TRY(p.count, c->AsNumber());
  } else {
    p.count = cumulative;
  }
  return Ok{};
}

// Base-2 exponential buckets: index i covers (base^i, base^(i+1)], base = 2^(2^-scale).
Status ReadExponentialPoint(const json::Cursor& dp, Point& p) {
  if (auto status = ReadCommon(dp, p); !status) return status;
  int64_t scale = 0;
  if (auto s = dp.Field("scale")) {
    STITCH_TRY(scale, s->AsInteger());
  }
  if (scale < -10 || scale > 20) return dp.Fail("exponential histogram scale out of range");
  double zero = 0, zero_threshold = 0;
  if (auto z = dp.Field("zeroCount")) {
    STITCH_TRY(zero, z->AsNumber());
  }
  if (auto zt = dp.Field("zeroThreshold")) {
    STITCH_TRY(zero_threshold, zt->AsNumber());
  }
  const double base = std::pow(2.0, std::pow(2.0, -static_cast<double>(scale)));
  double cumulative = zero;
  p.buckets.push_back({zero_threshold, cumulative});
  if (auto positive = dp.Field("positive"); positive && positive->IsObject()) {
    int64_t offset = 0;
    if (auto o = positive->Field("offset")) {
      STITCH_TRY(offset, o->AsInteger());
    }
    std::vector<double> counts;
    if (auto c = positive->Field("bucketCounts")) {
      STITCH_TRY(counts, NumberList(*c));
    }
    if (!counts.empty()) {
      const double lower = std::pow(base, static_cast<double>(offset));
      if (lower > zero_threshold) p.buckets.push_back({lower, cumulative});
      for (size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        p.buckets.push_back({std::pow(base, static_cast<double>(offset + 1 + static_cast<int64_t>(i))), cumulative});
      }
    }
  }
  if (auto negative = dp.Field("negative"); negative && negative->IsObject()) {
    if (auto c = negative->Field("bucketCounts")) {
      STITCH_TRY(std::vector<double> counts, NumberList(*c));
      for (double v : counts) p.negative_buckets |= v > 0;
    }
  }
  p.buckets.push_back({std::numeric_limits<double>::infinity(), cumulative});
  p.count = cumulative;
  return Ok{};
}

Status ReadMetric(const json::Cursor& metric, const otlp::Attributes& resource,
                  std::vector<Point>& out) {
  STITCH_TRY(json::Cursor name_cursor, metric.Require("name"));
  STITCH_TRY(std::string_view name, name_cursor.String());
  std::string unit;
  if (auto u = metric.Field("unit")) {
    STITCH_TRY(std::string_view text, u->String());
    unit = text;
  }
  struct Kind {
    std::string_view member;
    Point::Type type;
    Status (*read)(const json::Cursor&, Point&);
  };
  static constexpr Kind kKinds[] = {
      {"gauge", Point::Type::kGauge, ReadNumberPoint},
      {"sum", Point::Type::kSum, ReadNumberPoint},
      {"histogram", Point::Type::kHistogram, ReadHistogramPoint},
      {"exponentialHistogram", Point::Type::kHistogram, ReadExponentialPoint},
  };
  for (const Kind& kind : kKinds) {
    auto body = metric.Field(kind.member);
    if (!body) continue;
    bool monotonic = false, delta = false;
    if (auto m = body->Field("isMonotonic")) {
      STITCH_TRY(monotonic, m->Bool());
    }
    if (auto t = body->Field("aggregationTemporality")) {
      if (t->IsString()) {
        STITCH_TRY(std::string_view text, t->String());
        delta = text == "AGGREGATION_TEMPORALITY_DELTA";
      } else {
        STITCH_TRY(int64_t n, t->AsInteger());
        delta = n == 1;
      }
    }
    STITCH_TRY(json::Cursor points, body->Require("dataPoints"));
    STITCH_TRY(json::array list, points.Array());
    size_t i = 0;
    for (json::element e : list) {
      Point p;
      p.metric = name;
      p.unit = unit;
      p.type = kind.type;
      p.monotonic = monotonic;
      p.delta = delta;
      p.attributes = resource;
      if (auto status = kind.read(points.Index(e, i++), p); !status) return status;
      out.push_back(std::move(p));
    }
    return Ok{};
  }
  return Ok{};  // summaries and unknown kinds carry nothing Stitch reads
}

std::string SeriesKey(const Point& p) {
  std::string key = p.metric;
  auto attrs = p.attributes;
  std::sort(attrs.begin(), attrs.end());
  for (const auto& [k, v] : attrs) key += "\x1f" + k + "=" + v;
  return key;
}

}  // namespace

OtlpMetricsConverter::OtlpMetricsConverter(IngestOptions options) : options_(std::move(options)) {}

Result<frame::Frame> OtlpMetricsConverter::Ingest(std::string_view text, std::string_view file) {
  simdjson::dom::parser parser;
  STITCH_TRY(json::element root_element, json::Parse(parser, text, file));
  json::Cursor root(root_element, "$", file);
  STITCH_TRY(json::Cursor resources, root.Require("resourceMetrics"));
  STITCH_TRY(json::array list, resources.Array());
  std::vector<Point> points;
  size_t i = 0;
  for (json::element r : list) {
    json::Cursor resource_metrics = resources.Index(r, i++);
    otlp::Attributes resource;
    if (auto res = resource_metrics.Field("resource")) {
      if (auto attrs = res->Field("attributes")) {
        if (auto status = otlp::ReadAttributes(*attrs, resource); !status) return status.error();
      }
    }
    auto scopes =
        otlp::FirstField(resource_metrics, {"scopeMetrics", "instrumentationLibraryMetrics"});
    if (!scopes) continue;
    STITCH_TRY(json::array scope_list, scopes->Array());
    size_t j = 0;
    for (json::element s : scope_list) {
      json::Cursor scope = scopes->Index(s, j++);
      auto metrics = scope.Field("metrics");
      if (!metrics) continue;
      STITCH_TRY(json::array items, metrics->Array());
      size_t k = 0;
      for (json::element m : items) {
        if (auto status = ReadMetric(metrics->Index(m, k++), resource, points); !status) {
          return status.error();
        }
      }
    }
  }
  return Convert(points);
}

frame::Frame OtlpMetricsConverter::Convert(const std::vector<Point>& points) {
  int64_t time_ms = options_.now_ms;
  if (time_ms == 0) {
    for (const Point& p : points) time_ms = std::max(time_ms, p.time_ns / 1'000'000);
  }
  FrameBuilder builder(time_ms, options_);
  std::map<std::string, Last> current;
  std::vector<Label> labels;
  for (const Point& p : points) {
    const int64_t point_ms = p.time_ns / 1'000'000;
    labels.clear();
    for (const auto& [k, v] : p.attributes) labels.push_back({k, v});
    bool stale_checked = false, stale = false;
    std::optional<std::string> key;
    for (const MetricRule& rule : options_.mapping.rules) {
      if (rule.metric != p.metric) continue;
      const bool histogram = p.type == Point::Type::kHistogram;
      const bool wants_buckets = rule.kind == MetricKind::kHistogram ||
                                 (rule.kind == MetricKind::kAuto && histogram);
      const bool wants_count = rule.kind == MetricKind::kHistogramCount;
      if (histogram != (wants_buckets || wants_count)) continue;
      if (!stale_checked) {
        stale_checked = true;
        stale = builder.IsStale(point_ms);
      }
      if (stale) break;
      auto refs = ResolveEntity(options_.mapping.labels, labels);
      if (!refs) break;
      std::vector<frame::EntityId> ids = {refs->service};
      if (refs->node) ids.push_back(*refs->node);
      if (refs->route) ids.push_back(*refs->route);
      const auto tags = ResolveTags(options_.mapping.labels, labels);
      for (const auto& id : ids) {
        builder.Touch(id);
        for (const auto& [k, v] : tags) builder.AddTag(id, k, v);
      }
      const bool matches = RuleMatches(rule, labels);
      const double scale = rule.scale * OtlpUnitScale(p.unit);
      if (!key) {
        key = SeriesKey(p);
        current[*key] = Last{histogram ? p.count : p.value, p.buckets, point_ms};
      }
      const Last* prev = nullptr;
      if (auto it = last_.find(*key); it != last_.end()) prev = &it->second;

      if (wants_buckets) {
        if (!matches) continue;
        if (p.negative_buckets) {
          for (const auto& id : ids) builder.AddFlag(id, rule.column, "negative buckets ignored");
        }
        std::vector<stdlib::Bucket> buckets = p.buckets;
        bool lifetime = false;
        if (!p.delta) {
          if (prev && prev->buckets.size() == buckets.size()) {
            for (size_t b = 0; b < buckets.size(); ++b) {
              const double before = prev->buckets[b].count, now = buckets[b].count;
              buckets[b].count = now >= before ? now - before : now;
            }
          } else {
            lifetime = true;
          }
        }
        for (const auto& id : ids) {
          for (const stdlib::Bucket& b : buckets) {
            builder.AddBucket(id, rule.column, rule.priority,
                              std::isinf(b.upper_bound) ? b.upper_bound : b.upper_bound * scale,
                              b.count);
          }
          if (lifetime) {
            builder.AddFlag(id, rule.column,
                            "first cumulative point: quantiles over the lifetime counts");
          }
        }
        continue;
      }

      std::optional<double> value;
      const double raw = wants_count ? p.count : p.value;
      const bool counter = wants_count || (p.type == Point::Type::kSum && p.monotonic);
      const double factor = wants_count ? rule.sign : scale * rule.sign;
      if (!counter) {
        value = matches ? raw * factor : 0.0;
      } else if (p.delta) {
        double rate = 0;
        if (stdlib::CounterRate(0, p.start_ns / 1'000'000, raw, point_ms, &rate)) {
          value = matches ? rate * factor : 0.0;
        } else {
          for (const auto& id : ids) {
            builder.AddFlag(id, rule.column, "delta point without a time interval: no rate");
          }
        }
      } else if (prev) {
        double rate = 0;
        if (stdlib::CounterRate(prev->value, prev->time_ms, raw, point_ms, &rate)) {
          value = matches ? rate * factor : 0.0;
        }
      }
      for (const auto& id : ids) builder.AddValue(id, rule.column, rule.priority, value);
    }
  }
  for (auto& [k, v] : current) last_[k] = std::move(v);
  return builder.Build();
}

}  // namespace stitch::ingest
