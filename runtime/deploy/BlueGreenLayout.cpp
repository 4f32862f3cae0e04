#include "BlueGreenLayout.h"

#include "DiskIo.h"
#include "Errors.h"
#include "Record.h"

namespace stitch::deploy {

bool IsBlueGreen(const std::string& root) { return disk::ReadSymlink(disk::Join(root, kCurrentLink)).has_value(); }

std::string LiveSlot(const std::string& root) {
  auto value = disk::ReadSymlink(disk::Join(root, kCurrentLink));
  if (value && (*value == kBlue || *value == kGreen)) return *value;
  return "";
}

std::string IdleSlot(const std::string& root) { return LiveSlot(root) == kBlue ? kGreen : kBlue; }

Result<Confirmation> StageIdleSlot(Backend& backend, const st::Version& version, const std::string& root,
                                   const std::string& time) {
  if (disk::Exists(disk::Join(root, kRecordName))) {
    return Error{codes::kLayout,
                 "the target holds a direct deployment; blue-green needs its own root (blue/, green/, current)", root};
  }
  if (disk::Exists(disk::Join(root, kCurrentLink)) && !IsBlueGreen(root)) {
    return Error{codes::kLayout, "`current` exists and is not a symlink", root};
  }
  if (auto s = disk::EnsureDir(root); !s) return s.error();
  std::string slot = IdleSlot(root);
  auto conf = backend.Deploy(version, disk::Join(root, slot), time);
  if (!conf) return conf.error();
  conf->slot = slot;
  return conf;
}

Status SwitchSlot(const std::string& root, const std::string& slot) {
  return disk::SwapSymlink(disk::Join(root, kCurrentLink), slot);
}

Result<Deployed> CurrentOfBlueGreen(const Backend& backend, const std::string& root) {
  std::string slot = LiveSlot(root);
  if (slot.empty()) {
    return Error{codes::kNotDeployed, "`current` does not name the `blue` or `green` slot", disk::Join(root, kCurrentLink)};
  }
  auto deployed = backend.Current(disk::Join(root, slot));
  if (!deployed) return deployed.error();
  deployed->slot = slot;
  return deployed;
}

}  // namespace stitch::deploy
