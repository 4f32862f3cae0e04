#include "stdlib/Quantile.h"

#include <algorithm>
#include <cmath>

namespace stitch::stdlib {

QuantileStatus BucketQuantile(double q, Bucket* buckets, size_t n, double* out) {
  if (!(q >= 0.0 && q <= 1.0) || n < 2) return QuantileStatus::kMissing;
  if (!std::isinf(buckets[n - 1].upper_bound)) return QuantileStatus::kMissing;
  double max = buckets[0].count;
  for (size_t i = 1; i < n; ++i) {
    if (buckets[i].count < max) {
      buckets[i].count = max;
    } else {
      max = buckets[i].count;
    }
  }
  const double observations = buckets[n - 1].count;
  if (!(observations > 0)) return QuantileStatus::kMissing;
  double rank = q * observations;
  // The first of the finite buckets whose count reaches the rank (sort.Search over n-1).
  size_t b = 0;
  while (b < n - 1 && buckets[b].count < rank) ++b;
  if (b == n - 1) {
    *out = buckets[n - 2].upper_bound;
    return QuantileStatus::kInInfBucket;
  }
  if (b == 0 && buckets[0].upper_bound <= 0) {
    *out = buckets[0].upper_bound;
    return QuantileStatus::kOk;
  }
  double start = 0.0;
  const double end = buckets[b].upper_bound;
  double count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].upper_bound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  *out = start + (end - start) * (rank / count);
  return std::isfinite(*out) ? QuantileStatus::kOk : QuantileStatus::kMissing;
}

bool SampleQuantile(double q, double* values, size_t n, double* out) {
  if (n == 0 || !(q >= 0.0 && q <= 1.0)) return false;
  std::sort(values, values + n);
  const double h = static_cast<double>(n - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, n - 1);
  *out = values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
  return std::isfinite(*out);
}

}  // namespace stitch::stdlib
