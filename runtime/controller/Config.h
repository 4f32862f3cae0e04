// The configuration of `stitch run` (docs/configuration.md): policies, base manifests,
// telemetry source, tick, version store, deploy targets and strategy. Paths are relative to the
// configuration file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ingest/Source.h"

namespace stitch::controller {

enum class Strategy { kAllAtOnce, kCanary, kBlueGreen };

struct DeployTarget {
  std::string name;  // a proxy group
  std::string spec;  // `envoy:DIR`, `envoy:DIR#cds,lds`, `dir:DIR` (deploy::ParseTarget)
};

struct CanaryConfig {
  std::vector<double> steps = {0.1, 0.5, 1.0};  // shares of the groups, increasing to 1
  int ticks_per_step = 2;
  double min_health = 80;  // every updated group's health must stay at least this
};

struct Config {
  std::string path;  // the configuration file
  std::vector<std::string> policies;
  std::vector<std::string> manifests;
  ingest::SourceConfig telemetry;
  bool pace = false;  // replay a recording at one frame per tick instead of as fast as it reads
  int64_t tick_ms = 15'000;
  std::optional<int64_t> max_ticks;  // stop after this many ticks (default: run until stopped,
                                     // or until a recording's frames are used up)
  std::string store;
  std::string log;        // decision log (JSON lines); empty: none
  std::string jit_cache;  // empty: no cache
  Strategy strategy = Strategy::kAllAtOnce;
  std::vector<DeployTarget> targets;
  CanaryConfig canary;
  bool dry_run = false;
};

// Reads and validates a configuration file. An unknown key, a value of the wrong type, a bad
// duration or a missing required key is an error naming the file, line and column.
bool LoadConfig(const std::string& path, Config& config, std::string& error);

}  // namespace stitch::controller
