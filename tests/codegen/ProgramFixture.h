// Helpers for code generation tests: compile policy text with either backend.
#pragma once

#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "compiler/Compile.h"
#include "compiler/Program.h"
#include "compiler/diagnostics/Render.h"

namespace stitch::testing {

inline std::unique_ptr<Program> CompileText(const std::string& text, Backend backend,
                                            const std::string& cache_dir = "") {
  Diagnostics diagnostics;
  std::vector<CheckedFile> files;
  files.push_back(CheckSource(std::make_shared<SourceFile>("test.policy", text), diagnostics));
  std::string rendered;
  for (const auto& d : diagnostics.all()) rendered += RenderHuman(d);
  INFO(rendered);
  REQUIRE_FALSE(diagnostics.HasErrors());
  ProgramOptions options;
  options.backend = backend;
  options.cache_dir = cache_dir;
  auto program = Program::Build(std::move(files), options);
  INFO(program->fallback_reason());
  REQUIRE(program->backend() == backend);
  return program;
}

}  // namespace stitch::testing
