// Jaeger and OTLP traces into per-service rates, error rates and latency quantiles.
#include <catch2/catch.hpp>

#include "TestData.h"
#include "runtime/ingest/Traces.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

namespace {

frame::Frame Jaeger(const std::string& file, const IngestOptions& options = {}) {
  auto spans = ParseJaegerTraces(ReadData(file), file);
  REQUIRE(spans);
  return SpansToFrame(*spans, DefaultTraceLabels(), options);
}

frame::Frame Otlp(const std::string& file, const IngestOptions& options = {}) {
  auto spans = ParseOtlpTraces(ReadData(file), file);
  REQUIRE(spans);
  return SpansToFrame(*spans, DefaultTraceLabels(), options);
}

}  // namespace

TEST_CASE("jaeger UI trace: entry spans, error tag, microsecond durations", "[traces]") {
  frame::Frame f = Jaeger("jaeger/ui-trace-ui_01.json");
  // Latest end: 1485467191639875 us + 5 us -> 1485467191639.880 ms, rounded up.
  CHECK(f.time_ms == 1485467191640);
  // service-x: the two spans 0..02 (no parent) are requests; one has error=true.
  // Window 60 s: 2/60 requests/s, 1/60 errors/s, error_rate 0.5; durations 5 us, 5 us.
  const auto x = Service("service-x");
  CHECK(*Value(f, x, "requests") == Approx(2.0 / 60).epsilon(1e-15));
  CHECK(*Value(f, x, "errors") == Approx(1.0 / 60).epsilon(1e-15));
  CHECK(*Value(f, x, "error_rate") == Approx(0.5).epsilon(1e-15));
  CHECK(*Value(f, x, "latency.p50") == Approx(5e-6).epsilon(1e-15));
  // service-y: 0..03 and 0..04 are children of service-x's span (entries); 0..05 is a child of
  // 0..04 in the same service (not a request).
  const auto y = Service("service-y");
  CHECK(*Value(f, y, "requests") == Approx(2.0 / 60).epsilon(1e-15));
  CHECK(*Value(f, y, "error_rate") == 0);
  CHECK(*Value(f, y, "latency.p99") == Approx(5e-6).epsilon(1e-15));
}

TEST_CASE("the same spans as Jaeger API JSON and as OTLP JSON give the same frame", "[traces]") {
  frame::Frame jaeger = Jaeger("jaeger/api-traces-response-otlp2jaeger-out.json");
  frame::Frame otlp = Otlp("otlp/otlp-traces-telemetrygen-otlp2jaeger-in.json");
  const auto svc = Service("telemetrygen");
  for (const frame::Frame* f : {&jaeger, &otlp}) {
    // Two server spans of 123 us (1706678909209835000 - 1706678909209712000 ns).
    CHECK(*Value(*f, svc, "requests") == Approx(2.0 / 60).epsilon(1e-15));
    CHECK(*Value(*f, svc, "latency.p50") == Approx(123e-6).epsilon(1e-12));
    CHECK(*Value(*f, svc, "error_rate") == 0);
  }
  CHECK(jaeger.time_ms == otlp.time_ms);
}

TEST_CASE("OTLP trace example: a one-second server span", "[traces]") {
  IngestOptions options;
  options.window_s = 10;
  frame::Frame f = Otlp("otlp/otlp-trace-example.json", options);
  const auto svc = Service("my.service");
  CHECK(*Value(f, svc, "requests") == 0.1);  // 1 span / 10 s
  CHECK(*Value(f, svc, "latency.p50") == 1);
  CHECK(f.time_ms == 1544712661000);
}

TEST_CASE("Tempo trace of Istio bookinfo: canonical services, namespaces, pods", "[traces]") {
  frame::Frame f = Otlp("otlp/tempo-trace-bookinfo-istio-otlp-batches.json");
  // Server span durations (end - start, ns -> s).
  CHECK(*Value(f, Service("productpage", "bookinfo"), "latency.p50") == Approx(0.011439).epsilon(1e-12));
  CHECK(*Value(f, Service("details", "bookinfo"), "latency.p50") == Approx(0.000905).epsilon(1e-12));
  CHECK(*Value(f, Service("reviews", "bookinfo"), "latency.p50") == Approx(0.002242).epsilon(1e-12));
  CHECK(*Value(f, Service("ratings", "bookinfo"), "latency.p50") == Approx(0.000434).epsilon(1e-12));
  CHECK(*Value(f, Service("ratings", "bookinfo"), "requests") == Approx(1.0 / 60).epsilon(1e-15));
  // The ingress gateway only has a client span: observed, no request, error_rate missing.
  const auto gateway = Service("istio-ingressgateway", "istio-system");
  CHECK(*Value(f, gateway, "requests") == 0);
  CHECK_FALSE(Value(f, gateway, "error_rate"));
  CHECK_FALSE(Value(f, gateway, "latency.p50"));
  // Pods from Istio's node_id give node rows.
  size_t nodes = 0;
  for (size_t row = 0; row < f.rows(); ++row) nodes += f.GetEntity(row).id.kind == frame::EntityKind::kNode;
  CHECK(nodes >= 5);
}

TEST_CASE("malformed traces are errors with a JSON path", "[traces]") {
  auto no_process = ParseJaegerTraces(
      R"({"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"2","startTime":1,"duration":1,"processID":"p9"}],"processes":{}}]})",
      "t.json");
  REQUIRE_FALSE(no_process);
  CHECK(no_process.error().ToString() == "t.json: $.data[0].spans[0].processID: unknown process `p9`");
  auto backwards = ParseOtlpTraces(
      R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"a","spanId":"b","startTimeUnixNano":"10","endTimeUnixNano":"5"}]}]}]})",
      "o.json");
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().json_path == "$.resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano");
  // Server errors from the HTTP status and the OTLP status code.
  auto errors = ParseOtlpTraces(
      R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
          "scopeSpans":[{"spans":[
        {"traceId":"a","spanId":"1","kind":2,"startTimeUnixNano":"0","endTimeUnixNano":"1000000","attributes":[{"key":"http.response.status_code","value":{"intValue":"503"}}]},
        {"traceId":"a","spanId":"2","kind":2,"startTimeUnixNano":"0","endTimeUnixNano":"3000000","status":{"code":2}},
        {"traceId":"a","spanId":"3","kind":"SPAN_KIND_SERVER","startTimeUnixNano":"0","endTimeUnixNano":"2000000","attributes":[{"key":"http.response.status_code","value":{"intValue":"404"}}]},
        {"traceId":"a","spanId":"4","kind":2,"startTimeUnixNano":"0","endTimeUnixNano":"4000000"}]}]}]})",
      "e.json");
  REQUIRE(errors);
  frame::Frame f = SpansToFrame(*errors, DefaultTraceLabels(), {});
  CHECK(*Value(f, Service("cart"), "error_rate") == 0.5);  // 2 of 4 requests
  // Durations 1, 3, 2, 4 ms; p50 (type 7): h = 1.5 -> 2 + 0.5 * (3 - 2) = 2.5 ms.
  CHECK(*Value(f, Service("cart"), "latency.p50") == Approx(0.0025).epsilon(1e-12));
}
