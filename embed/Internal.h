// The library side of the public types: their Impl structs over the internal components, and
// the conversions between public and internal values. Never installed.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/Compile.h"
#include "runtime/action/Action.h"
#include "runtime/action/Result.h"
#include "runtime/engine/Engine.h"
#include "runtime/frame/Frame.h"
#include "runtime/ingest/Result.h"
#include "runtime/stitch/Manifest.h"
#include "runtime/stitch/Stitch.h"
#include "runtime/stitch/Store.h"
#include "stitch/Stitch.hpp"

namespace stitch {

namespace st = ::stitch::stitch;

struct Frame::Impl {
  frame::Frame frame;
};

struct FrameAccess {
  static Frame Make(frame::Frame frame) { return Frame(std::make_unique<Frame::Impl>(Frame::Impl{std::move(frame)})); }
  static frame::Frame& Get(Frame& f) { return f.impl_->frame; }
};

struct Engine::Impl {
  std::unique_ptr<engine::Engine> engine;
};

struct EngineAccess {
  static std::unique_ptr<Engine> Make(std::unique_ptr<engine::Engine> engine) {
    return std::unique_ptr<Engine>(new Engine(std::make_unique<Engine::Impl>(Engine::Impl{std::move(engine)})));
  }
};

struct ManifestSet::Impl {
  std::vector<st::Manifest> manifests;
};

struct StitchResult::Impl {
  st::StitchResult result;
  std::vector<action::Action> internal_actions;
  std::vector<Action> actions;
  ManifestSet manifests;
};

struct ManifestAccess {
  static ManifestSet Make(std::vector<st::Manifest> manifests) {
    return ManifestSet(std::make_unique<ManifestSet::Impl>(ManifestSet::Impl{std::move(manifests)}));
  }
  static const std::vector<st::Manifest>& Get(const ManifestSet& set) { return set.impl_->manifests; }
  static StitchResult Make(std::unique_ptr<StitchResult::Impl> impl) { return StitchResult(std::move(impl)); }
  static const StitchResult::Impl& Get(const StitchResult& result) { return *result.impl_; }
};

struct VersionStore::Impl {
  std::unique_ptr<st::VersionStore> store;
};

struct StoreAccess {
  static VersionStore Make(std::unique_ptr<st::VersionStore> store) {
    return VersionStore(std::make_unique<VersionStore::Impl>(VersionStore::Impl{std::move(store)}));
  }
  static st::VersionStore& Get(VersionStore& store) { return *store.impl_->store; }
};

// Errors (Errors.cpp).
// The kind an internal error code stands for (S0403 → kNotFound, D0101 → kInvalidArgument...).
ErrorKind KindOfCode(std::string_view code);
Error FromActionError(const action::Error& error);
Error FromIngestError(const ingest::Error& error, ErrorKind kind = ErrorKind::kInvalidData);
Error MakeError(ErrorKind kind, std::string code, std::string message);
// kInvalidUtf8 (U0001) naming `what` and the byte offset when `text` is not valid UTF-8.
std::optional<Error> CheckUtf8(std::string_view text, std::string_view what);

// Actions (ActionConvert.cpp).
Action ToPublic(const action::Action& action);
action::Action ToInternal(const Action& action);
std::vector<Action> ToPublic(const std::vector<action::Action>& actions);
std::vector<action::Action> ToInternal(const std::vector<Action>& actions);

// Diagnostics (Diagnostics.cpp).
std::vector<PolicyDiagnostic> ToPublic(const Diagnostics& diagnostics);

// Versions (Store.cpp).
VersionInfo ToPublic(const st::VersionInfo& info);

}  // namespace stitch
