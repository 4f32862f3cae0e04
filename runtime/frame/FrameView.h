// The ABI between a frame and compiled predicates: plain pointers to the columns a predicate
// was compiled for, in the order it expects them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/frame/Frame.h"

namespace stitch::frame {

// values[i] / validity[i] are column i of the bound key list; `rows` rows each. POD: a
// `const FrameView*` is the first argument of every compiled predicate.
struct FrameView {
  const double* const* values;
  const uint64_t* const* validity;
  size_t rows;
  size_t columns;
};

// Owns the pointer arrays of a FrameView over one frame for an ordered list of column keys. A
// key the frame lacks is bound to an all-missing column (zeros, validity all clear). Valid while
// the frame is alive and not modified; movable, not copyable.
class FrameBinding {
 public:
  FrameBinding(const Frame& frame, const std::vector<std::string>& keys);
  FrameBinding(FrameBinding&&) = default;
  FrameBinding& operator=(FrameBinding&&) = default;
  FrameBinding(const FrameBinding&) = delete;
  FrameBinding& operator=(const FrameBinding&) = delete;

  // The view; its pointers stay valid as long as this binding and its frame do.
  FrameView View() const {
    return {values_.data(), validity_.data(), rows_, values_.size()};
  }

 private:
  std::vector<const double*> values_;
  std::vector<const uint64_t*> validity_;
  std::vector<double> zeros_;
  std::vector<uint64_t> empty_bits_;
  size_t rows_;
};

}  // namespace stitch::frame
