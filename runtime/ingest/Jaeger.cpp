// Jaeger trace JSON (query API and UI model) into spans.
#include <map>

#include "runtime/frame/ColumnKey.h"
#include "runtime/ingest/Json.h"
#include "runtime/ingest/Traces.h"

namespace stitch::ingest {

namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// [{"key", "type", "value"}] -> strings.
Status ReadTags(const json::Cursor& tags, Attributes& out) {
  if (tags.IsNull()) return Ok{};
  STITCH_TRY(json::array list, tags.Array());
  size_t i = 0;
  for (json::element e : list) {
    json::Cursor tag = tags.Index(e, i++);
    STITCH_TRY(json::Cursor key_cursor, tag.Require("key"));
    STITCH_TRY(std::string_view key, key_cursor.String());
    STITCH_TRY(json::Cursor value, tag.Require("value"));
    std::string text;
    json::element v = value.value();
    if (v.is_string()) {
      text = std::string(v.get_string().value_unsafe());
    } else if (v.is_bool()) {
      text = v.get_bool().value_unsafe() ? "true" : "false";
    } else if (v.is_int64()) {
      text = std::to_string(v.get_int64().value_unsafe());
    } else if (v.is_uint64()) {
      text = std::to_string(v.get_uint64().value_unsafe());
    } else if (v.is_double()) {
      text = frame::FormatNumber(v.get_double().value_unsafe());
    }
    out.emplace_back(std::string(key), std::move(text));
  }
  return Ok{};
}

SpanKind KindFromTag(std::string_view kind) {
  if (kind == "server") return SpanKind::kServer;
  if (kind == "client") return SpanKind::kClient;
  if (kind == "producer") return SpanKind::kProducer;
  if (kind == "consumer") return SpanKind::kConsumer;
  if (kind == "internal") return SpanKind::kInternal;
  return SpanKind::kUnspecified;
}

Status ReadTrace(const json::Cursor& trace, std::vector<Span>& out) {
  std::map<std::string, Attributes, std::less<>> processes;
  if (auto procs = trace.Field("processes"); procs && !procs->IsNull()) {
    STITCH_TRY(json::object members, procs->Object());
    for (auto [id, value] : members) {
      json::Cursor process = procs->Member(value, id);
      Attributes attrs;
      if (auto tags = process.Field("tags")) {
        if (auto status = ReadTags(*tags, attrs); !status) return status;
      }
      STITCH_TRY(json::Cursor name_cursor, process.Require("serviceName"));
      STITCH_TRY(std::string_view name, name_cursor.String());
      attrs.emplace_back("service.name", std::string(name));
      processes[std::string(id)] = std::move(attrs);
    }
  }
  STITCH_TRY(json::Cursor spans, trace.Require("spans"));
  STITCH_TRY(json::array list, spans.Array());
  size_t i = 0;
  for (json::element e : list) {
    json::Cursor cursor = spans.Index(e, i++);
    Span span;
    STITCH_TRY(json::Cursor trace_id, cursor.Require("traceID"));
    STITCH_TRY(std::string_view trace_text, trace_id.String());
    span.trace_id = trace_text;
    STITCH_TRY(json::Cursor span_id, cursor.Require("spanID"));
    STITCH_TRY(std::string_view span_text, span_id.String());
    span.span_id = span_text;
    STITCH_TRY(json::Cursor start, cursor.Require("startTime"));
    STITCH_TRY(int64_t start_us, start.AsInteger());
    STITCH_TRY(json::Cursor duration, cursor.Require("duration"));
    STITCH_TRY(int64_t duration_us, duration.AsInteger());
    span.start_ns = start_us * 1000;
    span.duration_ns = duration_us * 1000;
    if (auto refs = cursor.Field("references"); refs && !refs->IsNull()) {
      STITCH_TRY(json::array ref_list, refs->Array());
      size_t k = 0;
      for (json::element r : ref_list) {
        json::Cursor ref = refs->Index(r, k++);
        auto type = ref.Field("refType");
        auto ref_trace = ref.Field("traceID");
        auto ref_span = ref.Field("spanID");
        if (!type || !ref_trace || !ref_span) return ref.Fail("a reference needs refType, traceID and spanID");
        STITCH_TRY(std::string_view type_text, type->String());
        STITCH_TRY(std::string_view ref_trace_text, ref_trace->String());
        STITCH_TRY(std::string_view ref_span_text, ref_span->String());
        if (type_text == "CHILD_OF" && ref_trace_text == span.trace_id && span.parent_id.empty()) {
          span.parent_id = ref_span_text;
        }
      }
    }
    // Process attributes first, then the span's own tags.
    if (auto pid = cursor.Field("processID"); pid && !pid->IsNull()) {
      STITCH_TRY(std::string_view id, pid->String());
      auto it = processes.find(id);
      if (it == processes.end()) return pid->Fail("unknown process `" + std::string(id) + "`");
      span.attributes = it->second;
    } else if (auto process = cursor.Field("process")) {
      if (auto tags = process->Field("tags")) {
        if (auto status = ReadTags(*tags, span.attributes); !status) return status;
      }
      STITCH_TRY(json::Cursor name_cursor, process->Require("serviceName"));
      STITCH_TRY(std::string_view name, name_cursor.String());
      span.attributes.emplace_back("service.name", std::string(name));
    } else {
      return cursor.Fail("a span needs `processID` or `process`");
    }
    Attributes tags;
    if (auto t = cursor.Field("tags")) {
      if (auto status = ReadTags(*t, tags); !status) return status;
    }
    for (const auto& [key, value] : tags) {
      if (key == "span.kind") span.kind = KindFromTag(value);
      if (key == "error" && value == "true") span.error = true;
      if (key == "otel.status_code" && value == "ERROR") span.error = true;
      if ((key == "http.status_code" || key == "http.response.status_code") &&
          IsServerErrorStatus(value)) {
        span.error = true;
      }
    }
    span.attributes.insert(span.attributes.end(), tags.begin(), tags.end());
    AddIstioPodAttribute(span);
    out.push_back(std::move(span));
  }
  return Ok{};
}

}  // namespace

Result<std::vector<Span>> ParseJaegerTraces(std::string_view text, std::string_view file) {
  simdjson::dom::parser parser;
  STITCH_TRY(json::element root_element, json::Parse(parser, text, file));
  json::Cursor root(root_element, "$", file);
  std::vector<Span> spans;
  if (auto data = root.Field("data")) {
    if (auto errors = root.Field("errors"); errors && errors->IsArray() &&
                                            errors->Array()->size() > 0) {
      return errors->Fail("the Jaeger query reported errors");
    }
    if (data->IsNull()) return spans;
    STITCH_TRY(json::array traces, data->Array());
    size_t i = 0;
    for (json::element t : traces) {
      if (auto status = ReadTrace(data->Index(t, i++), spans); !status) return status.error();
    }
    return spans;
  }
  if (auto status = ReadTrace(root, spans); !status) return status.error();
  return spans;
}

}  // namespace stitch::ingest
