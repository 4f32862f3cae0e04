#include "Strategies.h"

#include "BlueGreenLayout.h"
#include "DiskIo.h"
#include "Errors.h"

namespace stitch::deploy {
namespace {

std::string Names(const std::vector<Confirmation>& done) {
  std::string out;
  for (const Confirmation& c : done) out += (out.empty() ? "" : ", ") + c.target;
  return out.empty() ? "none" : out;
}

}  // namespace

Result<std::vector<Confirmation>> DeployAllAtOnce(Deployer& deployer, st::VersionId id,
                                                  const std::vector<Target>& targets, const std::string& time) {
  std::string now = time.empty() ? st::NowUtc() : time;
  std::vector<Confirmation> done;
  for (const Target& t : targets) {
    auto conf = deployer.Deploy(id, t, now);
    if (!conf) {
      Error e = conf.error();
      e.message += " (version " + std::to_string(id) + " already reached: " + Names(done) + ")";
      return e;
    }
    done.push_back(std::move(*conf));
  }
  return done;
}

Result<std::vector<Confirmation>> DeployBlueGreen(Deployer& deployer, st::VersionId id,
                                                  const std::vector<Target>& targets, const std::string& time) {
  std::string now = time.empty() ? st::NowUtc() : time;
  std::vector<Confirmation> staged;
  for (const Target& t : targets) {
    auto conf = deployer.Stage(id, t, now);
    if (!conf) return conf.error();
    staged.push_back(std::move(*conf));
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    if (auto s = SwitchSlot(targets[i].path, staged[i].slot); !s) return s.error();
    staged[i].written.push_back(disk::Join(targets[i].path, kCurrentLink));
  }
  return staged;
}

Result<std::vector<Deployed>> RevertBlueGreen(Deployer& deployer, const std::vector<Target>& targets) {
  std::vector<std::string> others;
  for (const Target& t : targets) {
    std::string live = LiveSlot(t.path);
    if (live.empty()) return Error{codes::kNoRevert, "the target is not a blue-green root with a live slot", t.path};
    std::string other = live == kBlue ? kGreen : kBlue;
    auto previous = MakeBackend(t)->Current(disk::Join(t.path, other));
    if (!previous) {
      return Error{codes::kNoRevert, "the `" + other + "` slot holds no complete version to switch back to (" +
                                         previous.error().Render() + ")", t.path};
    }
    others.push_back(other);
  }
  std::vector<Deployed> now;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (auto s = SwitchSlot(targets[i].path, others[i]); !s) return s.error();
    auto current = deployer.Current(targets[i]);
    if (!current) return current.error();
    now.push_back(std::move(*current));
  }
  return now;
}

}  // namespace stitch::deploy
