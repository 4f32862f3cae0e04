#include "runtime/ingest/Source.h"

#include <chrono>

#include "runtime/ingest/CanonicalJson.h"
#include "runtime/ingest/Datadog.h"
#include "runtime/ingest/Http.h"
#include "runtime/ingest/Json.h"
#include "runtime/ingest/Traces.h"

namespace stitch::ingest {

namespace {

constexpr std::pair<std::string_view, SourceKind> kKinds[] = {
    {"json", SourceKind::kJson},
    {"prometheus-text", SourceKind::kPromText},
    {"prometheus-api", SourceKind::kPromApi},
    {"jaeger", SourceKind::kJaeger},
    {"otlp-metrics", SourceKind::kOtlpMetrics},
    {"otlp-traces", SourceKind::kOtlpTraces},
    {"datadog", SourceKind::kDatadog},
};

bool IsUrl(std::string_view location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

}  // namespace

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<SourceKind> ParseSourceKind(std::string_view name) {
  for (const auto& [n, kind] : kKinds) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

std::vector<std::string_view> SourceKindNames() {
  std::vector<std::string_view> names;
  for (const auto& [n, kind] : kKinds) names.push_back(n);
  return names;
}

Source::Source(SourceConfig config)
    : config_(std::move(config)), scraper_(config_.options), otlp_metrics_(config_.options) {}

Result<std::unique_ptr<Source>> Source::Create(SourceConfig config) {
  if (config.locations.empty()) return Error{{}, 0, 0, {}, "no file or URL given"};
  const bool remote = IsUrl(config.locations.front());
  if (remote) {
    if (config.locations.size() != 1) return Error{{}, 0, 0, {}, "give one URL at a time"};
    if (config.kind != SourceKind::kPromText && config.kind != SourceKind::kPromApi) {
      return Error{config.locations.front(), 0, 0, {},
                   "only prometheus-text and prometheus-api sources read URLs"};
    }
  } else {
    for (const std::string& location : config.locations) {
      if (IsUrl(location)) return Error{location, 0, 0, {}, "do not mix files and URLs"};
    }
  }
  if (config.timeout_ms <= 0) return Error{{}, 0, 0, {}, "the timeout must be positive"};
  std::unique_ptr<Source> source(new Source(std::move(config)));
  source->remote_ = remote;
  if (remote && source->config_.kind == SourceKind::kPromApi) {
    source->prometheus_ = std::make_unique<PromHttpClient>(source->config_.locations.front(),
                                                           source->config_.timeout_ms);
    if (source->config_.queries.empty()) {
      source->config_.queries = DefaultPromQueries(
          source->config_.profile, source->config_.options.window_s, source->config_.options.quantiles);
    }
  }
  return source;
}

Result<std::vector<frame::Frame>> Source::Poll(int64_t now_ms) {
  if (now_ms == 0) now_ms = config_.options.now_ms != 0 ? config_.options.now_ms : WallClockMs();
  if (!remote_) return ReadFiles(now_ms);
  const std::string& url = config_.locations.front();
  std::vector<frame::Frame> frames;
  if (prometheus_) {
    STITCH_TRY(frame::Frame f, prometheus_->QueryFrame(config_.queries, now_ms, config_.options));
    frames.push_back(std::move(f));
    return frames;
  }
  STITCH_TRY(HttpResponse response, HttpGet(url, config_.timeout_ms));
  if (response.status != 200) {
    return Error{url, 0, 0, {}, "HTTP " + std::to_string(response.status) + " from the scrape target"};
  }
  STITCH_TRY(frame::Frame f, scraper_.Ingest(response.body, url, now_ms));
  frames.push_back(std::move(f));
  return frames;
}

Result<std::vector<frame::Frame>> Source::ReadFiles(int64_t now_ms) {
  std::vector<frame::Frame> frames;
  if (files_read_) return frames;
  const auto& files = config_.locations;
  for (size_t i = 0; i < files.size(); ++i) {
    const int64_t time_ms = now_ms - static_cast<int64_t>(files.size() - 1 - i) * config_.interval_ms;
    STITCH_TRY(std::vector<frame::Frame> more, ReadFile(files[i], time_ms));
    for (frame::Frame& f : more) {
      if (!frames.empty() && f.time_ms <= frames.back().time_ms) {
        return Error{files[i], 0, 0, {}, "frames must come in increasing time order"};
      }
      frames.push_back(std::move(f));
    }
  }
  files_read_ = true;
  return frames;
}

Result<std::vector<frame::Frame>> Source::ReadFile(const std::string& path, int64_t time_ms) {
  STITCH_TRY(std::string text, json::ReadFile(path));
  IngestOptions options = config_.options;
  std::vector<frame::Frame> frames;
  switch (config_.kind) {
    case SourceKind::kJson:
      if (options.now_ms == 0) options.now_ms = time_ms;
      return ParseCanonicalJson(text, path, options);
    case SourceKind::kPromText: {
      STITCH_TRY(frame::Frame f, scraper_.Ingest(text, path, time_ms));
      frames.push_back(std::move(f));
      return frames;
    }
    case SourceKind::kPromApi: {
      STITCH_TRY(PromQueryResult result, ParsePromApiResponse(text, path));
      FrameSet set(options);
      AddPromResult(result, {options.column, options.scale}, options, set);
      return set.Build();
    }
    case SourceKind::kJaeger: {
      STITCH_TRY(std::vector<Span> spans, ParseJaegerTraces(text, path));
      frames.push_back(SpansToFrame(spans, DefaultTraceLabels(), options));
      return frames;
    }
    case SourceKind::kOtlpTraces: {
      STITCH_TRY(std::vector<Span> spans, ParseOtlpTraces(text, path));
      frames.push_back(SpansToFrame(spans, DefaultTraceLabels(), options));
      return frames;
    }
    case SourceKind::kOtlpMetrics: {
      STITCH_TRY(frame::Frame f, otlp_metrics_.Ingest(text, path));
      frames.push_back(std::move(f));
      return frames;
    }
    case SourceKind::kDatadog: {
      const bool cassette = path.ends_with(".yaml") || path.ends_with(".yml") ||
                            text.starts_with("interactions:");
      if (cassette) {
        STITCH_TRY(std::string body, DatadogCassetteBody(text, path));
        return ParseDatadogResponse(body, path + " (response body)", options);
      }
      return ParseDatadogResponse(text, path, options);
    }
  }
  return Error{path, 0, 0, {}, "unknown source kind"};
}

}  // namespace stitch::ingest
