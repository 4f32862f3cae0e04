// The embedding API of Stitch in one include: compile policies, tick frames, read actions and
// decisions, stitch manifests, keep versions and deploy them (docs/embedding.md).
#pragma once

#include "stitch/Action.h"
#include "stitch/Deploy.h"
#include "stitch/Diagnostic.h"
#include "stitch/Engine.h"
#include "stitch/Frame.h"
#include "stitch/Manifests.h"
#include "stitch/Result.h"
#include "stitch/VersionStore.h"
#include "stitch/Version.h"
