// stitch(base, actions): applies typed actions to base manifests. Pure and deterministic: the
// same base and the same set of actions, in any order, give byte-identical output.
#pragma once

#include <vector>

#include "Dialect.h"
#include "Manifest.h"
#include "action/Action.h"

namespace stitch::stitch {

// What one effective step changed: the indices (into the input list) of the actions it stands
// for, and its RFC 6902 patch over the manifest set (ManifestsToJson form).
struct AppliedStep {
  std::vector<size_t> actions;
  std::string dialects;  // dialects that applied it, comma-separated
  Json patch = Json::array();
};

struct StitchResult {
  std::vector<Manifest> manifests;   // the stitched manifests, same paths and order as the base
  std::vector<Json> patches;         // per manifest: RFC 6902 ops over its documents array
  std::vector<AppliedStep> steps;    // in application order
  std::vector<Error> warnings;       // conflicts (S0307) and capped redirects (S0308)
};

// Applies `actions` to `base`. Actions are ordered by priority (highest first), policy, entity
// and content; redirects and shifts of one target are combined; for other actions of one kind
// on one target the first in that order wins and a conflict warning is reported. Fails before
// producing anything on: a document no dialect reads in a file that has none (S0203), a target
// found nowhere (S0301), a missing destination (S0302), an action a dialect cannot express
// (S0303), bad weights (S0304/S0305), or an isolation guard (S0306).
Result<StitchResult> Stitch(const std::vector<Manifest>& base, const std::vector<action::Action>& actions,
                            const StitchOptions& options = {});

// The name of the dialect reading `doc`, or "" when none does.
std::string_view DialectOf(const Json& doc);

}  // namespace stitch::stitch
