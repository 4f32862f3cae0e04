#include "runtime/ingest/FrameBuilder.h"

#include <algorithm>
#include <tuple>

#include "runtime/frame/ColumnKey.h"
#include "stdlib/Quantile.h"

namespace stitch::ingest {

using frame::EntityId;

int ColumnRank(std::string_view key) {
  static constexpr std::string_view kOrder[] = {
      "requests", "errors", "error_rate", "latency.", "bytes_in", "bytes_out", "connections",
      "healthy_nodes", "total_nodes", "health", "anomaly"};
  for (size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i].back() == '.' ? key.starts_with(kOrder[i]) : key == kOrder[i]) {
      return static_cast<int>(i);
    }
  }
  if (key.starts_with("header.")) return 20;
  if (frame::IsDerivedKey(key)) return 40;
  return 30;
}

FrameBuilder::FrameBuilder(int64_t time_ms, const IngestOptions& options)
    : time_ms_(time_ms), options_(options) {}

FrameBuilder::Accumulator& FrameBuilder::At(const EntityId& id) {
  auto [it, inserted] = index_.try_emplace(id, entities_.size());
  if (inserted) entities_.push_back({frame::Entity{id, {}}, {}, {}, {}, {}});
  return entities_[it->second];
}

void FrameBuilder::Touch(const EntityId& id) { At(id); }

void FrameBuilder::AddValue(const EntityId& id, std::string_view column, int priority,
                            std::optional<double> value, Combine combine) {
  auto& cells = At(id).cells;
  auto it = cells.find(column);
  if (it == cells.end()) {
    it = cells.emplace(std::string(column), Cell{priority, false, 0.0, combine}).first;
  } else if (priority < it->second.priority) {
    it->second = Cell{priority, false, 0.0, combine};
  } else if (priority > it->second.priority) {
    return;
  }
  Cell& cell = it->second;
  if (!value) return;
  if (!cell.valid) {
    cell.value = *value;
  } else if (cell.combine == Combine::kMax) {
    cell.value = std::max(cell.value, *value);
  } else {
    cell.value += *value;
  }
  cell.valid = true;
}

void FrameBuilder::AddBucket(const EntityId& id, std::string_view column, int priority,
                             double upper_bound, double count) {
  auto& histograms = At(id).histograms;
  auto it = histograms.find(column);
  if (it == histograms.end()) {
    it = histograms.emplace(std::string(column), Histogram{priority, {}}).first;
  } else if (priority < it->second.priority) {
    it->second = Histogram{priority, {}};
  } else if (priority > it->second.priority) {
    return;
  }
  it->second.buckets[upper_bound] += count;
}

void FrameBuilder::AddObservation(const EntityId& id, std::string_view column, double value) {
  auto& observations = At(id).observations;
  auto it = observations.find(column);
  if (it == observations.end()) it = observations.emplace(std::string(column), 0).first;
  it->second.push_back(value);
}

void FrameBuilder::AddTag(const EntityId& id, const std::string& key, const std::string& value) {
  At(id).entity.tags.try_emplace(key, value);
}

void FrameBuilder::AddFlag(const EntityId& id, std::string key, std::string message) {
  auto& flags = At(id).flags;
  std::pair<std::string, std::string> flag{std::move(key), std::move(message)};
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
}

bool FrameBuilder::IsStale(int64_t sample_time_ms) {
  if (sample_time_ms >= time_ms_ - options_.staleness_ms) return false;
  ++stale_samples_;
  return true;
}

namespace {

bool RowBefore(const frame::Entity& a, const frame::Entity& b) {
  return std::tie(a.id.service, a.id.ns, a.id.kind, a.id.node, a.id.route) <
         std::tie(b.id.service, b.id.ns, b.id.kind, b.id.node, b.id.route);
}

}  // namespace

frame::Frame FrameBuilder::Build() const {
  std::vector<double> quantiles = options_.quantiles;
  std::sort(quantiles.begin(), quantiles.end());

  // Column keys: collected, then ordered by rank (stable: quantiles keep ascending order).
  std::vector<std::string> keys;
  auto add_key = [&keys](const std::string& key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  };
  std::vector<std::string> plain;
  bool has_rate_inputs = false;
  for (const Accumulator& acc : entities_) {
    for (const auto& [key, cell] : acc.cells) {
      plain.push_back(key);
      has_rate_inputs |= key == "requests" || key == "errors";
    }
  }
  std::sort(plain.begin(), plain.end());
  for (const std::string& key : plain) add_key(key);
  if (has_rate_inputs) add_key("error_rate");
  std::vector<std::string> bases;
  for (const Accumulator& acc : entities_) {
    for (const auto& [base, h] : acc.histograms) bases.push_back(base);
    for (const auto& [base, o] : acc.observations) bases.push_back(base);
  }
  std::sort(bases.begin(), bases.end());
  for (const std::string& base : bases) {
    for (double q : quantiles) add_key(frame::QuantileKey(base, q));
  }
  std::stable_sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    return ColumnRank(a) < ColumnRank(b);
  });

  std::vector<size_t> order(entities_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    return RowBefore(entities_[a].entity, entities_[b].entity);
  });

  frame::Frame out;
  out.time_ms = time_ms_;
  for (const std::string& key : keys) out.AddColumn(key);
  for (size_t i : order) out.AddEntity(entities_[i].entity);

  std::vector<stdlib::Bucket> buckets;
  std::vector<double> values;
  for (size_t i : order) {
    const Accumulator& acc = entities_[i];
    const size_t row = *out.FindEntity(acc.entity.id);
    for (const auto& [key, cell] : acc.cells) {
      if (cell.valid) out.Set(row, *out.ColumnIndex(key), cell.value);
    }
    for (const auto& [base, histogram] : acc.histograms) {
      buckets.clear();
      for (const auto& [bound, count] : histogram.buckets) buckets.push_back({bound, count});
      const bool has_inf = !buckets.empty() && buckets.back().upper_bound > 1e308;
      if (!has_inf) out.AddFlag(row, base, "histogram has no +Inf bucket: quantiles missing");
      for (double q : quantiles) {
        std::vector<stdlib::Bucket> work = buckets;
        double value = 0;
        const std::string key = frame::QuantileKey(base, q);
        switch (stdlib::BucketQuantile(q, work.data(), work.size(), &value)) {
          case stdlib::QuantileStatus::kOk:
            out.Set(row, *out.ColumnIndex(key), value);
            break;
          case stdlib::QuantileStatus::kInInfBucket:
            out.Set(row, *out.ColumnIndex(key), value);
            out.AddFlag(row, key, "quantile in the +Inf bucket: the highest finite bound " +
                                      frame::FormatNumber(value) + " is a lower bound");
            break;
          case stdlib::QuantileStatus::kMissing:
            break;
        }
      }
    }
    for (const auto& [base, observed] : acc.observations) {
      for (double q : quantiles) {
        values = observed;
        double value = 0;
        if (stdlib::SampleQuantile(q, values.data(), values.size(), &value)) {
          out.Set(row, *out.ColumnIndex(frame::QuantileKey(base, q)), value);
        }
      }
    }
    for (const auto& [key, message] : acc.flags) out.AddFlag(row, key, message);
    if (has_rate_inputs && !acc.cells.contains("error_rate")) {
      const size_t col = *out.ColumnIndex("error_rate");
      auto requests = out.Get(row, "requests");
      auto errors = out.Get(row, "errors");
      if (requests && errors && *requests > 0) out.Set(row, col, *errors / *requests);
    }
  }
  if (stale_samples_ > 0) {
    out.AddFlag(frame::FrameFlag::kWholeFrame, "",
                std::to_string(stale_samples_) + " stale samples dropped (older than " +
                    frame::FormatNumber(static_cast<double>(options_.staleness_ms) / 1000) + " s)");
  }
  return out;
}

FrameBuilder& FrameSet::At(int64_t time_ms) {
  return builders_.try_emplace(time_ms, time_ms, options_).first->second;
}

std::vector<frame::Frame> FrameSet::Build() const {
  std::vector<frame::Frame> frames;
  frames.reserve(builders_.size());
  for (const auto& [time, builder] : builders_) frames.push_back(builder.Build());
  return frames;
}

}  // namespace stitch::ingest
