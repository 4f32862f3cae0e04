// The stable error codes of the stitcher, store and stitch CLI commands. Each is listed with an
// example in docs/stitching.md; codes are never reused for another meaning.
#pragma once

namespace stitch::stitch::codes {

inline constexpr const char* kReadFile = "S0001";         // a file cannot be read
inline constexpr const char* kWriteFile = "S0002";        // an output file cannot be written
inline constexpr const char* kActionsSyntax = "S0101";    // actions file is not JSON
inline constexpr const char* kActionsSchema = "S0102";    // actions JSON has a wrong field
inline constexpr const char* kManifestSyntax = "S0201";   // manifest is not YAML/JSON
inline constexpr const char* kManifestYaml = "S0202";     // unsupported YAML construct
inline constexpr const char* kNoDialect = "S0203";        // no supported document in a file
inline constexpr const char* kLegacyEnvoy = "S0204";      // Envoy v2 config cannot be stitched
inline constexpr const char* kTargetNotFound = "S0301";   // target matches nothing
inline constexpr const char* kDestination = "S0302";      // destination missing or ambiguous
inline constexpr const char* kInexpressible = "S0303";    // dialect cannot express the action
inline constexpr const char* kWeights = "S0304";          // weights negative or not summing
inline constexpr const char* kNoDestination = "S0305";    // a route would lose every destination
inline constexpr const char* kIsolationGuard = "S0306";   // isolation guard violated
inline constexpr const char* kConflict = "S0307";         // warning: conflicting actions
inline constexpr const char* kRedirectCapped = "S0308";   // warning: combined redirects capped
inline constexpr const char* kStore = "S0401";            // store cannot be opened or used
inline constexpr const char* kStoreConflict = "S0402";    // concurrent commit from same parent
inline constexpr const char* kUnknownVersion = "S0403";   // no such version
inline constexpr const char* kStoreCorrupt = "S0404";     // stored content fails its hash
inline constexpr const char* kUsage = "S0501";            // missing or invalid command flag

}  // namespace stitch::stitch::codes
