#include "PolicySet.h"

#include <iostream>

#include "FileUtil.h"
#include "compiler/diagnostics/Render.h"

namespace stitch::cli {

std::optional<std::vector<CheckedFile>> LoadPolicySet(const std::vector<std::string>& paths,
                                                      const std::string& command, bool& usage_error) {
  usage_error = false;
  std::vector<std::string> files;
  std::string error;
  if (!CollectPolicyFiles(paths, files, error)) {
    std::cerr << "stitch " << command << ": error: " << error << "\n";
    usage_error = true;
    return std::nullopt;
  }
  if (files.empty()) {
    std::cerr << "stitch " << command << ": error: no policy files in the given paths\n";
    usage_error = true;
    return std::nullopt;
  }
  Diagnostics diagnostics;
  std::vector<CheckedFile> checked;
  for (const std::string& file : files) checked.push_back(CheckPath(file, diagnostics));
  if (!diagnostics.HasErrors()) return checked;
  diagnostics.Sort();
  for (const Diagnostic& d : diagnostics.all()) {
    if (d.severity == Severity::kError) std::cerr << RenderHuman(d, {StdoutWantsColor()});
  }
  std::cerr << "stitch " << command << ": the policies have " << SummaryLine(diagnostics)
            << "; see `stitch check`\n";
  return std::nullopt;
}

}  // namespace stitch::cli
