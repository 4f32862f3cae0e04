#include "Controller.h"

#include <unistd.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "compiler/diagnostics/Render.h"
#include "runtime/action/ActionJson.h"
#include "runtime/deploy/Canary.h"
#include "runtime/deploy/Strategies.h"
#include "runtime/engine/DecisionLog.h"
#include "runtime/engine/Engine.h"
#include "runtime/stitch/SqliteStore.h"
#include "runtime/stitch/Stitch.h"

namespace stitch::controller {
namespace {

namespace fs = std::filesystem;
namespace st = ::stitch::stitch;

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The policy files of the configured paths with their modification times, to notice edits.
std::map<std::string, fs::file_time_type> PolicyFileTimes(const std::vector<std::string>& paths) {
  std::map<std::string, fs::file_time_type> times;
  std::error_code ec;
  for (const std::string& path : paths) {
    if (fs::is_directory(path, ec)) {
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        std::string name = it->path().string();
        if (it->is_regular_file(ec) && (name.ends_with(".policy") || name.ends_with(".policy.yaml"))) {
          times[name] = fs::last_write_time(it->path(), ec);
        }
      }
    } else {
      times[path] = fs::last_write_time(path, ec);
    }
  }
  return times;
}

// Checks the policy files; the checked set, or the rendered errors.
std::optional<std::vector<CheckedFile>> CheckPolicies(const std::map<std::string, fs::file_time_type>& files,
                                                      std::string& problems) {
  Diagnostics diagnostics;
  std::vector<CheckedFile> checked;
  for (const auto& [path, time] : files) checked.push_back(CheckPath(path, diagnostics));
  if (checked.empty()) {
    problems = "no policy files found\n";
    return std::nullopt;
  }
  if (!diagnostics.HasErrors()) return checked;
  diagnostics.Sort();
  for (const Diagnostic& d : diagnostics.all()) {
    if (d.severity == Severity::kError) problems += RenderHuman(d);
  }
  return std::nullopt;
}

std::string Why(const std::vector<action::Action>& actions) {
  if (actions.empty()) return "no policy is firing: the base manifests";
  std::string out;
  for (const action::Action& a : actions) {
    out += fmt::format("{}{} [{}]", out.empty() ? "" : "; ", action::Describe(a), a.provenance.policy);
  }
  return out;
}

}  // namespace

struct Controller::Impl {
  Config config;
  RunOptions options;
  std::map<std::string, fs::file_time_type> policy_times;
  std::unique_ptr<engine::Engine> engine;
  std::vector<st::Manifest> base;
  std::unique_ptr<st::VersionStore> store;
  std::unique_ptr<deploy::Deployer> deployer;
  std::vector<deploy::Target> targets;
  std::unique_ptr<ingest::Source> source;
  bool from_files = false;  // a recording: frames are replayed without waiting
  std::deque<frame::Frame> recording;
  std::ofstream log;
  std::optional<deploy::Canary> canary;
  std::optional<st::VersionId> deployed;  // what every target runs (all-at-once, blue-green)
  std::vector<action::Action> stitched_actions;
  bool stitched_once = false;
  int64_t ticks = 0;

  std::ostream& Out() { return *options.out; }

  void Say(const std::string& line) {
    if (options.status_line) Out() << "\r\x1b[K";
    Out() << line << "\n";
    Out().flush();
  }

  bool Load(std::string& error) {
    policy_times = PolicyFileTimes(config.policies);
    std::string problems;
    auto files = CheckPolicies(policy_times, problems);
    if (!files) {
      error = "the policies do not compile:\n" + problems;
      return false;
    }
    engine = MakeEngine(std::move(*files));
    for (const std::string& path : config.manifests) {
      auto manifest = st::LoadManifest(path);
      if (!manifest) {
        error = manifest.error().Render();
        return false;
      }
      base.push_back(std::move(*manifest));
    }
    // The store's and the log's folders are created on first use.
    for (const std::string& file : {config.store, config.log}) {
      std::error_code ec;
      if (!file.empty() && fs::path(file).has_parent_path()) fs::create_directories(fs::path(file).parent_path(), ec);
    }
    auto opened = st::OpenSqliteStore(config.store);
    if (!opened) {
      error = opened.error().Render();
      return false;
    }
    store = std::move(*opened);
    deployer = std::make_unique<deploy::Deployer>(*store);
    for (const DeployTarget& t : config.targets) {
      auto target = deploy::ParseTarget(t.spec);
      if (!target) {
        error = target.error().Render();
        return false;
      }
      // A deploy interrupted by a crash is completed or discarded before anything else.
      if (!config.dry_run) {
        if (auto recovered = deployer->Recover(*target); !recovered) {
          error = recovered.error().Render();
          return false;
        }
      }
      targets.push_back(*target);
    }
    // What the targets run now, from disk: a restarted controller continues from there.
    std::optional<st::VersionId> running;
    bool same = true;
    for (const deploy::Target& target : targets) {
      auto current = deployer->Current(target);
      std::optional<st::VersionId> version;
      if (current) version = current->version;
      if (&target != &targets.front() && version != running) same = false;
      running = version;
    }
    if (same) deployed = running;
    if (config.strategy == Strategy::kCanary) {
      deploy::CanaryOptions canary_options{config.canary.steps, config.canary.ticks_per_step};
      auto made = deploy::Canary::Create(*deployer, targets, canary_options,
                                         [this](const std::vector<deploy::Target>& updated, size_t step) {
                                           return Gate(updated, step);
                                         });
      if (!made) {
        error = made.error().Render();
        return false;
      }
      canary.emplace(std::move(*made));
    }
    auto created = ingest::Source::Create(config.telemetry);
    if (!created) {
      error = created.error().ToString();
      return false;
    }
    source = std::move(*created);
    from_files = config.telemetry.locations.front().find("://") == std::string::npos;
    if (from_files) {
      auto frames = source->Poll();
      if (!frames) {
        error = frames.error().ToString();
        return false;
      }
      recording.assign(std::make_move_iterator(frames->begin()), std::make_move_iterator(frames->end()));
    }
    if (!config.log.empty()) {
      log.open(config.log, std::ios::app);
      if (!log) {
        error = fmt::format("cannot open the decision log `{}`", config.log);
        return false;
      }
    }
    return true;
  }

  std::unique_ptr<engine::Engine> MakeEngine(std::vector<CheckedFile> files) {
    engine::EngineOptions engine_options;
    engine_options.backend = options.use_jit ? Backend::kJit : Backend::kInterpreter;
    engine_options.cache_dir = config.jit_cache;
    return engine::Engine::Create(std::move(files), engine_options);
  }

  // The canary gate: the health of the services in the latest frame (their `health` column).
  deploy::GateVerdict Gate(const std::vector<deploy::Target>&, size_t) {
    const frame::Frame& last_frame = engine->LatestFrame();
    auto column = last_frame.ColumnIndex("health");
    for (size_t row = 0; column && row < last_frame.rows(); ++row) {
      const frame::Entity& entity = last_frame.GetEntity(row);
      if (entity.id.kind != frame::EntityKind::kService || !last_frame.Valid(row, *column)) continue;
      double health = last_frame.Value(row, *column);
      if (health < config.canary.min_health) {
        return {false, fmt::format("health of service `{}` is {:.0f}, below {:g}", entity.id.service, health,
                                   config.canary.min_health)};
      }
    }
    return {true, ""};
  }

  void ReloadPoliciesIfChanged() {
    auto times = PolicyFileTimes(config.policies);
    if (times == policy_times) return;
    policy_times = times;
    std::string problems;
    auto files = CheckPolicies(times, problems);
    if (!files) {
      Say("policy files changed but do not compile; the running policies stay:\n" + problems);
      return;
    }
    engine = MakeEngine(std::move(*files));
    stitched_once = false;  // re-stitch with the new policies' actions
    Say(fmt::format("reloaded {} policies", engine->program().policies().size()));
  }

  // The next frame, or nullopt when there is none this tick (recording used up, source down).
  std::optional<frame::Frame> NextFrame(bool& finished) {
    finished = false;
    if (from_files) {
      if (recording.empty()) {
        finished = true;
        return std::nullopt;
      }
      frame::Frame f = std::move(recording.front());
      recording.pop_front();
      return f;
    }
    auto frames = source->Poll(WallClockMs());
    if (!frames || frames->empty()) {
      Say(fmt::format("telemetry: {}; evaluating nothing this tick, the last frame is stale",
                      frames ? "no frame" : frames.error().ToString()));
      return std::nullopt;
    }
    return std::move(frames->back());
  }

  // Returns false on a fatal error.
  bool Tick(frame::Frame frame) {
    engine::TickResult result;
    if (!engine->Tick(std::move(frame), result)) {
      Say("telemetry: a frame older than the last one was ignored");
      return true;
    }
    for (const engine::Decision& d : result.decisions) {
      if (log) log << engine::DecisionToJson(d) << "\n";
      Say(engine::Explain(d));
    }
    if (log) log.flush();
    if (canary && canary->progress().state == deploy::CanaryState::kProgressing) {
      auto progress = canary->OnTick();
      if (!progress) {
        Say("canary: " + progress.error().Render());
        return false;
      }
      ReportCanary(*progress);
      if (progress->state == deploy::CanaryState::kProgressing) return true;  // finish it first
    }
    if (!stitched_once || result.actions != stitched_actions) return StitchAndDeploy(result.actions, result.time_ms);
    return true;
  }

  bool StitchAndDeploy(const std::vector<action::Action>& actions, int64_t time_ms) {
    stitched_once = true;
    stitched_actions = actions;
    st::StitchOptions stitch_options;
    const engine::Guards& guards = engine->settings().guards;
    stitch_options.min_healthy_nodes = static_cast<int>(guards.min_healthy_nodes);
    stitch_options.max_isolated = guards.max_isolated;
    stitch_options.max_redirect = guards.max_redirect;
    auto stitched = st::Stitch(base, actions, stitch_options);
    if (!stitched) {
      Say("stitch: " + stitched.error().Render() + "; the deployed version stays");
      return true;
    }
    auto head = store->Head();
    if (!head) {
      Say("store: " + head.error().Render());
      return false;
    }
    std::string time = engine::FormatTime(time_ms);
    if (config.dry_run) {
      Say(fmt::format("dry run: would commit and deploy: {}", Why(actions)));
      return true;
    }
    auto committed = st::CommitStitch(*store, *head, *stitched, actions, "stitch run", time);
    if (!committed) {
      Say("store: " + committed.error().Render());
      return committed.error().code == "S0402";  // another writer moved the head: retry next tick
    }
    st::VersionId id = committed->info.id;
    if (committed->created) Say(fmt::format("version {} committed: {}", id, Why(actions)));
    if (deployed == id) return true;
    return Deploy(id, time);
  }

  bool Deploy(st::VersionId id, const std::string& time) {
    switch (config.strategy) {
      case Strategy::kAllAtOnce:
      case Strategy::kBlueGreen: {
        auto confirmations = config.strategy == Strategy::kAllAtOnce ? deploy::DeployAllAtOnce(*deployer, id, targets, time)
                                                                     : deploy::DeployBlueGreen(*deployer, id, targets, time);
        if (!confirmations) {
          Say("deploy: " + confirmations.error().Render());
          return true;  // the targets keep a complete version; the next change retries
        }
        for (size_t i = 0; i < confirmations->size(); ++i) {
          const deploy::Confirmation& c = (*confirmations)[i];
          Say(fmt::format("version {} deployed to {} ({}): {} file(s) written, {} unchanged{}", id,
                          config.targets[i].name, c.target, c.written.size(), c.unchanged.size(),
                          c.slot.empty() ? "" : ", live slot " + c.slot));
        }
        deployed = id;
        return true;
      }
      case Strategy::kCanary: {
        if (!deployed) {  // the first version has nothing to fall back to: it goes everywhere
          auto confirmations = deploy::DeployAllAtOnce(*deployer, id, targets, time);
          if (!confirmations) {
            Say("deploy: " + confirmations.error().Render());
            return true;
          }
          Say(fmt::format("version {} deployed to all {} group(s)", id, targets.size()));
          deployed = id;
          return true;
        }
        auto progress = canary->Start(id, deployed);
        if (!progress) {
          Say("canary: " + progress.error().Render());
          return true;
        }
        ReportCanary(*progress);
        return true;
      }
    }
    return true;
  }

  void ReportCanary(const deploy::CanaryProgress& p) {
    switch (p.state) {
      case deploy::CanaryState::kProgressing:
        if (!p.deployed.empty()) {
          Say(fmt::format("canary: version {} on {} of {} group(s) (step {})", p.version, p.groups_updated,
                          p.groups_total, p.step + 1));
        }
        break;
      case deploy::CanaryState::kDone:
        Say(fmt::format("canary: version {} runs on all {} group(s)", p.version, p.groups_total));
        deployed = p.version;
        break;
      case deploy::CanaryState::kRolledBack: {
        Say(fmt::format("canary: version {} rolled back to version {}: {}", p.version, p.previous, p.reason));
        // The rollback is recorded in the history as a version of its own.
        auto rolled = st::Rollback(*store, p.previous, "stitch run (canary)", p.reason, st::NowUtc());
        if (rolled) Say(fmt::format("version {} committed: rollback to version {}", rolled->info.id, p.previous));
        deployed = p.previous;
        break;
      }
      case deploy::CanaryState::kIdle:
        break;
    }
  }

  void StatusLine() {
    if (!options.status_line) return;
    size_t firing = 0;
    for (const auto& instance : engine->Instances()) firing += engine::Active(instance.state);
    Out() << fmt::format("\r\x1b[K[tick {}] version {} · {} firing · {} action(s)", ticks,
                         deployed ? std::to_string(*deployed) : "-", firing, engine->actions().size());
    Out().flush();
  }

  bool Stopping() const { return options.stop && options.stop->load(); }

  int Loop() {
    while (!Stopping()) {
      if (config.max_ticks && ticks >= *config.max_ticks) break;
      auto started = std::chrono::steady_clock::now();
      ReloadPoliciesIfChanged();
      bool finished = false;
      std::optional<frame::Frame> frame = NextFrame(finished);
      if (finished) break;
      ++ticks;
      if (frame && !Tick(std::move(*frame))) return 1;
      StatusLine();
      if (from_files && !config.pace) continue;
      // Wait out the tick, waking often enough to stop promptly.
      auto until = started + std::chrono::milliseconds(config.tick_ms);
      while (!Stopping() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    if (options.status_line) Out() << "\n";
    Say(fmt::format("stopped after {} tick(s); {}", ticks,
                    deployed ? fmt::format("version {} is deployed", *deployed) : std::string("nothing deployed")));
    return 0;
  }
};

Controller::Controller(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Controller::~Controller() = default;

std::unique_ptr<Controller> Controller::Create(const Config& config, const RunOptions& options, std::string& error) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->options = options;
  if (!impl->Load(error)) return nullptr;
  return std::unique_ptr<Controller>(new Controller(std::move(impl)));
}

int Controller::Run() { return impl_->Loop(); }

}  // namespace stitch::controller
