// The canonical telemetry JSON: Stitch's own recording format (docs/telemetry.md). `stitch
// ingest --format json` writes it, every source's frames round-trip through it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

// Parses a document holding one frame object or `{"frames": [...]}`. Values are in base units;
// null is missing; `latency`/`headers` objects expand to `latency.p99`/`header.x-name` keys;
// error_rate is computed from errors/requests unless given. A frame without `time_ms` gets
// options.now_ms (an error when that is 0). Errors carry the JSON path.
Result<std::vector<frame::Frame>> ParseCanonicalJson(std::string_view text, std::string_view file,
                                                     const IngestOptions& options);

// Writes frames as `{"frames": [...]}` with flat column keys, null for missing values, and the
// frame's stale mark and flags; ParseCanonicalJson reads it back to frames with the same
// entities, tags and values. `keep`, when set, selects the columns written.
std::string WriteCanonicalJson(const std::vector<frame::Frame>& frames,
                               const std::function<bool(std::string_view)>& keep = {});

}  // namespace stitch::ingest
