#include "Deployer.h"

#include "BlueGreenLayout.h"
#include "DiskIo.h"
#include "Errors.h"

namespace stitch::deploy {
namespace {

std::string TimeOrNow(const std::string& time) { return time.empty() ? st::NowUtc() : time; }

}  // namespace

Deployer::Deployer(st::VersionStore& store) : store_(store) {}

Result<st::Version> Deployer::Fetch(st::VersionId id) { return store_.Get(id); }

Result<Confirmation> Deployer::Deploy(st::VersionId id, const Target& target, const std::string& time) {
  if (IsBlueGreen(target.path)) {
    return Error{codes::kLayout, "the target is laid out for blue-green (it has a `current` symlink); "
                                 "deploy to it with the blue-green strategy", target.path};
  }
  auto version = Fetch(id);
  if (!version) return version.error();
  auto conf = MakeBackend(target)->Deploy(*version, target.path, TimeOrNow(time));
  if (!conf) return conf.error();
  conf->target = FormatTarget(target);
  return conf;
}

Result<Confirmation> Deployer::Stage(st::VersionId id, const Target& target, const std::string& time) {
  auto version = Fetch(id);
  if (!version) return version.error();
  auto backend = MakeBackend(target);
  auto conf = StageIdleSlot(*backend, *version, target.path, TimeOrNow(time));
  if (!conf) return conf.error();
  conf->target = FormatTarget(target);
  return conf;
}

Result<Deployed> ReadCurrent(const Target& target) {
  auto backend = MakeBackend(target);
  if (IsBlueGreen(target.path)) return CurrentOfBlueGreen(*backend, target.path);
  return backend->Current(target.path);
}

Result<Deployed> Deployer::Current(const Target& target) const { return ReadCurrent(target); }

Status Deployer::Recover(const Target& target) {
  auto backend = MakeBackend(target);
  if (!IsBlueGreen(target.path)) return backend->Recover(target.path);
  for (const char* slot : {kBlue, kGreen}) {
    std::string dir = disk::Join(target.path, slot);
    if (!disk::Exists(dir)) continue;
    if (auto s = backend->Recover(dir); !s) return s;
  }
  return action::Ok{};
}

}  // namespace stitch::deploy
