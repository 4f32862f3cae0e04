// Prometheus text exposition parsing throughput on a generated 100k-series exposition shaped
// like an Istio sidecar's /stats/prometheus: MB/s and samples/s. Also the Prometheus HTTP API's
// JSON: a generated 100k-series instant-vector response.
#include <benchmark/benchmark.h>

#include <string>

#include "runtime/ingest/PromApi.h"
#include "runtime/ingest/PromScrape.h"
#include "runtime/ingest/PromText.h"

namespace {

// 10,000 workloads x 10 series: 2 request counters (200, 503), a latency histogram (4 buckets,
// sum, count) and 2 TCP byte counters, with Istio's standard labels: 100,000 sample lines.
std::string Exposition(int step) {
  std::string out;
  out.reserve(48 << 20);
  out += "# TYPE istio_requests_total counter\n";
  out += "# TYPE istio_request_duration_milliseconds histogram\n";
  out += "# TYPE istio_tcp_sent_bytes_total counter\n# TYPE istio_tcp_received_bytes_total counter\n";
  for (int w = 0; w < 10'000; ++w) {
    const std::string svc = "svc-" + std::to_string(w / 4);
    const std::string labels =
        "reporter=\"destination\",source_workload=\"client-" + std::to_string(w % 97) +
        "\",source_workload_namespace=\"ns-" + std::to_string(w % 13) +
        "\",destination_workload=\"" + svc + "-v" + std::to_string(w % 4) +
        "\",destination_workload_namespace=\"prod\",destination_service_name=\"" + svc +
        "\",destination_service_namespace=\"prod\",destination_canonical_service=\"" + svc +
        "\",request_protocol=\"http\",connection_security_policy=\"mutual_tls\"";
    const long base = 1000L * w + step * 37L;
    out += "istio_requests_total{" + labels + ",response_code=\"200\"} " + std::to_string(base) + "\n";
    out += "istio_requests_total{" + labels + ",response_code=\"503\"} " + std::to_string(base / 50) + "\n";
    const char* bounds[] = {"10", "100", "1000", "+Inf"};
    for (int b = 0; b < 4; ++b) {
      out += "istio_request_duration_milliseconds_bucket{" + labels + ",le=\"" + bounds[b] + "\"} " +
             std::to_string(base / 4 * (b + 1)) + "\n";
    }
    out += "istio_request_duration_milliseconds_sum{" + labels + "} " + std::to_string(base * 31) + ".5\n";
    out += "istio_request_duration_milliseconds_count{" + labels + "} " + std::to_string(base) + "\n";
    out += "istio_tcp_sent_bytes_total{" + labels + "} " + std::to_string(base * 1024) + "\n";
    out += "istio_tcp_received_bytes_total{" + labels + "} " + std::to_string(base * 512) + "\n";
  }
  return out;
}

const std::string& Text(int step) {
  static const std::string first = Exposition(0);
  static const std::string second = Exposition(1);
  return step == 0 ? first : second;
}

// The zero-copy scanner alone.
void BM_ParsePromText(benchmark::State& state) {
  const std::string& text = Text(0);
  size_t samples = 0;
  for (auto _ : state) {
    auto exposition = stitch::ingest::ParsePromText(text);
    if (!exposition) state.SkipWithError("parse failed");
    samples = exposition->samples.size();
    benchmark::DoNotOptimize(exposition->samples.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * samples));
  state.counters["samples"] = static_cast<double>(samples);
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_ParsePromText)->Unit(benchmark::kMillisecond);

// Scanner plus conversion to a frame (series keys, counter rates against the previous scrape,
// histogram quantiles, entity resolution): the cost of one scrape tick.
void BM_ScrapeToFrame(benchmark::State& state) {
  stitch::ingest::PromScraper scraper{stitch::ingest::IngestOptions{}};
  int64_t t = 1'800'000'000'000;
  (void)scraper.Ingest(Text(0), "a", t);
  size_t samples = 0;
  int step = 1;
  for (auto _ : state) {
    t += 15'000;
    auto frame = scraper.Ingest(Text(step), "b", t);
    if (!frame) state.SkipWithError("scrape failed");
    samples = 100'000;
    step ^= 1;
    benchmark::DoNotOptimize(frame->rows());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Text(1).size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * samples));
}
BENCHMARK(BM_ScrapeToFrame)->Unit(benchmark::kMillisecond);

// A `/api/v1/query` instant-vector response of 100,000 series with Istio's labels, as
// Prometheus writes it (values as strings, time as seconds with milliseconds).
std::string VectorResponse() {
  std::string out = R"({"status":"success","data":{"resultType":"vector","result":[)";
  for (int s = 0; s < 100'000; ++s) {
    if (s) out += ',';
    const std::string svc = "svc-" + std::to_string(s / 4);
    out += R"({"metric":{"__name__":"istio_requests_total","destination_service_name":")" + svc +
           R"(","destination_service_namespace":"prod","destination_workload":")" + svc + "-v" +
           std::to_string(s % 4) + R"(","reporter":"destination","response_code":"200","source_workload":"client-)" +
           std::to_string(s % 97) + R"("},"value":[1800000000.123,")" + std::to_string(s * 0.37) + R"("]})";
  }
  out += "]}}";
  return out;
}

void BM_ParsePromApiVector(benchmark::State& state) {
  static const std::string body = VectorResponse();
  size_t series = 0;
  for (auto _ : state) {
    auto result = stitch::ingest::ParsePromApiResponse(body, "bench");
    if (!result) state.SkipWithError("parse failed");
    series = result->series.size();
    benchmark::DoNotOptimize(result->series.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * series));
  state.counters["series"] = static_cast<double>(series);
  state.counters["MB"] = static_cast<double>(body.size()) / 1e6;
}
BENCHMARK(BM_ParsePromApiVector)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
