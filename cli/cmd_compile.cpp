// `stitch compile`: build a policy set into native code (or the interpreter) and show the result:
// a summary, the IR, LLVM IR, assembly or an object file.
#include <iostream>

#include <fmt/format.h>

#include "Args.h"
#include "Commands.h"
#include "FileUtil.h"
#include "PolicySet.h"
#include "compiler/Compile.h"
#include "compiler/Program.h"
#include "compiler/jit/Jit.h"

namespace stitch::cli {

int RunCompile(const Args& args) {
  std::string emit, cache_dir, out_path;
  bool no_jit = false, no_cache = false;
  std::vector<std::string> paths;
  ArgParser parser("compile",
                   "Compile a policy set and print a summary: its policies, the telemetry columns "
                   "they read, the backend and, for the JIT, the compile time and cache use.");
  parser.Option("--emit", &emit, "KIND", "print the IR, LLVM IR or assembly, or write an object file",
                {"ir", "llvm", "asm", "obj"});
  parser.Flag("--no-jit", &no_jit, "evaluate with the interpreter instead of native code");
  parser.Option("--cache", &cache_dir, "DIR", "the JIT cache directory (default: $XDG_CACHE_HOME/stitch "
                                              "or ~/.cache/stitch)");
  parser.Flag("--no-cache", &no_cache, "compile without reading or writing the cache");
  parser.Option("-o", &out_path, "FILE", "with --emit: write here instead of standard output");
  parser.Positionals(&paths, "PATH", "policy files, or directories searched for *.policy and *.policy.yaml");
  if (auto exit = parser.Parse(args)) return *exit;
  if (emit == "obj" && out_path.empty()) {
    std::cerr << "stitch compile: error: `--emit obj` needs `-o FILE`\ntry `stitch compile --help`\n";
    return kExitUsage;
  }

  bool usage_error = false;
  auto loaded = LoadPolicySet(paths, "compile", usage_error);
  if (!loaded) return usage_error ? kExitUsage : kExitFailed;
  std::vector<CheckedFile> checked = std::move(*loaded);
  std::string error;

  ProgramOptions options;
  options.backend = no_jit ? Backend::kInterpreter : Backend::kJit;
  if (!no_cache) options.cache_dir = cache_dir.empty() ? DefaultCacheDir() : cache_dir;

  if (!emit.empty()) {
    // The IR does not depend on the backend; build it without compiling native code.
    ProgramOptions ir_only;
    ir_only.backend = Backend::kInterpreter;
    auto program = Program::Build(std::move(checked), ir_only);
    std::string text;
    if (emit == "ir") {
      text = program->ir().Print();
    } else {
      jit::EmitKind kind = emit == "llvm" ? jit::EmitKind::kLlvm : emit == "asm" ? jit::EmitKind::kAsm
                                                                              : jit::EmitKind::kObject;
      if (!jit::Emit(program->ir(), kind, text, &error)) {
        std::cerr << "stitch compile: error: " << error << "\n";
        return kExitFailed;
      }
    }
    if (out_path.empty()) {
      std::cout << text;
    } else if (!WriteFileAtomic(out_path, text, error)) {
      std::cerr << "stitch compile: error: " << error << "\n";
      return kExitFailed;
    }
    return kExitOk;
  }

  auto program = Program::Build(std::move(checked), options);
  if (!program->fallback_reason().empty()) std::cerr << "stitch compile: " << program->fallback_reason() << "\n";
  std::cout << fmt::format("{} policies, {} conditions, {} telemetry columns\n", program->policies().size(),
                           program->ir().conditions.size(), program->FrameColumns().size());
  for (const CompiledPolicy& policy : program->policies()) {
    std::cout << "  " << policy.name << (policy.when < 0 ? " (always)" : "") << "\n";
  }
  for (const std::string& column : program->FrameColumns()) std::cout << "  reads " << column << "\n";
  if (program->backend() == Backend::kInterpreter) {
    std::cout << "backend: interpreter\n";
  } else if (const jit::JitStats* stats = program->jit_stats()) {
    std::string target = jit::HostTarget();  // "triple cpu features"
    std::cout << "backend: jit (" << target.substr(0, target.rfind(' ')) << ")\n";
    if (stats->cache_hit) {
      std::cout << fmt::format("cache: hit {} (loaded in {:.2f} ms, nothing compiled)\n", stats->cache_path, stats->load_ms);
    } else {
      std::cout << fmt::format("cache: {} {}\n", stats->cache_rebuilt ? "rebuilt corrupt entry" : stats->cache_path.empty() ? "off" : "stored",
                               stats->cache_path);
      std::cout << fmt::format("compiled in {:.2f} ms, loaded in {:.2f} ms\n", stats->compile_ms, stats->load_ms);
    }
  } else {
    std::cout << "backend: jit (nothing to compile)\n";
  }
  return kExitOk;
}

}  // namespace stitch::cli
