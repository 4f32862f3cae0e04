#include "runtime/frame/History.h"

#include <cmath>

#include "runtime/frame/ColumnKey.h"
#include "stdlib/Window.h"

namespace stitch::frame {

namespace {

bool SameLayout(const Frame& a, const Frame& b) {
  if (a.rows() != b.rows()) return false;
  for (size_t r = 0; r < a.rows(); ++r) {
    if (!(a.GetEntity(r).id == b.GetEntity(r).id)) return false;
  }
  return true;
}

// Values of one column over a run of frames for one entity.
struct SeriesBuffer {
  std::vector<int64_t> times;
  std::vector<double> values;
  std::vector<uint8_t> valid;

  void Clear() {
    times.clear();
    values.clear();
    valid.clear();
  }
  void Push(int64_t t, std::optional<double> v) {
    times.push_back(t);
    values.push_back(v.value_or(0.0));
    valid.push_back(v.has_value());
  }
  stdlib::Series View() const { return {times.data(), values.data(), valid.data(), times.size()}; }
};

}  // namespace

History::History(int64_t retention_ms, stdlib::AnomalyParams anomaly)
    : retention_ms_(retention_ms), anomaly_(anomaly) {}

bool History::Push(Frame frame) {
  if (!frames_.empty() && frame.time_ms < frames_.back().time_ms) return false;
  if (!frames_.empty() && frame.time_ms == frames_.back().time_ms) {
    frames_.pop_back();
    layout_ids_.pop_back();
  }
  uint64_t layout = next_layout_id_++;
  if (!frames_.empty() && SameLayout(frames_.back(), frame)) layout = layout_ids_.back();
  frames_.push_back(std::move(frame));
  layout_ids_.push_back(layout);
  const int64_t oldest = frames_.back().time_ms - retention_ms_;
  while (frames_.size() > 1 && frames_.front().time_ms < oldest) {
    frames_.pop_front();
    layout_ids_.pop_front();
  }
  return true;
}

bool History::Derive(const std::vector<std::string>& keys, std::string* error) {
  if (frames_.empty()) return true;
  bool ok = true;
  for (const std::string& key : keys) {
    std::string message;
    if (!Ensure(key, frames_.size() - 1, &message)) {
      if (ok && error) *error = message;
      ok = false;
    }
  }
  return ok;
}

std::optional<size_t> History::MapRow(size_t from, size_t row, size_t to) const {
  if (layout_ids_[from] == layout_ids_[to]) return row;
  return frames_[to].FindEntity(frames_[from].GetEntity(row).id);
}

size_t History::WindowBegin(size_t index, double window_s) const {
  const int64_t from = frames_[index].time_ms - static_cast<int64_t>(std::llround(window_s * 1000));
  size_t begin = index;
  while (begin > 0 && frames_[begin - 1].time_ms >= from) --begin;
  return begin;
}

bool History::Ensure(const std::string& key, size_t index, std::string* error) {
  if (frames_[index].ColumnIndex(key) || !IsDerivedKey(key)) return true;
  auto dk = ParseDerivedKey(key, error);
  if (!dk) return false;
  if (dk->fn == DerivedFn::kEwma) {
    // The EWMA is recursive: compute forward from the first frame that lacks it.
    size_t first = index;
    while (first > 0 && !frames_[first - 1].ColumnIndex(key)) --first;
    for (size_t j = first; j <= index; ++j) {
      if (!Ensure(dk->inner, j, error)) return false;
      ComputeEwma(key, *dk, j);
    }
    return true;
  }
  const size_t begin = WindowBegin(index, dk->param);
  for (size_t j = begin; j <= index; ++j) {
    if (!Ensure(dk->inner, j, error)) return false;
  }
  if (dk->fn == DerivedFn::kAnomaly) {
    const std::string ewma_key =
        FormatDerivedKey({DerivedFn::kEwma, dk->inner, anomaly_.alpha});
    if (!Ensure(ewma_key, index, error)) return false;
    ComputeAnomaly(key, *dk, ewma_key, index);
    return true;
  }
  ComputeWindowed(key, *dk, index);
  return true;
}

void History::ComputeWindowed(const std::string& key, const DerivedKey& dk, size_t index) {
  Frame& frame = frames_[index];
  const size_t col = frame.AddColumn(key);
  const size_t begin = WindowBegin(index, dk.param);
  SeriesBuffer buffer;
  for (size_t row = 0; row < frame.rows(); ++row) {
    buffer.Clear();
    for (size_t j = begin; j <= index; ++j) {
      const Frame& past = frames_[j];
      std::optional<double> v;
      if (auto past_row = MapRow(index, row, j)) v = past.Get(*past_row, dk.inner);
      buffer.Push(past.time_ms, v);
    }
    const stdlib::Series series = buffer.View();
    double out = 0;
    bool present = false;
    switch (dk.fn) {
      case DerivedFn::kAvg:
        present = stdlib::WindowAvg(series, &out);
        break;
      case DerivedFn::kMin:
        present = stdlib::WindowMin(series, &out);
        break;
      case DerivedFn::kMax:
        present = stdlib::WindowMax(series, &out);
        break;
      case DerivedFn::kSum:
        present = stdlib::WindowSum(series, &out);
        break;
      case DerivedFn::kRate:
        present = stdlib::WindowRate(series, &out);
        break;
      case DerivedFn::kDelta:
        present = stdlib::WindowDelta(series, &out);
        break;
      case DerivedFn::kChanged:
        present = stdlib::WindowChanged(series, &out);
        break;
      case DerivedFn::kZScore: {
        const size_t n = series.size;
        if (n > 0 && series.valid[n - 1]) {
          stdlib::Series baseline{series.time_ms, series.values, series.valid, n - 1};
          present = stdlib::ZScore(baseline, series.values[n - 1], &out);
        }
        break;
      }
      case DerivedFn::kEwma:
      case DerivedFn::kAnomaly:
        break;
    }
    if (present) {
      frame.Set(row, col, out);
    } else {
      frame.SetMissing(row, col);
    }
  }
}

void History::ComputeEwma(const std::string& key, const DerivedKey& dk, size_t index) {
  Frame& frame = frames_[index];
  const size_t col = frame.AddColumn(key);
  for (size_t row = 0; row < frame.rows(); ++row) {
    std::optional<double> prev;
    if (index > 0) {
      if (auto prev_row = MapRow(index, row, index - 1)) prev = frames_[index - 1].Get(*prev_row, key);
    }
    const std::optional<double> x = frame.Get(row, dk.inner);
    double out = 0;
    if (stdlib::EwmaStep(prev.value_or(0.0), prev.has_value(), x.value_or(0.0), x.has_value(),
                         dk.param, &out)) {
      frame.Set(row, col, out);
    } else {
      frame.SetMissing(row, col);
    }
  }
}

void History::ComputeAnomaly(const std::string& key, const DerivedKey& dk,
                             const std::string& ewma_key, size_t index) {
  Frame& frame = frames_[index];
  const size_t col = frame.AddColumn(key);
  const size_t begin = WindowBegin(index, dk.param);
  std::vector<double> residuals;
  for (size_t row = 0; row < frame.rows(); ++row) {
    residuals.clear();
    bool last_present = false;
    for (size_t j = std::max<size_t>(begin, 1); j <= index; ++j) {
      last_present = false;
      auto here = MapRow(index, row, j);
      auto before = MapRow(index, row, j - 1);
      if (!here || !before) continue;
      auto x = frames_[j].Get(*here, dk.inner);
      auto forecast = frames_[j - 1].Get(*before, ewma_key);
      if (!x || !forecast) continue;
      residuals.push_back(*x - *forecast);
      last_present = true;
    }
    double out = 0;
    if (last_present &&
        stdlib::AnomalyFromResiduals(residuals.data(), residuals.size(), anomaly_, &out)) {
      frame.Set(row, col, out);
    } else {
      frame.SetMissing(row, col);
    }
  }
}

}  // namespace stitch::frame
