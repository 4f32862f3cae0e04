// `stitch fmt`: canonical layout of policy files, and conversion between .policy and YAML.
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "FileUtil.h"
#include "compiler/Compile.h"
#include "compiler/diagnostics/Render.h"
#include "compiler/fmt/Format.h"
#include "compiler/parse/Parse.h"
#include "compiler/yaml/YamlForm.h"

namespace stitch::cli {
namespace {

// Parses a file in either form into an AST; false (diagnostics printed) on syntax errors.
bool ParseAny(const std::string& path, ast::File& out, bool& is_yaml) {
  Diagnostics diagnostics;
  std::string text;
  if (!ReadFile(path, text)) {
    std::cerr << "stitch fmt: error: cannot read `" << path << "`\n";
    return false;
  }
  auto source = std::make_shared<SourceFile>(path, std::move(text));
  is_yaml = IsYamlPolicyPath(path);
  if (is_yaml) {
    yaml::Translation translation = yaml::TranslateToPolicy(source, diagnostics);
    if (translation.ok) {
      Diagnostics inner;
      out = parse::Parse(translation.policy_source, inner);
      yaml::MapDiagnostics(translation, inner);
      diagnostics.Append(inner);
    }
  } else {
    out = parse::Parse(source, diagnostics);
  }
  if (!diagnostics.HasErrors()) return true;
  RenderOptions render{StdoutWantsColor()};
  for (const Diagnostic& d : diagnostics.all()) {
    if (d.severity == Severity::kError) std::cerr << RenderHuman(d, render);
  }
  std::cerr << "stitch fmt: `" << path << "` has syntax errors; it was not changed\n";
  return false;
}

}  // namespace

int RunFmt(const Args& args) {
  bool check = false, to_stdout = false;
  std::string to, out_path;
  std::vector<std::string> paths;
  ArgParser parser("fmt",
                   "Rewrite policy files in the canonical layout (idempotent; comments are kept), "
                   "or convert one file between the .policy and YAML forms.");
  parser.Flag("--check", &check, "change nothing; list the files that are not formatted and exit 1 if any");
  parser.Flag("--stdout", &to_stdout, "print the formatted text instead of rewriting the files");
  parser.Option("--to", &to, "FORM", "convert one file to the other form and print it (or write it with -o)",
                {"policy", "yaml"});
  parser.Option("-o", &out_path, "FILE", "with --to: write the converted file here (atomically)");
  parser.Positionals(&paths, "PATH", "policy files, or directories searched for *.policy and *.policy.yaml");
  if (auto exit = parser.Parse(args)) return *exit;
  if (!out_path.empty() && to.empty()) {
    std::cerr << "stitch fmt: error: `-o` goes with `--to`\ntry `stitch fmt --help`\n";
    return kExitUsage;
  }

  std::vector<std::string> files;
  std::string error;
  if (!CollectPolicyFiles(paths, files, error)) {
    std::cerr << "stitch fmt: error: " << error << "\n";
    return kExitUsage;
  }

  if (!to.empty()) {
    if (files.size() != 1) {
      std::cerr << "stitch fmt: error: `--to` converts exactly one file\ntry `stitch fmt --help`\n";
      return kExitUsage;
    }
    ast::File file;
    bool is_yaml = false;
    if (!ParseAny(files[0], file, is_yaml)) return kExitFailed;
    std::string converted = to == "yaml" ? yaml::ToYaml(file) : formatter::FormatFile(file);
    if (out_path.empty()) {
      std::cout << converted;
    } else if (!WriteFileAtomic(out_path, converted, error)) {
      std::cerr << "stitch fmt: error: " << error << "\n";
      return kExitFailed;
    }
    return kExitOk;
  }

  bool failed = false, unformatted = false;
  for (const std::string& path : files) {
    ast::File file;
    bool is_yaml = false;
    if (!ParseAny(path, file, is_yaml)) {
      failed = true;
      continue;
    }
    std::string formatted = is_yaml ? yaml::ToYaml(file) : formatter::FormatFile(file);
    std::string original;
    ReadFile(path, original);
    if (to_stdout) {
      std::cout << formatted;
    } else if (formatted != original) {
      if (check) {
        std::cout << path << "\n";
        unformatted = true;
      } else if (!WriteFileAtomic(path, formatted, error)) {
        std::cerr << "stitch fmt: error: " << error << "\n";
        failed = true;
      }
    }
  }
  return failed || unformatted ? kExitFailed : kExitOk;
}

}  // namespace stitch::cli
