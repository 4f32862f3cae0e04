// The stable error codes of the deployer (backends, strategies) and the deploy/status commands.
// Each is listed with an example in docs/deploy.md; codes are never reused for another meaning.
// Store errors (S04xx, e.g. an unknown version) are passed through with their own codes.
#pragma once

namespace stitch::deploy::codes {

inline constexpr const char* kTargetSpec = "D0101";      // a target spec is malformed
inline constexpr const char* kLayout = "D0102";          // target laid out for another strategy
inline constexpr const char* kNotDeployed = "D0201";     // no Stitch deployment in the target
inline constexpr const char* kRecord = "D0202";          // the deployment record is unreadable
inline constexpr const char* kMismatch = "D0203";        // target files differ from the record
inline constexpr const char* kNothingToDeploy = "D0301"; // version has nothing for this backend
inline constexpr const char* kNameClash = "D0302";       // two resources map to one file
inline constexpr const char* kWrite = "D0401";           // a file cannot be written or renamed
inline constexpr const char* kRead = "D0402";            // a target file cannot be read
inline constexpr const char* kCanaryOptions = "D0501";   // invalid canary steps or groups
inline constexpr const char* kCanaryState = "D0502";     // canary call in the wrong state
inline constexpr const char* kNoPrevious = "D0503";      // no single previous version to return to
inline constexpr const char* kRollbackFailed = "D0504";  // a rollback deploy failed
inline constexpr const char* kNoRevert = "D0505";        // blue-green: nothing to switch back to
inline constexpr const char* kUsage = "D0601";           // a command flag is missing or invalid

}  // namespace stitch::deploy::codes
