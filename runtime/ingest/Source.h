// One entry point over every telemetry source: files or URLs of a given kind in, frames out.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/OtlpMetrics.h"
#include "runtime/ingest/PromHttp.h"
#include "runtime/ingest/PromScrape.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

enum class SourceKind : unsigned char {
  kJson,         // canonical telemetry JSON
  kPromText,     // Prometheus text exposition (file, or a /metrics URL scraped each poll)
  kPromApi,      // Prometheus HTTP API (a response file, or a server URL queried each poll)
  kJaeger,       // Jaeger trace JSON
  kOtlpMetrics,  // OTLP/JSON metrics
  kOtlpTraces,   // OTLP/JSON traces (also Tempo's `batches`)
  kDatadog,      // Datadog query JSON, or a go-vcr cassette (.yaml) holding one
};

// "json", "prometheus-text", "prometheus-api", "jaeger", "otlp-metrics", "otlp-traces",
// "datadog".
std::optional<SourceKind> ParseSourceKind(std::string_view name);
std::vector<std::string_view> SourceKindNames();

struct SourceConfig {
  SourceKind kind = SourceKind::kJson;
  // Files, or one http(s) URL (prometheus-text: a scrape target; prometheus-api: a server).
  std::vector<std::string> locations;
  IngestOptions options;
  // prometheus-api URL: the queries run each poll (empty: DefaultPromQueries of `profile`).
  std::vector<PromQuery> queries;
  Profile profile = Profile::kAll;
  // Successive prometheus-text / otlp-metrics files are scrapes this far apart, the last one
  // at options.now_ms (the wall clock when 0).
  int64_t interval_ms = 15'000;
  int64_t timeout_ms = 5'000;
};

// Reads its locations; keeps what successive polls need (previous scrape, cumulative points).
// Not thread-safe.
class Source {
 public:
  // Validates the configuration (kind, locations); never throws.
  static Result<std::unique_ptr<Source>> Create(SourceConfig config);

  // Files are read on the first poll, which returns all their frames (oldest first); later
  // polls return no frame. URLs are fetched on every poll, at `now_ms` (0: the wall clock),
  // and yield one frame. Any failure is an error and yields no frame.
  Result<std::vector<frame::Frame>> Poll(int64_t now_ms = 0);

  const SourceConfig& config() const { return config_; }

 private:
  explicit Source(SourceConfig config);
  Result<std::vector<frame::Frame>> ReadFiles(int64_t now_ms);
  Result<std::vector<frame::Frame>> ReadFile(const std::string& path, int64_t time_ms);

  SourceConfig config_;
  bool remote_ = false;
  bool files_read_ = false;
  PromScraper scraper_;
  OtlpMetricsConverter otlp_metrics_;
  std::unique_ptr<PromHttpClient> prometheus_;
};

// The wall clock in ms since the Unix epoch.
int64_t WallClockMs();

}  // namespace stitch::ingest
