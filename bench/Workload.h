// The seeded workloads every benchmark (and the Node.js peers) share: policy sets with known
// thresholds, telemetry frames, generated Envoy and Istio manifests, and actions on them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/Program.h"
#include "runtime/action/Action.h"
#include "runtime/frame/Frame.h"
#include "runtime/stitch/Manifest.h"

namespace stitch::bench {

// Policy i: (p99(latency) > latency and error_rate > error_rate) or requests > requests.
struct Thresholds {
  double latency, error_rate, requests;  // base units: seconds, ratio, per second
};
Thresholds ThresholdsOf(int i);

// `policies` policies targeting every service, each with policy i's condition and a
// `set timeout` (i % 3 == 0) or `set retries` action. `for_clause`: e.g. " for 1m", or "".
std::string PolicySet(int policies, const std::string& for_clause = " for 1m");

// Checks and builds `text`; aborts on a diagnostic (the generated text is always valid).
std::unique_ptr<Program> CompileProgram(const std::string& text, Backend backend, const std::string& cache_dir = "");
std::vector<CheckedFile> CheckText(const std::string& text);

// A frame of `rows` services `svc-<i>` with columns latency.p99, error_rate, requests drawn
// from a mt19937(seed); about 5% of each metric missing.
frame::Frame MakeFrame(size_t rows, uint32_t seed = 42);

// A frame where every service is healthy (no policy fires) except the services in `hot`.
frame::Frame QuietFrame(size_t rows, const std::vector<size_t>& hot, int64_t time_ms);

// An Envoy v3 bootstrap (JSON) with one listener, one virtual host of `routes` routes
// (`/svc-<i>` to cluster `svc-<i>`) and `routes` clusters.
stitch::Manifest EnvoyManifest(int routes);
// `routes` Istio VirtualServices (YAML), each with one HTTP route to host `svc-<i>`.
stitch::Manifest IstioManifest(int routes);

// `count` `set timeout` actions on services spread evenly over `svc-0 .. svc-<routes-1>`.
std::vector<action::Action> TimeoutActions(int count, int routes, double seconds);

}  // namespace stitch::bench
