// Robust statistics for anomaly flags (LANGUAGE.md §7).
#pragma once

#include <cstddef>

#include "stdlib/Series.h"

namespace stitch::stdlib {

// Median of `n` values (sorted in place); false when n == 0.
bool Median(double* values, size_t n, double* out);

// Robust (modified) z-score of `x` against `n` baseline values (reordered in place):
// 0.6745 * (x - median) / MAD. When the MAD is 0 the mean absolute deviation is used instead,
// (x - median) / (1.253314 * meanAD); when that is 0 too the score is 0 if x equals the median
// and +/-1e300 otherwise (an unbounded deviation from a constant baseline). False when n == 0.
bool RobustZ(double x, double* baseline, size_t n, double* out);

// Anomaly options: EWMA smoothing factor, robust-z threshold, and the fewest baseline
// residuals needed before a flag is given.
struct AnomalyParams {
  double alpha = 0.3;
  double threshold = 3.5;
  size_t min_samples = 5;
};

// Anomaly flag of the last sample of `s` (oldest first): every present sample is compared with
// the EWMA of the samples before it (its forecast); the last residual's robust z-score against
// the earlier residuals is tested against the threshold. *out = 1 (anomalous) or 0. Missing
// when the last sample is missing or fewer than min_samples earlier residuals exist.
bool Anomaly(const Series& s, const AnomalyParams& params, double* out);

// Same test when the caller already holds the forecasts: residual[i] = value[i] - forecast[i]
// for the present pairs; the last pair is the one judged.
bool AnomalyFromResiduals(double* residuals, size_t n, const AnomalyParams& params, double* out);

}  // namespace stitch::stdlib
