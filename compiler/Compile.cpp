#include "Compile.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/parse/Parse.h"
#include "compiler/yaml/YamlForm.h"

namespace stitch {

bool IsYamlPolicyPath(const std::string& path) {
  auto ends_with = [&](const char* suffix) {
    std::string s = suffix;
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".yaml") || ends_with(".yml");
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  out = buffer.str();
  return true;
}

CheckedFile CheckSource(SourceFilePtr source, Diagnostics& diagnostics,
                        const check::CheckOptions& options) {
  CheckedFile result;
  result.source = source;
  if (IsYamlPolicyPath(source->path())) {
    yaml::Translation translation = yaml::TranslateToPolicy(source, diagnostics);
    if (!translation.ok) return result;
    Diagnostics inner;
    result.ast = parse::Parse(translation.policy_source, inner);
    result.syntax_ok = !inner.HasErrors();
    if (result.syntax_ok) check::Check(result.ast, inner, options);
    yaml::MapDiagnostics(translation, inner);
    diagnostics.Append(inner);
    return result;
  }
  Diagnostics local;
  result.ast = parse::Parse(source, local);
  result.syntax_ok = !local.HasErrors();
  if (result.syntax_ok) check::Check(result.ast, local, options);
  diagnostics.Append(local);
  return result;
}

CheckedFile CheckPath(const std::string& path, Diagnostics& diagnostics,
                      const check::CheckOptions& options) {
  std::string text;
  if (!ReadFile(path, text)) {
    auto source = std::make_shared<SourceFile>(path, "");
    diagnostics.Add(DiagCode::E0014, nullptr, {}, fmt::format("cannot read `{}`", path));
    return CheckedFile{source, {}, false};
  }
  return CheckSource(std::make_shared<SourceFile>(path, std::move(text)), diagnostics, options);
}

}  // namespace stitch
