// Quantiles of distributions: histogram buckets (as Prometheus' histogram_quantile) and raw
// observations (trace span durations).
#pragma once

#include <cstddef>

namespace stitch::stdlib {

// One cumulative histogram bucket: `count` observations <= `upper_bound`.
struct Bucket {
  double upper_bound;
  double count;
};

enum class QuantileStatus : unsigned char {
  kOk,
  kInInfBucket,  // the rank fell in the +Inf bucket: the value is the highest finite bound
  kMissing,      // no observations, no +Inf bucket, fewer than two buckets, or q outside [0,1]
};

// The q-quantile of cumulative `buckets` (sorted by upper_bound, the last one +Inf) exactly as
// Prometheus 2.42's histogram_quantile: counts are made monotonic, the rank q*count is located
// and interpolated linearly inside its bucket (the first bucket starts at 0 when its bound is
// positive); a rank in the +Inf bucket yields the highest finite upper bound, reported as
// kInInfBucket. `buckets` is modified (monotonic fix-up). *out is written unless kMissing.
QuantileStatus BucketQuantile(double q, Bucket* buckets, size_t n, double* out);

// The q-quantile of `n` observations by linear interpolation between closest ranks
// (Hyndman–Fan type 7, numpy's default): h = (n-1)q, x[floor h] + (h - floor h) *
// (x[floor h + 1] - x[floor h]). `values` is sorted in place. Missing (false) when n == 0 or
// q is outside [0,1].
bool SampleQuantile(double q, double* values, size_t n, double* out);

}  // namespace stitch::stdlib
