// OTLP/JSON traces into spans.
#include "runtime/ingest/Otlp.h"
#include "runtime/ingest/Traces.h"

namespace stitch::ingest {

namespace {

Result<SpanKind> ReadKind(const json::Cursor& kind) {
  if (kind.IsString()) {
    STITCH_TRY(std::string_view text, kind.String());
    if (text == "SPAN_KIND_SERVER") return SpanKind::kServer;
    if (text == "SPAN_KIND_CLIENT") return SpanKind::kClient;
    if (text == "SPAN_KIND_PRODUCER") return SpanKind::kProducer;
    if (text == "SPAN_KIND_CONSUMER") return SpanKind::kConsumer;
    if (text == "SPAN_KIND_INTERNAL") return SpanKind::kInternal;
    if (text == "SPAN_KIND_UNSPECIFIED") return SpanKind::kUnspecified;
    return kind.Fail("unknown span kind `" + std::string(text) + "`");
  }
  STITCH_TRY(int64_t n, kind.AsInteger());
  switch (n) {
    case 0:
      return SpanKind::kUnspecified;
    case 1:
      return SpanKind::kInternal;
    case 2:
      return SpanKind::kServer;
    case 3:
      return SpanKind::kClient;
    case 4:
      return SpanKind::kProducer;
    case 5:
      return SpanKind::kConsumer;
  }
  return kind.Fail("unknown span kind " + std::to_string(n));
}

Result<bool> ReadErrorStatus(const json::Cursor& status) {
  auto code = status.Field("code");
  if (!code) return false;
  if (code->IsString()) {
    STITCH_TRY(std::string_view text, code->String());
    return text == "STATUS_CODE_ERROR";
  }
  STITCH_TRY(int64_t n, code->AsInteger());
  return n == 2;
}

Result<Span> ReadSpan(const json::Cursor& cursor, const otlp::Attributes& resource) {
  Span span;
  span.attributes = resource;
  STITCH_TRY(json::Cursor trace_id, cursor.Require("traceId"));
  STITCH_TRY(std::string_view trace_text, trace_id.String());
  span.trace_id = trace_text;
  STITCH_TRY(json::Cursor span_id, cursor.Require("spanId"));
  STITCH_TRY(std::string_view span_text, span_id.String());
  span.span_id = span_text;
  if (auto parent = cursor.Field("parentSpanId"); parent && !parent->IsNull()) {
    STITCH_TRY(std::string_view parent_text, parent->String());
    span.parent_id = parent_text;
  }
  if (auto kind = cursor.Field("kind")) {
    STITCH_TRY(span.kind, ReadKind(*kind));
  }
  STITCH_TRY(json::Cursor start, cursor.Require("startTimeUnixNano"));
  STITCH_TRY(span.start_ns, start.AsInteger());
  STITCH_TRY(json::Cursor end, cursor.Require("endTimeUnixNano"));
  STITCH_TRY(int64_t end_ns, end.AsInteger());
  if (end_ns < span.start_ns) return end.Fail("the span ends before it starts");
  span.duration_ns = end_ns - span.start_ns;
  if (auto status = cursor.Field("status"); status && status->IsObject()) {
    STITCH_TRY(span.error, ReadErrorStatus(*status));
  }
  const size_t own = span.attributes.size();
  if (auto attributes = cursor.Field("attributes")) {
    if (auto status = otlp::ReadAttributes(*attributes, span.attributes); !status) return status.error();
  }
  for (size_t i = own; i < span.attributes.size(); ++i) {
    const auto& [key, value] = span.attributes[i];
    if ((key == "http.status_code" || key == "http.response.status_code") &&
        IsServerErrorStatus(value)) {
      span.error = true;
    }
  }
  AddIstioPodAttribute(span);
  return span;
}

}  // namespace

Result<std::vector<Span>> ParseOtlpTraces(std::string_view text, std::string_view file) {
  simdjson::dom::parser parser;
  STITCH_TRY(json::element root_element, json::Parse(parser, text, file));
  json::Cursor root(root_element, "$", file);
  auto resources = otlp::FirstField(root, {"resourceSpans", "batches"});
  if (!resources) return root.Fail("expected `resourceSpans` (or Tempo's `batches`)");
  std::vector<Span> spans;
  STITCH_TRY(json::array list, resources->Array());
  size_t i = 0;
  for (json::element r : list) {
    json::Cursor resource_spans = resources->Index(r, i++);
    otlp::Attributes resource;
    if (auto res = resource_spans.Field("resource")) {
      if (auto attrs = res->Field("attributes")) {
        if (auto status = otlp::ReadAttributes(*attrs, resource); !status) return status.error();
      }
    }
    auto scopes = otlp::FirstField(resource_spans, {"scopeSpans", "instrumentationLibrarySpans"});
    if (!scopes) continue;
    STITCH_TRY(json::array scope_list, scopes->Array());
    size_t j = 0;
    for (json::element s : scope_list) {
      json::Cursor scope = scopes->Index(s, j++);
      auto span_list = scope.Field("spans");
      if (!span_list) continue;
      STITCH_TRY(json::array items, span_list->Array());
      size_t k = 0;
      for (json::element e : items) {
        STITCH_TRY(Span span, ReadSpan(span_list->Index(e, k++), resource));
        spans.push_back(std::move(span));
      }
    }
  }
  return spans;
}

}  // namespace stitch::ingest
