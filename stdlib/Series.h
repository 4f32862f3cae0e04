// A time series slice as the built-ins see it: parallel arrays, oldest sample first.
#pragma once

#include <cstddef>
#include <cstdint>

namespace stitch::stdlib {

// Non-owning view of `size` samples. `valid[i] == 0` marks a missing sample, whose value is
// ignored. `time_ms` is strictly increasing. POD so that JIT code can build one on its stack.
struct Series {
  const int64_t* time_ms;
  const double* values;
  const uint8_t* valid;
  size_t size;
};

// Index of the first sample with time_ms >= now_ms - window_ms (the window is closed at both
// ends); `size` when no sample is inside.
size_t WindowStart(const Series& series, int64_t now_ms, int64_t window_ms);

// The sub-series [begin, size).
Series Tail(const Series& series, size_t begin);

}  // namespace stitch::stdlib
