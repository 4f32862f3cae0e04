// The C ABI of manifests and stitching.
#include <nlohmann/json.hpp>

#include "embed/CApiSupport.h"

using namespace stitch::capi;

namespace {

// The stitch options object; unknown keys and wrong types are errors.
stitch::StitchOptions ParseOptions(const std::string& text) {
  stitch::StitchOptions options;
  if (text.empty()) return options;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) Fail(STITCH_ERROR_INVALID_JSON, "J0001", "`options_json` is not valid JSON");
  if (!j.is_object()) Fail(STITCH_ERROR_INVALID_DATA, "J0002", "`options_json` must be an object");
  for (const auto& [key, value] : j.items()) {
    if (!value.is_number()) Fail(STITCH_ERROR_INVALID_DATA, "J0002", "`options_json`: `" + key + "` must be a number");
    if (key == "min_healthy_nodes") {
      options.min_healthy_nodes = value.get<int>();
    } else if (key == "max_isolated") {
      options.max_isolated = value.get<double>();
    } else if (key == "max_redirect") {
      options.max_redirect = value.get<double>();
    } else {
      Fail(STITCH_ERROR_INVALID_DATA, "J0002", "`options_json`: unknown key `" + key + "`");
    }
  }
  return options;
}

}  // namespace

extern "C" {

stitch_status stitch_manifests_load(const char* const* paths, size_t count, stitch_manifests** out) {
  if (out) *out = nullptr;
  return Guard([&] {
    Require(out, "out");
    std::vector<std::string> list = Texts(paths, count, "paths");
    *out = new stitch_manifests{Take(stitch::ManifestSet::Load(list))};
  });
}

stitch_status stitch_manifests_parse(const char* path, const char* text, stitch_manifests** out) {
  if (out) *out = nullptr;
  return Guard([&] {
    Require(out, "out");
    stitch::ManifestFile file{Text(path, "path"), Text(text, "text")};
    *out = new stitch_manifests{Take(stitch::ManifestSet::Parse({file}))};
  });
}

void stitch_manifests_destroy(stitch_manifests* manifests) { delete manifests; }

stitch_status stitch_stitch(const stitch_manifests* base, const char* actions_json, const char* options_json,
                            stitch_stitched** out) {
  if (out) *out = nullptr;
  return Guard([&] {
    Require(base, "base");
    Require(out, "out");
    std::vector<stitch::Action> actions = Take(stitch::ActionsFromJson(Text(actions_json, "actions_json")));
    stitch::StitchOptions options = ParseOptions(OptionalText(options_json, "options_json"));
    *out = new stitch_stitched{Take(stitch::Stitch(base->set, actions, options))};
  });
}

stitch_status stitch_stitched_files_json(const stitch_stitched* stitched, char** out_json) {
  if (out_json) *out_json = nullptr;
  return Guard([&] {
    Require(stitched, "stitched");
    Require(out_json, "out_json");
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const stitch::ManifestFile& f : stitched->result.manifests().Files()) {
      files.push_back({{"path", f.path}, {"text", f.text}});
    }
    Give(out_json, files.dump());
  });
}

stitch_status stitch_stitched_patch_json(const stitch_stitched* stitched, char** out_json) {
  if (out_json) *out_json = nullptr;
  return Guard([&] {
    Require(stitched, "stitched");
    Require(out_json, "out_json");
    Give(out_json, stitched->result.PatchJson());
  });
}

stitch_status stitch_stitched_warnings_json(const stitch_stitched* stitched, char** out_json) {
  if (out_json) *out_json = nullptr;
  return Guard([&] {
    Require(stitched, "stitched");
    Require(out_json, "out_json");
    Give(out_json, nlohmann::json(stitched->result.Warnings()).dump());
  });
}

void stitch_stitched_destroy(stitch_stitched* stitched) { delete stitched; }

}  // extern "C"
