// Human-readable rendering of frames for `stitch ingest --format table`.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "runtime/frame/Frame.h"

namespace stitch::ingest {

// Selects the columns to show; an empty filter shows all.
using ColumnFilter = std::function<bool(std::string_view key)>;

// A header line (UTC time, ms, stale mark), one line per entity with the selected columns
// (`-` for missing, values with up to 6 significant digits), the entities' tags, then the
// frame's flags as `note:` lines.
std::string FormatTable(const frame::Frame& frame, const ColumnFilter& keep = {});

}  // namespace stitch::ingest
