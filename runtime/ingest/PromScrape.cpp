#include "runtime/ingest/PromScrape.h"

#include <algorithm>
#include <cmath>

#include "runtime/ingest/FrameBuilder.h"
#include "stdlib/Window.h"

namespace stitch::ingest {

namespace {

// A stable identity for a series: name and its labels sorted by name, `le` excluded or not.
std::string SeriesKey(std::string_view name, Labels labels, bool include_le) {
  std::vector<const Label*> sorted;
  sorted.reserve(labels.size());
  for (const Label& l : labels) {
    if (include_le || l.name != "le") sorted.push_back(&l);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Label* a, const Label* b) { return a->name < b->name; });
  std::string key(name);
  for (const Label* l : sorted) {
    key += '\x1f';
    key += l->name;
    key += '=';
    key += l->value;
  }
  return key;
}

void ForEachRef(const EntityRefs& refs, auto fn) {
  fn(refs.service);
  if (refs.node) fn(*refs.node);
  if (refs.route) fn(*refs.route);
}

}  // namespace

PromScraper::PromScraper(IngestOptions options) : options_(std::move(options)) {
  for (size_t i = 0; i < options_.mapping.rules.size(); ++i) {
    const MetricRule& rule = options_.mapping.rules[i];
    switch (rule.kind) {
      case MetricKind::kHistogram:
        rules_by_name_[rule.metric + "_bucket"].push_back(i);
        break;
      case MetricKind::kHistogramCount:
        rules_by_name_[rule.metric + "_count"].push_back(i);
        break;
      case MetricKind::kAuto:
        rules_by_name_[rule.metric].push_back(i);
        rules_by_name_[rule.metric + "_bucket"].push_back(i);
        break;
      case MetricKind::kCounter:
      case MetricKind::kGauge:
        rules_by_name_[rule.metric].push_back(i);
        break;
    }
  }
}

frame::Frame PromScraper::Convert(const Exposition& exposition, int64_t time_ms) {
  FrameBuilder builder(time_ms, options_);
  std::unordered_map<std::string, Last> current;
  const LabelMapping& labels_map = options_.mapping.labels;

  for (const PromSample& sample : exposition.samples) {
    auto found = rules_by_name_.find(sample.name);
    if (found == rules_by_name_.end()) continue;
    const Labels labels = exposition.LabelsOf(sample);
    const int64_t t = sample.has_timestamp ? sample.timestamp_ms : time_ms;
    if (sample.has_timestamp && builder.IsStale(t)) continue;
    auto refs = ResolveEntity(labels_map, labels);
    if (!refs) continue;
    const auto tags = ResolveTags(labels_map, labels);
    ForEachRef(*refs, [&](const frame::EntityId& id) {
      builder.Touch(id);
      for (const auto& [k, v] : tags) builder.AddTag(id, k, v);
    });

    struct {
      bool computed = false, duplicate = false;
      std::optional<double> rate, increase;
    } delta;
    const bool is_bucket = sample.name.ends_with("_bucket");
    const PromType type = exposition.TypeOf(sample.name);
    for (size_t rule_index : found->second) {
      const MetricRule& rule = options_.mapping.rules[rule_index];
      MetricKind kind = rule.kind;
      if (kind == MetricKind::kAuto) {
        if (is_bucket && sample.name != rule.metric) {
          if (type != PromType::kHistogram) continue;
          kind = MetricKind::kHistogram;
        } else {
          kind = type == PromType::kCounter ? MetricKind::kCounter : MetricKind::kGauge;
        }
      }
      const bool matches = RuleMatches(rule, labels);
      const double factor = rule.scale * rule.sign;

      if (kind == MetricKind::kGauge) {
        const std::optional<double> v =
            std::isnan(sample.value) ? std::nullopt : std::optional(matches ? sample.value * factor : 0.0);
        ForEachRef(*refs, [&](const frame::EntityId& id) {
          builder.AddValue(id, rule.column, rule.priority, v);
        });
        continue;
      }

      // Counters, histogram counts and buckets: increases against the previous scrape,
      // computed once per sample (several rules may read the same series).
      if (!delta.computed) {
        delta.computed = true;
        std::string key = SeriesKey(sample.name, labels, true);
        if (auto prev = last_.find(key); prev != last_.end()) {
          double rate = 0;
          if (stdlib::CounterRate(prev->second.value, prev->second.time_ms, sample.value, t,
                                  &rate)) {
            delta.rate = rate;
            delta.increase = sample.value >= prev->second.value
                                 ? sample.value - prev->second.value
                                 : sample.value;
          }
        }
        delta.duplicate = !current.try_emplace(std::move(key), Last{sample.value, t}).second;
      }
      if (delta.duplicate) break;  // a repeated series line counts once
      const std::optional<double>& increase_rate = delta.rate;
      const std::optional<double>& increase = delta.increase;

      if (kind == MetricKind::kHistogram) {
        if (!matches) continue;
        auto le = FindLabel(labels, "le");
        double bound = 0;
        if (!le || !ParsePromValue(*le, &bound) || std::isnan(bound)) {
          ForEachRef(*refs, [&](const frame::EntityId& id) {
            builder.AddFlag(id, rule.column, "bucket without a valid `le` label ignored (line " +
                                                 std::to_string(sample.line) + ")");
          });
          continue;
        }
        std::optional<double> count = has_previous_ ? increase : std::optional(sample.value);
        if (!count || std::isnan(*count)) continue;
        const double scaled = std::isinf(bound) ? bound : bound * rule.scale;
        ForEachRef(*refs, [&](const frame::EntityId& id) {
          builder.AddBucket(id, rule.column, rule.priority, scaled, *count);
          if (!has_previous_) {
            builder.AddFlag(id, rule.column,
                            "first scrape: quantiles over the lifetime bucket counts");
          }
        });
        continue;
      }

      std::optional<double> v;
      if (increase_rate) v = matches ? *increase_rate * factor : 0.0;
      ForEachRef(*refs, [&](const frame::EntityId& id) {
        builder.AddValue(id, rule.column, rule.priority, v);
      });
    }
  }
  last_ = std::move(current);
  has_previous_ = true;
  return builder.Build();
}

Result<frame::Frame> PromScraper::Ingest(std::string_view text, std::string_view file,
                                         int64_t time_ms) {
  auto exposition = ParsePromText(text, file);
  if (!exposition) return exposition.error();
  return Convert(*exposition, time_ms);
}

}  // namespace stitch::ingest
