// The reference semantics of the IR: evaluates a condition row by row, one instruction at a
// time. Used when the JIT is disabled or cannot start, and as the oracle the JIT is tested
// against.
#pragma once

#include <cstdint>

#include "compiler/ir/Ir.h"
#include "runtime/frame/FrameView.h"

namespace stitch::interp {

// Writes one ir::Tri per row of `view` into `out`. `view` holds the program's columns in order.
// Thread-safe: reads only its arguments.
void Evaluate(const ir::Condition& condition, const frame::FrameView& view, uint8_t* out);

}  // namespace stitch::interp
