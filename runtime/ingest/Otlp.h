// OTLP/JSON helpers shared by the metrics and traces readers (internal to stitch_ingest).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "runtime/ingest/Json.h"

namespace stitch::ingest::otlp {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// Appends `[{"key": k, "value": {"stringValue"|"intValue"|"doubleValue"|"boolValue": v}}]` as
// strings (arrays and maps are kept as their JSON text).
Status ReadAttributes(const json::Cursor& list, Attributes& out);

// The first present member among `names` (e.g. `scopeSpans`, `instrumentationLibrarySpans`).
std::optional<json::Cursor> FirstField(const json::Cursor& object,
                                       std::initializer_list<std::string_view> names);

}  // namespace stitch::ingest::otlp
