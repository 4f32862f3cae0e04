// `stitch ingest`: reads telemetry from a source and prints the frames a policy would read.
#include <charconv>
#include <chrono>
#include <iostream>
#include <thread>

#include "Args.h"
#include "Commands.h"
#include "runtime/ingest/CanonicalJson.h"
#include "runtime/ingest/FrameTable.h"
#include "runtime/ingest/Pipeline.h"
#include "runtime/ingest/Source.h"

namespace stitch::cli {
namespace {

bool ParseDouble(const std::string& text, double* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

int Usage(const std::string& message) {
  std::cerr << "stitch ingest: error: " << message << "\ntry `stitch ingest --help`\n";
  return kExitUsage;
}

// `KEY=VALUE` -> (KEY, VALUE); false without `=` or with an empty side.
bool SplitAssignment(const std::string& text, std::string* key, std::string* value) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) return false;
  *key = text.substr(0, eq);
  *value = text.substr(eq + 1);
  return true;
}

}  // namespace

int RunIngest(const Args& args) {
  std::string kind_name, format = "table", profile_name = "all", column, scale = "1";
  std::string service, interval = "15", timeout = "5", staleness = "300", window = "60";
  std::string now, last, scrapes = "1";
  std::vector<std::string> locations, queries, metrics, derived;
  std::vector<std::string> service_labels, node_labels, route_labels;
  std::vector<std::string> kinds;
  for (std::string_view k : ingest::SourceKindNames()) kinds.emplace_back(k);

  ArgParser parser("ingest",
                   "Read telemetry from a source and print the frames (one row per service, node\n"
                   "and route; columns in base units) that policies evaluate.");
  parser.Option("--source", &kind_name, "KIND", "the kind of input", kinds);
  parser.Option("--format", &format, "FORMAT", "output format (default table)", {"table", "json"});
  parser.Option("--profile", &profile_name, "NAME",
                "default label and metric mapping (default all)", {"istio", "envoy", "otel", "all"});
  parser.Repeated("--metric", &metrics, "COLUMN=NAME",
                  "also read source metric NAME into column COLUMN (custom metrics)");
  parser.Repeated("--service-label", &service_labels, "LABEL",
                  "a label naming the service, tried before the profile's");
  parser.Repeated("--node-label", &node_labels, "LABEL", "a label naming the node");
  parser.Repeated("--route-label", &route_labels, "LABEL", "a label naming the route");
  parser.Option("--service", &service, "NAME",
                "service of samples without a service label (default `unknown`)");
  parser.Option("--column", &column, "KEY",
                "column filled by a prometheus-api or datadog result file");
  parser.Option("--scale", &scale, "FACTOR", "factor into base units for --column (default 1)");
  parser.Repeated("--query", &queries, "COLUMN=PROMQL",
                  "a query of a live prometheus-api URL (default: the profile's queries)");
  parser.Repeated("--derive", &derived, "KEY", "also compute a derived column, e.g. avg(requests,60)");
  parser.Option("--interval", &interval, "SECONDS",
                "time between successive scrape files or live scrapes (default 15)");
  parser.Option("--scrapes", &scrapes, "N", "live scrapes or queries of a URL (default 1)");
  parser.Option("--timeout", &timeout, "SECONDS", "HTTP timeout (default 5)");
  parser.Option("--staleness", &staleness, "SECONDS", "samples older than this are missing (default 300)");
  parser.Option("--window", &window, "SECONDS", "rate window of traces and live queries (default 60)");
  parser.Option("--now", &now, "MS", "frame time in ms since the epoch (default: from the input, else now)");
  parser.Option("--last", &last, "N", "print only the last N frames");
  parser.Positionals(&locations, "FILE|URL", "telemetry files (successive scrapes), or one URL");
  if (auto code = parser.Parse(args)) return *code;
  if (kind_name.empty()) return Usage("missing --source KIND");

  ingest::SourceConfig config;
  config.kind = *ingest::ParseSourceKind(kind_name);
  config.locations = locations;
  config.profile = *ingest::ParseProfile(profile_name);
  ingest::IngestOptions& options = config.options;
  options.mapping = ingest::DefaultMapping(config.profile);
  auto& labels = options.mapping.labels;
  labels.service.insert(labels.service.begin(), service_labels.begin(), service_labels.end());
  labels.node.insert(labels.node.begin(), node_labels.begin(), node_labels.end());
  labels.route.insert(labels.route.begin(), route_labels.begin(), route_labels.end());
  if (!service.empty()) labels.default_service = service;
  for (const std::string& m : metrics) {
    std::string col, name;
    if (!SplitAssignment(m, &col, &name)) return Usage("--metric expects COLUMN=NAME, not `" + m + "`");
    options.mapping.rules.push_back({name, col, ingest::MetricKind::kAuto, 1, 0, 1, {}});
  }
  for (const std::string& q : queries) {
    std::string col, promql;
    if (!SplitAssignment(q, &col, &promql)) return Usage("--query expects COLUMN=PROMQL, not `" + q + "`");
    config.queries.push_back({col, promql, 1});
  }
  options.column = column;
  double number = 0;
  if (!ParseDouble(scale, &options.scale)) return Usage("--scale expects a number");
  if (!ParseDouble(interval, &number) || number <= 0) return Usage("--interval expects seconds > 0");
  config.interval_ms = static_cast<int64_t>(number * 1000);
  if (!ParseDouble(timeout, &number) || number <= 0) return Usage("--timeout expects seconds > 0");
  config.timeout_ms = static_cast<int64_t>(number * 1000);
  if (!ParseDouble(staleness, &number) || number <= 0) return Usage("--staleness expects seconds > 0");
  options.staleness_ms = static_cast<int64_t>(number * 1000);
  if (!ParseDouble(window, &options.window_s) || options.window_s <= 0) {
    return Usage("--window expects seconds > 0");
  }
  if (!now.empty() && (!ParseDouble(now, &number) || number <= 0)) return Usage("--now expects ms > 0");
  if (!now.empty()) options.now_ms = static_cast<int64_t>(number);
  size_t scrape_count = 1, last_count = 0;
  if (!ParseDouble(scrapes, &number) || number < 1) return Usage("--scrapes expects a count >= 1");
  scrape_count = static_cast<size_t>(number);
  if (!last.empty()) {
    if (!ParseDouble(last, &number) || number < 1) return Usage("--last expects a count >= 1");
    last_count = static_cast<size_t>(number);
  }

  auto source = ingest::Source::Create(config);
  if (!source) {
    std::cerr << "stitch ingest: error: " << source.error().ToString() << "\n";
    return kExitUsage;
  }
  ingest::PipelineConfig pipeline_config;
  pipeline_config.derived = derived;
  ingest::Pipeline pipeline(pipeline_config);
  std::vector<frame::Frame> printed;
  const bool remote = locations.front().starts_with("http");
  const size_t polls = remote ? scrape_count : 1;
  for (size_t poll = 0; poll < polls; ++poll) {
    if (poll > 0) std::this_thread::sleep_for(std::chrono::milliseconds(config.interval_ms));
    const int64_t at = remote && poll > 0 ? ingest::WallClockMs() : 0;
    auto frames = (*source)->Poll(at);
    if (!frames) {
      std::cerr << "stitch ingest: error: " << frames.error().ToString() << "\n";
      return kExitFailed;
    }
    for (frame::Frame& f : *frames) {
      std::string message;
      pipeline.Accept(std::move(f), &message);
      if (!message.empty()) {
        std::cerr << "stitch ingest: error: " << message << "\n";
        return kExitUsage;
      }
      printed.push_back(pipeline.Newest());
    }
  }
  if (last_count > 0 && printed.size() > last_count) {
    printed.erase(printed.begin(), printed.end() - static_cast<std::ptrdiff_t>(last_count));
  }
  auto keep = [&pipeline](std::string_view key) { return !pipeline.IsHelperColumn(key); };
  if (format == "json") {
    std::cout << ingest::WriteCanonicalJson(printed, keep);
  } else {
    for (size_t i = 0; i < printed.size(); ++i) {
      if (i > 0) std::cout << "\n";
      std::cout << ingest::FormatTable(printed[i], keep);
    }
    if (printed.empty()) std::cout << "no frames\n";
  }
  return kExitOk;
}

}  // namespace stitch::cli
