// A minimal controller loop over the Stitch C++ API: load the policies, replay the frames of a
// canonical telemetry JSON recording one tick at a time, print each tick's decisions and, when
// the active actions change, the actions and the patch they make to the base manifest.
//
//   controller POLICIES RECORDING MANIFEST
#include <fstream>
#include <iostream>
#include <sstream>

#include <stitch/Stitch.hpp>

namespace {

bool ReadText(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: controller POLICIES RECORDING MANIFEST\n";
    return 2;
  }
  stitch::CompileResult compiled = stitch::Engine::Compile({argv[1]});
  for (const stitch::PolicyDiagnostic& d : compiled.diagnostics) std::cerr << d.rendered;
  if (!compiled.ok()) {
    std::cerr << compiled.error->Render() << "\n";
    return 1;
  }
  stitch::Engine& engine = *compiled.engine;
  std::cout << "policies:";
  for (const std::string& name : engine.PolicyNames()) std::cout << " " << name;
  std::cout << "\n";

  std::string recording;
  if (!ReadText(argv[2], recording)) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 1;
  }
  auto frames = stitch::ParseTelemetry(recording, argv[2]);
  auto base = stitch::ManifestSet::Load({argv[3]});
  if (!frames || !base) {
    std::cerr << (frames ? base.error() : frames.error()).Render() << "\n";
    return 1;
  }

  for (stitch::Frame& frame : *frames) {
    auto tick = engine.Tick(std::move(frame));
    if (!tick) {
      std::cerr << tick.error().Render() << "\n";
      return 1;
    }
    for (const stitch::Decision& d : tick->decisions) std::cout << d.text << "\n";
    if (!tick->actions_changed) continue;

    std::vector<stitch::Action> actions = engine.Actions();
    std::cout << "active actions (" << actions.size() << "):\n";
    for (const stitch::Action& a : actions) std::cout << "  " << stitch::Describe(a) << " [" << a.provenance.policy << "]\n";
    auto stitched = stitch::Stitch(*base, actions, engine.Guardrails());
    if (!stitched) {
      std::cout << "stitch: " << stitched.error().Render() << "\n";
      continue;
    }
    std::cout << "patch: " << stitched->PatchJson() << "\n";
  }
  return 0;
}
