// The `stitch` subcommands. Each lives in its own file `cli/cmd_<name>.cpp` and is a thin layer
// over the libraries: it parses flags, calls one library entry point and prints the result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stitch::cli {

using Args = std::vector<std::string>;

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const Args& args);
};

int RunCheck(const Args& args);
int RunFmt(const Args& args);
int RunCompile(const Args& args);
int RunEval(const Args& args);
int RunExplain(const Args& args);
int RunTest(const Args& args);
int RunRun(const Args& args);
int RunStitch(const Args& args);
int RunHistory(const Args& args);
int RunShow(const Args& args);
int RunDiff(const Args& args);
int RunRollback(const Args& args);
int RunDeploy(const Args& args);
int RunStatus(const Args& args);
int RunIngest(const Args& args);
int RunLsp(const Args& args);

// Every command, in the order `stitch --help` lists them.
inline constexpr Command kCommands[] = {
    {"check", "type-check policy files and report diagnostics", RunCheck},
    {"fmt", "format policy files canonically; convert between .policy and YAML", RunFmt},
    {"compile", "compile a policy set to native code; print its IR, LLVM IR or assembly", RunCompile},
    {"eval", "replay a telemetry recording through the policies; print transitions and actions", RunEval},
    {"explain", "read a decision log back in plain words", RunExplain},
    {"test", "run policy unit tests (*.test.yaml): input series, expected states and actions", RunTest},
    {"run", "run the controller: ingest, evaluate, stitch, version and deploy every tick", RunRun},
    {"stitch", "apply actions (JSON) to Envoy/Istio/App Mesh manifests as a new version", RunStitch},
    {"history", "list the versions in the manifest store", RunHistory},
    {"show", "show one version: audit, actions, JSON Patch", RunShow},
    {"diff", "show what changed between two versions", RunDiff},
    {"rollback", "restore an earlier version as a new version", RunRollback},
    {"deploy", "push a stored version to Envoy xDS or Kubernetes YAML targets (all at once, blue-green)", RunDeploy},
    {"status", "show which version each deploy target runs", RunStatus},
    {"ingest", "read telemetry (Prometheus, Jaeger, OTLP, Datadog, JSON) and print its frames", RunIngest},
    {"lsp", "run the language server for editors (LSP over stdin/stdout)", RunLsp},
};

}  // namespace stitch::cli
