// Options shared by every source.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/ingest/Mapping.h"

namespace stitch::ingest {

struct IngestOptions {
  Mapping mapping = DefaultMapping();
  // The frame time when the input does not carry one (text scrapes without timestamps,
  // trace windows); 0 means the wall clock.
  int64_t now_ms = 0;
  // A sample older than the frame time minus this bound is missing (Prometheus' lookback).
  int64_t staleness_ms = 5 * 60 * 1000;
  // Traces: span counts are divided by this window to give requests and errors per second.
  double window_s = 60;
  // Quantile columns made from distributions (histograms, spans).
  std::vector<double> quantiles = {0.5, 0.9, 0.95, 0.99};
  // Query-result files (Prometheus API, Datadog): the column the result fills (empty: the
  // metric name of the series, else `value`) and the factor into base units.
  std::string column;
  double scale = 1.0;
};

}  // namespace stitch::ingest
