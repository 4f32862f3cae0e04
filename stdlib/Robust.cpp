#include "stdlib/Robust.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stdlib/Window.h"

namespace stitch::stdlib {

bool Median(double* values, size_t n, double* out) {
  if (n == 0) return false;
  std::sort(values, values + n);
  *out = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  return true;
}

bool RobustZ(double x, double* baseline, size_t n, double* out) {
  double median = 0;
  if (!Median(baseline, n, &median)) return false;
  double mean_ad = 0;
  for (size_t i = 0; i < n; ++i) {
    baseline[i] = std::fabs(baseline[i] - median);
    mean_ad += baseline[i];
  }
  mean_ad /= static_cast<double>(n);
  double mad = 0;
  Median(baseline, n, &mad);
  const double d = x - median;
  if (mad > 0) {
    *out = 0.6745 * d / mad;
  } else if (mean_ad > 0) {
    *out = d / (1.253314 * mean_ad);
  } else {
    *out = d == 0 ? 0.0 : (d > 0 ? 1e300 : -1e300);
  }
  return true;
}

bool AnomalyFromResiduals(double* residuals, size_t n, const AnomalyParams& params,
                          double* out) {
  if (n == 0 || n - 1 < params.min_samples || n - 1 == 0) return false;
  double z = 0;
  if (!RobustZ(residuals[n - 1], residuals, n - 1, &z)) return false;
  *out = std::fabs(z) > params.threshold ? 1.0 : 0.0;
  return true;
}

bool Anomaly(const Series& s, const AnomalyParams& params, double* out) {
  if (s.size == 0 || !s.valid[s.size - 1]) return false;
  std::vector<double> residuals;
  residuals.reserve(s.size);
  double forecast = 0;
  bool have_forecast = false;
  for (size_t i = 0; i < s.size; ++i) {
    if (!s.valid[i]) continue;
    if (have_forecast) residuals.push_back(s.values[i] - forecast);
    double next = 0;
    have_forecast = EwmaStep(forecast, have_forecast, s.values[i], true, params.alpha, &next);
    forecast = next;
  }
  return AnomalyFromResiduals(residuals.data(), residuals.size(), params, out);
}

}  // namespace stitch::stdlib
