// Traces as telemetry: spans become per-service (and per-node, per-route) request rates, error
// rates and latency quantiles. Jaeger JSON and OTLP JSON traces share this model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

enum class SpanKind : unsigned char { kUnspecified, kInternal, kServer, kClient, kProducer, kConsumer };

// One span, reduced to what telemetry needs. Durations keep microsecond (Jaeger) or nanosecond
// (OTLP) precision as integer nanoseconds.
struct Span {
  std::string trace_id, span_id, parent_id;  // parent_id: the CHILD_OF parent in this trace
  SpanKind kind = SpanKind::kUnspecified;
  int64_t start_ns = 0;
  int64_t duration_ns = 0;
  bool error = false;
  // Resource/process attributes then span attributes, as strings (`service.name` included).
  std::vector<std::pair<std::string, std::string>> attributes;
};

// The label mapping for span attributes: Istio's canonical service and namespace first, then
// OpenTelemetry's resource attributes; nodes from pod or host names; routes from http.route.
LabelMapping DefaultTraceLabels();

// Builds one frame from spans. A span is a request of its service when it is a server or
// consumer span, or, without a kind, when its parent is not a span of the same service.
// requests and errors are per second over options.window_s ending at the frame time (options
// .now_ms, else the latest span end); spans that end before the window are left out.
// latency.* are the quantiles of the request spans' durations in seconds (linear
// interpolation between closest ranks). Errors: an `error` tag, an ERROR status, or an HTTP
// status >= 500.
frame::Frame SpansToFrame(const std::vector<Span>& spans, const LabelMapping& labels,
                          const IngestOptions& options);

// Jaeger query-API JSON (`{"data": [trace...]}`) or a single Jaeger UI trace object.
Result<std::vector<Span>> ParseJaegerTraces(std::string_view text, std::string_view file);

// OTLP/JSON traces (`resourceSpans`, or Tempo's `batches`; `scopeSpans` or the older
// `instrumentationLibrarySpans`).
Result<std::vector<Span>> ParseOtlpTraces(std::string_view text, std::string_view file);

// Istio's Envoy spans carry `node_id` = `sidecar~10.0.0.1~reviews-v1-5d8f.default~...`: adds
// the pod name (`reviews-v1-5d8f`) as attribute `istio.pod`.
void AddIstioPodAttribute(Span& span);

// True when an HTTP status text is a number >= 500.
bool IsServerErrorStatus(std::string_view status);

}  // namespace stitch::ingest
