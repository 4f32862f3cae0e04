#include "DryRun.h"

#include "BlueGreenLayout.h"
#include "DiskIo.h"
#include "Record.h"

namespace stitch::deploy {

Result<DryRun> PlanDeploy(Deployer& deployer, st::VersionId id, const Target& target, Layout layout) {
  auto version = deployer.Fetch(id);
  if (!version) return version.error();
  DryRun out;
  out.target = FormatTarget(target);
  out.version = id;
  std::string dir = target.path;
  if (layout == Layout::kBlueGreen) {
    out.slot = IdleSlot(target.path);
    dir = disk::Join(target.path, out.slot);
  }
  auto plan = MakeBackend(target)->Prepare(*version, dir);
  if (!plan) return plan.error();
  out.files = std::move(plan->files);
  out.skipped = std::move(plan->skipped);

  st::Json from = st::Json::array();
  auto current = deployer.Current(target);
  if (current) {
    out.current = current->version;
    auto old = deployer.Fetch(current->version);
    if (old) {
      from = old->manifests;
    } else {
      out.current_note = "v" + std::to_string(current->version) + " is not in the store: " + old.error().Render();
    }
  } else {
    out.current_note = current.error().Render();
  }
  out.patch = st::Json::diff(from, version->manifests);
  return out;
}

std::string RenderDryRun(const DryRun& d) {
  std::string out = "dry run: v" + std::to_string(d.version) + " to " + d.target;
  out += d.current ? " (now v" + std::to_string(*d.current) + ")\n" : " (now: nothing)\n";
  if (!d.current_note.empty()) out += "  note: " + d.current_note + "\n";
  out += "patch:\n" + d.patch.dump(2) + "\n";
  for (const PlannedFile& f : d.files) {
    out += f.changed ? "would write " + f.path + " (" + std::to_string(f.content.size()) + " bytes)\n"
                     : "unchanged   " + f.path + "\n";
  }
  std::string dir = d.files.empty() ? "" : d.files.front().path.substr(0, d.files.front().path.rfind('/'));
  out += "would write " + disk::Join(dir, kRecordName) + "\n";
  if (!d.slot.empty()) out += "would switch current -> " + d.slot + "\n";
  for (const std::string& s : d.skipped) out += "skipped     " + s + "\n";
  return out;
}

}  // namespace stitch::deploy
