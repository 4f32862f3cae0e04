// Small helpers for reading and editing manifest JSON: field lookup in either spelling
// (snake_case or protojson camelCase), JSON pointers, duration and number formatting.
#pragma once

#include <string>
#include <string_view>

#include "Manifest.h"

namespace stitch::stitch {

// "weighted_clusters" → "weightedClusters".
std::string CamelCase(std::string_view snake);

// Whether a document spells Envoy fields in protojson camelCase rather than snake_case
// (decided by the multi-word keys it contains; snake_case when there are none).
bool UsesCamelCase(const Json& doc);

// The key `snake` (or its camelCase spelling) of an object, or nullptr.
const Json* Field(const Json& object, std::string_view snake);
Json* Field(Json& object, std::string_view snake);

// The key for writing field `snake` into `object`: the spelling already present, else the
// document's style.
std::string Key(const Json& object, std::string_view snake, bool camel);

// A string field, or "" when absent or not a string.
std::string Str(const Json& object, std::string_view key);

// JSON pointer text of `parent` + one more token (escaped).
std::string Child(const std::string& parent, std::string_view token);
std::string Child(const std::string& parent, size_t index);

// A protobuf Duration string for seconds: 2 → "2s", 0.25 → "0.25s", 1.5 → "1.5s".
std::string DurationString(double seconds);

// The number as JSON: an integer when it is integral, else a double.
Json NumberJson(double value);

}  // namespace stitch::stitch
