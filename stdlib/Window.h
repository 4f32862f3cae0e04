// Window functions of the policy language (LANGUAGE.md §5) over a series already cut to its
// window. Each returns true and writes *out when there is enough data, false (missing) when
// not; no function ever produces NaN or Inf.
#pragma once

#include "stdlib/Series.h"

namespace stitch::stdlib {

// Mean / minimum / maximum / sum of the present samples; missing when none is present.
bool WindowAvg(const Series& s, double* out);
bool WindowMin(const Series& s, double* out);
bool WindowMax(const Series& s, double* out);
bool WindowSum(const Series& s, double* out);

// Per-second rate of a counter between its first and last present samples. A decrease is a
// counter reset: the new value is the increase since the reset (as Prometheus' rate()), so the
// result is never negative. No extrapolation. Missing with fewer than two present samples.
bool WindowRate(const Series& s, double* out);

// Rate of one counter between two samples, resets handled as above. Missing when
// time_ms <= prev_time_ms.
bool CounterRate(double prev_value, int64_t prev_time_ms, double value, int64_t time_ms,
                 double* out);

// Last minus first present sample (a gauge's change); missing with fewer than two.
bool WindowDelta(const Series& s, double* out);

// 1 when the present samples are not all equal, else 0; missing with fewer than two.
bool WindowChanged(const Series& s, double* out);

// z-score of `value` against the mean and population standard deviation of the present
// samples of `baseline`; missing with fewer than two samples or a zero deviation.
bool ZScore(const Series& baseline, double value, double* out);

// One EWMA step: alpha * x + (1 - alpha) * prev. A missing x keeps prev; a missing prev
// starts the average at x. Returns false when both are missing.
bool EwmaStep(double prev, bool prev_valid, double x, bool x_valid, double alpha, double* out);

// EWMA of the whole series (oldest first) by repeated EwmaStep; missing when no sample.
bool Ewma(const Series& s, double alpha, double* out);

}  // namespace stitch::stdlib
