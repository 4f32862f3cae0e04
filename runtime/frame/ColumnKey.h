// Column keys: the names of frame columns, shared by ingestion, the compiler and the CLI.
// The grammar is documented in docs/telemetry.md:
//   key      := base | derived
//   base     := "requests" | "errors" | "error_rate" | "latency.p50" | ... | "latency.q" number
//             | "header." lower-case-name | custom metric name
//   derived  := fn "(" key "," number ")"   fn in avg min max sum rate delta ewma zscore
//                                            anomaly changed; number = window in seconds, or
//                                            the EWMA alpha for ewma; shortest decimal form
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stitch::frame {

enum class DerivedFn : unsigned char {
  kAvg, kMin, kMax, kSum, kRate, kDelta, kEwma, kZScore, kAnomaly, kChanged
};

struct DerivedKey {
  DerivedFn fn;
  std::string inner;  // the key the function reads (may itself be derived)
  double param;       // window in seconds, or alpha for kEwma
};

std::string_view DerivedFnName(DerivedFn fn);
std::optional<DerivedFn> ParseDerivedFn(std::string_view name);

// True when the key has the derived form `fn(...)`.
bool IsDerivedKey(std::string_view key);

// Parses a derived key. Returns nullopt and sets *error when the key is not a well-formed
// derived key (unknown function, missing parameter, bad number, window <= 0, alpha not in (0,1]).
std::optional<DerivedKey> ParseDerivedKey(std::string_view key, std::string* error);

// The canonical text of a derived key: `avg(latency.p99,300)`.
std::string FormatDerivedKey(const DerivedKey& key);

// Shortest decimal that reads back as the same double: 300, 0.3, 0.999.
std::string FormatNumber(double value);

// `latency.p50`, `.p90`, `.p95`, `.p99` for those quantiles, `latency.q0.999` otherwise.
std::string QuantileKey(std::string_view base, double q);

// `header.` + the header name in lower case (header names are case-insensitive).
std::string HeaderKey(std::string_view name);

}  // namespace stitch::frame
