#include "runtime/frame/FrameView.h"

namespace stitch::frame {

FrameBinding::FrameBinding(const Frame& frame, const std::vector<std::string>& keys)
    : zeros_(frame.rows() + 1, 0.0), empty_bits_(frame.rows() / 64 + 1, 0), rows_(frame.rows()) {
  values_.reserve(keys.size());
  validity_.reserve(keys.size());
  for (const std::string& key : keys) {
    if (auto col = frame.ColumnIndex(key)) {
      values_.push_back(frame.Values(*col));
      validity_.push_back(frame.Validity(*col));
    } else {
      values_.push_back(zeros_.data());
      validity_.push_back(empty_bits_.data());
    }
  }
}

}  // namespace stitch::frame
