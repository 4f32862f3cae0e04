// The blue-green layout of one target root: two complete slots `blue/` and `green/` beside each
// other, and a symlink `current` naming the live one. A new version is written into the idle
// slot by the target's backend, then `current` is switched atomically (a new symlink made under
// a temporary name is rename()d over it). Readers follow `current`: an Envoy bootstrap uses
// `path_config_source {path: ROOT/current/cds.yaml, watched_directory {path: ROOT}}`, since the
// switch is a move into ROOT; GitOps reads ROOT/current/.
#pragma once

#include <string>

#include "Backend.h"

namespace stitch::deploy {

inline constexpr const char* kCurrentLink = "current";
inline constexpr const char* kBlue = "blue";
inline constexpr const char* kGreen = "green";

// Whether `root` is laid out for blue-green (its `current` entry is a symlink). Reads only.
bool IsBlueGreen(const std::string& root);

// The live slot ("blue" or "green"), or "" when `current` is missing or names something else.
std::string LiveSlot(const std::string& root);

// The slot that is not live ("blue" when none is).
std::string IdleSlot(const std::string& root);

// Writes `version` into the idle slot with `backend`, without switching. D0102 when `root`
// holds a direct deployment (a `.stitch-deploy` record of its own).
Result<Confirmation> StageIdleSlot(Backend& backend, const st::Version& version, const std::string& root,
                                   const std::string& time);

// Points `current` at `slot` atomically.
Status SwitchSlot(const std::string& root, const std::string& slot);

// What the live slot runs (Deployed::slot set). D0201 when nothing is live.
Result<Deployed> CurrentOfBlueGreen(const Backend& backend, const std::string& root);

}  // namespace stitch::deploy
