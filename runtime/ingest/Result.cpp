#include "runtime/ingest/Result.h"

namespace stitch::ingest {

std::string Error::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  if (!json_path.empty()) out += (out.empty() ? "" : ": ") + json_path;
  if (!out.empty()) out += ": ";
  return out + message;
}

}  // namespace stitch::ingest
