// The native backend: every condition of an IR program becomes one function that evaluates all
// rows of a frame view into three-valued bytes, compiled with LLVM ORC (LLJIT). LLVM's headers
// stay inside Jit.cpp; this header is all the rest of the project sees.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "compiler/ir/Ir.h"
#include "runtime/frame/FrameView.h"

namespace stitch::jit {

// The batch ABI of a compiled condition: writes one ir::Tri per row into `out`.
using PredicateFn = void (*)(const frame::FrameView* view, uint8_t* out, uint64_t rows);

struct JitOptions {
  std::string cache_dir;  // where compiled objects are kept; empty: no cache
};

struct JitStats {
  bool cache_hit = false;      // loaded from the cache, nothing compiled
  bool cache_rebuilt = false;  // a cache entry was unusable (corrupt, truncated) and replaced
  double compile_ms = 0;       // IR → object (0 on a cache hit)
  double load_ms = 0;          // object → callable functions
  std::string cache_path;      // the entry used or written
};

// Native code for every condition of a program. The functions are pure: they may be called
// from several threads at once. Lives as long as the functions are used.
class JitProgram {
 public:
  // Compiles (or loads from the cache) the program; nullptr with `error` set when LLVM cannot
  // start or fails.
  static std::unique_ptr<JitProgram> Compile(const ir::Program& program, const JitOptions& options,
                                             std::string* error);
  ~JitProgram();

  PredicateFn function(size_t condition) const;
  const JitStats& stats() const;

 private:
  struct Impl;
  explicit JitProgram(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

enum class EmitKind { kLlvm, kAsm, kObject };

// The program as optimised LLVM IR, native assembly or an object file (`stitch compile --emit`).
bool Emit(const ir::Program& program, EmitKind kind, std::string& out, std::string* error);

// "x86-64 skylake +avx2,..." — the target part of the cache key.
std::string HostTarget();

}  // namespace stitch::jit
