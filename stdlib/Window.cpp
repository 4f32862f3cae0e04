#include "stdlib/Window.h"

#include <cmath>

namespace stitch::stdlib {

size_t WindowStart(const Series& series, int64_t now_ms, int64_t window_ms) {
  const int64_t from = now_ms - window_ms;
  size_t lo = 0, hi = series.size;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (series.time_ms[mid] < from) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Series Tail(const Series& series, size_t begin) {
  if (begin > series.size) begin = series.size;
  return {series.time_ms + begin, series.values + begin, series.valid + begin,
          series.size - begin};
}

namespace {

template <typename Fold>
bool FoldPresent(const Series& s, Fold fold, double* acc) {
  bool any = false;
  for (size_t i = 0; i < s.size; ++i) {
    if (!s.valid[i]) continue;
    *acc = any ? fold(*acc, s.values[i]) : s.values[i];
    any = true;
  }
  return any;
}

bool Finite(double v, double* out) {
  if (!std::isfinite(v)) return false;
  *out = v;
  return true;
}

}  // namespace

bool WindowAvg(const Series& s, double* out) {
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < s.size; ++i) {
    if (!s.valid[i]) continue;
    sum += s.values[i];
    ++n;
  }
  if (n == 0) return false;
  return Finite(sum / static_cast<double>(n), out);
}

bool WindowMin(const Series& s, double* out) {
  double acc = 0;
  if (!FoldPresent(s, [](double a, double b) { return b < a ? b : a; }, &acc)) return false;
  return Finite(acc, out);
}

bool WindowMax(const Series& s, double* out) {
  double acc = 0;
  if (!FoldPresent(s, [](double a, double b) { return b > a ? b : a; }, &acc)) return false;
  return Finite(acc, out);
}

bool WindowSum(const Series& s, double* out) {
  double acc = 0;
  if (!FoldPresent(s, [](double a, double b) { return a + b; }, &acc)) return false;
  return Finite(acc, out);
}

bool CounterRate(double prev_value, int64_t prev_time_ms, double value, int64_t time_ms,
                 double* out) {
  if (time_ms <= prev_time_ms) return false;
  const double increase = value >= prev_value ? value - prev_value : value;
  return Finite(increase / (static_cast<double>(time_ms - prev_time_ms) / 1000.0), out);
}

bool WindowRate(const Series& s, double* out) {
  double increase = 0, prev = 0;
  int64_t first_ms = 0, last_ms = 0;
  size_t n = 0;
  for (size_t i = 0; i < s.size; ++i) {
    if (!s.valid[i]) continue;
    const double v = s.values[i];
    if (n == 0) {
      first_ms = s.time_ms[i];
    } else {
      increase += v >= prev ? v - prev : v;
    }
    prev = v;
    last_ms = s.time_ms[i];
    ++n;
  }
  if (n < 2 || last_ms <= first_ms) return false;
  return Finite(increase / (static_cast<double>(last_ms - first_ms) / 1000.0), out);
}

bool WindowDelta(const Series& s, double* out) {
  double first = 0, last = 0;
  size_t n = 0;
  for (size_t i = 0; i < s.size; ++i) {
    if (!s.valid[i]) continue;
    if (n == 0) first = s.values[i];
    last = s.values[i];
    ++n;
  }
  if (n < 2) return false;
  return Finite(last - first, out);
}

bool WindowChanged(const Series& s, double* out) {
  double first = 0;
  size_t n = 0;
  bool changed = false;
  for (size_t i = 0; i < s.size; ++i) {
    if (!s.valid[i]) continue;
    if (n == 0) {
      first = s.values[i];
    } else if (s.values[i] != first) {
      changed = true;
    }
    ++n;
  }
  if (n < 2) return false;
  *out = changed ? 1.0 : 0.0;
  return true;
}

bool ZScore(const Series& baseline, double value, double* out) {
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < baseline.size; ++i) {
    if (!baseline.valid[i]) continue;
    sum += baseline.values[i];
    ++n;
  }
  if (n < 2) return false;
  const double mean = sum / static_cast<double>(n);
  double squares = 0;
  for (size_t i = 0; i < baseline.size; ++i) {
    if (!baseline.valid[i]) continue;
    const double d = baseline.values[i] - mean;
    squares += d * d;
  }
  const double sd = std::sqrt(squares / static_cast<double>(n));
  if (!(sd > 0)) return false;
  return Finite((value - mean) / sd, out);
}

bool EwmaStep(double prev, bool prev_valid, double x, bool x_valid, double alpha, double* out) {
  if (!x_valid) {
    if (!prev_valid) return false;
    *out = prev;
    return true;
  }
  if (!prev_valid) return Finite(x, out);
  return Finite(alpha * x + (1.0 - alpha) * prev, out);
}

bool Ewma(const Series& s, double alpha, double* out) {
  double acc = 0;
  bool valid = false;
  for (size_t i = 0; i < s.size; ++i) {
    double next = 0;
    valid = EwmaStep(acc, valid, s.values[i], s.valid[i] != 0, alpha, &next);
    if (valid) acc = next;
  }
  if (!valid) return false;
  *out = acc;
  return true;
}

}  // namespace stitch::stdlib
